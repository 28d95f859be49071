// unit.test.mjs: the page's pure parts under node's test runner (make
// test-web): what the user types becomes the right bytes, a config from
// another origin is refused, and every shape of revert a wallet or node
// gives shows its reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeErrorResult, parseAbi } from 'viem';

import { settlementAbi } from '../src/abi.js';
import { addChainParams, loadConfig } from '../src/config.js';
import { errorText } from '../src/errors.js';
import { greedy } from '../src/generate.js';
import { f32Hex, f32Values, generationInput, hexBytes, parseMeasure, tokenOf } from '../src/tensor.js';

test('measurements become little-endian f32', () => {
  // The devnet's iris sample: 5.1, 3.5, 1.4, 0.2 cm.
  assert.equal(f32Hex([5.1, 3.5, 1.4, 0.2]), '0x3333a340000060403333b33fcdcc4c3e');
  assert.deepEqual(f32Values('0x0000803f000000c0'), [1, -2]);
  assert.throws(() => f32Values('0x000080'), /not whole f32/);
  for (const bad of ['', ' ', '1,2', '0x10', 'NaN', 'Infinity', '1e999', '--1']) {
    assert.throws(() => parseMeasure('sepal', bad), /sepal/, bad);
  }
  assert.equal(parseMeasure('sepal', ' 5.10 '), 5.1);
  assert.throws(() => hexBytes('0x123'), /not hex bytes/);
  assert.deepEqual([...hexBytes('0xff00')], [255, 0]);
});

test('a prompt\'s tokens become a generation model\'s input', () => {
  // The devnet's tiny-gen sample ("Hi": tokens 41, 74; 8 positions), as
  // opml/generate's Model.Input writes it.
  assert.equal(generationInput([41, 74], 8),
    '0x290000004a00000000000000000000000000000000000000000000000000000001000000');
  assert.equal(generationInput([7], 1), '0x0700000000000000');
  for (const [ids, seq, re] of [[[], 8, /1 to 8/], [[1, 2, 3], 2, /1 to 2/], [[1], 0, /positions/], [[-1], 4, /not an i32/],
    [[1.5], 4, /not an i32/], [[2 ** 31], 4, /not an i32/]]) {
    assert.throws(() => generationInput(ids, seq), re, JSON.stringify([ids, seq]));
  }
  assert.equal(tokenOf('0x29000000'), 41);
  assert.throws(() => tokenOf('0x2900'), /want a token's 4/);
});

test('greedy generation stops as opml/generate does', async () => {
  // A fake model of seq 4 whose next token is the last token + 1 (end
  // token 9): each call's input is checked against the tokens so far.
  const model = (seq, calls) => async (hex) => {
    const b = Buffer.from(hex.slice(2), 'hex');
    const last = b.readInt32LE(4 * seq);
    const ids = Array.from({ length: last + 1 }, (_, i) => b.readInt32LE(4 * i));
    for (let i = last + 1; i < seq; i++) assert.equal(b.readInt32LE(4 * i), 0, 'padded with token 0');
    calls.push(ids);
    return `0x${Buffer.from(new Int32Array([ids[ids.length - 1] + 1]).buffer).toString('hex')}`;
  };
  for (const [name, prompt, max, eos, want, stop] of [
    ['max tokens', [1], 2, -1, [2, 3], 'max-tokens'],
    ['context full: 4 positions predict from at most 4 tokens', [1], 100, -1, [2, 3, 4, 5], 'context-full'],
    ['a full prompt still gets its token', [1, 2, 3, 4], 100, -1, [5], 'context-full'],
    ['max reached as the context fills', [1, 2, 3], 2, -1, [4, 5], 'max-tokens'],
    ['end token, not returned', [7], 100, 9, [8], 'end-of-text'],
    ['end token first', [8], 100, 9, [], 'end-of-text'],
  ]) {
    const calls = [];
    const seen = [];
    const r = await greedy({ call: model(4, calls), prompt, seq: 4, max, eos, onToken: (id) => seen.push(id) });
    assert.deepEqual(r, { out: want, stop }, name);
    assert.deepEqual(seen, want, `${name}: each token shown as it comes`);
    assert.deepEqual(calls[0], prompt, `${name}: the first call takes the prompt`);
  }
  await assert.rejects(greedy({ call: model(4, []), prompt: [], seq: 4, max: 1, eos: -1 }), /the prompt is empty/);
  await assert.rejects(greedy({ call: model(4, []), prompt: [1, 2, 3, 4, 5], seq: 4, max: 1, eos: -1 }), /the prompt is 5 tokens: the model's context is 4/);
});

test('a config only from the page origin', async () => {
  const page = new URL('http://127.0.0.1:8080/');
  const cfg = { l1: { chainId: 900, rpcUrl: 'http://127.0.0.1:8545' }, l2: { chainId: 901, rpcUrl: 'http://127.0.0.1:9545' }, contracts: {} };
  const fetched = [];
  globalThis.fetch = async (url) => { fetched.push(String(url)); return { ok: true, json: async () => structuredClone(cfg) }; };
  const at = (search) => ({ href: page.href + search, origin: page.origin, search });
  assert.equal((await loadConfig(at(''))).l2.chainId, 901);
  assert.equal((await loadConfig(at('?config=/other.json'))).l1.chainId, 900);
  for (const evil of ['?config=https://evil.example/c.json', '?config=//evil.example/c.json', '?config=http://127.0.0.1:8081/c.json']) {
    await assert.rejects(loadConfig(at(evil)), /not served by this page's origin/, evil);
  }
  assert.deepEqual(fetched, ['http://127.0.0.1:8080/config.json', 'http://127.0.0.1:8080/other.json']);
  globalThis.fetch = async () => ({ ok: true, json: async () => ({ ...cfg, l2: { chainId: -1 } }) });
  await assert.rejects(loadConfig(at('')), /l2 needs chainId and rpcUrl/);
});

test('wallet_addEthereumChain parameters', () => {
  assert.deepEqual(addChainParams({ chainId: 42001, name: 'AI EVM', rpcUrl: 'https://rpc', explorerUrl: 'https://scan' }, 'l2'), {
    chainId: '0xa411', chainName: 'AI EVM', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: ['https://rpc'], blockExplorerUrls: ['https://scan'],
  });
});

test('revert reasons from every error shape', () => {
  const reason = 'inference: input size does not match the model: 1 bytes given';
  const errorData = encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: [reason] });
  const fee = encodeErrorResult({ abi: settlementAbi, errorName: 'FeeExceeded', args: [10n, 5n] });
  for (const [name, e, want] of [
    ['viem with a decoded reason', Object.assign(new Error('x'), { cause: { reason } }), `reverted: ${reason}`],
    ['a node message', new Error(`execution reverted: ${reason}`), `reverted: ${reason}`],
    ['MetaMask-wrapped', Object.assign(new Error('Internal JSON-RPC error.'), { code: -32603, data: { code: 3, message: `execution reverted: ${reason}`, data: errorData } }), `reverted: ${reason}`],
    ['MetaMask mobile', Object.assign(new Error('Internal JSON-RPC error.'), { data: { originalError: { code: 3, message: 'execution reverted', data: errorData } } }), `reverted: ${reason}`],
    ['a custom error', Object.assign(new Error('Internal JSON-RPC error.'), { data: { code: 3, message: 'execution reverted', data: fee } }), 'reverted: FeeExceeded(10, 5)'],
    ['no reason at all', Object.assign(new Error('User rejected the request.'), { code: 4001 }), 'User rejected the request.'],
  ]) {
    assert.equal(errorText(e), want, name);
  }
});
