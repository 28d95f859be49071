// abi.js: the contract interfaces the page calls (human-readable ABIs).
import { parseAbi } from 'viem';

export const classifierAbi = parseAbi([
  'function inference(bytes32 model, bytes input, uint256 outputSize) returns (bytes output)',
  'function predict(bytes32 model, bytes input, uint256 outputSize) view returns (bytes)',
  'event Inference(bytes32 indexed model, bytes input, uint256 outputSize, bytes output)',
]);

export const registryAbi = parseAbi([
  'struct Model { string cid; uint64 size; uint64 macs; uint64 floatOps; uint64 intOps; address registrant; uint64 registeredAt; }',
  'function count() view returns (uint256)',
  'function modelAt(uint256 i) view returns (bytes32)',
  'function get(bytes32 model) view returns (Model)',
  'function isAvailable(bytes32 model) view returns (bool)',
]);

export const portalAbi = parseAbi([
  'function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes _data) payable',
]);

export const messagePasserAbi = parseAbi([
  'function initiateWithdrawal(address _target, uint256 _gasLimit, bytes _data) payable',
]);

/** OP's L2ToL1MessagePasser predeploy. */
export const messagePasser = '0x4200000000000000000000000000000000000016';

export const settlementAbi = parseAbi([
  'function request(bytes32 model, bytes input, uint256 maxFee) payable returns (uint256 id)',
  'event Requested(uint256 indexed id, bytes32 indexed model, address indexed user, bytes input, uint256 fee)',
  'event Settled(uint256 indexed id, address indexed node, bytes output, uint256 operatorFee, uint256 validatorFee, uint256 treasuryFee)',
  'error FeeExceeded(uint256 fee, uint256 maxFee)',
  'error ModelUnavailable(bytes32 model)',
  'error InsufficientBalance(uint256 balance, uint256 needed)',
  'error BadInput(string what)',
]);
