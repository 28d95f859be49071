// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {MiMC} from "./MiMC.sol";
import {ModelRegistry} from "../ModelRegistry.sol";

/// @notice The verifier gnark exports for a model's circuit (package attest).
/// It reverts unless the proof is valid for the two public inputs
/// [weights commitment, input/output hash].
interface IGroth16Verifier {
    function verifyProof(bytes calldata proof, uint256[2] calldata input) external view;
}

/// @notice Where the canonical result of model(input) can be read: the
/// opML InferenceOracle on L1, or the AI EVM's precompile on L2
/// (PrecompileResults).
interface IResultSource {
    function resultOf(bytes32 model, bytes calldata input) external view returns (bool ok, bytes memory output);
}

/// @title Settlement: attested inference paid in batches, ax0n-style.
/// @notice Nodes and validators stake to register. A user escrows a fee
/// (with a maximum) for model(input); a node runs it, proves it with
/// Groth16, gathers a quorum of validator signatures and settles results
/// in batches. Each fee is split 78% to the node, 12% evenly across the
/// validators that co-signed, and the rest (10% plus rounding dust) to the
/// treasury. A settled result that the result source contradicts slashes
/// the node's stake. Payouts accrue to balances withdrawn by their owners.
contract Settlement {
    uint256 public constant OPERATOR_BPS = 7800;
    uint256 public constant VALIDATORS_BPS = 1200;
    uint256 public constant BPS = 10000;

    enum Role {
        None,
        Node,
        Validator
    }

    struct Staker {
        Role role;
        uint64 unbondingAt; // 0 while active
        uint256 stake;
    }

    enum Status {
        None,
        Pending,
        Settled,
        Cancelled,
        Slashed
    }

    /// @dev Three slots at request time; settling rewrites two (no fresh
    /// storage per result).
    struct Request {
        address user;
        Status status;
        uint64 deadline;
        address node; // the settling node, once settled
        uint96 fee;
        bytes32 model;
        uint256 inputHash; // MiMC of the input, as the circuit hashes it
        bytes32 key; // keccak256(input) while pending; keccak256(keccak256(input), keccak256(output)) once settled
    }

    /// @notice One result of a batch: the request, its output, the proof in
    /// the verifier's format and the validators' signatures over
    /// resultDigest(request, keccak256(output)), ordered by signer address.
    struct Result {
        uint256 request;
        bytes output;
        bytes proof;
        bytes[] signatures;
    }

    ModelRegistry public immutable registry;
    IResultSource public immutable results;
    address public immutable treasury;
    uint256 public immutable minStake;
    uint64 public immutable unbondingDelay;
    uint64 public immutable requestTimeout;
    uint32 public immutable quorum;
    address public owner;

    mapping(address => Staker) public stakers;
    mapping(address => uint256) public balanceOf;
    mapping(bytes32 => uint256) public feeOf; // per model, in wei; 0: not offered
    Request[] internal requests;
    uint256 public escrowed; // fees of pending requests

    event Staked(address indexed who, Role role, uint256 stake);
    event UnbondingStarted(address indexed who, uint64 until);
    event Unstaked(address indexed who, uint256 amount);
    event Deposited(address indexed who, uint256 amount);
    event Withdrawn(address indexed who, uint256 amount);
    event FeeSet(bytes32 indexed model, uint256 fee);
    event Requested(uint256 indexed id, bytes32 indexed model, address indexed user, bytes input, uint256 fee);
    event Settled(uint256 indexed id, address indexed node, bytes output, uint256 operatorFee, uint256 validatorFee, uint256 treasuryFee);
    event Cancelled(uint256 indexed id);
    event Slashed(address indexed node, uint256 indexed request, uint256 amount, address reporter);

    // The error codes users of inference meshes know.
    error FeeExceeded(uint256 fee, uint256 maxFee);
    error ModelUnavailable(bytes32 model);
    error InsufficientBalance(uint256 balance, uint256 needed);
    error QuorumFailed(uint256 request, uint256 signers, uint256 quorum);
    // And this contract's own.
    error ProofInvalid(uint256 request);
    error NotStaked(address who);
    error StakeTooLow(uint256 stake, uint256 minStake);
    error WrongRole(Role role);
    error NotPending(uint256 request);
    error BadInput(string why);
    error TooEarly(uint64 until);
    error NotSlashable(string why);
    error NotOwner();
    error TransferFailed();

    constructor(
        ModelRegistry registry_,
        IResultSource results_,
        address treasury_,
        uint256 minStake_,
        uint64 unbondingDelay_,
        uint64 requestTimeout_,
        uint32 quorum_
    ) {
        if (quorum_ == 0 || treasury_ == address(0)) revert BadInput("quorum or treasury");
        registry = registry_;
        results = results_;
        treasury = treasury_;
        minStake = minStake_;
        unbondingDelay = unbondingDelay_;
        requestTimeout = requestTimeout_;
        quorum = quorum_;
        owner = msg.sender;
    }

    // ---- Staking ----

    /// @notice Stakes msg.value as a node or a validator (adding to an
    /// active stake of the same role).
    function stake(Role role) external payable {
        Staker storage s = stakers[msg.sender];
        if (role == Role.None || (s.role != Role.None && s.role != role)) revert WrongRole(role);
        if (s.unbondingAt != 0) revert TooEarly(s.unbondingAt);
        s.role = role;
        s.stake += msg.value;
        if (s.stake < minStake) revert StakeTooLow(s.stake, minStake);
        emit Staked(msg.sender, role, s.stake);
    }

    /// @notice Stops serving; the stake can be withdrawn after the unbonding
    /// delay, during which it can still be slashed.
    function unstake() external {
        Staker storage s = stakers[msg.sender];
        if (s.stake == 0 || s.unbondingAt != 0) revert NotStaked(msg.sender);
        s.unbondingAt = uint64(block.timestamp) + unbondingDelay;
        emit UnbondingStarted(msg.sender, s.unbondingAt);
    }

    /// @notice Withdraws an unbonded stake.
    function withdrawStake() external {
        Staker storage s = stakers[msg.sender];
        if (s.unbondingAt == 0) revert NotStaked(msg.sender);
        if (block.timestamp < s.unbondingAt) revert TooEarly(s.unbondingAt);
        uint256 amount = s.stake;
        delete stakers[msg.sender];
        emit Unstaked(msg.sender, amount);
        send(msg.sender, amount);
    }

    /// @notice Whether who is an active staker of role.
    function isActive(address who, Role role) public view returns (bool) {
        Staker storage s = stakers[who];
        return s.role == role && s.unbondingAt == 0 && s.stake >= minStake;
    }

    // ---- Balances ----

    function deposit() external payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        uint256 b = balanceOf[msg.sender];
        if (amount > b) revert InsufficientBalance(b, amount);
        balanceOf[msg.sender] = b - amount;
        emit Withdrawn(msg.sender, amount);
        send(msg.sender, amount);
    }

    /// @notice Sets the fee of an attestable model (0 withdraws the offer).
    function setFee(bytes32 model, uint256 fee) external {
        if (msg.sender != owner) revert NotOwner();
        if (registry.attestationOf(model).verifier == address(0)) revert ModelUnavailable(model);
        feeOf[model] = fee;
        emit FeeSet(model, fee);
    }

    // ---- Requests ----

    /// @notice Requests model(input), paying the model's fee from the
    /// caller's balance plus msg.value; reverts with FeeExceeded if the fee
    /// is above maxFee.
    function request(bytes32 model, bytes calldata input, uint256 maxFee) external payable returns (uint256 id) {
        if (msg.value != 0) {
            balanceOf[msg.sender] += msg.value;
            emit Deposited(msg.sender, msg.value);
        }
        ModelRegistry.Attestation memory a = registry.attestationOf(model);
        uint256 fee = feeOf[model];
        if (a.verifier == address(0) || fee == 0) revert ModelUnavailable(model);
        if (input.length != a.inputSize) revert BadInput("input size");
        if (fee > maxFee) revert FeeExceeded(fee, maxFee);
        uint256 b = balanceOf[msg.sender];
        if (b < fee) revert InsufficientBalance(b, fee);
        if (fee > type(uint96).max) revert BadInput("fee above 2^96");
        balanceOf[msg.sender] = b - fee;
        escrowed += fee;
        id = requests.length;
        requests.push(
            Request({
                user: msg.sender,
                status: Status.Pending,
                deadline: uint64(block.timestamp) + requestTimeout,
                node: address(0),
                fee: uint96(fee),
                model: model,
                inputHash: MiMC.writeInt8(0, input),
                key: keccak256(input)
            })
        );
        emit Requested(id, model, msg.sender, input, fee);
    }

    /// @notice Refunds a request nobody settled before its deadline.
    function cancel(uint256 id) external {
        Request storage q = requests[id];
        if (q.status != Status.Pending) revert NotPending(id);
        if (block.timestamp < q.deadline) revert TooEarly(q.deadline);
        q.status = Status.Cancelled;
        escrowed -= q.fee;
        balanceOf[q.user] += q.fee;
        emit Cancelled(id);
    }

    function getRequest(uint256 id) external view returns (Request memory) {
        return requests[id];
    }

    function requestCount() external view returns (uint256) {
        return requests.length;
    }

    /// @notice What validators sign for a result (EIP-191 personal message of
    /// keccak256(chain id, this contract, request, keccak256(output))).
    function resultDigest(uint256 id, bytes32 outputKey) public view returns (bytes32) {
        bytes32 h = keccak256(abi.encode(block.chainid, address(this), id, outputKey));
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", h));
    }

    /// @notice The public input/output hash of a proof for request id and
    /// output: MiMC(MiMC(input), packed output).
    function ioHash(uint256 id, bytes calldata output) public view returns (uint256) {
        return MiMC.writeInt8(MiMC.write(0, requests[id].inputHash), output);
    }

    // ---- Settlement ----

    /// @notice Settles a batch of results; only an active node may, and the
    /// whole batch reverts if any result's proof or quorum fails.
    function settle(Result[] calldata batch) external {
        if (!isActive(msg.sender, Role.Node)) revert NotStaked(msg.sender);
        uint256 toTreasury;
        for (uint256 i = 0; i < batch.length; i++) {
            toTreasury += settleOne(batch[i]);
        }
        balanceOf[treasury] += toTreasury;
    }

    function settleOne(Result calldata r) private returns (uint256 toTreasury) {
        Request storage q = requests[r.request];
        if (q.status != Status.Pending) revert NotPending(r.request);
        ModelRegistry.Attestation memory a = registry.attestationOf(q.model);
        if (r.output.length != a.outputSize) revert BadInput("output size");
        uint256[2] memory pub = [a.commitment, ioHash(r.request, r.output)];
        try IGroth16Verifier(a.verifier).verifyProof(r.proof, pub) {}
        catch (bytes memory reason) {
            // No reason: the verifier ran out of gas, which says nothing
            // about the proof; fail as such (estimates then raise the gas).
            if (reason.length == 0) revert();
            revert ProofInvalid(r.request);
        }
        bytes32 outputKey = keccak256(r.output);
        address[] memory signers = quorumOf(r.request, outputKey, r.signatures);
        uint256 fee = q.fee;
        uint256 op = (fee * OPERATOR_BPS) / BPS;
        uint256 each = (fee * VALIDATORS_BPS) / BPS / signers.length;
        for (uint256 i = 0; i < signers.length; i++) {
            balanceOf[signers[i]] += each;
        }
        balanceOf[msg.sender] += op;
        toTreasury = fee - op - each * signers.length;
        q.status = Status.Settled;
        q.key = keccak256(abi.encodePacked(q.key, outputKey));
        q.node = msg.sender;
        escrowed -= fee;
        emit Settled(r.request, msg.sender, r.output, op, each * signers.length, toTreasury);
    }

    /// @notice The distinct active validators that signed a result; reverts
    /// with QuorumFailed below the quorum. Signatures must be ordered by
    /// signer address (which makes them distinct).
    function quorumOf(uint256 id, bytes32 outputKey, bytes[] calldata sigs) private view returns (address[] memory signers) {
        bytes32 digest = resultDigest(id, outputKey);
        signers = new address[](sigs.length);
        uint256 n;
        address last;
        for (uint256 i = 0; i < sigs.length; i++) {
            address s = recover(digest, sigs[i]);
            if (s <= last || !isActive(s, Role.Validator)) continue;
            signers[n++] = s;
            last = s;
        }
        if (n < quorum) revert QuorumFailed(id, n, quorum);
        assembly ("memory-safe") {
            mstore(signers, n)
        }
    }

    function recover(bytes32 digest, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        // Reject malleable signatures (s in the upper half of the order).
        if (uint256(s) > 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0) return address(0);
        return ecrecover(digest, v, r, s);
    }

    // ---- Slashing ----

    /// @notice Slashes the node of a settled request whose output (as in its
    /// Settled event) the result source contradicts for input. The user gets
    /// its fee back from the stake, the reporter half of the rest, the
    /// treasury the remainder.
    function slash(uint256 id, bytes calldata input, bytes calldata output) external {
        Request storage q = requests[id];
        if (q.status != Status.Settled) revert NotSlashable("not settled");
        if (keccak256(abi.encodePacked(keccak256(input), keccak256(output))) != q.key) {
            revert NotSlashable("input or output does not match");
        }
        (bool ok, bytes memory canonical) = results.resultOf(q.model, input);
        if (!ok) revert NotSlashable("no canonical result");
        if (keccak256(canonical) == keccak256(output)) revert NotSlashable("result agrees");
        Staker storage s = stakers[q.node];
        uint256 amount = s.stake;
        s.stake = 0;
        q.status = Status.Slashed;
        uint256 refund = amount < q.fee ? amount : q.fee;
        uint256 reporter = (amount - refund) / 2;
        balanceOf[q.user] += refund;
        balanceOf[msg.sender] += reporter;
        balanceOf[treasury] += amount - refund - reporter;
        emit Slashed(q.node, id, amount, msg.sender);
    }

    function send(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}

/// @title PrecompileResults: the AI EVM's own answer as a result source.
/// @notice On the AI rollup, the canonical result of an attestable model is
/// what the inference precompile returns; Settlement.slash compares with it.
contract PrecompileResults is IResultSource {
    ModelRegistry public immutable registry;

    constructor(ModelRegistry registry_) {
        registry = registry_;
    }

    function resultOf(bytes32 model, bytes calldata input) external view returns (bool ok, bytes memory output) {
        ModelRegistry.Attestation memory a = registry.attestationOf(model);
        if (a.verifier == address(0)) return (false, "");
        (bool success, bytes memory ret) = address(0xa1).staticcall(abi.encodePacked(model, uint256(a.outputSize), input));
        if (!success || ret.length != 32 + uint256(a.outputSize)) return (false, "");
        assembly ("memory-safe") {
            output := add(ret, 32)
            mstore(output, sub(mload(ret), 32))
        }
        return (true, output);
    }
}
