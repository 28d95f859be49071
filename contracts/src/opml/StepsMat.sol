// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {Kernels} from "./Kernels.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier, OUT} from "./StepTypes.sol";

/// @title StepsMat: one-step twins of matmul (one MAC for f32/f16 weights,
/// one 32-block for q8_0/q4_0), rope (one pair) and attention (one score,
/// or one row update, of one query of one head) (opml/exec/ref.go, SPEC.md
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
            return wt == Graph.Q8_0 || wt == Graph.Q4_0 ? matmulQ(c) : matmulF(c);
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
    // integer dot with the weight block, acc += (dw*dx) * f32(isum).
    function matmulQ(Ctx memory c) private pure returns (StepState memory) {
        uint256 nb = c.ins[0].shape[1] / 32;
        uint256 e = c.step / nb;
        uint256 b = c.step % nb;
        uint256 prod = blockProduct(c, e, b);
        uint256 acc = (b == 0 ? 0 : uint256(c.regs[0])).add(prod);
        if (b == nb - 1) wr(c, 4 * e, 4, acc);
        return finish(c, uint64(acc), 0);
    }

    // blockProduct is (dw*dx) * f32(isum) for block b of output e.
    function blockProduct(Ctx memory c, uint256 e, uint256 b) private pure returns (uint256) {
        (uint256 xo, uint256 blk) = blockOffsets(c, e, b);
        uint256 dw = F32.f16ToF32(rd(c, 1, blk, 2));
        (uint256 dx, int256 isum) = Kernels.quantDot(xBlock(c, xo), wBlock(c, blk));
        return dw.mul(dx).mul(F32.fromInt32(isum));
    }

    function xBlock(Ctx memory c, uint256 xo) private pure returns (uint256[32] memory xs) {
        for (uint256 i = 0; i < 32; i++) {
            xs[i] = rdF32(c, 0, xo + i);
        }
    }

    function wBlock(Ctx memory c, uint256 blk) private pure returns (int256[32] memory qw) {
        uint8 wt = c.ins[1].dtype;
        for (uint256 i = 0; i < 32; i++) {
            qw[i] = blockInt(c, 1, blk, wt, i);
        }
    }

    // blockOffsets: the x element index of block b's start, and the byte
    // offset of the weight block, for output e.
    function blockOffsets(Ctx memory c, uint256 e, uint256 b) private pure returns (uint256 xo, uint256 blk) {
        uint256 k = c.ins[0].shape[1];
        uint256 m = c.ins[1].shape[0];
        xo = (e / m) * k + b * 32;
        blk = ((e % m) * (k / 32) + b) * (c.ins[1].dtype == Graph.Q8_0 ? 34 : 18);
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

    struct Head {
        uint256 t; // query position
        uint256 j; // key position
        uint256 qo; // offset of the query row of this head in q (and of the output row)
        uint256 kvo; // offset of this head's kv columns
        uint256 dh;
        uint256 kvw;
    }

    // attention: each (t, h) row has 4T steps (SPEC.md section 8): T max
    // steps, T sum steps, then a weight and an accumulate step per key j;
    // the steps of a key j > t change nothing. Each step computes at most
    // one score (a dot product of dh) or one row update (dh MACs).
    function attention(Ctx memory c) private pure returns (StepState memory) {
        uint256 heads = uint64(c.attrs[0]);
        uint256 width = c.ins[0].shape[1];
        uint256 tt = c.ins[0].shape[0];
        Head memory a;
        a.dh = width / heads;
        a.kvw = c.ins[1].shape[1];
        uint256 row = c.step / (4 * tt);
        uint256 r = c.step % (4 * tt);
        a.t = row / heads;
        uint256 h = row % heads;
        a.qo = a.t * width + h * a.dh;
        a.kvo = (h / (heads / uint64(c.attrs[1]))) * a.dh;
        a.j = r < 2 * tt ? r % tt : (r - 2 * tt) / 2;
        if (a.j > a.t) return finish(c, c.regs[0], c.regs[1], c.regs[2]);
        if (r < tt) {
            uint256 m = (a.j == 0 ? F32.NEG_INF : uint256(c.regs[0])).max(score(c, a));
            return finish(c, uint64(m), 0, 0);
        }
        if (r < 2 * tt) {
            uint256 sum = uint256(c.regs[1]).add(FMath.exp(score(c, a).sub(c.regs[0])));
            return finish(c, c.regs[0], uint64(sum), 0);
        }
        if ((r - 2 * tt) % 2 == 0) {
            uint256 p = FMath.exp(score(c, a).sub(c.regs[0])).div(c.regs[1]);
            return finish(c, c.regs[0], c.regs[1], uint64(p));
        }
        accumulate(c, a);
        return finish(c, c.regs[0], c.regs[1], 0);
    }

    // accumulate adds p_j * v_j to the output row (p_j in register 2).
    function accumulate(Ctx memory c, Head memory a) private pure {
        uint256 pj = c.regs[2];
        uint256 vo = a.j * a.kvw + a.kvo;
        for (uint256 d = 0; d < a.dh; d++) {
            wr(c, 4 * (a.qo + d), 4, rdF32(c, OUT, a.qo + d).add(pj.mul(rdF32(c, 2, vo + d))));
        }
    }

    // score is (q_t . k_j) * rsqrt(dh), the dot product in d order.
    function score(Ctx memory c, Head memory a) private pure returns (uint256) {
        uint256 dot = 0;
        uint256 ko = a.j * a.kvw + a.kvo;
        for (uint256 d = 0; d < a.dh; d++) {
            dot = dot.add(rdF32(c, 0, a.qo + d).mul(rdF32(c, 1, ko + d)));
        }
        return dot.mul(FMath.rsqrt(F32.fromInt32(int256(a.dh))));
    }
}
