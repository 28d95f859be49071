// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AILib} from "@aievm/contracts/src/AILib.sol";
import {AITensor} from "@aievm/contracts/src/AITensor.sol";

/// @title IrisClassifier: names an iris flower's species on chain with the
/// AI EVM's iris model.
/// @notice The model takes one f32[1,4] tensor (sepal length, sepal width,
/// petal length, petal width, in cm) and returns f32[1,3], the probabilities
/// of setosa, versicolor and virginica. Solidity has no floats: measurements
/// come in as their float32 bits, and the probability goes out in fixed
/// point with DECIMALS decimals.
contract IrisClassifier {
    /// @notice The model's output: 3 f32 values, 12 bytes.
    uint256 public constant OUTPUT_SIZE = 12;
    /// @notice Decimals of the probabilities returned (1e18 is 1).
    uint8 public constant DECIMALS = 18;

    /// @notice The iris model's address (the Merkle root of its file).
    bytes32 public immutable model;

    /// @notice One classification, in a transaction.
    event Classified(address indexed sender, uint32[4] measurements, uint256 species, int256 probability);

    constructor(bytes32 model_) {
        model = model_;
    }

    /// @notice The most probable species (0 setosa, 1 versicolor, 2
    /// virginica) and its probability, without a transaction. Reverts with
    /// the precompile's reason when the model cannot run.
    function predict(uint32[4] calldata measurements) public view returns (uint256 species, int256 probability) {
        uint32[] memory bits = new uint32[](4);
        for (uint256 i = 0; i < 4; i++) {
            bits[i] = measurements[i];
        }
        bytes memory probs = AILib.inference(model, AITensor.encodeF32(bits), OUTPUT_SIZE);
        species = AITensor.argmaxF32(probs);
        probability = AITensor.f32ToFixed(AITensor.f32At(probs, species), DECIMALS);
    }

    /// @notice predict in a transaction, with a Classified event.
    function classify(uint32[4] calldata measurements) external returns (uint256 species, int256 probability) {
        (species, probability) = predict(measurements);
        emit Classified(msg.sender, measurements, species, probability);
    }
}
