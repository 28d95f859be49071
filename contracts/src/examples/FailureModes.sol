// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AILib} from "../AILib.sol";

/// @title FailureModes: exercises every way an inference call can fail and
/// returns the revert reason the caller sees.
contract FailureModes {
    function attempt(bytes32 model, bytes calldata input, uint256 outputSize) external view returns (bool ok, string memory reason) {
        try this.run(model, input, outputSize) {
            return (true, "");
        } catch Error(string memory r) {
            return (false, r);
        } catch (bytes memory) {
            return (false, "no reason");
        }
    }

    function run(bytes32 model, bytes calldata input, uint256 outputSize) external view returns (bytes memory) {
        return AILib.inference(model, input, outputSize);
    }
}
