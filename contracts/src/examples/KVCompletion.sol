// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24; // mcopy (Cancun)

import {AILib} from "../AILib.sol";

/// @title KVCompletion: greedy text generation with a KV-cache chain.
/// @notice Runs a llama model converted with `aievm model convert
/// --kv-positions P`: stage models, each holding some of the layers, called
/// one after another for each position. A stage computes that position's
/// row only and reads the earlier positions' keys and values from a cache
/// passed in its input; it returns its new key and value rows, which this
/// contract writes into the cache. The caches live in memory for one
/// transaction, so a token costs one position's work instead of the whole
/// sequence's (Completion.sol), and the tokens are the same (the chain is
/// bit for bit the generation model at each position).
///
/// Stage i's input is x (token int32 for the first stage, else the previous
/// stage's hidden row of DIM float32), pos (int32), then its cache of
/// 2·L·P rows of KV_WIDTH float32 (layer l's keys at rows [2l·P, 2l·P+P),
/// its values at [(2l+1)·P, (2l+2)·P)); its output is the hidden row (the
/// last stage: the next token, int32), then 2·L rows: each layer's new key,
/// then new value. All little endian.
///
/// A completion is started with a tokenized prompt; `step` rebuilds the
/// caches from the tokens so far (one position's work each), then appends
/// up to n tokens, fewer when the gas left would not pay for another
/// position (it stops early rather than run out of gas and lose its
/// tokens), until the end token, the asked number of tokens, or a full
/// context. Anyone may step any completion.
///
/// Cost: a step runs (tokens so far − 1 + tokens made) positions, so the
/// cheapest use is one step making the whole completion. A step's least
/// gas grows with the completion: once (tokens so far) × a position's
/// price × 64/63 passes the block gas limit, the completion can no longer
/// be stepped. Deploy with POSITIONS such that POSITIONS × the price fits
/// the chain's limit (SmolLM2-135M: ~46M a position, so 10 positions in
/// OP's largest block of 500M), or use Completion.sol, whose step needs one
/// call's price at any length.
///
/// Nothing on chain tells the stages' order: the models and layer counts
/// given to the constructor must be the converter's, in its order
/// (`aievm model convert --kv-positions` prints them); stages swapped in
/// the list run without error and give wrong tokens.
contract KVCompletion {
    /// @notice Why a completion ended (0 while it runs).
    uint8 public constant RUNNING = 0;
    uint8 public constant MAX_TOKENS = 1;
    uint8 public constant END_OF_TEXT = 2;
    uint8 public constant CONTEXT_FULL = 3;
    /// @notice Bounds on the chain's shape, so that its buffers fit in memory.
    uint256 public constant MAX_STAGES = 64;
    uint256 public constant MAX_POSITIONS = 4096;
    uint256 public constant MAX_WIDTH = 1 << 16;

    /// @notice Positions of the caches: the longest prompt plus completion is POSITIONS + 1 tokens.
    uint256 public immutable positions;
    /// @notice Floats of the hidden row passed between stages.
    uint256 public immutable dim;
    /// @notice Floats of a cache row (kv heads × head size).
    uint256 public immutable kvWidth;
    /// @notice The model's vocabulary: prompts with an id at or past it are refused.
    uint32 public immutable vocab;
    /// @notice The end token, never appended.
    uint32 public immutable eos;
    /// @dev Gas kept back after a step's calls for its storage and events.
    uint256 private constant RESERVE = 100_000;

    bytes32[] private stageModels;
    uint256[] private stageLayers;

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
    event Finished(uint256 indexed id, uint8 stop, uint256 tokens);

    /// @param models_ the stages' model addresses in order, and layers_ their
    /// layer counts; positions_, dim_, kvWidth_ and vocab_ must be the
    /// chain's (`aievm model inspect` of each stage): with others every
    /// call's input or output size is refused.
    constructor(
        bytes32[] memory models_,
        uint256[] memory layers_,
        uint256 positions_,
        uint256 dim_,
        uint256 kvWidth_,
        uint32 vocab_,
        uint32 eos_
    ) {
        require(models_.length > 0 && models_.length <= MAX_STAGES, "KVCompletion: 1 to MAX_STAGES stages");
        require(layers_.length == models_.length, "KVCompletion: a layer count per stage");
        require(positions_ > 0 && positions_ <= MAX_POSITIONS, "KVCompletion: positions out of range");
        require(dim_ > 0 && dim_ <= MAX_WIDTH && kvWidth_ > 0 && kvWidth_ <= MAX_WIDTH, "KVCompletion: width out of range");
        require(vocab_ > 0 && vocab_ <= uint32(type(int32).max), "KVCompletion: vocab out of range");
        for (uint256 i = 0; i < layers_.length; i++) {
            require(layers_[i] > 0 && layers_[i] <= 256, "KVCompletion: 1 to 256 layers a stage");
        }
        stageModels = models_;
        stageLayers = layers_;
        positions = positions_;
        dim = dim_;
        kvWidth = kvWidth_;
        vocab = vocab_;
        eos = eos_;
    }

    /// @notice Starts a completion of `prompt` (token ids) of up to `maxTokens` tokens.
    function start(uint32[] calldata prompt, uint32 maxTokens) external returns (uint256 id) {
        require(prompt.length > 0 && prompt.length <= positions, "KVCompletion: prompt must be 1 to positions tokens");
        require(maxTokens > 0, "KVCompletion: maxTokens must be positive");
        for (uint256 i = 0; i < prompt.length; i++) {
            require(prompt[i] < vocab, "KVCompletion: token id past the vocabulary");
        }
        id = count++;
        Job storage j = jobs[id];
        j.promptLength = uint32(prompt.length);
        j.maxTokens = maxTokens;
        j.tokens = prompt;
        emit Started(id, msg.sender, prompt, maxTokens);
    }

    /// @notice Generates up to `n` tokens of completion `id`; returns how many it appended.
    /// It first runs the tokens so far but the last through the chain to
    /// fill the caches (the transaction must pay for these), then one
    /// position per token; after the first token, it stops when the gas
    /// left would not pay for another position like the last (with the 1/64
    /// each call keeps back, EIP-150) plus RESERVE.
    function step(uint256 id, uint256 n) external returns (uint256 appended) {
        require(id < count, "KVCompletion: no such completion");
        Job storage j = jobs[id];
        require(j.stop == RUNNING, "KVCompletion: finished");
        (bytes[] memory calls, bytes[] memory outs) = _buffers();
        uint256 length = j.tokens.length;
        for (uint256 p = 0; p + 1 < length; p++) {
            _position(calls, outs, j.tokens[p], p);
        }
        uint256 positionGas;
        for (; appended < n && j.stop == RUNNING; appended++) {
            if (appended > 0 && gasleft() < positionGas + positionGas / 63 + RESERVE) {
                break;
            }
            uint256 before = gasleft();
            uint32 tok = _position(calls, outs, j.tokens[length - 1], length - 1);
            positionGas = before - gasleft();
            if (tok == eos) {
                _finish(id, j, END_OF_TEXT);
                break;
            }
            j.tokens.push(tok);
            uint256 made = ++length - j.promptLength;
            emit Token(id, made - 1, tok);
            if (made == j.maxTokens) {
                _finish(id, j, MAX_TOKENS);
            } else if (length > positions) {
                _finish(id, j, CONTEXT_FULL);
            }
        }
    }

    /// @notice The completion's tokens so far (without the prompt) and why it stopped (0: running).
    function generated(uint256 id) external view returns (uint32[] memory tokens, uint8 stop) {
        require(id < count, "KVCompletion: no such completion");
        Job storage j = jobs[id];
        tokens = new uint32[](j.tokens.length - j.promptLength);
        for (uint256 i = 0; i < tokens.length; i++) {
            tokens[i] = j.tokens[j.promptLength + i];
        }
        stop = j.stop;
    }

    /// @notice The stages' model addresses and layer counts.
    function stages() external view returns (bytes32[] memory models, uint256[] memory layers) {
        return (stageModels, stageLayers);
    }

    /// @notice The next token after `tokens` (a view for clients and tests:
    /// a position's price for each token, nothing stored; an eth_call of
    /// many positions can pass a node's RPC gas cap).
    function nextToken(uint32[] calldata tokens) external view returns (uint32 token) {
        require(tokens.length > 0 && tokens.length <= positions, "KVCompletion: 1 to positions tokens");
        (bytes[] memory calls, bytes[] memory outs) = _buffers();
        for (uint256 p = 0; p < tokens.length; p++) {
            require(tokens[p] < vocab, "KVCompletion: token id past the vocabulary");
            token = _position(calls, outs, tokens[p], p);
        }
    }

    /// @dev Each stage's call to the precompile, built once and updated in
    /// place (a fresh copy a call would grow memory, and its quadratic
    /// price, with every position): model address, output size, then the
    /// input: x, pos, the cache (zeroed). And each stage's output buffer.
    function _buffers() private view returns (bytes[] memory calls, bytes[] memory outs) {
        uint256 stages_ = stageModels.length;
        calls = new bytes[](stages_);
        outs = new bytes[](stages_);
        for (uint256 i = 0; i < stages_; i++) {
            uint256 outBytes = _yBytes(i) + 8 * stageLayers[i] * kvWidth;
            bytes memory c = new bytes(HEAD + _xBytes(i) + 4 + 8 * stageLayers[i] * positions * kvWidth);
            bytes32 m = stageModels[i];
            assembly {
                mstore(add(c, 32), m)
                mstore(add(c, 64), outBytes)
            }
            calls[i] = c;
            outs[i] = new bytes(outBytes);
        }
    }

    /// @dev Bytes of the precompile's call before the input: model address and output size.
    uint256 private constant HEAD = 64;

    function _xBytes(uint256 stage) private view returns (uint256) {
        return stage == 0 ? 4 : 4 * dim;
    }

    function _yBytes(uint256 stage) private view returns (uint256) {
        return stage == stageModels.length - 1 ? 4 : 4 * dim;
    }

    /// @dev Runs position `pos` with token `tok` through every stage, writing
    /// each stage's new key and value rows into its cache, and returns the
    /// next token.
    function _position(bytes[] memory calls, bytes[] memory outs, uint32 tok, uint256 pos)
        private
        view
        returns (uint32)
    {
        uint256 last = calls.length - 1;
        uint256 rowBytes = 4 * kvWidth;
        _putLE32(calls[0], HEAD, tok);
        for (uint256 i = 0; i <= last; i++) {
            bytes memory c = calls[i];
            bytes memory out = outs[i];
            uint256 x = HEAD + _xBytes(i); // where pos is; the cache follows
            _putLE32(c, x, uint32(pos));
            _infer(c, out);
            uint256 y = _yBytes(i);
            // Row r of kv (layer r/2's key or value) goes to cache row r·P + pos.
            for (uint256 r = 0; r < 2 * stageLayers[i]; r++) {
                _copy(out, y + r * rowBytes, c, x + 4 + (r * positions + pos) * rowBytes, rowBytes);
            }
            if (i < last) {
                _copy(out, 0, calls[i + 1], HEAD, y);
            } else {
                return uint32(uint8(out[0])) | (uint32(uint8(out[1])) << 8) | (uint32(uint8(out[2])) << 16)
                    | (uint32(uint8(out[3])) << 24);
            }
        }
        revert("KVCompletion: unreachable");
    }

    /// @dev Calls the inference precompile with `c` (AILib's wire format:
    /// model, output size, input) and copies its output into `out`, whose
    /// length is the output size; bubbles the precompile's revert reason.
    function _infer(bytes memory c, bytes memory out) private view {
        address precompile = AILib.INFERENCE;
        bool ok;
        uint256 size;
        assembly {
            ok := staticcall(gas(), precompile, add(c, 32), mload(c), 0, 0)
            size := returndatasize()
        }
        if (!ok) {
            assembly {
                let p := mload(0x40)
                returndatacopy(p, 0, size)
                revert(p, size)
            }
        }
        require(size == 32 + out.length, "KVCompletion: no inference precompile, or a malformed output");
        uint256 n;
        assembly {
            returndatacopy(0, 0, 32)
            n := mload(0)
            returndatacopy(add(out, 32), 32, mload(out))
        }
        require(n == out.length, "KVCompletion: malformed precompile output");
    }

    function _finish(uint256 id, Job storage j, uint8 why) private {
        j.stop = why;
        emit Finished(id, why, j.tokens.length - j.promptLength);
    }

    /// @dev Copies n bytes of src from offset s to dst at offset d (both within bounds).
    function _copy(bytes memory src, uint256 s, bytes memory dst, uint256 d, uint256 n) private pure {
        require(s + n <= src.length && d + n <= dst.length, "KVCompletion: copy out of bounds");
        assembly {
            mcopy(add(add(dst, 32), d), add(add(src, 32), s), n)
        }
    }

    function _putLE32(bytes memory b, uint256 offset, uint32 v) private pure {
        b[offset] = bytes1(uint8(v));
        b[offset + 1] = bytes1(uint8(v >> 8));
        b[offset + 2] = bytes1(uint8(v >> 16));
        b[offset + 3] = bytes1(uint8(v >> 24));
    }
}
