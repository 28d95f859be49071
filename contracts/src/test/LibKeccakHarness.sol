// SPDX-License-Identifier: MIT
pragma solidity ^0.8.13;

import { LibKeccak } from "../lib/LibKeccak.sol";

/// @title LibKeccakHarness
/// @notice Test-only contract exposing `LibKeccak` through external calls, so that an EVM test can
///         compare it with a reference Keccak-256 implementation and measure gas.
contract LibKeccakHarness {
    /// @notice keccak256 of calldata bytes via `pad` + (absorb, permutation) per block + `squeeze`.
    function hash(bytes calldata _data) external pure returns (bytes32) {
        return _sponge(LibKeccak.pad(_data));
    }

    /// @notice Same as `hash`, but pads with `padMemory`.
    function hashMemory(bytes memory _data) external pure returns (bytes32) {
        return _sponge(LibKeccak.padMemory(_data));
    }

    /// @notice Returns `LibKeccak.pad(_data)` so the padding itself can be checked.
    function pad(bytes calldata _data) external pure returns (bytes memory) {
        return LibKeccak.pad(_data);
    }

    /// @notice Returns `LibKeccak.padMemory(_data)` so the padding itself can be checked.
    function padMemory(bytes memory _data) external pure returns (bytes memory) {
        return LibKeccak.padMemory(_data);
    }

    /// @notice Applies one Keccak-f[1600] permutation to `_state`.
    function permute(uint64[25] memory _state) external pure returns (uint64[25] memory) {
        LibKeccak.StateMatrix memory m = LibKeccak.StateMatrix(_state);
        LibKeccak.permutation(m);
        return m.state;
    }

    /// @notice Mirrors `PreimageOracle.challengeLPP`: absorbs `_input` into an ABI-decoded state, permutes,
    ///         and returns the new state with its commitment `keccak256(abi.encode(state))`.
    function absorbPermute(
        LibKeccak.StateMatrix memory _stateMatrix,
        bytes calldata _input
    )
        external
        pure
        returns (LibKeccak.StateMatrix memory, bytes32 commitment_)
    {
        LibKeccak.absorb(_stateMatrix, _input);
        LibKeccak.permutation(_stateMatrix);
        commitment_ = keccak256(abi.encode(_stateMatrix));
        return (_stateMatrix, commitment_);
    }

    /// @notice Returns `LibKeccak.squeeze` of a given state.
    function squeeze(LibKeccak.StateMatrix memory _stateMatrix) external pure returns (bytes32) {
        return LibKeccak.squeeze(_stateMatrix);
    }

    /// @dev Absorbs and permutes each 136-byte block of `_padded`, then squeezes. Each block is copied
    ///      into one reusable 136-byte buffer because `absorb` takes a whole `bytes` block.
    function _sponge(bytes memory _padded) private pure returns (bytes32) {
        LibKeccak.StateMatrix memory m;
        bytes memory blk = new bytes(LibKeccak.BLOCK_SIZE_BYTES);
        for (uint256 off = 0; off < _padded.length; off += LibKeccak.BLOCK_SIZE_BYTES) {
            assembly ("memory-safe") {
                let src := add(add(_padded, 0x20), off)
                let dst := add(blk, 0x20)
                mstore(dst, mload(src))
                mstore(add(dst, 0x20), mload(add(src, 0x20)))
                mstore(add(dst, 0x40), mload(add(src, 0x40)))
                mstore(add(dst, 0x60), mload(add(src, 0x60)))
                // Writes 24 bytes past the 136-byte block, into the word `new bytes` rounded up to.
                mstore(add(dst, 0x80), mload(add(src, 0x80)))
            }
            LibKeccak.absorb(m, blk);
            LibKeccak.permutation(m);
        }
        return LibKeccak.squeeze(m);
    }
}
