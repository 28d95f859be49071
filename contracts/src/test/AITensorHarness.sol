// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AITensor} from "../AITensor.sol";

/// @title AITensorHarness
/// @notice Test-only contract exposing `AITensor` through external calls, so
///         that Go tests can check it against Go's float32 and math/big.
contract AITensorHarness {
    function int8At(bytes memory t, uint256 i) external pure returns (int8) {
        return AITensor.int8At(t, i);
    }

    function f32At(bytes memory t, uint256 i) external pure returns (uint32) {
        return AITensor.f32At(t, i);
    }

    function f32Length(bytes memory t) external pure returns (uint256) {
        return AITensor.f32Length(t);
    }

    function f32ToFixed(uint32 bits, uint8 decimals) external pure returns (int256) {
        return AITensor.f32ToFixed(bits, decimals);
    }

    function argmaxF32(bytes memory t) external pure returns (uint256) {
        return AITensor.argmaxF32(t);
    }

    function argmaxI8(bytes memory t) external pure returns (uint256) {
        return AITensor.argmaxI8(t);
    }

    function encodeF32(uint32[] memory bits) external pure returns (bytes memory) {
        return AITensor.encodeF32(bits);
    }

    function encodeI8(int8[] memory values) external pure returns (bytes memory) {
        return AITensor.encodeI8(values);
    }
}
