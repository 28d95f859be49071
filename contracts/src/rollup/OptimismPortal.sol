// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title OptimismPortal: the L1 entry point for deposits into the AI EVM rollup.
/// @notice Emits OP Stack's `TransactionDeposited` event (version 0) with the
/// same opaque data layout, so the unmodified op-node derives each call as a
/// deposit transaction on L2. ETH sent with a deposit is locked here and
/// minted on L2. Withdrawals are not supported yet (see op-node-ext/README.md).
contract OptimismPortal {
    /// @notice OP Stack's deposit event; op-node filters on it by address.
    event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData);

    /// @notice The deposit event's opaque data version.
    uint256 public constant DEPOSIT_VERSION = 0;
    /// @notice Gas that deposits of one L1 block may buy on L2 in total, so
    /// that every L1 block's deposits fit in one L2 block.
    uint64 public constant MAX_RESOURCE_LIMIT = 20_000_000;
    /// @notice Largest calldata of one deposit.
    uint256 public constant MAX_DATA = 120_000;

    uint256 public depositBlock;
    uint64 public depositGasInBlock;

    error BadDeposit(string reason);

    /// @notice The gas a deposit must at least buy for its calldata.
    function minimumGasLimit(uint64 byteCount) public pure returns (uint64) {
        return byteCount * 40 + 21000;
    }

    /// @notice Deposits a transaction to L2: from the sender (aliased when the
    /// sender is a contract), to `to`, with `value` wei of the attached ETH.
    function depositTransaction(address to, uint256 value, uint64 gasLimit, bool isCreation, bytes memory data) public payable {
        if (isCreation && to != address(0)) revert BadDeposit("creation must target address(0)");
        if (data.length > MAX_DATA) revert BadDeposit("calldata too large");
        if (gasLimit < minimumGasLimit(uint64(data.length))) revert BadDeposit("gas limit too small");
        if (block.number != depositBlock) {
            depositBlock = block.number;
            depositGasInBlock = 0;
        }
        if (uint256(depositGasInBlock) + gasLimit > MAX_RESOURCE_LIMIT) revert BadDeposit("L1 block deposit gas exhausted");
        depositGasInBlock += gasLimit;

        address from = msg.sender;
        if (msg.sender != tx.origin) {
            unchecked {
                from = address(uint160(msg.sender) + uint160(0x1111000000000000000000000000000000001111));
            }
        }
        bytes memory opaqueData = abi.encodePacked(msg.value, value, gasLimit, isCreation, data);
        emit TransactionDeposited(from, to, DEPOSIT_VERSION, opaqueData);
    }

    /// @notice Plain ETH sent here is deposited to the sender on L2.
    receive() external payable {
        depositTransaction(msg.sender, msg.value, 100_000, false, bytes(""));
    }
}
