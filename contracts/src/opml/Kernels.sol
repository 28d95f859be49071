// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {F32} from "./F32.sol";

/// @title Kernels: the engine's integer primitives (SPEC.md section 4 and the
/// activation block quantization of section 5): requantization and the q8_0
/// block dot product of matmul.
library Kernels {
    using F32 for uint256;

    /// @notice requant is tensor.Requantize: clamp((acc*mult + 2^(shift-1)) >> shift, lo, 127)
    /// with an arithmetic shift; lo is 0 with the ReLU flag, else -128.
    function requant(int256 acc, int256 mult, uint256 shift, bool relu) internal pure returns (int256 v) {
        v = (acc * mult + int256(1 << (shift - 1))) >> shift;
        int256 lo = relu ? int256(0) : int256(-128);
        if (v < lo) v = lo;
        if (v > 127) v = 127;
    }

    /// @notice quantDot quantizes a block of 32 activations (exec.quantRowBlock)
    /// and returns its binary32 scale and the integer dot product with the
    /// weight block's integers.
    function quantDot(uint256[32] memory xs, int256[32] memory qw) internal pure returns (uint256 dx, int256 isum) {
        // amax = max |x|: for binary32 patterns without the sign, integer
        // order is float order, and any NaN compares above +Inf (then dx is
        // NaN, as F32.max would make it).
        uint256 amax = 0;
        for (uint256 i = 0; i < 32; i++) {
            uint256 a = xs[i] & 0x7FFFFFFF;
            if (a > amax) amax = a;
        }
        dx = amax.div(0x42FE0000); // 127
        if (dx == 0 || dx.isNaN() || dx.isInf()) return (dx.canonical(), 0);
        uint256 id = F32.ONE.div(dx);
        if (id.isInf()) {
            // 1/dx overflowed (dx the smallest subnormals): the general path
            for (uint256 i = 0; i < 32; i++) {
                isum += clamp127(xs[i].mul(id).toInt32()) * qw[i];
            }
            return (dx, isum);
        }
        (, int256 eid, uint256 mid) = F32.unpack(id);
        for (uint256 i = 0; i < 32; i++) {
            isum += clamp127(mulToInt(xs[i], eid, mid)) * qw[i];
        }
    }

    function clamp127(int256 q) private pure returns (int256) {
        if (q < -127) return -127;
        if (q > 127) return 127;
        return q;
    }

    /// @notice mulToInt is F32.toInt32(F32.mul(x, y)) for a finite x and a
    /// finite, positive, nonzero y = mid * 2^eid (F32.unpack) whose product
    /// with x is below 2^31: the product rounded to 24 significant bits (ties
    /// to even), then to an integer (ties to even). A product under 1/4
    /// gives 0 whatever binary32 would round it to, so subnormal products
    /// need no care.
    function mulToInt(uint256 x, int256 eid, uint256 mid) private pure returns (int256) {
        unchecked {
            if (x & 0x7FFFFFFF == 0) return 0;
            (uint256 sign, int256 ex, uint256 mx) = F32.unpack(x);
            uint256 p = mx * mid; // in [2^46, 2^48)
            uint256 sh = p >> 47 != 0 ? 24 : 23; // to 24 significant bits
            uint256 keep = roundShift(p, sh);
            int256 e = ex + eid + int256(sh); // |x * y| rounded = keep * 2^e
            uint256 v;
            if (e >= 0) {
                v = e >= 8 ? 1 << 31 : keep << uint256(e); // saturates (clamped by the caller)
            } else if (e < -25) {
                v = 0; // keep <= 2^24, so under 1/2
            } else {
                v = roundShift(keep, uint256(-e));
            }
            return sign == 1 ? -int256(v) : int256(v);
        }
    }

    /// @notice roundShift is m / 2^s rounded to nearest, ties to even (s >= 1).
    function roundShift(uint256 m, uint256 s) private pure returns (uint256 v) {
        unchecked {
            v = m >> s;
            uint256 rem = m & ((uint256(1) << s) - 1);
            uint256 half = uint256(1) << (s - 1);
            if (rem > half || (rem == half && v & 1 == 1)) v++;
        }
    }
}
