// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {AILib} from "../AILib.sol";

/// @title Completion: greedy text generation across transactions.
/// @notice Runs a generation model (a llama model converted with
/// `aievm model convert --generate`): each call takes the tokens so far as
/// little-endian int32, right-padded with token 0 to the model's SEQ
/// positions, then the position of the last one, and returns the next
/// token. A completion is started with a tokenized prompt; `step` appends
/// up to n tokens a transaction, fewer when the gas left would not pay for
/// another call (it stops early rather than run out of gas and lose the
/// tokens it made), until the end token, the asked number of tokens, or a
/// full context. Anyone may step any completion: every step is the model's
/// deterministic output.
contract Completion {
    /// @notice Why a completion ended (0 while it runs).
    uint8 public constant RUNNING = 0;
    uint8 public constant MAX_TOKENS = 1;
    uint8 public constant END_OF_TEXT = 2;
    uint8 public constant CONTEXT_FULL = 3;

    bytes32 public immutable model;
    /// @notice Positions of the model: the longest prompt plus completion is SEQ + 1 tokens.
    uint256 public immutable seq;
    /// @notice The model's vocabulary: prompts with an id at or past it are refused.
    uint32 public immutable vocab;
    /// @notice The end token, never appended.
    uint32 public immutable eos;
    /// @dev Gas kept back after a step's calls for its storage and events.
    uint256 private constant RESERVE = 100_000;

    struct Job {
        uint32 promptLength;
        uint32 maxTokens;
        uint8 stop;
        uint32[] tokens; // prompt, then completion
    }

    mapping(uint256 => Job) private jobs;
    uint256 public count;

    event Started(uint256 indexed id, address indexed owner, uint32[] prompt, uint32 maxTokens);
    event Token(uint256 indexed id, uint256 index, uint32 token);
    /// @dev Constant cost (a count, not the tokens: `completion` and the
    /// Token events have them), so that finishing fits step's RESERVE at any length.
    event Finished(uint256 indexed id, uint8 stop, uint256 tokens);

    /// @param seq_ and vocab_ must be the model's (`aievm model inspect`): with
    /// another seq_ every call's input size is refused.
    constructor(bytes32 model_, uint256 seq_, uint32 vocab_, uint32 eos_) {
        require(seq_ > 0 && seq_ <= 4096, "Completion: seq out of range");
        require(vocab_ > 0 && vocab_ <= uint32(type(int32).max), "Completion: vocab out of range");
        model = model_;
        seq = seq_;
        vocab = vocab_;
        eos = eos_;
    }

    /// @notice Starts a completion of `prompt` (token ids) of up to `maxTokens` tokens.
    function start(uint32[] calldata prompt, uint32 maxTokens) external returns (uint256 id) {
        require(prompt.length > 0 && prompt.length <= seq, "Completion: prompt must be 1 to seq tokens");
        require(maxTokens > 0, "Completion: maxTokens must be positive");
        for (uint256 i = 0; i < prompt.length; i++) {
            require(prompt[i] < vocab, "Completion: token id past the vocabulary");
        }
        id = count++;
        Job storage j = jobs[id];
        j.promptLength = uint32(prompt.length);
        j.maxTokens = maxTokens;
        j.tokens = prompt;
        emit Started(id, msg.sender, prompt, maxTokens);
    }

    /// @notice Generates up to `n` tokens of completion `id`; returns how many it appended.
    /// After the first call, it stops when the gas left would not pay for
    /// another like the last (with the 1/64 a call keeps back, EIP-150) plus
    /// RESERVE. The transaction needs at least the precompile's price x 64/63
    /// plus this contract's own gas for one token.
    function step(uint256 id, uint256 n) external returns (uint256 appended) {
        require(id < count, "Completion: no such completion");
        Job storage j = jobs[id];
        require(j.stop == RUNNING, "Completion: finished");
        bytes memory buf = input(j.tokens); // updated in place as tokens come
        uint256 length = j.tokens.length;
        uint256 callGas;
        for (; appended < n && j.stop == RUNNING; appended++) {
            if (appended > 0 && gasleft() < callGas + callGas / 63 + RESERVE) {
                break;
            }
            uint256 before = gasleft();
            uint32 next = _next(buf);
            callGas = before - gasleft();
            if (next == eos) {
                _finish(id, j, END_OF_TEXT);
                break;
            }
            j.tokens.push(next);
            uint256 generated = ++length - j.promptLength;
            emit Token(id, generated - 1, next);
            if (generated == j.maxTokens) {
                _finish(id, j, MAX_TOKENS);
            } else if (length > seq) {
                _finish(id, j, CONTEXT_FULL);
            } else {
                _putLE32(buf, 4 * (length - 1), next);
                _putLE32(buf, 4 * seq, uint32(length - 1));
            }
        }
    }

    /// @notice The completion's tokens so far (without the prompt) and why it stopped (0: running).
    function completion(uint256 id) external view returns (uint32[] memory tokens, uint8 stop) {
        require(id < count, "Completion: no such completion");
        Job storage j = jobs[id];
        tokens = new uint32[](j.tokens.length - j.promptLength);
        for (uint256 i = 0; i < tokens.length; i++) {
            tokens[i] = j.tokens[j.promptLength + i];
        }
        stop = j.stop;
    }

    /// @notice The input bytes of one call for `tokens` (exposed for clients and tests).
    function input(uint32[] memory tokens) public view returns (bytes memory b) {
        require(tokens.length > 0 && tokens.length <= seq, "Completion: 1 to seq tokens");
        b = new bytes(4 * (seq + 1));
        for (uint256 i = 0; i < tokens.length; i++) {
            _putLE32(b, 4 * i, tokens[i]);
        }
        _putLE32(b, 4 * seq, uint32(tokens.length - 1));
    }

    function _next(bytes memory in_) private view returns (uint32) {
        bytes memory out = AILib.inference(model, in_, 4);
        return uint32(uint8(out[0])) | (uint32(uint8(out[1])) << 8) | (uint32(uint8(out[2])) << 16)
            | (uint32(uint8(out[3])) << 24);
    }

    function _finish(uint256 id, Job storage j, uint8 why) private {
        j.stop = why;
        emit Finished(id, why, j.tokens.length - j.promptLength);
    }

    function _putLE32(bytes memory b, uint256 offset, uint32 v) private pure {
        b[offset] = bytes1(uint8(v));
        b[offset + 1] = bytes1(uint8(v >> 8));
        b[offset + 2] = bytes1(uint8(v >> 16));
        b[offset + 3] = bytes1(uint8(v >> 24));
    }
}
