// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title MockInference: the inference precompile's stand-in for tests.
/// @notice Place its runtime code at 0xa1 on a test chain that has no AI EVM
/// precompile, set the outputs the test expects, and contracts using AILib
/// run unchanged:
///
/// Foundry:
///     vm.etch(address(0xa1), type(MockInference).runtimeCode);
///     MockInference(address(0xa1)).setOutput(model, input, output);
/// Hardhat:
///     await network.provider.send("hardhat_setCode", ["0x00000000000000000000000000000000000000a1", code]);
/// with `code` the deployed bytecode: the package's
/// `abi/MockInference.runtime.hex`, or the artifact's `deployedBytecode`.
///
/// Code placed that way starts with empty storage and no constructor run,
/// so the mock keeps nothing but what the setters write. Like the precompile,
/// it answers `modelAddress (32 bytes) || outputSize (uint256) || input` with
/// `uint256 length || output`, and reverts with an Error(string) reason that
/// AILib bubbles: the one set by `setRevert`, none set ("MockInference: no
/// output set ..."), or a size mismatch (the precompile's "inference: output
/// size does not match the model: ..."). AILib calls it with STATICCALL: the
/// answering path reads storage only. It does not check input sizes, price
/// gas like the precompile, or run any model.
///
/// A model address whose first four bytes are the selector of one of the
/// functions below would be dispatched to that function, not answered: pick
/// another made-up model address in tests (the chance for a real one is
/// about 1 in 2^30).
contract MockInference {
    struct Answer {
        bool set;
        bytes output;
    }

    /// Output for one (model, input), by keccak256(model || input).
    mapping(bytes32 => Answer) private exact;
    /// Output for any other input of a model.
    mapping(bytes32 => Answer) private fallbackOf;
    /// Revert reason for every call to a model (empty: none).
    mapping(bytes32 => string) private failure;

    /// @notice The answer to `model` on exactly `input`.
    function setOutput(bytes32 model, bytes calldata input, bytes calldata output) external {
        exact[keccak256(abi.encodePacked(model, input))] = Answer(true, output);
    }

    /// @notice The answer to `model` on any input without its own output.
    function setDefault(bytes32 model, bytes calldata output) external {
        fallbackOf[model] = Answer(true, output);
    }

    /// @notice Makes every call to `model` revert with Error(reason), as the
    /// precompile does for an unregistered model ("inference: model not
    /// registered in ModelRegistry") or bad input; an empty reason clears it.
    function setRevert(bytes32 model, string calldata reason) external {
        failure[model] = reason;
    }

    /// @notice The output a call to `model` on `input` gets: whether one is
    /// set, and its bytes.
    function outputOf(bytes32 model, bytes calldata input) external view returns (bool set, bytes memory output) {
        Answer storage a = answer(model, input);
        return (a.set, a.output);
    }

    /// @notice The precompile's wire format. Reads storage only.
    fallback(bytes calldata call) external returns (bytes memory) {
        if (call.length < 64) revert("inference: input shorter than 64 bytes (model address, output size)");
        bytes32 model = bytes32(call[0:32]);
        uint256 outputSize = uint256(bytes32(call[32:64]));
        string storage reason = failure[model];
        if (bytes(reason).length != 0) revert(reason);
        Answer storage a = answer(model, call[64:]);
        if (!a.set) {
            revert(string.concat("MockInference: no output set for model ", hex32(model), " (input of ", decimal(call.length - 64), " bytes)"));
        }
        bytes memory output = a.output;
        if (output.length != outputSize) {
            revert(string.concat("inference: output size does not match the model: ", decimal(outputSize), " bytes asked, MockInference gives ", decimal(output.length)));
        }
        return abi.encodePacked(output.length, output);
    }

    function answer(bytes32 model, bytes calldata input) private view returns (Answer storage a) {
        a = exact[keccak256(abi.encodePacked(model, input))];
        if (!a.set) a = fallbackOf[model];
    }

    function hex32(bytes32 v) private pure returns (string memory) {
        bytes memory s = new bytes(66);
        s[0] = "0";
        s[1] = "x";
        for (uint256 i = 0; i < 32; i++) {
            s[2 + 2 * i] = hexDigit(uint8(v[i]) >> 4);
            s[3 + 2 * i] = hexDigit(uint8(v[i]) & 15);
        }
        return string(s);
    }

    function hexDigit(uint8 d) private pure returns (bytes1) {
        return bytes1(d < 10 ? 48 + d : 87 + d);
    }

    function decimal(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        uint256 n;
        for (uint256 w = v; w != 0; w /= 10) n++;
        bytes memory s = new bytes(n);
        for (; v != 0; v /= 10) s[--n] = bytes1(uint8(48 + (v % 10)));
        return string(s);
    }
}
