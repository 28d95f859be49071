// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier} from "./StepTypes.sol";

/// @title StepsInt: one-step twins of the integer ops and the element-wise
/// conversions: qlinear, qconv2d, qmaxpool2d, qavgpool2d, qrelu, dequantize,
/// quantize, argmax and reshape (opml/exec/ref.go, SPEC.md section 8).
contract StepsInt is StepBase, IStepVerifier {
    function step(NodeInfo calldata n, StepState calldata pre, Leaf[] calldata leaves)
        external
        pure
        returns (StepState memory)
    {
        Ctx memory c = load(n, pre, leaves);
        uint8 op = n.op;
        if (op == Graph.QLINEAR) return qlinear(c);
        if (op == Graph.QCONV2D) return qconv(c, n.out);
        if (op == Graph.QMAXPOOL2D) return maxpool(c, n.out);
        if (op == Graph.QAVGPOOL2D) return avgpool(c, n.out);
        if (op == Graph.QRELU) {
            int256 v = rdI8(c, 0, c.step);
            wr(c, c.step, 1, uint256(uint8(int8(v > 0 ? v : int256(0)))));
            return finish(c, 0, 0);
        }
        if (op == Graph.DEQUANTIZE) {
            int256 x = c.ins[0].dtype == Graph.I32 ? rdI32(c, 0, c.step) : rdI8(c, 0, c.step);
            wr(c, 4 * c.step, 4, F32.mul(F32.fromInt32(x), uint64(c.attrs[0])));
            return finish(c, 0, 0);
        }
        if (op == Graph.QUANTIZE) {
            int256 q = F32.toInt32(F32.mul(rdF32(c, 0, c.step), uint64(c.attrs[0])));
            if (q < -128) q = -128;
            if (q > 127) q = 127;
            wr(c, c.step, 1, uint256(uint8(int8(q))));
            return finish(c, 0, 0);
        }
        if (op == Graph.ARGMAX) return argmax(c);
        if (op == Graph.RESHAPE) {
            // The output bytes are the input bytes: same tensor root.
            if (c.ins[0].leafSize != 256) revert Unsupported("reshape of a constant");
            StepState memory post = finish(c, 0, 0);
            post.outRoot = c.ins[0].root;
            return post;
        }
        revert WrongVerifier(op);
    }

    // qlinear: per output (r, j): K steps acc += w[j,k]*x[r,k] (acc from b[j]),
    // then requant and store.
    function qlinear(Ctx memory c) private pure returns (StepState memory) {
        uint256 k = c.ins[1].shape[1];
        uint256 m = c.ins[1].shape[0];
        uint256 e = c.step / (k + 1);
        uint256 i = c.step % (k + 1);
        uint256 r = e / m;
        uint256 j = e % m;
        int256 acc = i == 0 ? rdI32(c, 2, j) : regI32(c, 0);
        if (i < k) {
            acc = wrapI32(acc + rdI8(c, 1, j * k + i) * rdI8(c, 0, r * k + i));
            return finish(c, i32Reg(acc), 0);
        }
        int256 y = requant(acc, c.attrs[0], c.attrs[1], c.attrs[2] == 1);
        wr(c, e, 1, uint256(uint8(int8(y))));
        return finish(c, 0, 0);
    }

    // qconv2d: per output (o, oy, ox): C*KH*KW steps of one MAC (none in the
    // padding), then requant and store.
    function qconv(Ctx memory c, TensorRef calldata out) private pure returns (StepState memory) {
        TensorRef memory w = c.ins[1];
        uint256 win = uint256(w.shape[1]) * w.shape[2] * w.shape[3];
        uint256 e = c.step / (win + 1);
        uint256 i = c.step % (win + 1);
        uint256 o = e / (uint256(out.shape[1]) * out.shape[2]);
        int256 acc = i == 0 ? rdI32(c, 2, o) : regI32(c, 0);
        if (i < win) {
            acc = wrapI32(acc + convProduct(c, out, e, i, o));
            return finish(c, i32Reg(acc), 0);
        }
        int256 y = requant(acc, c.attrs[2], c.attrs[3], c.attrs[4] == 1);
        wr(c, e, 1, uint256(uint8(int8(y))));
        return finish(c, 0, 0);
    }

    // convProduct is the MAC term of window element i of output e (0 in the
    // padding); the weight index of (o, ci, ky, kx) is o*win + i.
    function convProduct(Ctx memory c, TensorRef calldata out, uint256 e, uint256 i, uint256 o)
        private
        pure
        returns (int256)
    {
        (bool inside, uint256 xi) = convInput(c, out, e, i);
        if (!inside) return 0;
        TensorRef memory w = c.ins[1];
        return rdI8(c, 1, o * (uint256(w.shape[1]) * w.shape[2] * w.shape[3]) + i) * rdI8(c, 0, xi);
    }

    function convInput(Ctx memory c, TensorRef calldata out, uint256 e, uint256 i)
        private
        pure
        returns (bool, uint256)
    {
        TensorRef memory x = c.ins[0];
        uint256 kh = c.ins[1].shape[2];
        uint256 kw = c.ins[1].shape[3];
        int256 iy = int256(((e / out.shape[2]) % out.shape[1]) * uint64(c.attrs[0]) + (i / kw) % kh) - c.attrs[1];
        int256 ix = int256((e % out.shape[2]) * uint64(c.attrs[0]) + i % kw) - c.attrs[1];
        if (iy < 0 || iy >= int256(uint256(x.shape[1])) || ix < 0 || ix >= int256(uint256(x.shape[2]))) {
            return (false, 0);
        }
        return (true, ((i / (kh * kw)) * x.shape[1] + uint256(iy)) * x.shape[2] + uint256(ix));
    }

    // windowInput is the input index of window element `within` of output e.
    function windowInput(Ctx memory c, TensorRef calldata out, uint256 e, uint256 within)
        private
        pure
        returns (uint256)
    {
        TensorRef memory x = c.ins[0];
        uint256 k = uint64(c.attrs[0]);
        uint256 s = uint64(c.attrs[1]);
        uint256 ci = e / (uint256(out.shape[1]) * out.shape[2]);
        uint256 oy = (e / out.shape[2]) % out.shape[1];
        uint256 ox = e % out.shape[2];
        return (ci * x.shape[1] + oy * s + within / k) * x.shape[2] + ox * s + within % k;
    }

    function maxpool(Ctx memory c, TensorRef calldata out) private pure returns (StepState memory) {
        uint256 kk = uint256(uint64(c.attrs[0])) * uint64(c.attrs[0]);
        uint256 e = c.step / kk;
        uint256 within = c.step % kk;
        int256 m = within == 0 ? int256(-128) : regI32(c, 0);
        int256 x = rdI8(c, 0, windowInput(c, out, e, within));
        if (x > m) m = x;
        if (within == kk - 1) wr(c, e, 1, uint256(uint8(int8(m))));
        return finish(c, i32Reg(m), 0);
    }

    function avgpool(Ctx memory c, TensorRef calldata out) private pure returns (StepState memory) {
        uint256 kk = uint256(uint64(c.attrs[0])) * uint64(c.attrs[0]);
        uint256 e = c.step / (kk + 1);
        uint256 within = c.step % (kk + 1);
        int256 acc = within == 0 ? int256(0) : regI32(c, 0);
        if (within < kk) {
            acc = wrapI32(acc + rdI8(c, 0, windowInput(c, out, e, within)));
            return finish(c, i32Reg(acc), 0);
        }
        int256 y = requant(acc, c.attrs[2], c.attrs[3], false);
        wr(c, e, 1, uint256(uint8(int8(y))));
        return finish(c, 0, 0);
    }

    // argmax: per row of N, N steps; the best index is replaced only by a
    // strictly greater value; the last step of a row stores it.
    function argmax(Ctx memory c) private pure returns (StepState memory) {
        TensorRef memory x = c.ins[0];
        uint256 n = x.rank == 1 ? x.shape[0] : x.shape[1];
        uint256 row = c.step / n;
        uint256 i = c.step % n;
        uint256 best = i == 0 ? 0 : c.regs[0];
        if (i > 0 && greater(c, x.dtype, row * n + i, row * n + best)) best = i;
        if (i == n - 1) wr(c, 4 * row, 4, best);
        return finish(c, uint64(best), 0);
    }

    function greater(Ctx memory c, uint8 dtype, uint256 a, uint256 b) private pure returns (bool) {
        if (dtype == Graph.I8) return rdI8(c, 0, a) > rdI8(c, 0, b);
        if (dtype == Graph.I32) return rdI32(c, 0, a) > rdI32(c, 0, b);
        return F32.lt(rdF32(c, 0, b), rdF32(c, 0, a));
    }
}
