// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title IModelRegistry: the AI EVM's model registry, as callers see it.
/// @notice ModelRegistry is an L2 predeploy at `MODEL_REGISTRY` on AI EVM
/// chains. A model is identified by its address (the Merkle root of its
/// canonical file). Registration is permissionless and the first one wins; a
/// model becomes callable through the inference precompile (AILib) in the
/// block after its last chunk is published (`isAvailable`).
/// @dev `abi_test.go` checks that ModelRegistry's ABI is exactly this
/// interface's: every function, event and error, with the same types.
interface IModelRegistry {
    /// @notice A registered model's record (size 0 if unknown).
    struct Model {
        string cid;
        uint64 size;
        uint64 macs;
        uint64 floatOps;
        uint64 intOps;
        address registrant;
        uint64 registeredAt; // block number
    }

    /// @notice How a model's results are attested: the MiMC commitment to its
    /// weights, its Groth16 verifier, its input and output sizes in bytes.
    struct Attestation {
        uint256 commitment;
        address verifier;
        uint32 inputSize;
        uint32 outputSize;
    }

    /// @notice Emitted once per model when it is registered.
    event ModelRegistered(bytes32 indexed model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps, address registrant);
    /// @notice Emitted once per model when its attestation is recorded.
    event AttestationSet(bytes32 indexed model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize);
    /// @notice A chunk of a model's file, checked against the model address.
    event ChunkPublished(bytes32 indexed model, uint256 indexed index, bytes data);
    /// @notice Every chunk of the model is in; it is callable from the next block.
    event ModelAvailable(bytes32 indexed model, uint256 chunks);

    error AlreadyRegistered(bytes32 model);
    error BadChunk(bytes32 model, uint256 index, string reason);
    error NotRegistrant(bytes32 model);
    error InvalidModel(string reason);

    /// @notice Leaf size of the model Merkle tree, in bytes (1024).
    function LEAF_SIZE() external view returns (uint256);
    /// @notice Height of a chunk's subtree (6: 64 leaves, 64 KiB).
    function CHUNK_HEIGHT() external view returns (uint256);
    /// @notice The largest model file that can be registered (256 MiB).
    function MAX_MODEL_SIZE() external view returns (uint64);

    /// @notice Records a model (permissionless; the first registration wins).
    function register(bytes32 model, string calldata cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps) external;
    /// @notice Records, once, how a model's results are attested (its registrant only).
    function setAttestation(bytes32 model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize) external;
    /// @notice Publishes chunk `index` of a registered model's file, checked
    /// against the model address with `proof` (sibling hashes up to the root).
    function publish(bytes32 model, uint64 size, uint256 index, bytes calldata data, bytes32[] calldata proof) external;

    /// @notice A model's attestation record (verifier 0 if none).
    function attestationOf(bytes32 model) external view returns (Attestation memory);
    /// @notice Whether a model is registered (it may not be callable yet).
    function isRegistered(bytes32 model) external view returns (bool);
    /// @notice Whether the inference precompile runs the model in this block.
    function isAvailable(bytes32 model) external view returns (bool);
    /// @notice A model's publication: chunks in all, chunks published, the
    /// block in which the last came in (0 while incomplete).
    function publication(bytes32 model) external view returns (uint256 chunks, uint256 published, uint256 completedAt);
    /// @notice The block in which chunk `index` of a model was first published (0: not yet).
    function chunkPublishedAt(bytes32 model, uint256 index) external view returns (uint256);
    /// @notice The chunk layout of a model file of `size` bytes.
    function chunkLayout(uint64 size) external pure returns (uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight);
    /// @notice A registered model's record (size 0 if unknown).
    function get(bytes32 model) external view returns (Model memory);
    /// @notice How many models are registered.
    function count() external view returns (uint256);
    /// @notice The i-th registered model address, in registration order.
    function modelAt(uint256 i) external view returns (bytes32);
}

// ModelRegistry's predeploy address on AI EVM chains.
IModelRegistry constant MODEL_REGISTRY = IModelRegistry(0x42000000000000000000000000000000000000a1);
