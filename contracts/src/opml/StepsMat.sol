// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {Kernels} from "./Kernels.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier, OUT} from "./StepTypes.sol";

/// @title StepsMat: one-step twins of matmul (one MAC for f32/f16 weights,
/// one 32-block for q8_0/q4_0), rope (one pair) and attention (8 elements
/// of one score, or of one row update, of one query of one head) (opml/exec/ref.go, SPEC.md
/// section 8).
contract StepsMat is StepBase, IStepVerifier {
    using F32 for uint256;

    function step(NodeInfo calldata n, StepState calldata pre, Leaf[] calldata leaves)
        external
        pure
        returns (StepState memory)
    {
        Ctx memory c = load(n, pre, leaves);
        uint8 op = n.op;
        if (op == Graph.MATMUL) {
            uint8 wt = c.ins[1].dtype;
            return wt == Graph.Q8_0 || wt == Graph.Q4_0 || wt == Graph.Q4_1 ? matmulQ(c) : matmulF(c);
        }
        if (op == Graph.ROPE) return rope(c);
        if (op == Graph.ATTENTION) return attention(c);
        revert WrongVerifier(op);
    }

    function matmulF(Ctx memory c) private pure returns (StepState memory) {
        uint256 k = c.ins[0].shape[1];
        uint256 m = c.ins[1].shape[0];
        uint256 e = c.step / k;
        uint256 i = c.step % k;
        uint256 acc = i == 0 ? 0 : c.regs[0];
        acc = acc.add(rdF32(c, 0, (e / m) * k + i).mul(tableValue(c, 1, e % m, i)));
        if (i == k - 1) wr(c, 4 * e, 4, acc);
        return finish(c, uint64(acc), 0);
    }

    // matmulQ: one step is one block b of output e: quantize x's block,
    // integer dot with the weight block, acc += (dw*dx) * f32(isum); for
    // q4_1 also accm += mw * (dx * f32(xsum)), xsum the sum of x's block's
    // q, and the output is acc + accm. Regs: acc, accm.
    function matmulQ(Ctx memory c) private pure returns (StepState memory) {
        uint256 nb = c.ins[0].shape[1] / 32;
        uint256 e = c.step / nb;
        uint256 b = c.step % nb;
        uint256 acc = b == 0 ? 0 : uint256(c.regs[0]);
        uint256 accm = b == 0 ? 0 : uint256(c.regs[1]);
        (uint256 xo, uint256 blk) = blockOffsets(c, e, b);
        if (c.ins[1].dtype == Graph.Q4_1) {
            (uint256 p, uint256 pm) = q41Products(c, xo, blk);
            acc = acc.add(p);
            accm = accm.add(pm);
        } else {
            acc = acc.add(blockProduct(c, xo, blk));
        }
        if (b == nb - 1) wr(c, 4 * e, 4, acc.add(accm));
        return finish(c, uint64(acc), uint64(accm));
    }

    // blockProduct is (dw*dx) * f32(isum) for the weight block at byte blk
    // and the activation block from element xo.
    function blockProduct(Ctx memory c, uint256 xo, uint256 blk) private pure returns (uint256) {
        (uint256 dx, int256 isum) = Kernels.quantDot(xBlock(c, xo), wBlock(c, blk));
        return F32.f16ToF32(rd(c, 1, blk, 2)).mul(dx).mul(F32.fromInt32(isum));
    }

    // q41Products are a q4_1 block's (dw*dx) * f32(isum) and mw * (dx *
    // f32(xsum)), from one pass: the weights each plus 2^20 give isum + 2^20
    // * xsum, and |isum| <= 32*15*127 < 2^19.
    function q41Products(Ctx memory c, uint256 xo, uint256 blk) private pure returns (uint256 p, uint256 pm) {
        int256[32] memory qw = wBlock(c, blk);
        for (uint256 i = 0; i < 32; i++) {
            qw[i] += 1 << 20;
        }
        (uint256 dx, int256 both) = Kernels.quantDot(xBlock(c, xo), qw);
        int256 xsum = (both + (1 << 19)) >> 20; // arithmetic shift: the floor
        p = F32.f16ToF32(rd(c, 1, blk, 2)).mul(dx).mul(F32.fromInt32(both - (xsum << 20)));
        pm = F32.f16ToF32(rd(c, 1, blk + 2, 2)).mul(dx.mul(F32.fromInt32(xsum)));
    }

    // xBlock reads the activation block's 32 floats, 8 a word.
    function xBlock(Ctx memory c, uint256 xo) private pure returns (uint256[32] memory xs) {
        for (uint256 w = 0; w < 4; w++) {
            uint256 v = rd(c, 0, 4 * (xo + 8 * w), 32);
            for (uint256 i = 0; i < 8; i++) {
                xs[8 * w + i] = (v >> (32 * i)) & 0xFFFFFFFF;
            }
        }
    }

    // wBlock reads the weight block's 32 integers (their bytes at once).
    function wBlock(Ctx memory c, uint256 blk) private pure returns (int256[32] memory qw) {
        if (c.ins[1].dtype == Graph.Q8_0) {
            uint256 v = rd(c, 1, blk + 2, 32);
            for (uint256 i = 0; i < 32; i++) {
                qw[i] = int256(int8(uint8(v >> (8 * i))));
            }
            return qw;
        }
        // q4_0 and q4_1: element i in the low nibble of byte i, i + 16 in
        // its high one; q4_0's less 8, q4_1's as they are (after its min)
        bool q41 = c.ins[1].dtype == Graph.Q4_1;
        uint256 nib = rd(c, 1, blk + (q41 ? 4 : 2), 16);
        int256 off = q41 ? int256(0) : int256(8);
        for (uint256 i = 0; i < 16; i++) {
            uint256 b = (nib >> (8 * i)) & 0xFF;
            qw[i] = int256(b & 0x0F) - off;
            qw[i + 16] = int256(b >> 4) - off;
        }
    }

    // blockOffsets: the x element index of block b's start, and the byte
    // offset of the weight block, for output e.
    function blockOffsets(Ctx memory c, uint256 e, uint256 b) private pure returns (uint256 xo, uint256 blk) {
        uint256 k = c.ins[0].shape[1];
        uint256 m = c.ins[1].shape[0];
        xo = (e / m) * k + b * 32;
        blk = ((e % m) * (k / 32) + b) * Graph.blockBytes(c.ins[1].dtype);
    }

    // rope: one step is one pair (x0, x1) of one head at one position.
    function rope(Ctx memory c) private pure returns (StepState memory) {
        uint256 width = c.ins[0].shape[1];
        uint256 dh = width / uint64(c.attrs[0]);
        uint256 pos = c.step / (width / 2);
        uint256 rem = c.step % (width / 2);
        uint256 i = rem % (dh / 2);
        uint256 o = pos * width + (rem / (dh / 2)) * dh + 2 * i;
        uint256 a = F32.fromInt32(-2 * int256(i)).div(F32.fromInt32(int256(dh))).mul(uint64(c.attrs[1]));
        a = F32.fromInt32(int256(pos)).mul(FMath.exp(a));
        uint256 cs = FMath.cos(a);
        uint256 sn = FMath.sin(a);
        uint256 x0 = rdF32(c, 0, o);
        uint256 x1 = rdF32(c, 0, o + 1);
        wr(c, 4 * o, 4, x0.mul(cs).sub(x1.mul(sn)));
        wr(c, 4 * o + 4, 4, x0.mul(sn).add(x1.mul(cs)));
        return finish(c, 0, 0);
    }

    /// @notice CHUNK is how many of a head's elements one attention step
    /// takes (model.AttentionChunk).
    uint256 internal constant CHUNK = 8;

    struct Head {
        uint256 t; // query position
        uint256 j; // key position
        uint256 c; // chunk of the head's elements this step takes
        uint256 chunks; // ceil(dh / CHUNK)
        uint256 qo; // offset of the query row of this head in q (and of the output row)
        uint256 kvo; // offset of this head's kv columns
        uint256 dh;
        uint256 kvw;
    }

    // attention: each (t, h) row has four phases of T keys, each key C =
    // ceil(dh / CHUNK) steps (SPEC.md section 8): max, sum and weight steps
    // sum the key's score CHUNK elements a step (in r3), the key's last step
    // using it (m = max(m, s), sum += exp(s - m), p = exp(s - m) / sum in
    // r2); accumulate steps add p * v_j to the output row CHUNK elements a
    // step. The steps of a key j > t change nothing.
    function attention(Ctx memory c) private pure returns (StepState memory) {
        (Head memory a, uint256 phase) = head(c);
        if (a.j > a.t) return finish(c, c.regs[0], c.regs[1], c.regs[2], c.regs[3]);
        if (phase == 3) {
            accumulate(c, a);
            return finish(c, c.regs[0], c.regs[1], a.c + 1 < a.chunks ? c.regs[2] : 0, 0);
        }
        uint256 m = phase == 0 && a.j == 0 ? F32.NEG_INF : uint256(c.regs[0]);
        uint256 sum = phase == 0 ? 0 : uint256(c.regs[1]);
        uint256 dot = partialDot(c, a);
        if (a.c + 1 < a.chunks) return finish(c, uint64(m), uint64(sum), 0, uint64(dot));
        dot = dot.mul(FMath.rsqrt(F32.fromInt32(int256(a.dh)))); // the score
        if (phase == 0) return finish(c, uint64(m.max(dot)), 0, 0, 0);
        uint256 e = FMath.exp(dot.sub(m));
        if (phase == 1) return finish(c, uint64(m), uint64(sum.add(e)), 0, 0);
        return finish(c, uint64(m), uint64(sum), uint64(e.div(sum)), 0);
    }

    // head decodes an attention step: its row, key and chunk, and its phase
    // (0 max, 1 sum, 2 weight, 3 accumulate).
    function head(Ctx memory c) private pure returns (Head memory a, uint256 phase) {
        uint256 heads = uint64(c.attrs[0]);
        uint256 width = c.ins[0].shape[1];
        uint256 tt = c.ins[0].shape[0];
        a.dh = width / heads;
        a.chunks = (a.dh + CHUNK - 1) / CHUNK;
        a.kvw = c.ins[1].shape[1];
        uint256 row = c.step / (4 * tt * a.chunks);
        uint256 r = c.step % (4 * tt * a.chunks);
        a.t = row / heads;
        uint256 h = row % heads;
        a.qo = a.t * width + h * a.dh;
        a.kvo = (h / (heads / uint64(c.attrs[1]))) * a.dh;
        phase = r / (tt * a.chunks);
        if (phase < 2) {
            a.j = (r % (tt * a.chunks)) / a.chunks;
            a.c = r % a.chunks;
            return (a, phase);
        }
        r -= 2 * tt * a.chunks; // per key: the weight's chunks, then the accumulate's
        a.j = r / (2 * a.chunks);
        a.c = r % (2 * a.chunks);
        if (a.c >= a.chunks) {
            a.c -= a.chunks;
            return (a, 3);
        }
        return (a, 2);
    }

    // chunk is the range of the head's elements step chunk a.c takes.
    function chunk(Head memory a) private pure returns (uint256 lo, uint256 hi) {
        lo = a.c * CHUNK;
        hi = lo + CHUNK < a.dh ? lo + CHUNK : a.dh;
    }

    // accumulate adds p_j * v_j to chunk a.c of the output row (p_j in
    // register 2).
    function accumulate(Ctx memory c, Head memory a) private pure {
        uint256 pj = c.regs[2];
        uint256 vo = a.j * a.kvw + a.kvo;
        (uint256 lo, uint256 hi) = chunk(a);
        for (uint256 d = lo; d < hi; d++) {
            wr(c, 4 * (a.qo + d), 4, rdF32(c, OUT, a.qo + d).add(pj.mul(rdF32(c, 2, vo + d))));
        }
    }

    // partialDot adds chunk a.c of q_t . k_j, in d order, to the dot
    // product so far (register 3; 0 at the key's first chunk).
    function partialDot(Ctx memory c, Head memory a) private pure returns (uint256 dot) {
        dot = a.c == 0 ? 0 : uint256(c.regs[3]);
        uint256 ko = a.j * a.kvw + a.kvo;
        (uint256 lo, uint256 hi) = chunk(a);
        for (uint256 d = lo; d < hi; d++) {
            dot = dot.add(rdF32(c, 0, a.qo + d).mul(rdF32(c, 1, ko + d)));
        }
    }
}
