// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Merkle} from "./Merkle.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {Kernels} from "./Kernels.sol";
import {TensorRef, NodeInfo, StepState, Leaf, OUT} from "./StepTypes.sol";

/// @title StepBase: what every one-step verifier shares: checking the proven
/// leaves, reading operand elements from them, writing the output leaf and
/// producing the state after the step. The per-op arithmetic lives in the
/// StepsInt, StepsFloat and StepsMat contracts (split for the 24 KB code
/// limit).
abstract contract StepBase {
    error StepOutOfRange(uint64 step, uint64 steps);
    error MissingLeaf(uint8 src, uint256 index);
    error BadLeaf(uint8 src, uint256 index);
    error WrongVerifier(uint8 op);
    error Unsupported(string what);

    struct Ctx {
        uint64 step;
        uint64[4] regs; // registers before the step
        Leaf[] leaves;
        TensorRef[] ins;
        uint256 outLeaves; // how many leaves are of the output (src OUT)
        uint256 outLength;
        bytes32 outRoot;
        uint256 last; // leaf of the last read (reads are mostly sequential)
        int64[] attrs;
    }

    function load(NodeInfo calldata n, StepState calldata pre, Leaf[] calldata leaves)
        internal
        pure
        returns (Ctx memory c)
    {
        if (pre.step >= n.steps) revert StepOutOfRange(pre.step, n.steps);
        c.step = pre.step;
        c.regs = pre.regs;
        c.leaves = leaves;
        c.ins = n.ins;
        c.attrs = n.attrs;
        c.outLength = n.out.length;
        c.outRoot = pre.outRoot;
        for (uint256 i = 0; i < leaves.length; i++) {
            Leaf memory l = c.leaves[i];
            bool ok;
            if (l.src == OUT) {
                // Output leaves (a step may write across leaf boundaries, e.g.
                // an attention row of Dh floats) are each proven against the
                // output before the step; each appears once (finish, which
                // every step ends with, refuses a second).
                c.outLeaves++;
                ok = Merkle.check(pre.outRoot, n.out.length, 256, l.index, l.data, l.siblings);
                if (ok && l.data.length < 256) {
                    // widen to a full leaf so writes land in place
                    bytes memory full = new bytes(256);
                    for (uint256 j = 0; j < l.data.length; j++) {
                        full[j] = l.data[j];
                    }
                    l.data = full;
                }
            } else {
                if (l.src >= n.ins.length) revert BadLeaf(l.src, l.index);
                TensorRef calldata t = n.ins[l.src];
                ok = Merkle.check(t.root, t.rootLength, t.leafSize, l.index, l.data, l.siblings);
            }
            if (!ok) revert BadLeaf(l.src, l.index);
        }
    }

    /// @notice finish returns the state after the step with the given registers.
    function finish(Ctx memory c, uint64 r0, uint64 r1, uint64 r2, uint64 r3)
        internal
        pure
        returns (StepState memory post)
    {
        post = finish(c, r0, r1, r2);
        post.regs[3] = r3;
    }

    function finish(Ctx memory c, uint64 r0, uint64 r1, uint64 r2) internal pure returns (StepState memory post) {
        post = finish(c, r0, r1);
        post.regs[2] = r2;
    }

    function finish(Ctx memory c, uint64 r0, uint64 r1) internal pure returns (StepState memory post) {
        post.step = c.step + 1;
        post.regs[0] = r0;
        post.regs[1] = r1;
        post.outRoot = c.outRoot;
        if (c.outLeaves == 0) return post;
        // The output leaves in ascending order, with their new contents.
        uint256[] memory idx = new uint256[](c.outLeaves);
        bytes32[] memory hs = new bytes32[](c.outLeaves);
        bytes32[][] memory sibs = new bytes32[][](c.outLeaves);
        uint256 k = 0;
        for (uint256 i = 0; i < c.leaves.length; i++) {
            Leaf memory l = c.leaves[i];
            if (l.src != OUT) continue;
            uint256 p = k++; // insertion sort: a step writes a few leaves
            while (p > 0 && idx[p - 1] > l.index) {
                (idx[p], hs[p], sibs[p]) = (idx[p - 1], hs[p - 1], sibs[p - 1]);
                p--;
            }
            if (p > 0 && idx[p - 1] == l.index) revert BadLeaf(OUT, l.index); // a second copy
            (idx[p], hs[p], sibs[p]) = (l.index, Merkle.leafHash(l.data, 256), l.siblings);
        }
        post.outRoot = Merkle.replaceMany(c.outLength, 256, idx, hs, sibs);
    }

    function leafFor(Ctx memory c, uint8 src, uint256 abs, uint256 leafSize) private pure returns (Leaf memory) {
        uint256 idx = abs / leafSize;
        Leaf[] memory ls = c.leaves;
        uint256 last = c.last;
        if (last < ls.length) {
            Leaf memory l = ls[last];
            if (l.src == src && l.index == idx) return l;
        }
        // From the leaf after the last read on, then from the first: reads
        // that move on through the leaves find the next at once. (Leaves of
        // an input that appear twice are proven alike; the output's appear
        // once.)
        last = last < ls.length ? last + 1 : 0;
        uint256 i = find(ls, src, idx, last, ls.length);
        if (i == ls.length) {
            i = find(ls, src, idx, 0, last);
            if (i == last) revert MissingLeaf(src, idx);
        }
        c.last = i;
        return ls[i];
    }

    /// @notice find is the position of the first of the leaves ls[lo:hi] (hi
    /// at most ls.length) of source src and index idx, or hi if there is none.
    function find(Leaf[] memory ls, uint8 src, uint256 idx, uint256 lo, uint256 hi) private pure returns (uint256 i) {
        // Leaf structs in memory are words: src, index, data, siblings.
        assembly {
            let s := and(src, 0xff)
            let first := add(ls, 0x20)
            let end := add(first, shl(5, hi))
            let p := add(first, shl(5, lo))
            for {} lt(p, end) { p := add(p, 0x20) } {
                let l := mload(p)
                if eq(mload(add(l, 0x20)), idx) { if eq(mload(l), s) { break } }
            }
            i := shr(5, sub(p, first))
        }
    }

    /// @notice byteAt reads byte `off` of input src (or of the output so far).
    function byteAt(Ctx memory c, uint8 src, uint256 off) internal pure returns (uint256) {
        uint256 abs = off;
        uint256 ls = 256;
        if (src != OUT) {
            abs += c.ins[src].base;
            ls = c.ins[src].leafSize;
        }
        Leaf memory l = leafFor(c, src, abs, ls);
        uint256 pos = abs % ls;
        return pos < l.data.length ? uint8(l.data[pos]) : 0;
    }

    /// @notice rd reads n (at most 32) little-endian bytes at byte offset off.
    function rd(Ctx memory c, uint8 src, uint256 off, uint256 n) internal pure returns (uint256 v) {
        uint256 abs = off;
        uint256 ls = 256;
        if (src != OUT) {
            abs += c.ins[src].base;
            ls = c.ins[src].leafSize;
        }
        uint256 pos = abs % ls;
        if (pos + n > ls) {
            // across two leaves: byte by byte
            for (uint256 i = 0; i < n; i++) {
                v |= byteAt(c, src, off + i) << (8 * i);
            }
            return v;
        }
        bytes memory d = leafFor(c, src, abs, ls).data;
        if (pos >= d.length) return 0; // a short last leaf reads zeros past its end
        uint256 k = d.length - pos < n ? d.length - pos : n;
        assembly {
            v := mload(add(add(d, 32), pos)) // d[pos] in the top byte
        }
        v = reverseBytes(v); // d[pos] in the low byte
        if (k < 32) v &= (uint256(1) << (8 * k)) - 1;
    }

    /// @notice reverseBytes reverses the 32 bytes of a word.
    function reverseBytes(uint256 v) internal pure returns (uint256) {
        v = ((v >> 8) & 0x00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF)
            | ((v & 0x00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF) << 8);
        v = ((v >> 16) & 0x0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF)
            | ((v & 0x0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF) << 16);
        v = ((v >> 32) & 0x00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF)
            | ((v & 0x00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF) << 32);
        v = ((v >> 64) & 0x0000000000000000FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF)
            | ((v & 0x0000000000000000FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF) << 64);
        return (v >> 128) | (v << 128);
    }

    function rdI8(Ctx memory c, uint8 src, uint256 i) internal pure returns (int256) {
        return int256(int8(uint8(rd(c, src, i, 1))));
    }

    function rdI32(Ctx memory c, uint8 src, uint256 i) internal pure returns (int256) {
        return int256(int32(uint32(rd(c, src, 4 * i, 4))));
    }

    function rdF32(Ctx memory c, uint8 src, uint256 i) internal pure returns (uint256) {
        return rd(c, src, 4 * i, 4);
    }

    /// @notice wr writes n little-endian bytes pos byte offset off of the output
    /// (into the proven output leaves, which finish re-roots).
    function wr(Ctx memory c, uint256 off, uint256 n, uint256 v) internal pure {
        uint256 p = off % 256;
        if (p + n <= 256) {
            // within one leaf (load widened it to 256 bytes): find it once
            bytes memory d = leafFor(c, OUT, off, 256).data;
            if (d.length < p + n) revert BadLeaf(OUT, off / 256);
            assembly {
                let at := add(add(d, 32), p)
                for { let i := 0 } lt(i, n) { i := add(i, 1) } { mstore8(add(at, i), shr(shl(3, i), v)) }
            }
            return;
        }
        for (uint256 i = 0; i < n; i++) {
            uint256 pos = off + i;
            Leaf memory l = leafFor(c, OUT, pos, 256);
            l.data[pos % 256] = bytes1(uint8(v >> (8 * i)));
        }
    }

    function regI32(Ctx memory c, uint256 r) internal pure returns (int256) {
        return int256(int32(int64(c.regs[r])));
    }

    function i32Reg(int256 v) internal pure returns (uint64) {
        return uint64(int64(v));
    }

    /// @notice wrapI32 reduces v modulo 2^32 into int32 (two's complement wrap).
    function wrapI32(int256 v) internal pure returns (int256) {
        return int256(int32(uint32(uint256(v) & 0xFFFFFFFF)));
    }

    function requant(int256 acc, int64 mult, int64 shift, bool relu) internal pure returns (int256) {
        return Kernels.requant(acc, mult, uint64(shift), relu);
    }

    /// @notice tableValue is exec.tableValue: element (row, col) of an f32,
    /// f16, q8_0, q4_0 or q4_1 matrix as binary32 (q4_1: d*q, then + m).
    function tableValue(Ctx memory c, uint8 src, uint256 row, uint256 col) internal pure returns (uint256) {
        TensorRef memory t = c.ins[src];
        uint256 i = row * t.shape[1] + col;
        if (t.dtype == Graph.F32) return rd(c, src, 4 * i, 4);
        if (t.dtype == Graph.F16) return F32.f16ToF32(rd(c, src, 2 * i, 2));
        uint256 blk = (i / 32) * Graph.blockBytes(t.dtype);
        uint256 d = F32.f16ToF32(rd(c, src, blk, 2));
        uint256 v = F32.mul(d, F32.fromInt32(blockInt(c, src, blk, t.dtype, i % 32)));
        if (t.dtype == Graph.Q4_1) v = F32.add(v, F32.f16ToF32(rd(c, src, blk + 2, 2)));
        return v;
    }

    /// @notice blockInt is integer j of the q8_0, q4_0 or q4_1 block at byte
    /// offset blk (q4_1's in [0, 15]).
    function blockInt(Ctx memory c, uint8 src, uint256 blk, uint8 dtype, uint256 j) internal pure returns (int256) {
        if (dtype == Graph.Q8_0) return int256(int8(uint8(byteAt(c, src, blk + 2 + j))));
        if (dtype == Graph.Q4_1) {
            uint256 n = byteAt(c, src, blk + 4 + (j % 16));
            return int256(j < 16 ? n & 0x0F : n >> 4);
        }
        uint256 b = byteAt(c, src, blk + 2 + (j % 16));
        return int256(j < 16 ? b & 0x0F : b >> 4) - 8;
    }
}
