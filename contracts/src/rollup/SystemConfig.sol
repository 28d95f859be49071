// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title SystemConfig: the rollup's L1 configuration account.
/// @notice op-node reads the unsafe block signer from this account's storage
/// (at OP's slot, with a Merkle proof), so the account must exist on L1. The
/// batcher, gas and fee parameters are fixed in the rollup config; updating
/// them (OP's ConfigUpdate events) is not supported yet.
contract SystemConfig {
    /// @notice OP's storage slot of the unsafe block signer.
    bytes32 public constant UNSAFE_BLOCK_SIGNER_SLOT = keccak256("systemconfig.unsafeblocksigner");

    /// @notice The batcher account named in the rollup config.
    address public immutable batcher;

    constructor(address unsafeBlockSigner_, address batcher_) {
        batcher = batcher_;
        bytes32 slot = UNSAFE_BLOCK_SIGNER_SLOT;
        assembly {
            sstore(slot, unsafeBlockSigner_)
        }
    }

    /// @notice The key that signs unsafe blocks gossiped by the sequencer.
    function unsafeBlockSigner() external view returns (address signer) {
        bytes32 slot = UNSAFE_BLOCK_SIGNER_SLOT;
        assembly {
            signer := sload(slot)
        }
    }
}
