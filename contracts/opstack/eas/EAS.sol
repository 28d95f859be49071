// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

// The EAS predeploy of OP's L2 genesis. OP vendors EAS into
// contracts-bedrock/src/vendor/eas, which the optimism Go module does not
// carry; this builds it from npm's @ethereum-attestation-service/eas-contracts
// instead (tools/package.json). L2Genesis deploys it with no constructor
// arguments, so the schema registry is fixed to its predeploy, as in OP's copy.

import { EAS as EASBase } from "lib/eas/contracts/EAS.sol";
import { ISchemaRegistry } from "lib/eas/contracts/ISchemaRegistry.sol";
import { Predeploys } from "src/libraries/Predeploys.sol";

/// @title EAS
/// @notice The Ethereum Attestation Service at its OP predeploy, reading
///         schemas from the SchemaRegistry predeploy.
contract EAS is EASBase {
    constructor() EASBase(ISchemaRegistry(Predeploys.SCHEMA_REGISTRY)) { }
}
