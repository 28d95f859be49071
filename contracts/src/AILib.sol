// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AILib: call a model from a contract (AI EVM inference precompiles).
/// @notice Wire compatible with Axonum's AILib: the precompile at 0xa1 takes
/// modelAddress (32 bytes) || outputSize (uint256) || input, the inline ONNX
/// precompile at 0xa0 takes model length (uint256) || input length (uint256)
/// || ONNX bytes || input; both return uint256 length || output. Input and
/// output are the model's tensors' canonical little-endian bytes (see
/// `aievm model inspect`).
library AILib {
    /// @dev The inference precompile (models registered and published on chain).
    address internal constant INFERENCE = address(0xa1);
    /// @dev The inline ONNX precompile (the model travels in the call).
    address internal constant ONNX_INFERENCE = address(0xa0);

    /// @notice Runs `modelAddress` on `input`, expecting `outputSize` bytes out.
    /// Reverts with the precompile's reason (unregistered or unavailable model,
    /// size mismatch, input out of range) when the call fails. The call
    /// forwards all but 1/64 of the gas left (EIP-150): a transaction needs
    /// the model's price x 64/63, plus its own gas, or the call runs out.
    function inference(bytes32 modelAddress, bytes memory input, uint256 outputSize)
        internal
        view
        returns (bytes memory)
    {
        return call(INFERENCE, abi.encodePacked(modelAddress, outputSize, input), outputSize);
    }

    /// @notice Converts ONNX bytes `model` in the call (a fixed rule: the
    /// model carries its quantization, or runs in binary32; see the README)
    /// and runs it on `input`, expecting `outputSize` bytes out. Reverts with
    /// the precompile's reason (a model it cannot convert, size mismatch).
    function onnxInference(bytes memory model, bytes memory input, uint256 outputSize)
        internal
        view
        returns (bytes memory)
    {
        return call(ONNX_INFERENCE, abi.encodePacked(model.length, input.length, model, input), outputSize);
    }

    function call(address precompile, bytes memory data, uint256 outputSize) private view returns (bytes memory output) {
        (bool ok, bytes memory ret) = precompile.staticcall(data);
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret)) // bubble the precompile's Error(string)
            }
        }
        // A call to an address without code succeeds with no output: no precompile here.
        require(ret.length >= 32, "AILib: no inference precompile");
        uint256 n;
        assembly {
            n := mload(add(ret, 32))
        }
        require(n == outputSize && ret.length == 32 + n, "AILib: malformed precompile output");
        // The output's length word is the precompile's own length prefix: no copy.
        assembly {
            output := add(ret, 32)
        }
    }
}
