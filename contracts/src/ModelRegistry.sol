// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ModelRegistry: which models the AI EVM can call, and where to get them.
/// @notice An L2 predeploy. A model is identified by its address (the Merkle
/// root of its canonical file); the registry records its IPFS CID, size and
/// cost header. Registration is permissionless and permanent; the first
/// registration of an address wins.
///
/// Registration alone does not make a model callable: availability does. The
/// model's bytes are published through the chain itself, in chunks that are
/// aligned subtrees of its Merkle tree (CHUNK_LEAVES leaves of LEAF_SIZE
/// bytes), each checked here against the model address. The chunk bytes go
/// out in ChunkPublished logs, so every node that derives the chain from L1
/// can rebuild the model with no peer at all. Once every chunk is in, the
/// model is available from the next block on; the inference precompile
/// reverts with "not yet available" before that, on every node alike.
/// Anyone may publish (whoever publishes pays), in any order, over any
/// number of transactions; publishing a chunk again changes nothing.
contract ModelRegistry {
    struct Model {
        string cid;
        uint64 size;
        uint64 macs;
        uint64 floatOps;
        uint64 intOps;
        address registrant;
        uint64 registeredAt; // block number
    }

    /// @notice How a model's results are attested (package attest): the MiMC
    /// commitment to its weights, the Groth16 verifier exported for its
    /// circuit, and its input and output sizes in bytes.
    struct Attestation {
        uint256 commitment;
        address verifier;
        uint32 inputSize;
        uint32 outputSize;
    }

    /// @notice How far a model's publication has come: chunks published and
    /// the block in which the last one came in (0 while incomplete).
    struct Availability {
        uint64 published;
        uint64 completedAt;
    }

    /// @notice Leaf size of the model Merkle tree (opml/merkle ModelLeafSize).
    uint256 public constant LEAF_SIZE = 1024;
    /// @notice Height of a chunk's subtree: a chunk is 2^6 = 64 leaves (64 KiB),
    /// small enough for one transaction, or the whole tree if it is smaller.
    uint256 public constant CHUNK_HEIGHT = 6;
    /// @notice The largest model file that can be registered (a consensus
    /// bound: every node must be able to hold and run any callable model).
    uint64 public constant MAX_MODEL_SIZE = 256 << 20;

    // Storage order matters: the inference precompile reads `models` at slot
    // 0 and `availability` at slot 3, and nodes read `chunkAt` at slot 4
    // (geth-fork/precompile, model-da/onchain).
    mapping(bytes32 => Model) private models;
    bytes32[] private addresses;
    mapping(bytes32 => Attestation) private attestations;
    mapping(bytes32 => Availability) private availability;
    /// Block number in which each chunk was first published (0: not yet).
    mapping(bytes32 => mapping(uint256 => uint256)) private chunkAt;

    /// @notice Emitted once per model; nodes watch it to prefetch models.
    event ModelRegistered(bytes32 indexed model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps, address registrant);

    /// @notice Emitted once per model when its attestation is recorded.
    event AttestationSet(bytes32 indexed model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize);

    /// @notice A chunk of a model's file, checked against the model address.
    /// Nodes rebuild the model from these logs.
    event ChunkPublished(bytes32 indexed model, uint256 indexed index, bytes data);

    /// @notice Every chunk of the model is in; it is callable from the next block.
    event ModelAvailable(bytes32 indexed model, uint256 chunks);

    error AlreadyRegistered(bytes32 model);
    error BadChunk(bytes32 model, uint256 index, string reason);
    error NotRegistrant(bytes32 model);
    error InvalidModel(string reason);

    /// @notice Records a model. Nodes verify the CID's content hashes to `model`.
    function register(bytes32 model, string calldata cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps) external {
        if (model == bytes32(0)) revert InvalidModel("zero address");
        if (bytes(cid).length == 0 || bytes(cid).length > 128) revert InvalidModel("cid length");
        if (size == 0) revert InvalidModel("zero size");
        if (size > MAX_MODEL_SIZE) revert InvalidModel("larger than MAX_MODEL_SIZE");
        if (models[model].size != 0) revert AlreadyRegistered(model);
        models[model] = Model(cid, size, macs, floatOps, intOps, msg.sender, uint64(block.number));
        addresses.push(model);
        emit ModelRegistered(model, cid, size, macs, floatOps, intOps, msg.sender);
    }

    /// @notice Records, once, how a registered model's results are attested;
    /// only its registrant may. The verifier must be a deployed contract.
    function setAttestation(bytes32 model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize) external {
        Model storage m = models[model];
        if (m.size == 0) revert InvalidModel("not registered");
        if (m.registrant != msg.sender) revert NotRegistrant(model);
        if (attestations[model].verifier != address(0)) revert AlreadyRegistered(model);
        if (verifier.code.length == 0) revert InvalidModel("verifier has no code");
        if (commitment == 0 || inputSize == 0 || outputSize == 0) revert InvalidModel("empty attestation");
        attestations[model] = Attestation(commitment, verifier, inputSize, outputSize);
        emit AttestationSet(model, commitment, verifier, inputSize, outputSize);
    }

    /// @notice A model's attestation record (verifier 0 if none).
    function attestationOf(bytes32 model) external view returns (Attestation memory) {
        return attestations[model];
    }

    /// @notice Whether a model is registered (it may not be callable yet).
    function isRegistered(bytes32 model) external view returns (bool) {
        return models[model].size != 0;
    }

    /// @notice Whether the inference precompile runs the model in this block:
    /// every chunk was published in an earlier block.
    function isAvailable(bytes32 model) external view returns (bool) {
        uint64 done = availability[model].completedAt;
        return done != 0 && done < block.number;
    }

    /// @notice A model's publication: chunks in all, chunks published, the
    /// block in which the last came in (0 while incomplete).
    function publication(bytes32 model) external view returns (uint256 chunks, uint256 published, uint256 completedAt) {
        uint64 size = models[model].size;
        if (size == 0) return (0, 0, 0);
        (, , chunks, ) = chunkLayout(size);
        Availability memory a = availability[model];
        return (chunks, a.published, a.completedAt);
    }

    /// @notice The block in which chunk `index` of a model was first published (0: not yet).
    function chunkPublishedAt(bytes32 model, uint256 index) external view returns (uint256) {
        return chunkAt[model][index];
    }

    /// @notice The chunk layout of a model file of `size` bytes: the height of
    /// a chunk's subtree, its bytes, the number of chunks, the tree's height.
    function chunkLayout(uint64 size) public pure returns (uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight) {
        uint256 leaves = (uint256(size) + LEAF_SIZE - 1) / LEAF_SIZE;
        while ((uint256(1) << treeHeight) < leaves) treeHeight++;
        chunkHeight = treeHeight < CHUNK_HEIGHT ? treeHeight : CHUNK_HEIGHT;
        chunkBytes = LEAF_SIZE << chunkHeight;
        chunks = (uint256(size) + chunkBytes - 1) / chunkBytes;
    }

    /// @notice Publishes chunk `index` of a registered model: `data` is the
    /// file's bytes of that chunk (the last one may be short), `proof` the
    /// sibling hashes from the chunk's subtree root up to the tree root, `size`
    /// the file's length. It reverts unless the chunk hashes into the model
    /// address. The address binds the length, so a chunk that verifies proves
    /// the size: a registration with a wrong size (a front-runner's) is
    /// corrected by the first chunk instead of making the model unpublishable.
    /// A chunk already published is accepted again and changes nothing.
    function publish(bytes32 model, uint64 size, uint256 index, bytes calldata data, bytes32[] calldata proof) external {
        Model storage m = models[model];
        if (m.size == 0) revert BadChunk(model, index, "model not registered");
        if (size == 0 || size > MAX_MODEL_SIZE) revert BadChunk(model, index, "size out of range");
        uint256 chunks = checkChunk(model, size, index, data, proof);
        if (m.size != size) m.size = size; // proven by the chunk; no chunk can be in under another size
        if (chunkAt[model][index] != 0) return;
        chunkAt[model][index] = block.number;
        Availability storage a = availability[model];
        a.published++;
        emit ChunkPublished(model, index, data);
        if (a.published == chunks) {
            a.completedAt = uint64(block.number);
            emit ModelAvailable(model, chunks);
        }
    }

    /// @dev Reverts unless data is chunk `index` of a model file of `size`
    /// bytes with this address; returns the file's number of chunks.
    function checkChunk(bytes32 model, uint64 size, uint256 index, bytes calldata data, bytes32[] calldata proof) internal pure returns (uint256) {
        (uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight) = chunkLayout(size);
        if (index >= chunks) revert BadChunk(model, index, "index out of range");
        if (data.length != (index + 1 < chunks ? chunkBytes : size - index * chunkBytes)) revert BadChunk(model, index, "wrong length");
        if (proof.length != treeHeight - chunkHeight) revert BadChunk(model, index, "wrong proof length");
        bytes32 root = subtreeRoot(data, chunkHeight);
        for (uint256 i = 0; i < proof.length; i++) {
            root = (index >> i) & 1 == 0
                ? keccak256(abi.encodePacked(bytes1(0x01), root, proof[i]))
                : keccak256(abi.encodePacked(bytes1(0x01), proof[i], root));
        }
        if (keccak256(abi.encodePacked(bytes1(0x02), size, root)) != model) {
            revert BadChunk(model, index, "not in the model's Merkle tree");
        }
        return chunks;
    }

    /// @dev The root of the subtree of 2^height leaves over data, zero-padded
    /// as opml/merkle pads: a short leaf with zeros, missing leaves as the
    /// hash of an all-zero leaf.
    function subtreeRoot(bytes calldata data, uint256 height) internal pure returns (bytes32) {
        uint256 n = uint256(1) << height;
        bytes32[] memory level = new bytes32[](n);
        bytes32 zero;
        for (uint256 i = 0; i < n; i++) {
            uint256 lo = i * LEAF_SIZE;
            uint256 hi = lo + LEAF_SIZE;
            if (hi <= data.length) {
                level[i] = keccak256(abi.encodePacked(bytes1(0x00), data[lo:hi]));
            } else if (lo < data.length) {
                level[i] = keccak256(abi.encodePacked(bytes1(0x00), data[lo:], new bytes(hi - data.length)));
            } else {
                if (zero == bytes32(0)) zero = keccak256(abi.encodePacked(bytes1(0x00), new bytes(LEAF_SIZE)));
                level[i] = zero;
            }
        }
        for (uint256 w = n; w > 1; w >>= 1) {
            for (uint256 i = 0; i < w / 2; i++) {
                level[i] = keccak256(abi.encodePacked(bytes1(0x01), level[2 * i], level[2 * i + 1]));
            }
        }
        return level[0];
    }

    /// @notice A registered model's record (size 0 if unknown).
    function get(bytes32 model) external view returns (Model memory) {
        return models[model];
    }

    /// @notice How many models are registered.
    function count() external view returns (uint256) {
        return addresses.length;
    }

    /// @notice The i-th registered model address, in registration order.
    function modelAt(uint256 i) external view returns (bytes32) {
        return addresses[i];
    }
}
