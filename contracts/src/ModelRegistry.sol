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

    mapping(bytes32 => Model) private models;
    bytes32[] private addresses;

    /// @notice Emitted once per model; nodes watch it to prefetch models.
    event ModelRegistered(bytes32 indexed model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps, address registrant);

    error AlreadyRegistered(bytes32 model);
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
