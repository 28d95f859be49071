// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title AILib: call a model from a contract (AI EVM inference precompile).
/// @notice Wire compatible with Axonum's AILib: the precompile at 0xa1 takes
/// modelAddress (32 bytes) || outputSize (uint256) || input and returns
/// uint256 length || output. Input and output are the model's tensors'
/// canonical little-endian bytes (see `aievm model inspect`).
library AILib {
    /// @dev The inference precompile.
    address internal constant INFERENCE = address(0xa1);

    /// @notice Runs `modelAddress` on `input`, expecting `outputSize` bytes out.
    /// Reverts with the precompile's reason (unregistered or unavailable model,
    /// size mismatch, input out of range) when the call fails.
    function inference(bytes32 modelAddress, bytes memory input, uint256 outputSize)
        internal
        view
        returns (bytes memory output)
    {
        (bool ok, bytes memory ret) = INFERENCE.staticcall(abi.encodePacked(modelAddress, outputSize, input));
        if (!ok) {
            assembly {
                revert(add(ret, 32), mload(ret)) // bubble the precompile's Error(string)
            }
        }
        // A call to an address without code succeeds with no output: no precompile here.
        require(ret.length >= 32, "AILib: no inference precompile at 0xa1");
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
