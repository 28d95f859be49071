// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StepBase} from "./StepBase.sol";
import {Graph} from "./Graph.sol";
import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier, OUT} from "./StepTypes.sol";

/// @title StepsFloat: one-step twins of the binary32 element-wise and row
/// ops: add, mul, silu, gelu, sigmoid, tanh, softmax, rmsnorm, embedding and
/// takelast (opml/exec/ref.go, SPEC.md section 8).
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
}
