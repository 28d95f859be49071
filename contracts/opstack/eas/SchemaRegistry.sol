// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

// The SchemaRegistry predeploy of OP's L2 genesis, built from npm's
// @ethereum-attestation-service/eas-contracts (see EAS.sol here for why).

import { SchemaRegistry as SchemaRegistryBase } from "lib/eas/contracts/SchemaRegistry.sol";

/// @title SchemaRegistry
/// @notice The EAS schema registry at its OP predeploy.
contract SchemaRegistry is SchemaRegistryBase { }
