// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AITensor: read and write the tensors the inference precompile
/// takes and returns.
/// @notice A model's input and output are its tensors' canonical bytes,
/// concatenated: little-endian values, row-major (`aievm model inspect`
/// prints the specs). int8 tensors are one byte a value; f32 tensors are four
/// bytes a value, IEEE 754 binary32, little-endian. Solidity has no floats:
/// f32 values come and go as their raw bits (`uint32`); `f32ToFixed` turns
/// them into fixed point. Indexes count values, not bytes. Every function
/// checks its bounds and reverts with an "AITensor: ..." reason.
library AITensor {
    uint32 private constant F32_SIGN = 0x80000000;
    uint32 private constant F32_ABS = 0x7fffffff;
    uint32 private constant F32_INF = 0x7f800000;

    /// @notice The int8 value at index `i` of an int8 tensor.
    function int8At(bytes memory t, uint256 i) internal pure returns (int8) {
        require(i < t.length, "AITensor: int8 index out of range");
        return int8(uint8(t[i]));
    }

    /// @notice The bits of the f32 value at index `i` (bytes 4i..4i+3) of an
    /// f32 tensor.
    function f32At(bytes memory t, uint256 i) internal pure returns (uint32 bits) {
        require(i < t.length / 4, "AITensor: f32 index out of range");
        uint256 w;
        assembly {
            w := mload(add(add(t, 32), mul(i, 4)))
        }
        // The value's bytes are the word's top four, least significant first.
        bits = uint32(w >> 248) | (uint32(uint8(w >> 240)) << 8) | (uint32(uint8(w >> 232)) << 16) | (uint32(uint8(w >> 224)) << 24);
    }

    /// @notice The number of f32 values in an f32 tensor.
    function f32Length(bytes memory t) internal pure returns (uint256) {
        require(t.length % 4 == 0, "AITensor: length not a multiple of 4");
        return t.length / 4;
    }

    /// @notice An f32 value as a fixed-point integer with `decimals` decimals:
    /// the exact value times 10^decimals, rounded toward zero (so 0.99999994
    /// with 2 decimals is 99, and -0.5 with 0 decimals is 0). Exact for every
    /// finite value, normal or subnormal; -0 gives 0.
    /// Reverts on NaN and infinities, on `decimals` above 77, and when the
    /// result does not fit an int256 (only with many decimals: any f32 fits
    /// with up to 38).
    function f32ToFixed(uint32 bits, uint8 decimals) internal pure returns (int256) {
        uint256 exp = (bits >> 23) & 0xff;
        uint256 mant = bits & 0x7fffff;
        if (exp == 0xff) revert(mant == 0 ? "AITensor: f32 is infinite" : "AITensor: f32 is NaN");
        require(decimals <= 77, "AITensor: more than 77 decimals");
        if (exp == 0 && mant == 0) return 0;
        // value = mant * 2^e, e = exp - 150 (normal, with the hidden bit) or -149 (subnormal).
        int256 e = -149;
        if (exp != 0) {
            mant |= 1 << 23;
            e = int256(exp) - 150;
        }
        // value * 10^d = mant * 5^d * 2^(e + d): mant * 5^d < 2^24 * 2^179, no overflow.
        uint256 m = mant * 5 ** uint256(decimals);
        int256 s = e + int256(uint256(decimals));
        uint256 mag;
        if (s >= 0) {
            require(s < 255 && m < uint256(1) << uint256(255 - s), "AITensor: f32 out of int256 range");
            mag = m << uint256(s);
        } else {
            mag = s <= -256 ? 0 : m >> uint256(-s);
        }
        return bits & F32_SIGN != 0 ? -int256(mag) : int256(mag);
    }

    /// @notice The index of the largest value of a non-empty f32 tensor (the
    /// first one on ties; -0 equals +0). Reverts on NaN.
    function argmaxF32(bytes memory t) internal pure returns (uint256 best) {
        uint256 n = f32Length(t);
        require(n != 0, "AITensor: empty tensor");
        int256 bestKey;
        for (uint256 i = 0; i < n; i++) {
            uint32 bits = f32At(t, i);
            require(bits & F32_ABS <= F32_INF, "AITensor: NaN in argmaxF32");
            // Sign and magnitude to an integer in the floats' order.
            int256 key = bits & F32_SIGN != 0 ? -int256(uint256(bits & F32_ABS)) : int256(uint256(bits));
            if (i == 0 || key > bestKey) {
                (best, bestKey) = (i, key);
            }
        }
    }

    /// @notice The index of the largest value of a non-empty int8 tensor (the
    /// first one on ties).
    function argmaxI8(bytes memory t) internal pure returns (uint256 best) {
        require(t.length != 0, "AITensor: empty tensor");
        int8 bestValue = int8(uint8(t[0]));
        for (uint256 i = 1; i < t.length; i++) {
            int8 v = int8(uint8(t[i]));
            if (v > bestValue) {
                (best, bestValue) = (i, v);
            }
        }
    }

    /// @notice An f32 tensor's bytes from its values' bits.
    function encodeF32(uint32[] memory bits) internal pure returns (bytes memory t) {
        t = new bytes(bits.length * 4);
        for (uint256 i = 0; i < bits.length; i++) {
            uint32 v = bits[i];
            t[4 * i] = bytes1(uint8(v));
            t[4 * i + 1] = bytes1(uint8(v >> 8));
            t[4 * i + 2] = bytes1(uint8(v >> 16));
            t[4 * i + 3] = bytes1(uint8(v >> 24));
        }
    }

    /// @notice An int8 tensor's bytes from its values.
    function encodeI8(int8[] memory values) internal pure returns (bytes memory t) {
        t = new bytes(values.length);
        for (uint256 i = 0; i < values.length; i++) {
            t[i] = bytes1(uint8(values[i]));
        }
    }
}
