// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {F32} from "./F32.sol";
import {FMath} from "./FMath.sol";
import {Kernels} from "./Kernels.sol";

/// @title Twins exposes every one-step primitive (F32, FMath, Kernels) for
/// the differential tests against the Go engine (fraudproof/twin) and for
/// gas measurements. It holds no state and is not part of the game.
contract Twins {
    using F32 for uint256;

    /// @notice Primitive codes of unary and binary batches.
    uint8 public constant ADD = 0;
    uint8 public constant SUB = 1;
    uint8 public constant MUL = 2;
    uint8 public constant DIV = 3;
    uint8 public constant SQRT = 4;
    uint8 public constant EQ = 5;
    uint8 public constant LT = 6;
    uint8 public constant LE = 7;
    uint8 public constant MAX = 8;
    uint8 public constant MIN = 9;
    uint8 public constant NEG = 10;
    uint8 public constant ABS = 11;
    uint8 public constant FROM_INT32 = 12;
    uint8 public constant TO_INT32 = 13;
    uint8 public constant F16_TO_F32 = 14;
    uint8 public constant F32_TO_F16 = 15;
    uint8 public constant POW2 = 16;
    uint8 public constant EXP = 17;
    uint8 public constant TANH = 18;
    uint8 public constant SIGMOID = 19;
    uint8 public constant SILU = 20;
    uint8 public constant GELU = 21;
    uint8 public constant RSQRT = 22;
    uint8 public constant SIN = 23;
    uint8 public constant COS = 24;

    /// @notice f32 applies primitive op to each (a[i], b[i]) (b ignored by unary
    /// ops). Integers travel as their 32-bit two's-complement bits; booleans as 0/1.
    function f32(uint8 op, uint32[] calldata a, uint32[] calldata b) external pure returns (uint32[] memory r) {
        r = new uint32[](a.length);
        for (uint256 i = 0; i < a.length; i++) {
            r[i] = uint32(one(op, a[i], i < b.length ? b[i] : 0));
        }
    }

    function one(uint8 op, uint256 x, uint256 y) private pure returns (uint256) {
        if (op == ADD) return x.add(y);
        if (op == SUB) return x.sub(y);
        if (op == MUL) return x.mul(y);
        if (op == DIV) return x.div(y);
        if (op == SQRT) return x.sqrt();
        if (op == EQ) return x.eq(y) ? 1 : 0;
        if (op == LT) return x.lt(y) ? 1 : 0;
        if (op == LE) return x.le(y) ? 1 : 0;
        if (op == MAX) return x.max(y);
        if (op == MIN) return x.min(y);
        if (op == NEG) return x.neg();
        if (op == ABS) return x.abs();
        if (op == FROM_INT32) return F32.fromInt32(int32(uint32(x)));
        if (op == TO_INT32) return uint32(int32(x.toInt32()));
        if (op == F16_TO_F32) return F32.f16ToF32(x & 0xFFFF);
        if (op == F32_TO_F16) return x.f32ToF16();
        if (op == POW2) return F32.pow2(int32(uint32(x)));
        if (op == EXP) return FMath.exp(x);
        if (op == TANH) return FMath.tanh(x);
        if (op == SIGMOID) return FMath.sigmoid(x);
        if (op == SILU) return FMath.silu(x);
        if (op == GELU) return FMath.gelu(x);
        if (op == RSQRT) return FMath.rsqrt(x);
        if (op == SIN) return FMath.sin(x);
        if (op == COS) return FMath.cos(x);
        revert("unknown primitive");
    }

    /// @notice requant applies Kernels.requant to each accumulator.
    function requant(int32[] calldata acc, int32[] calldata mult, uint8[] calldata shift, bool[] calldata relu)
        external
        pure
        returns (int8[] memory r)
    {
        r = new int8[](acc.length);
        for (uint256 i = 0; i < acc.length; i++) {
            r[i] = int8(Kernels.requant(acc[i], mult[i], shift[i], relu[i]));
        }
    }

    /// @notice quantDot applies Kernels.quantDot to one block.
    function quantDot(uint32[32] calldata xs, int8[32] calldata qw) external pure returns (uint32 dx, int32 isum) {
        uint256[32] memory x;
        int256[32] memory w;
        for (uint256 i = 0; i < 32; i++) {
            x[i] = xs[i];
            w[i] = qw[i];
        }
        (uint256 d, int256 s) = Kernels.quantDot(x, w);
        return (uint32(d), int32(s));
    }

    /// @notice gasOf measures the gas of n applications of op on one operand pair.
    function gasOf(uint8 op, uint32 a, uint32 b, uint256 n) external view returns (uint256 used) {
        uint256 g = gasleft();
        uint256 acc;
        for (uint256 i = 0; i < n; i++) {
            acc ^= one(op, a, b);
        }
        used = g - gasleft();
        if (acc == type(uint256).max) used = 0; // keep the loop
    }
}
