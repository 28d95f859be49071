// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {Kernels} from "./Kernels.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier} from "./StepTypes.sol";

/// @title StepsMat: one-step twins of matmul (one MAC for f32/f16 weights,
/// one 32-block for q8_0/q4_0), rope (one pair) and attention (one query row
/// of one head) (opml/exec/ref.go, SPEC.md section 8).
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
        uint256 qo; // offset of the query row of this head in q (and of the output row)
        uint256 kvo; // offset of this head's kv columns
        uint256 dh;
        uint256 kvw;
    }

    // attention: one step is query t of head h: scores against keys 0..t,
    // max, exps and their sum in order, then the weighted sum of values.
    function attention(Ctx memory c) private pure returns (StepState memory) {
        uint256 heads = uint64(c.attrs[0]);
        uint256 width = c.ins[0].shape[1];
        Head memory a;
        a.dh = width / heads;
        a.kvw = c.ins[1].shape[1];
        a.t = c.step / heads;
        uint256 h = c.step % heads;
        a.qo = a.t * width + h * a.dh;
        a.kvo = (h / (heads / uint64(c.attrs[1]))) * a.dh;
        uint256[] memory p = weights(c, a);
        for (uint256 d = 0; d < a.dh; d++) {
            uint256 y = 0;
            for (uint256 j = 0; j <= a.t; j++) {
                y = y.add(p[j].mul(rdF32(c, 2, j * a.kvw + a.kvo + d)));
            }
            wr(c, 4 * (a.qo + d), 4, y);
        }
        return finish(c, 0, 0);
    }

    // weights returns e_j / sum for j = 0..t.
    function weights(Ctx memory c, Head memory a) private pure returns (uint256[] memory s) {
        uint256 scale = FMath.rsqrt(F32.fromInt32(int256(a.dh)));
        s = new uint256[](a.t + 1);
        uint256 m = F32.NEG_INF;
        for (uint256 j = 0; j <= a.t; j++) {
            uint256 dot = 0;
            for (uint256 d = 0; d < a.dh; d++) {
                dot = dot.add(rdF32(c, 0, a.qo + d).mul(rdF32(c, 1, j * a.kvw + a.kvo + d)));
            }
            s[j] = dot.mul(scale);
            m = m.max(s[j]);
        }
        uint256 sum = 0;
        for (uint256 j = 0; j <= a.t; j++) {
            s[j] = FMath.exp(s[j].sub(m));
            sum = sum.add(s[j]);
        }
        for (uint256 j = 0; j <= a.t; j++) {
            s[j] = s[j].div(sum);
        }
    }
}
