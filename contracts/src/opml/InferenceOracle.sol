// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Merkle} from "./Merkle.sol";
import {Graph} from "./Graph.sol";
import {TensorRef, NodeInfo, StepState, Leaf, IStepVerifier, stepCommitment} from "./StepTypes.sol";
import {ModelReader, FileProof, Binding, BindCtx} from "./ModelReader.sol";

/// @title InferenceOracle: an opML inference oracle on L1 with its dispute game.
/// @notice Anyone proposes `model(input) = output` with a bond and the root of
/// the list of the run's per-node output roots (the trace root). During the
/// challenge window anyone may challenge with a bond. A game bisects first over
/// the graph's nodes (prefix states S_k: the list root with nodes k.. zeroed),
/// then, bound to the disputed node by its model-proven description, over that
/// node's primitive steps, down to one step that a step verifier re-executes
/// from Merkle-proven operands. The proposer posts midpoints, the challenger
/// agrees or disagrees; each has a chess clock; a party whose clock runs out
/// loses; the winner takes the loser's bond. Finalized results are readable by
/// any contract with resultOf.
contract InferenceOracle {
    enum Status {
        None,
        Pending,
        Accepted,
        Rejected
    }

    struct Claim {
        address proposer;
        bytes32 model;
        bytes32 inputHash;
        bytes32 outputHash;
        bytes32 traceRoot;
        uint64 nodes;
        uint64 inputLength; // what proveOutput checks against the model: the input itself is not sent again
        uint64 deadline;
        Status status;
        uint32 openGames;
        uint256 bond;
        bytes output;
    }

    enum Phase {
        None,
        Nodes, // bisection over the node list; proposer binds the disputed node at the end
        Steps, // bisection over the node's steps; either party runs the last one
        Done
    }

    struct Game {
        uint256 claim;
        address challenger;
        Phase phase;
        bool challengerTurn;
        bool posted; // the proposer posted mid and waits for the vote
        uint64 lo;
        uint64 hi;
        uint32 node;
        uint64 turnStart;
        uint64[2] used; // seconds on each clock: [proposer, challenger]
        bytes32 loHash;
        bytes32 hiHash;
        bytes32 midHash;
        bytes32 infoHash;
        address winner;
        uint256 bond;
    }

    uint256 public immutable proposeBond;
    uint256 public immutable challengeBond;
    uint64 public immutable window;
    uint64 public immutable clock;
    IStepVerifier public immutable stepsInt;
    IStepVerifier public immutable stepsFloat;
    IStepVerifier public immutable stepsMat;
    ModelReader public immutable reader;

    Claim[] internal claims;
    Game[] internal games;
    mapping(bytes32 => uint256) public accepted; // keccak(model, inputHash) -> claim id + 1
    mapping(bytes32 => uint256) public fees; // keccak(model, inputHash) -> fees of requests

    event Requested(bytes32 indexed key, bytes32 indexed model, bytes input, uint256 fee);
    event Proposed(
        uint256 indexed claim, address indexed proposer, bytes32 indexed model, bytes input, bytes output, bytes32 traceRoot, uint64 nodes
    );
    event Challenged(uint256 indexed claim, uint256 indexed game, address indexed challenger);
    event Posted(uint256 indexed game, uint8 phase, uint64 mid, bytes32 root);
    event Voted(uint256 indexed game, bool agree, uint64 lo, uint64 hi);
    event Bound(uint256 indexed game, uint32 node, uint64 steps, bytes32 infoHash);
    event Resolved(uint256 indexed game, address indexed winner, string reason);
    event Finalized(uint256 indexed claim, Status status);

    error WrongBond(uint256 sent, uint256 want);
    error NotParty();
    error NotYourTurn();
    error WrongPhase();
    error WindowClosed();
    error WindowOpen();
    error GamesOpen();
    error BadInput();
    error BadBinding(string why);
    error NoTimeout();
    error OutOfTime();
    error NotPending();

    constructor(
        uint256 proposeBond_,
        uint256 challengeBond_,
        uint64 window_,
        uint64 clock_,
        IStepVerifier stepsInt_,
        IStepVerifier stepsFloat_,
        IStepVerifier stepsMat_,
        ModelReader reader_
    ) {
        proposeBond = proposeBond_;
        challengeBond = challengeBond_;
        window = window_;
        clock = clock_;
        stepsInt = stepsInt_;
        stepsFloat = stepsFloat_;
        stepsMat = stepsMat_;
        reader = reader_;
    }

    // ---- requests, claims and results ----

    /// @notice request asks for model(input); the fee goes to the proposer of
    /// the result that is accepted.
    function request(bytes32 model, bytes calldata input) external payable returns (bytes32 key) {
        key = keccak256(abi.encodePacked(model, keccak256(input)));
        fees[key] += msg.value;
        emit Requested(key, model, input, msg.value);
    }

    /// @notice propose claims model(input) = output, committing to the run's trace root.
    function propose(bytes32 model, bytes calldata input, bytes calldata output, bytes32 traceRoot, uint64 nodes)
        external
        payable
        returns (uint256 id)
    {
        if (msg.value != proposeBond) revert WrongBond(msg.value, proposeBond);
        if (nodes == 0) revert BadInput();
        id = claims.length;
        claims.push(
            Claim({
                proposer: msg.sender,
                model: model,
                inputHash: keccak256(input),
                outputHash: keccak256(output),
                traceRoot: traceRoot,
                nodes: nodes,
                inputLength: uint64(input.length),
                deadline: uint64(block.timestamp) + window,
                status: Status.Pending,
                openGames: 0,
                bond: msg.value,
                output: output
            })
        );
        emit Proposed(id, msg.sender, model, input, output, traceRoot, nodes);
    }

    /// @notice finalize accepts an unchallenged (or successfully defended)
    /// claim after its window and pays the proposer its bond and the fees.
    function finalize(uint256 id) external {
        Claim storage c = claims[id];
        if (c.status != Status.Pending) revert NotPending();
        if (block.timestamp < c.deadline) revert WindowOpen();
        if (c.openGames != 0) revert GamesOpen();
        c.status = Status.Accepted;
        bytes32 key = keccak256(abi.encodePacked(c.model, c.inputHash));
        if (accepted[key] == 0) accepted[key] = id + 1;
        uint256 pay = c.bond + fees[key];
        fees[key] = 0;
        c.bond = 0;
        emit Finalized(id, Status.Accepted);
        pay_(c.proposer, pay);
    }

    /// @notice resultOf returns the accepted output of model(input), if any.
    function resultOf(bytes32 model, bytes calldata input) external view returns (bool ok, bytes memory output) {
        uint256 id = accepted[keccak256(abi.encodePacked(model, keccak256(input)))];
        if (id == 0) return (false, "");
        return (true, claims[id - 1].output);
    }

    function claimCount() external view returns (uint256) {
        return claims.length;
    }

    function gameCount() external view returns (uint256) {
        return games.length;
    }

    function getClaim(uint256 id) external view returns (Claim memory) {
        return claims[id];
    }

    function getGame(uint256 id) external view returns (Game memory) {
        return games[id];
    }

    // ---- the game ----

    /// @notice challenge opens a game against a pending claim.
    function challenge(uint256 id) external payable returns (uint256 g) {
        Claim storage c = claims[id];
        if (c.status != Status.Pending) revert NotPending();
        if (block.timestamp >= c.deadline) revert WindowClosed();
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        c.openGames++;
        g = games.length;
        Game storage x = games.push();
        x.claim = id;
        x.challenger = msg.sender;
        x.phase = Phase.Nodes;
        x.lo = 0;
        x.hi = c.nodes;
        x.loHash = Merkle.zeroRoot(uint256(c.nodes) * 32, 32);
        x.hiHash = c.traceRoot;
        x.turnStart = uint64(block.timestamp);
        x.bond = msg.value;
        emit Challenged(id, g, msg.sender);
    }

    function startMove(Game storage x, bool challengerMoves) private {
        if (x.phase != Phase.Nodes && x.phase != Phase.Steps) revert WrongPhase();
        address who = challengerMoves ? x.challenger : claims[x.claim].proposer;
        if (msg.sender != who) revert NotParty();
        if (x.challengerTurn != challengerMoves) revert NotYourTurn();
        uint64 used = x.used[challengerMoves ? 1 : 0] + uint64(block.timestamp) - x.turnStart;
        if (used > clock) revert OutOfTime();
        x.used[challengerMoves ? 1 : 0] = used;
        x.turnStart = uint64(block.timestamp);
    }

    /// @notice onTurnOutOfTime: the party on turn has used more than its clock
    /// (the game is lost by it: only timeout may end it).
    function onTurnOutOfTime(Game storage x) private view returns (bool) {
        return x.used[x.challengerTurn ? 1 : 0] + uint64(block.timestamp) - x.turnStart > clock;
    }

    /// @notice post is the proposer's state at the midpoint of the disputed range.
    function post(uint256 g, bytes32 root) external {
        Game storage x = games[g];
        startMove(x, false);
        if (x.hi - x.lo < 2 || x.posted) revert WrongPhase();
        x.midHash = root;
        x.posted = true;
        x.challengerTurn = true;
        emit Posted(g, uint8(x.phase), (x.lo + x.hi) / 2, root);
    }

    /// @notice vote is the challenger's verdict on the posted midpoint.
    function vote(uint256 g, bool agree) external {
        Game storage x = games[g];
        startMove(x, true);
        uint64 mid = (x.lo + x.hi) / 2;
        if (agree) {
            x.lo = mid;
            x.loHash = x.midHash;
        } else {
            x.hi = mid;
            x.hiHash = x.midHash;
        }
        x.posted = false;
        x.challengerTurn = false;
        emit Voted(g, agree, x.lo, x.hi);
    }

    /// @notice bind ends phase 1: the proposer shows that S_hi adds exactly
    /// the disputed node's root to S_lo, and the node's description is read
    /// from the model file, binding phase 2 to both.
    function bind(uint256 g, Binding calldata b) external {
        Game storage x = games[g];
        startMove(x, false);
        if (x.phase != Phase.Nodes || x.hi - x.lo != 1) revert WrongPhase();
        Claim storage c = claims[x.claim];
        uint256 i = x.lo;
        uint256 listLen = uint256(c.nodes) * 32;
        if (!Merkle.check(x.loHash, listLen, 32, i, new bytes(32), b.outProof)) revert BadBinding("S_lo leaf not empty");
        if (Merkle.replace(listLen, 32, i, abi.encodePacked(b.outRoot), b.outProof) != x.hiHash) {
            revert BadBinding("S_hi is not S_lo plus one node");
        }
        NodeInfo memory info = reader.bindNode(b, BindCtx(i, x.loHash, listLen, c.model, c.inputHash), c.nodes);
        x.node = uint32(i);
        x.infoHash = keccak256(abi.encode(info));
        x.phase = Phase.Steps;
        x.lo = 0;
        x.hi = info.steps;
        x.loHash = stepCommitment(uint32(i), StepState(0, [uint64(0), 0, 0, 0], Merkle.zeroRoot(info.out.length, 256)));
        x.hiHash = stepCommitment(uint32(i), StepState(info.steps, b.endRegs, b.outRoot));
        emit Bound(g, uint32(i), info.steps, x.infoHash);
    }

    /// @notice step runs the last disputed step: the proposer wins if the
    /// verifier's state after it is the proposer's, the challenger otherwise.
    function step(uint256 g, NodeInfo calldata info, StepState calldata pre, Leaf[] calldata leaves) external {
        Game storage x = games[g];
        Claim storage c = claims[x.claim];
        if (msg.sender != x.challenger && msg.sender != c.proposer) revert NotParty();
        if (x.phase != Phase.Steps || x.hi - x.lo != 1) revert WrongPhase();
        if (onTurnOutOfTime(x)) revert OutOfTime();
        if (keccak256(abi.encode(info)) != x.infoHash) revert BadBinding("node info");
        if (pre.step != x.lo || stepCommitment(x.node, pre) != x.loHash) revert BadBinding("pre-state");
        StepState memory post_ = verifierOf(info.op).step(info, pre, leaves);
        bool proposerRight = stepCommitment(x.node, post_) == x.hiHash;
        resolve(g, !proposerRight, proposerRight ? "step verified" : "step refuted");
    }

    /// @notice proveOutput lets the challenger show at once that the claimed
    /// output is not what the proposer's own trace commits to (or that input or
    /// output have the wrong size for the model). It takes the input's length
    /// from the claim, not the input: a proposer's input of any size must not
    /// make the refutation a transaction too large for L1 (a misfit input
    /// can be as large as propose's own transaction).
    function proveOutput(uint256 g, FileProof calldata p, uint256 k, bytes32[] calldata proof) external {
        Game storage x = games[g];
        Claim storage c = claims[x.claim];
        if (msg.sender != x.challenger) revert NotParty();
        if (x.phase != Phase.Nodes && x.phase != Phase.Steps) revert WrongPhase();
        if (onTurnOutOfTime(x)) revert OutOfTime();
        (bool fit, uint256 node, bytes32 want) = reader.checkOutput(c.model, p, c.inputLength, c.output, c.nodes, k);
        if (!fit) {
            resolve(g, true, "input, output or node count do not fit the model");
            return;
        }
        // proof[0] is the root the proposer's trace has at the output node.
        Merkle.verify(c.traceRoot, uint256(c.nodes) * 32, 32, node, abi.encodePacked(proof[0]), proof[1:]);
        if (proof[0] == want) revert BadInput();
        resolve(g, true, "output differs from the trace");
    }

    /// @notice timeout ends a game whose party on turn ran out of clock.
    function timeout(uint256 g) external {
        Game storage x = games[g];
        if (x.phase != Phase.Nodes && x.phase != Phase.Steps) revert WrongPhase();
        if (!onTurnOutOfTime(x)) revert NoTimeout();
        resolve(g, !x.challengerTurn, "clock");
    }

    /// @notice verifierOf is the one-step verifier of an engine op.
    function verifierOf(uint8 op) public view returns (IStepVerifier) {
        if (op == Graph.MATMUL || op == Graph.ROPE || op == Graph.ATTENTION) return stepsMat;
        if (op >= Graph.EMBEDDING && op != Graph.RESHAPE && op != Graph.QAVGPOOL2D) return stepsFloat;
        return stepsInt;
    }

    function resolve(uint256 g, bool challengerWins, string memory reason) private {
        Game storage x = games[g];
        Claim storage c = claims[x.claim];
        x.phase = Phase.Done;
        c.openGames--;
        uint256 pay = x.bond;
        x.bond = 0;
        if (challengerWins) {
            x.winner = x.challenger;
            if (c.status == Status.Pending) {
                c.status = Status.Rejected;
                pay += c.bond;
                c.bond = 0;
                emit Finalized(x.claim, Status.Rejected);
            }
        } else {
            x.winner = c.proposer;
        }
        emit Resolved(g, x.winner, reason);
        pay_(x.winner, pay);
    }

    function pay_(address to, uint256 amount) private {
        (bool ok,) = payable(to).call{value: amount}("");
        require(ok, "payment failed");
    }
}
