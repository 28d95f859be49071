// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title L2OutputOracle: L2 output roots proposed on L1.
/// @notice The proposer posts the output root of an L2 block (OP's version-0
/// output: keccak(version, stateRoot, messagePasserStorageRoot, blockHash)).
/// Anyone can recompute it from a verifier node and compare. Disputes come
/// with the fault-proof work.
contract L2OutputOracle {
    struct OutputProposal {
        bytes32 outputRoot;
        uint128 timestamp; // L1 time of the proposal
        uint128 l2BlockNumber;
    }

    /// @notice The only account allowed to propose.
    address public immutable proposer;
    /// @notice L2 time of block 0 and seconds per L2 block: an output may
    /// only be proposed for an L2 block whose time has passed.
    uint256 public immutable startingTimestamp;
    uint256 public immutable l2BlockTime;

    OutputProposal[] internal outputs;

    event OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp);

    error NotProposer();
    error BadProposal(string reason);

    constructor(address proposer_, uint256 startingTimestamp_, uint256 l2BlockTime_) {
        require(l2BlockTime_ > 0, "l2BlockTime is zero");
        proposer = proposer_;
        startingTimestamp = startingTimestamp_;
        l2BlockTime = l2BlockTime_;
    }

    /// @notice Records the output root of L2 block `l2BlockNumber`.
    function proposeL2Output(bytes32 outputRoot, uint256 l2BlockNumber) external {
        if (msg.sender != proposer) revert NotProposer();
        if (outputRoot == bytes32(0)) revert BadProposal("zero output root");
        if (outputs.length > 0 && l2BlockNumber <= outputs[outputs.length - 1].l2BlockNumber) revert BadProposal("block not after the latest output");
        if (startingTimestamp + l2BlockNumber * l2BlockTime >= block.timestamp) revert BadProposal("block is in the future");
        emit OutputProposed(outputRoot, outputs.length, l2BlockNumber, block.timestamp);
        outputs.push(OutputProposal(outputRoot, uint128(block.timestamp), uint128(l2BlockNumber)));
    }

    /// @notice Number of outputs proposed.
    function nextOutputIndex() external view returns (uint256) {
        return outputs.length;
    }

    /// @notice The L2 block of the latest output, or 0 when there is none.
    function latestBlockNumber() external view returns (uint256) {
        return outputs.length == 0 ? 0 : outputs[outputs.length - 1].l2BlockNumber;
    }

    /// @notice Output number `index`.
    function getL2Output(uint256 index) external view returns (OutputProposal memory) {
        require(index < outputs.length, "no such output");
        return outputs[index];
    }
}
