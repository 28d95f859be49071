// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Compiled with the tests: the precompile's stand-in, placed at 0xa1.
import {MockInference} from "@aievm/contracts/src/testing/MockInference.sol";
