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
        uint256 amax = 0;
        for (uint256 i = 0; i < 32; i++) {
            amax = amax.max(xs[i].abs());
        }
        dx = amax.div(0x42FE0000); // 127
        if (dx == 0 || dx.isNaN() || dx.isInf()) return (dx.canonical(), 0);
        uint256 id = F32.ONE.div(dx);
        for (uint256 i = 0; i < 32; i++) {
            int256 q = xs[i].mul(id).toInt32();
            if (q < -127) q = -127;
            if (q > 127) q = 127;
            isum += q * qw[i];
        }
    }
}
