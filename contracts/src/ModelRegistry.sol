// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title ModelRegistry: which models the AI EVM can call, and where to get them.
/// @notice An L2 predeploy. A model is identified by its address (the Merkle
/// root of its canonical file); the registry records its IPFS CID, size and
/// cost header so nodes can prefetch it and price calls. Registration is
/// permissionless and permanent; the first registration of an address wins.
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

    // Storage order matters: the precompile reads `models` at slot 0.
    mapping(bytes32 => Model) private models;
    bytes32[] private addresses;
    mapping(bytes32 => Attestation) private attestations;

    /// @notice Emitted once per model; nodes watch it to prefetch models.
    event ModelRegistered(bytes32 indexed model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps, address registrant);

    /// @notice Emitted once per model when its attestation is recorded.
    event AttestationSet(bytes32 indexed model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize);

    error AlreadyRegistered(bytes32 model);
    error NotRegistrant(bytes32 model);
    error InvalidModel(string reason);

    /// @notice Records a model. Nodes verify the CID's content hashes to `model`.
    function register(bytes32 model, string calldata cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps) external {
        if (model == bytes32(0)) revert InvalidModel("zero address");
        if (bytes(cid).length == 0 || bytes(cid).length > 128) revert InvalidModel("cid length");
        if (size == 0) revert InvalidModel("zero size");
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

    /// @notice Whether a model may be called.
    function isRegistered(bytes32 model) external view returns (bool) {
        return models[model].size != 0;
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
