// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice A tensor a disputed node reads, bound to a commitment. Model inputs
/// and node outputs are committed by their tensor root (leaves of 256 bytes);
/// constants by the model address (leaves of 1024 bytes), at offset `base`.
struct TensorRef {
    uint8 dtype;
    uint8 rank;
    uint32[4] shape;
    bytes32 root; // tensor root, or the model address for a constant
    uint64 length; // the tensor's bytes
    uint64 base; // byte offset of the tensor inside what root commits
    uint64 leafSize; // 256 for tensors, 1024 for the model file
    uint64 rootLength; // bytes root commits (tensor length, or model file length)
}

/// @notice The disputed node as the game bound it from the model address:
/// its op, attributes, operands and output, and its primitive step count.
struct NodeInfo {
    uint32 index;
    uint8 op;
    int64[] attrs;
    TensorRef[] ins;
    TensorRef out; // root unused: the output so far is in the step state
    uint64 steps;
}

/// @notice The machine state between two primitive steps of a node
/// (exec.StepState without the node index, which NodeInfo carries).
struct StepState {
    uint64 step;
    uint64[4] regs;
    bytes32 outRoot;
}

/// @notice One Merkle-proven leaf of an operand (src = input index) or of the
/// node's output so far (src = OUT).
struct Leaf {
    uint8 src;
    uint64 index;
    bytes data;
    bytes32[] siblings;
}

uint8 constant OUT = 255;

/// @notice IStepVerifier re-executes one primitive step from proven operands.
interface IStepVerifier {
    function step(NodeInfo calldata node, StepState calldata pre, Leaf[] calldata leaves)
        external
        view
        returns (StepState memory post);
}

/// @notice commitment is exec.StepState.Commitment: keccak256(u32 node ||
/// u64 step || 4 x u64 regs || outRoot), big endian.
function stepCommitment(uint32 node, StepState memory s) pure returns (bytes32) {
    return keccak256(
        abi.encodePacked(node, s.step, s.regs[0], s.regs[1], s.regs[2], s.regs[3], s.outRoot)
    );
}
