// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AILib} from "../AILib.sol";

/// @title Classifier: the demo. Runs a model on an input, stores and emits
/// the output in the same transaction.
contract Classifier {
    bytes public lastOutput;
    bytes32 public lastModel;
    uint256 public calls;

    event Inference(bytes32 indexed model, bytes input, uint256 outputSize, bytes output);

    function inference(bytes32 model, bytes calldata input, uint256 outputSize) external returns (bytes memory output) {
        output = AILib.inference(model, input, outputSize);
        lastOutput = output;
        lastModel = model;
        calls++;
        emit Inference(model, input, outputSize, output);
    }

    /// @notice The same call without a transaction (eth_call).
    function predict(bytes32 model, bytes calldata input, uint256 outputSize) external view returns (bytes memory) {
        return AILib.inference(model, input, outputSize);
    }

    /// @notice Runs an ONNX model carried in the call (the inline precompile,
    /// as Axonum's examples call it), storing and emitting the output; the
    /// event's model is the keccak256 of the ONNX bytes.
    function inferenceOnnx(bytes calldata model, bytes calldata input, uint256 outputSize) external returns (bytes memory output) {
        output = AILib.onnxInference(model, input, outputSize);
        bytes32 id = keccak256(model);
        lastOutput = output;
        lastModel = id;
        calls++;
        emit Inference(id, input, outputSize, output);
    }

    /// @notice inferenceOnnx without a transaction (eth_call).
    function predictOnnx(bytes calldata model, bytes calldata input, uint256 outputSize) external view returns (bytes memory) {
        return AILib.onnxInference(model, input, outputSize);
    }
}
