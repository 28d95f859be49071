// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier, OUT} from "./StepTypes.sol";

/// @title StepsFloat: one-step twins of the binary32 element-wise and row
/// ops: add, mul, silu, gelu, sigmoid, tanh, softmax, rmsnorm, embedding,
/// takelast, trees, slice, concat and normalize (opml/exec/ref.go, opml/exec/trees.go,
/// SPEC.md section 8).
contract StepsFloat is StepBase, IStepVerifier {
    using F32 for uint256;

    function step(NodeInfo calldata n, StepState calldata pre, Leaf[] calldata leaves)
        external
        pure
        returns (StepState memory)
    {
        Ctx memory c = load(n, pre, leaves);
        uint8 op = n.op;
        uint256 s = c.step;
        if (op == Graph.ADD || op == Graph.MUL) {
            uint256 a = rdF32(c, 0, s);
            uint256 b = rdF32(c, 1, s);
            wr(c, 4 * s, 4, op == Graph.ADD ? a.add(b) : a.mul(b));
            return finish(c, 0, 0);
        }
        if (op >= Graph.SILU && op <= Graph.TANH) {
            uint256 x = rdF32(c, 0, s);
            uint256 y;
            if (op == Graph.SILU) y = FMath.silu(x);
            else if (op == Graph.GELU) y = FMath.gelu(x);
            else if (op == Graph.SIGMOID) y = FMath.sigmoid(x);
            else y = FMath.tanh(x);
            wr(c, 4 * s, 4, y);
            return finish(c, 0, 0);
        }
        if (op == Graph.SOFTMAX) return softmax(c);
        if (op == Graph.RMSNORM) return rmsnorm(c);
        if (op == Graph.NORMALIZE) return normalize(c);
        if (op == Graph.TREES) return trees(c);
        if (op == Graph.SLICE) {
            // y[s] = x[row + s / cols, col + s % cols]
            uint256 cols = uint64(c.attrs[3]);
            uint256 src = (uint64(c.attrs[0]) + s / cols) * c.ins[0].shape[1] + uint64(c.attrs[2]) + s % cols;
            wr(c, 4 * s, 4, rdF32(c, 0, src));
            return finish(c, 0, 0);
        }
        if (op == Graph.CONCAT) {
            // a's elements, then b's
            uint256 na = uint256(c.ins[0].shape[0]) * c.ins[0].shape[1];
            wr(c, 4 * s, 4, s < na ? rdF32(c, 0, s) : rdF32(c, 1, s - na));
            return finish(c, 0, 0);
        }
        if (op == Graph.EMBEDDING) {
            uint256 d = c.ins[1].shape[1];
            int256 id = rdI32(c, 0, s / d);
            if (id < 0 || id >= int256(uint256(c.ins[1].shape[0]))) revert Unsupported("token id outside the table");
            wr(c, 4 * s, 4, tableValue(c, 1, uint256(id), s % d));
            return finish(c, 0, 0);
        }
        if (op == Graph.TAKELAST) {
            // One element of the last row per step.
            TensorRef memory x = c.ins[0];
            wr(c, 4 * c.step, 4, rdF32(c, 0, (uint256(x.shape[0]) - 1) * uint256(x.shape[1]) + c.step));
            return finish(c, 0, 0);
        }
        revert WrongVerifier(op);
    }

    // softmax: per row of N, 3N steps: N x m = max(m, x) (m from -inf);
    // N x e = exp(x - m) stored, sum += e; N x y = y / sum. Regs: m, sum.
    function softmax(Ctx memory c) private pure returns (StepState memory) {
        TensorRef memory x = c.ins[0];
        uint256 n = x.shape[x.rank - 1];
        uint256 row = c.step / (3 * n);
        uint256 i = c.step % (3 * n);
        uint256 m = c.regs[0];
        uint256 sum = c.regs[1];
        if (i < n) {
            m = (i == 0 ? F32.NEG_INF : m).max(rdF32(c, 0, row * n + i));
            return finish(c, uint64(m), 0);
        }
        if (i < 2 * n) {
            uint256 idx = row * n + i - n;
            uint256 e = FMath.exp(rdF32(c, 0, idx).sub(m));
            wr(c, 4 * idx, 4, e);
            sum = (i == n ? 0 : sum).add(e);
            return finish(c, uint64(m), uint64(sum));
        }
        uint256 pos = row * n + i - 2 * n;
        wr(c, 4 * pos, 4, rdF32(c, OUT, pos).div(sum));
        return finish(c, uint64(m), uint64(sum));
    }

    // rmsnorm: per row of D, D steps ss += x*x; one step r = rsqrt(ss/D + eps);
    // D steps y = (x*r)*w. Regs: ss, r.
    function rmsnorm(Ctx memory c) private pure returns (StepState memory) {
        uint256 d = c.ins[0].shape[1];
        uint256 row = c.step / (2 * d + 1);
        uint256 i = c.step % (2 * d + 1);
        uint256 ss = c.regs[0];
        uint256 r = c.regs[1];
        if (i < d) {
            uint256 x = rdF32(c, 0, row * d + i);
            ss = (i == 0 ? 0 : ss).add(x.mul(x));
            return finish(c, uint64(ss), 0);
        }
        if (i == d) {
            r = FMath.rsqrt(ss.div(F32.fromInt32(int256(d))).add(uint64(c.attrs[0])));
            return finish(c, uint64(ss), uint64(r));
        }
        uint256 j = i - d - 1;
        uint256 y = rdF32(c, 0, row * d + j).mul(r).mul(rdF32(c, 1, j));
        wr(c, 4 * (row * d + j), 4, y);
        return finish(c, uint64(ss), uint64(r));
    }

    // normalize: per row of C, C steps of the norm's accumulator a (max: a =
    // max(a, x) from -inf; l1: a += |x| from +0; l2: a += x*x from +0); one
    // step d = (a == 0 ? 1 : (l2 ? sqrt(a) : a)); C steps y = x / d.
    // Regs: a, d. Attr: the norm (0 max, 1 l1, 2 l2).
    function normalize(Ctx memory c) private pure returns (StepState memory) {
        uint256 d = c.ins[0].shape[1];
        uint256 row = c.step / (2 * d + 1);
        uint256 i = c.step % (2 * d + 1);
        uint256 a = c.regs[0];
        int64 norm = c.attrs[0];
        if (i < d) {
            uint256 x = rdF32(c, 0, row * d + i);
            if (norm == 0) a = (i == 0 ? F32.NEG_INF : a).max(x);
            else a = (i == 0 ? 0 : a).add(norm == 1 ? x.abs() : x.mul(x));
            return finish(c, uint64(a), 0);
        }
        if (i == d) {
            uint256 div = a;
            if (a.eq(0)) div = F32.ONE;
            else if (norm == 2) div = a.sqrt();
            return finish(c, uint64(a), uint64(div));
        }
        uint256 j = row * d + i - d - 1;
        wr(c, 4 * j, 4, rdF32(c, 0, j).div(c.regs[1]));
        return finish(c, uint64(a), c.regs[1]);
    }

    // trees (exec.refTrees): per row of x, R trees x depth steps of a walk
    // (step j == 0 starts at the tree's root; each visits one node), then T
    // finish steps y = (average ? y / R : y) + base[t]. Regs: the walk's node
    // and 1 once it has ended; both 0 after a tree's last step and in the
    // finish steps. Inputs: x:f32[N,F], nodes:i32[M,5], leaves:i32[L,2],
    // roots:i32[R], base:f32[T]; attrs depth, average.
    function trees(Ctx memory c) private pure returns (StepState memory) {
        uint256 depth = uint64(c.attrs[0]);
        uint256 r = c.ins[3].shape[0];
        uint256 t = c.ins[4].shape[0];
        uint256 walks = r * depth;
        uint256 row = c.step / (walks + t);
        uint256 i = c.step % (walks + t);
        if (i >= walks) {
            i -= walks;
            uint256 pos = row * t + i;
            uint256 v = rdF32(c, OUT, pos);
            if (c.attrs[1] == 1) v = v.div(F32.fromInt32(int256(r)));
            wr(c, 4 * pos, 4, v.add(rdF32(c, 4, i)));
            return finish(c, 0, 0);
        }
        uint256 j = i % depth;
        int256 node;
        bool over;
        if (j == 0) {
            node = rdI32(c, 3, i / depth);
        } else {
            node = int256(uint256(c.regs[0])); // a node outside [0, M) ends the walk
            over = c.regs[1] != 0;
        }
        (node, over) = treeWalk(c, row, node, over);
        if (j == depth - 1) return finish(c, 0, 0);
        return finish(c, uint64(uint256(node)), over ? 1 : 0);
    }

    // treeWalk is exec.treeWalk: it visits node of the walk over row (over:
    // the walk has ended) and returns where the walk goes; a leaf adds its
    // weights to the row's outputs and ends the walk, and so does anything
    // out of range, with node 0.
    function treeWalk(Ctx memory c, uint256 row, int256 node, bool over) private pure returns (int256, bool) {
        int256 m = int256(uint256(c.ins[1].shape[0]));
        if (over || node < 0 || node >= m) return (0, true);
        uint256 row5 = uint256(node) * 5; // the node row's first int32
        int256 mode = rdI32(c, 1, row5);
        if (mode == 0) {
            treeLeaf(c, row, rdI32(c, 1, row5 + 1), rdI32(c, 1, row5 + 2));
            return (0, true);
        }
        int256 next = treeChild(c, row, row5, mode);
        if (next < 0 || next >= m) return (0, true);
        return (next, false);
    }

    // treeChild is the child the branch at int32 `row5` of the node table
    // sends row's x to, or -1 if the feature or the mode is out of range.
    function treeChild(Ctx memory c, uint256 row, uint256 row5, int256 mode) private pure returns (int256) {
        int256 f = rdI32(c, 1, row5 + 1);
        uint256 features = c.ins[0].shape[1];
        if (f < 0 || f >= int256(features)) return -1;
        uint256 x = rdF32(c, 0, row * features + uint256(f));
        (bool toTrue, bool ok) = treeBranch(mode, x, rd(c, 1, 4 * (row5 + 2), 4));
        if (!ok) return -1;
        return rdI32(c, 1, toTrue ? row5 + 3 : row5 + 4);
    }

    // treeLeaf adds the weights [start, start+count) of the leaf table to
    // the row's outputs: none if the range is out of the table or longer
    // than 16 (model.MaxLeafWeights); a weight whose target is out of range
    // is skipped.
    function treeLeaf(Ctx memory c, uint256 row, int256 start, int256 count) private pure {
        if (start < 0 || count < 0 || count > 16 || start + count > int256(uint256(c.ins[2].shape[0]))) return;
        uint256 t = c.ins[4].shape[0];
        // The weights first, then the outputs: each run of reads of one
        // source finds its leaves in turn.
        uint256[] memory ws = new uint256[](uint256(count));
        for (uint256 i = 0; i < ws.length; i++) {
            ws[i] = rd(c, 2, 8 * (uint256(start) + i), 8); // target, weight
        }
        for (uint256 i = 0; i < ws.length; i++) {
            int256 target = int256(int32(uint32(ws[i])));
            if (target < 0 || target >= int256(t)) continue;
            uint256 pos = row * t + uint256(target);
            wr(c, 4 * pos, 4, rdF32(c, OUT, pos).add(ws[i] >> 32));
        }
    }

    // treeBranch is exec.treeBranch: whether a branch of mode sends x to its
    // true child (threshold th); ok is false for a mode that is neither a
    // branch nor a leaf. Mode bit 16 sends NaN to the true child.
    function treeBranch(int256 mode, uint256 x, uint256 th) private pure returns (bool toTrue, bool ok) {
        int256 cmp = mode & ~int256(16);
        ok = cmp >= 1 && cmp <= 6;
        if (mode & 16 != 0 && x.isNaN()) return (true, ok);
        if (cmp == 1) return (x.le(th), ok);
        if (cmp == 2) return (x.lt(th), ok);
        if (cmp == 3) return (th.le(x), ok);
        if (cmp == 4) return (th.lt(x), ok);
        if (cmp == 5) return (x.eq(th), ok);
        if (cmp == 6) return (!x.eq(th), ok);
    }
}
