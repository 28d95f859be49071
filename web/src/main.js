// main.js: the AI EVM dapp page. Reads go straight to the chain's RPC
// endpoints; everything signed goes through the user's wallet (EIP-1193), the
// way MetaMask expects: eth_requestAccounts, wallet_switchEthereumChain or
// wallet_addEthereumChain, eth_chainId, eth_estimateGas, eth_sendTransaction,
// then polling eth_getTransactionReceipt.
import {
  createPublicClient, createWalletClient, custom, decodeEventLog, encodeFunctionData, formatEther, http, parseEther, toHex,
} from 'viem';
import { getL2TransactionHashes, getWithdrawals, publicActionsL1, publicActionsL2, walletActionsL1 } from 'viem/op-stack';

import { classifierAbi, messagePasser, messagePasserAbi, portalAbi, registryAbi, settlementAbi } from './abi.js';
import { errorText } from './errors.js';
import { addChainParams, chains, loadConfig } from './config.js';
import { greedy } from './generate.js';
import { f32Hex, f32Values, generationInput, hexBytes, parseMeasure, specText } from './tensor.js';
import { discoverWallets, ensureChain } from './wallet.js';

const $ = (id) => document.getElementById(id);
const SPECIES = ['setosa', 'versicolor', 'virginica'];

const app = { cfg: null, l1: null, l2: null, pub1: null, pub2: null, wallets: [], provider: null, account: null, busy: null, actions: [] };

// ---- errors ----

function showError(where, e) {
  const box = $('error');
  box.textContent = `${where}: ${errorText(e)}`;
  box.hidden = false;
  console.error(where, e);
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

/**
 * Runs a button's action with errors shown. Actions run one at a time: two
 * flows switching the wallet's network under each other could send one's
 * transaction on the other's chain.
 */
function action(id, where, fn) {
  app.actions.push(id);
  $(id).addEventListener('click', async (ev) => {
    ev.preventDefault();
    await exclusive(where, fn);
    showWithdrawals().catch(() => {});
  });
}

async function exclusive(where, fn) {
  if (app.busy) {
    showError(where, new Error(`wait: ${app.busy} is still running`));
    return;
  }
  app.busy = where;
  document.body.dataset.busy = 'true';
  // Every action button is off while a flow runs, so a click cannot land
  // in the middle of one (the check above stays for other callers).
  for (const id of app.actions) $(id).disabled = true;
  clearError();
  try {
    await fn();
  } catch (e) {
    showError(where, e);
  } finally {
    app.busy = null;
    delete document.body.dataset.busy;
    refreshButtons();
  }
}

// ---- wallet ----

function refreshButtons() {
  if (app.busy) return; // exclusive() refreshes them when the flow ends
  for (const id of app.actions) $(id).disabled = false;
  const on = !!app.account;
  for (const id of ['add-l2', 'add-l1', 'deposit', 'withdraw', 'iris-send', 'raw-send', 'attest-request']) {
    if ($(id)) $(id).disabled = !on;
  }
  $('iris-call').disabled = !irisModel();
}

async function connect() {
  const w = app.wallets[Number($('wallet-select').value) || 0];
  if (!w) throw new Error('no wallet found: install MetaMask (or another EIP-1193 wallet) and reload');
  app.provider = w.provider;
  const accounts = await app.provider.request({ method: 'eth_requestAccounts' });
  if (!accounts || accounts.length === 0) throw new Error('the wallet gave no account');
  app.account = accounts[0];
  app.provider.on?.('accountsChanged', (a) => {
    app.account = a[0] || null;
    showAccount();
  });
  app.provider.on?.('chainChanged', () => showAccount());
  await ensureChain(app.provider, addChainParams(app.cfg.l2, 'l2'));
  await showAccount();
}

async function showAccount() {
  $('account').textContent = app.account || 'not connected';
  if (app.provider) {
    const id = BigInt(await app.provider.request({ method: 'eth_chainId' }));
    const name = id === BigInt(app.l2.id) ? app.l2.name : id === BigInt(app.l1.id) ? app.l1.name : 'another network';
    $('chain').textContent = `${name} (chain id ${id})`;
  }
  refreshButtons();
  await showBalances();
}

async function showBalances() {
  if (!app.account) return;
  const [b1, b2] = await Promise.all([
    app.pub1.getBalance({ address: app.account }).catch(() => null),
    app.pub2.getBalance({ address: app.account }).catch(() => null),
  ]);
  $('l1-balance').textContent = b1 === null ? 'L1 unreachable' : `${formatEther(b1)} ETH`;
  $('l2-balance').textContent = b2 === null ? 'L2 unreachable' : `${formatEther(b2)} ETH`;
}

/** The wallet client on the side the wallet is switched to. */
function walletClient(chain) {
  return createWalletClient({ account: app.account, chain, transport: custom(app.provider) }).extend(walletActionsL1());
}

/**
 * Sends {to, data, value} from the connected account on chain (l1 or l2) the
 * way a dapp does with MetaMask: switch network, estimate, send, poll for the
 * receipt. Returns the receipt (JSON-RPC form) and the gas estimate.
 */
async function send(side, tx, onSent) {
  const c = side === 'l1' ? app.cfg.l1 : app.cfg.l2;
  await ensureChain(app.provider, addChainParams(c, side));
  // chainId in the request: a wallet that moved to another network since
  // refuses it (MetaMask does) rather than send it there.
  const req = { from: app.account, to: tx.to, data: tx.data || '0x', value: toHex(tx.value || 0n) };
  const est = BigInt(await app.provider.request({ method: 'eth_estimateGas', params: [req] }));
  const hash = await app.provider.request({
    method: 'eth_sendTransaction', params: [{ ...req, gas: toHex(est + est / 4n), chainId: toHex(c.chainId) }],
  });
  onSent?.(hash);
  const receipt = await waitReceipt(side, hash);
  if (receipt.status !== '0x1') throw new Error(`transaction ${hash} reverted in block ${BigInt(receipt.blockNumber)}`);
  return { receipt, estimate: est, hash };
}

/**
 * Polls for a receipt through the wallet, as dapps do, falling back to the
 * chain's own RPC: the wallet answers for whatever network it is on now,
 * and a passing RPC error must not lose a sent transaction.
 */
async function waitReceipt(side, hash, timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  const rpcUrl = side === 'l1' ? app.cfg.l1.rpcUrl : app.cfg.l2.rpcUrl;
  const want = BigInt(side === 'l1' ? app.cfg.l1.chainId : app.cfg.l2.chainId);
  for (;;) {
    try {
      const onChain = BigInt(await app.provider.request({ method: 'eth_chainId' })) === want;
      const r = onChain
        ? await app.provider.request({ method: 'eth_getTransactionReceipt', params: [hash] })
        : await rpc(rpcUrl, 'eth_getTransactionReceipt', [hash]);
      if (r) return r;
    } catch (e) {
      console.warn(`receipt of ${hash}: ${errorText(e)}; retrying`);
    }
    if (Date.now() > end) throw new Error(`no receipt for ${hash} after ${timeoutMs / 1000} s: it may still be mined; check it on ${side.toUpperCase()}`);
    await sleep(1000);
  }
}

async function rpc(url, method, params) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = await res.json();
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

function requireWallet() {
  if (!app.account) throw new Error('connect a wallet first');
}

// ---- bridge ----

async function deposit() {
  requireWallet();
  const amount = parseEther($('deposit-amount').value.trim());
  if (amount <= 0n) throw new Error('deposit a positive amount');
  const status = $('deposit-status');
  const data = encodeFunctionData({ abi: portalAbi, functionName: 'depositTransaction', args: [app.account, amount, 100_000n, false, '0x'] });
  const { receipt } = await send('l1', { to: app.cfg.contracts.optimismPortal, data, value: amount },
    (h) => { status.textContent = `L1 transaction ${h} sent; waiting for its block…`; });
  const logs = receipt.logs.map((l) => ({ ...l, blockNumber: BigInt(l.blockNumber), logIndex: Number(l.logIndex) }));
  const [l2Hash] = getL2TransactionHashes({ logs });
  status.textContent = `L1 transaction ${receipt.transactionHash} in block ${BigInt(receipt.blockNumber)}; the deposit reaches L2 as ${l2Hash} once op-node reads that block…`;
  const r2 = await app.pub2.waitForTransactionReceipt({ hash: l2Hash, timeout: 300_000, pollingInterval: 1000 });
  status.textContent = `Deposited ${formatEther(amount)} ETH: L1 ${receipt.transactionHash}, L2 ${l2Hash} in block ${r2.blockNumber}.`;
  status.dataset.done = 'deposit';
  await showBalances();
}

function withdrawalsKey() {
  // The portal too: a devnet started afresh reuses the chain id and accounts.
  return `aievm.withdrawals.${app.cfg.l2.chainId}.${app.cfg.contracts.optimismPortal}.${app.account}`.toLowerCase();
}

function saveWithdrawals(list) {
  localStorage.setItem(withdrawalsKey(), JSON.stringify(list));
}

function savedWithdrawals() {
  try {
    return JSON.parse(localStorage.getItem(withdrawalsKey()) || '[]');
  } catch {
    return [];
  }
}

async function withdraw() {
  requireWallet();
  const amount = parseEther($('withdraw-amount').value.trim());
  if (amount <= 0n) throw new Error('withdraw a positive amount');
  const data = encodeFunctionData({ abi: messagePasserAbi, functionName: 'initiateWithdrawal', args: [app.account, 100_000n, '0x'] });
  // Saved once sent, before its receipt: a reload or an RPC error while
  // waiting must not lose a withdrawal whose ETH already left L2.
  await send('l2', { to: messagePasser, data, value: amount },
    (hash) => saveWithdrawals([...savedWithdrawals(), { hash, amount: amount.toString() }]));
  await showBalances();
}

function seconds(s) {
  s = Math.max(0, Math.round(s));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

async function withdrawalRow(w) {
  if (w.finalized) return { text: 'finalized: the ETH is on L1', button: null };
  const receipt = await app.pub2.getTransactionReceipt({ hash: w.hash });
  const args = { receipt, targetChain: app.l2, chain: app.l1 };
  const status = await app.pub1.getWithdrawalStatus(args);
  const [withdrawal] = getWithdrawals(receipt);
  let text = status.replaceAll('-', ' ');
  let button = null;
  if (status === 'waiting-to-prove') {
    const t = await app.pub1.getTimeToNextGame({ l2BlockNumber: receipt.blockNumber, targetChain: app.l2, chain: app.l1 }).catch(() => null);
    text = `waiting for an output game over its block${t ? ` (about ${seconds(t.seconds)})` : ''}`;
  } else if (status === 'ready-to-prove') {
    button = ['Prove on L1', async () => {
      const { game } = await app.pub1.waitToProve({ ...args, pollingInterval: 1000 });
      // OptimismPortal2 refuses a proof in the L1 block that created its
      // game (OptimismPortal_InvalidProofTimestamp): wait for a later block.
      await l1BlockAfter(game.timestamp);
      const proof = await app.pub2.buildProveWithdrawal({ game, withdrawal });
      await ensureChain(app.provider, addChainParams(app.cfg.l1, 'l1'));
      const hash = await walletClient(app.l1).proveWithdrawal({ ...proof, targetChain: app.l2, account: app.account });
      await mined(hash, 'prove');
    }];
  } else if (status === 'waiting-to-finalize') {
    const t = await app.pub1.getTimeToFinalize({ withdrawalHash: withdrawal.withdrawalHash, targetChain: app.l2, chain: app.l1 }).catch(() => null);
    text = `proven; final once its game resolves and the proof matures${t ? ` (about ${seconds(t.seconds)})` : ''}`;
  } else if (status === 'ready-to-finalize') {
    button = ['Finalize on L1', async () => {
      await ensureChain(app.provider, addChainParams(app.cfg.l1, 'l1'));
      const hash = await walletClient(app.l1).finalizeWithdrawal({ withdrawal, targetChain: app.l2, account: app.account });
      await mined(hash, 'finalize');
    }];
  } else if (status === 'finalized') {
    text = 'finalized: the ETH is on L1';
    // Final: never read again.
    saveWithdrawals(savedWithdrawals().map((x) => (x.hash === w.hash ? { ...x, finalized: true } : x)));
  }
  return { text, button };
}

/** Waits until the L1 head's timestamp is past t (seconds), for two minutes at most. */
async function l1BlockAfter(t) {
  const end = Date.now() + 120_000;
  for (;;) {
    const head = await app.pub1.getBlock({ blockTag: 'latest' });
    if (head.timestamp > t) return;
    if (Date.now() > end) throw new Error(`L1 made no block after time ${t} in two minutes (head ${head.number})`);
    await sleep(1000);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for an L1 transaction the wallet sent through viem; a revert is an error. */
async function mined(hash, what) {
  const r = await app.pub1.waitForTransactionReceipt({ hash, pollingInterval: 1000 });
  if (r.status !== 'success') throw new Error(`${what} transaction ${hash} reverted in L1 block ${r.blockNumber}`);
}

async function showWithdrawals() {
  if (app.busy) return;
  const body = $('withdrawals').tBodies[0];
  const g = app.cfg.games;
  if (g) {
    $('withdraw-hint').textContent = 'A withdrawal takes three steps: start it on L2; prove it on L1 once an output game covers its block '
      + `(a game every ${g.proposalInterval} L2 blocks); finalize it once that game has resolved (${g.maxClockDuration} s if nobody `
      + `challenges it, then ${g.finalityDelay} s) and the proof is ${g.proofMaturityDelay} s old.`;
  }
  if (!app.account) {
    body.textContent = '';
    return;
  }
  if (app.refreshing) return;
  // Built off-table, swapped in whole: a refresh never shows half a table.
  app.refreshing = true;
  try {
    const fresh = document.createElement('tbody');
    await fillWithdrawals(fresh);
    if (!app.busy) body.replaceWith(fresh);
  } finally {
    app.refreshing = false;
  }
}

async function fillWithdrawals(body) {
  for (const w of savedWithdrawals()) {
    const tr = body.insertRow();
    tr.dataset.hash = w.hash;
    tr.insertCell().textContent = w.hash;
    tr.cells[0].className = 'mono';
    tr.insertCell().textContent = `${formatEther(BigInt(w.amount))} ETH`;
    const cell = tr.insertCell();
    cell.className = 'wd-status';
    const act = tr.insertCell();
    try {
      const { text, button } = await withdrawalRow(w);
      cell.textContent = text;
      if (button) {
        const b = document.createElement('button');
        b.textContent = button[0];
        b.addEventListener('click', async () => {
          b.disabled = true;
          await exclusive(button[0], button[1]);
          await showWithdrawals();
          await showBalances();
        });
        act.append(b);
      }
    } catch (e) {
      cell.textContent = errorText(e);
    }
  }
}

// ---- models ----

function irisModel() {
  return app.cfg?.models.find((m) => m.name === 'iris');
}

function irisInput() {
  const ids = [['iris-sl', 'sepal length'], ['iris-sw', 'sepal width'], ['iris-pl', 'petal length'], ['iris-pw', 'petal width']];
  return f32Hex(ids.map(([id, name]) => {
    const x = parseMeasure(name, $(id).value);
    if (x < 0 || x > 100) throw new Error(`${name}: ${x} cm is not a flower's`);
    return x;
  }));
}

function showSpecies(outHex) {
  const p = f32Values(outHex);
  let best = 0;
  p.forEach((x, i) => { if (x > p[best]) best = i; });
  const box = $('iris-result');
  box.textContent = '';
  const head = document.createElement('div');
  head.className = 'species';
  head.id = 'iris-species';
  head.textContent = `Iris ${SPECIES[best] || `class ${best}`}`;
  box.append(head);
  p.forEach((x, i) => {
    const line = document.createElement('div');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round(Math.max(0, Math.min(1, x)) * 200)}px`;
    line.append(bar, `${SPECIES[i] || i}: ${(x * 100).toFixed(2)}%`);
    box.append(line);
  });
}

async function irisCall() {
  const m = irisModel();
  const out = await app.pub2.readContract({
    address: app.cfg.contracts.classifier, abi: classifierAbi, functionName: 'predict', args: [m.address, irisInput(), BigInt(m.outputSize)],
  });
  showSpecies(out);
  $('iris-tx').textContent = 'eth_call: no transaction, no gas paid.';
}

async function inferenceTx(model, input, size, statusEl) {
  const data = encodeFunctionData({ abi: classifierAbi, functionName: 'inference', args: [model, input, size] });
  const { receipt, estimate, hash } = await send('l2', { to: app.cfg.contracts.classifier, data },
    (h) => { statusEl.textContent = `transaction ${h} sent…`; });
  for (const l of receipt.logs) {
    try {
      const ev = decodeEventLog({ abi: classifierAbi, data: l.data, topics: l.topics });
      if (ev.eventName === 'Inference') return { output: ev.args.output, receipt, estimate, hash };
    } catch { /* another contract's log */ }
  }
  throw new Error(`transaction ${hash}: no Inference event`);
}

async function irisSend() {
  requireWallet();
  const m = irisModel();
  const st = $('iris-tx');
  const { output, receipt, estimate, hash } = await inferenceTx(m.address, irisInput(), BigInt(m.outputSize), st);
  showSpecies(output);
  st.textContent = `transaction ${hash} in L2 block ${BigInt(receipt.blockNumber)}, gas used ${BigInt(receipt.gasUsed)} (estimated ${estimate})`;
  st.dataset.done = 'iris';
  await showBalances();
}

function rawArgs() {
  const addr = $('raw-model').value;
  const input = $('raw-input').value.trim() || '0x';
  hexBytes(input);
  const size = $('raw-size').value.trim();
  if (!/^\d+$/.test(size)) throw new Error(`output size "${size}" is not a byte count`);
  return [addr, input.startsWith('0x') ? input : `0x${input}`, BigInt(size)];
}

async function rawCall() {
  const out = await app.pub2.readContract({ address: app.cfg.contracts.classifier, abi: classifierAbi, functionName: 'predict', args: rawArgs() });
  $('raw-result').textContent = `eth_call output (${(out.length - 2) / 2} bytes):\n${out}`;
}

async function rawSend() {
  requireWallet();
  const el = $('raw-result');
  const { output, receipt, estimate, hash } = await inferenceTx(...rawArgs(), el);
  el.textContent = `transaction ${hash} in L2 block ${BigInt(receipt.blockNumber)}, gas used ${BigInt(receipt.gasUsed)} (estimated ${estimate})\noutput (${(output.length - 2) / 2} bytes):\n${output}`;
}

/** The models to list: the config's first, then the registry's newest (a page, not an indexer). */
async function modelAddresses() {
  const addrs = app.cfg.models.map((m) => m.address);
  const reg = app.cfg.contracts.modelRegistry;
  if (!reg) return addrs;
  const n = await app.pub2.readContract({ address: reg, abi: registryAbi, functionName: 'count' });
  const first = n > 100n ? n - 100n : 0n;
  const more = await Promise.all(Array.from({ length: Number(n - first) }, (_, i) =>
    app.pub2.readContract({ address: reg, abi: registryAbi, functionName: 'modelAt', args: [first + BigInt(i)] })));
  const seen = new Set(addrs.map((a) => a.toLowerCase()));
  return [...addrs, ...more.reverse().filter((a) => !seen.has(a.toLowerCase()))];
}

async function showModels() {
  const known = new Map(app.cfg.models.map((m) => [m.address.toLowerCase(), m]));
  const reg = app.cfg.contracts.modelRegistry;
  const addrs = await modelAddresses();
  const recs = await Promise.all(addrs.map((a) => (reg
    ? app.pub2.readContract({ address: reg, abi: registryAbi, functionName: 'get', args: [a] }).catch(() => null)
    : null)));
  const body = $('models').tBodies[0];
  const sel = $('raw-model');
  body.textContent = '';
  sel.textContent = '';
  addrs.forEach((a, i) => {
    const m = known.get(a.toLowerCase()) || { address: a };
    const rec = recs[i];
    const tr = body.insertRow();
    tr.dataset.model = m.name || a;
    tr.insertCell().textContent = m.name || '(unnamed)';
    tr.insertCell().textContent = `${a.slice(0, 10)}…${a.slice(-6)}`;
    tr.cells[1].className = 'addr';
    tr.cells[1].title = a;
    tr.insertCell().textContent = (m.inputs || []).map(specText).join(', ') || 'raw bytes';
    tr.insertCell().textContent = m.outputs ? m.outputs.map(specText).join(', ') : m.outputSize ? `${m.outputSize} bytes` : '?';
    tr.insertCell().textContent = rec ? `${(Number(rec.size) / 1024).toFixed(1)} KiB, ${rec.macs} MACs` : '';
    const gasCell = tr.insertCell();
    if (m.sampleInput && m.outputSize !== undefined) {
      app.pub2.estimateContractGas({
        address: app.cfg.contracts.classifier, abi: classifierAbi, functionName: 'inference',
        args: [a, `0x${m.sampleInput.replace(/^0x/, '')}`, BigInt(m.outputSize)], account: app.cfg.contracts.classifier,
      }).then((g) => { gasCell.textContent = g.toString(); }, (e) => { gasCell.textContent = errorText(e); });
    }
    const o = document.createElement('option');
    o.value = a;
    o.textContent = m.name || a;
    o.dataset.size = m.outputSize ?? '';
    o.dataset.sample = m.sampleInput ?? '';
    sel.append(o);
  });
  const fill = () => {
    const o = sel.selectedOptions[0];
    if (!o) return;
    $('raw-size').value = o.dataset.size;
    $('raw-input').value = o.dataset.sample ? `0x${o.dataset.sample.replace(/^0x/, '')}` : '';
  };
  sel.addEventListener('change', fill);
  fill();
}

// ---- text generation ----

/** The config's generation models: the prompt box's choices. */
function genModels() {
  return app.cfg.models.filter((m) => m.generate);
}

/**
 * POSTs to the page server's tokenizer API (/api/tokenize, /api/detokenize),
 * trying again a few times while the server answers 503 (busy).
 */
async function tokenizerApi(path, body) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(`./api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (e) {
      throw new Error(`${path}: ${e.message}`);
    }
    const j = await res.json().catch(() => ({}));
    if (res.ok) return j;
    if (res.status !== 503 || attempt >= 4) throw new Error(`${path}: ${j.error || `HTTP ${res.status}`}`);
    await sleep(250 * 2 ** attempt);
  }
}

/**
 * The prompt box: the prompt's ids from the server's tokenizer, then a
 * call per token (greedy, as opml/generate runs it), the text shown as it
 * comes, then the ids, the stop reason and a token's gas by transaction.
 */
async function generateText() {
  const textEl = $('gen-text');
  const st = $('gen-status');
  for (const k of ['done', 'ids', 'stop']) delete st.dataset[k];
  textEl.textContent = '';
  st.textContent = '';
  const m = genModels().find((g) => g.address === $('gen-model').value);
  if (!m) throw new Error('no generation model chosen');
  const maxText = $('gen-max').value.trim();
  if (!/^\d+$/.test(maxText) || Number(maxText) < 1 || Number(maxText) > 1000) throw new Error(`max tokens "${maxText}": want 1 to 1000`);
  const { seq, eos } = m.generate;
  const prompt = $('gen-prompt').value;
  const promptIds = (await tokenizerApi('tokenize', { model: m.address, text: prompt })).ids ?? [];
  textEl.textContent = prompt;
  const completion = document.createElement('b'); // the model's part, after the prompt
  completion.id = 'gen-completion';
  textEl.append(completion);
  st.textContent = 'generating…';
  const call = (input) => app.pub2.readContract({
    address: app.cfg.contracts.classifier, abi: classifierAbi, functionName: 'predict', args: [m.address, input, 4n],
  });
  const t0 = performance.now();
  let out;
  let stop;
  try {
    ({ out, stop } = await greedy({
      call, prompt: promptIds, seq, max: Number(maxText), eos,
      onToken: async (_, sofar) => {
        completion.textContent = (await tokenizerApi('detokenize', { model: m.address, ids: sofar })).text;
        st.textContent = `${sofar.length} token${sofar.length === 1 ? '' : 's'}…`;
      },
    }));
  } catch (e) {
    st.textContent = 'stopped by the error above';
    throw e;
  }
  const ms = performance.now() - t0;
  const took = ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  // Estimated after the run, not beside it: an estimate runs the model
  // several times, on the node the tokens come from.
  const gas = await app.pub2.estimateContractGas({
    address: app.cfg.contracts.classifier, abi: classifierAbi, functionName: 'inference',
    args: [m.address, generationInput(promptIds, seq), 4n], account: app.cfg.contracts.classifier,
  }).catch(() => null);
  st.dataset.ids = out.join(' ');
  st.dataset.stop = stop;
  st.textContent = `${out.length} tokens in ${took} (${stop}): ${out.join(' ') || 'none'}. Prompt: ${promptIds.length} tokens, ${promptIds.join(' ')}.`
    + (gas ? ` By transaction, a token costs about ${gas} gas.` : '');
  st.dataset.done = 'gen';
}

function showGenModels() {
  const gs = genModels();
  if (gs.length === 0) return;
  const sel = $('gen-model');
  sel.textContent = '';
  for (const m of gs) {
    const o = document.createElement('option');
    o.value = m.address;
    o.textContent = `${m.name} (${m.generate.seq} positions)`;
    sel.append(o);
  }
  $('gen-section').hidden = false;
}

// ---- attested inference ----

async function attestRequest() {
  requireWallet();
  const a = app.cfg.attest;
  const input = $('attest-input').value.trim();
  hexBytes(input);
  const el = $('attest-result');
  const fee = BigInt(a.fee);
  const data = encodeFunctionData({ abi: settlementAbi, functionName: 'request', args: [a.model, input, fee] });
  const { receipt } = await send('l2', { to: a.settlement, data, value: fee }, (h) => { el.textContent = `request ${h} sent…`; });
  let id = null;
  for (const l of receipt.logs) {
    try {
      const ev = decodeEventLog({ abi: settlementAbi, data: l.data, topics: l.topics });
      if (ev.eventName === 'Requested') id = ev.args.id;
    } catch { /* not the Settlement's */ }
  }
  if (id === null) throw new Error('no Requested event');
  el.textContent = `request #${id} in L2 block ${BigInt(receipt.blockNumber)}; waiting for the node's proof and the validators' signatures…`;
  const from = BigInt(receipt.blockNumber);
  const end = Date.now() + 600_000;
  for (;;) {
    const logs = await app.pub2.getContractEvents({ address: a.settlement, abi: settlementAbi, eventName: 'Settled', args: { id }, fromBlock: from });
    if (logs.length > 0) {
      const s = logs[0].args;
      const total = s.operatorFee + s.validatorFee + s.treasuryFee;
      const pct = (x) => (total === 0n ? '0' : (Number((x * 10000n) / total) / 100).toString());
      el.textContent = `Settled #${id} in L2 block ${logs[0].blockNumber} by node ${s.node}\noutput ${s.output}\n`
        + `fee ${formatEther(total)} ETH: node ${formatEther(s.operatorFee)} (${pct(s.operatorFee)}%), `
        + `validators ${formatEther(s.validatorFee)} (${pct(s.validatorFee)}%), treasury ${formatEther(s.treasuryFee)} (${pct(s.treasuryFee)}%)`;
      el.dataset.done = 'settled';
      return;
    }
    if (Date.now() > end) throw new Error(`request #${id} not settled after 10 minutes`);
    await sleep(2000);
  }
}

// ---- start ----

async function main() {
  app.cfg = await loadConfig();
  ({ l1: app.l1, l2: app.l2 } = chains(app.cfg));
  app.pub1 = createPublicClient({ chain: app.l1, transport: http(app.cfg.l1.rpcUrl) }).extend(publicActionsL1());
  app.pub2 = createPublicClient({ chain: app.l2, transport: http(app.cfg.l2.rpcUrl) }).extend(publicActionsL2());
  document.querySelectorAll('.l1-name').forEach((e) => { e.textContent = app.l1.name; });
  document.querySelectorAll('.l2-name').forEach((e) => { e.textContent = app.l2.name; });
  $('endpoints').textContent = `${app.l2.name}: ${app.cfg.l2.rpcUrl} (chain id ${app.l2.id}) · ${app.l1.name}: ${app.cfg.l1.rpcUrl} (chain id ${app.l1.id})`;
  showGenModels();
  if (app.cfg.attest) {
    $('attest-section').hidden = false;
    $('attest-fee').textContent = `${formatEther(BigInt(app.cfg.attest.fee))} ETH`;
    $('attest-input').value = `0x${(app.cfg.attest.sampleInput || '').replace(/^0x/, '')}`;
  }
  discoverWallets((ws) => {
    app.wallets = ws;
    const sel = $('wallet-select');
    sel.textContent = '';
    ws.forEach((w, i) => {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = w.info.name;
      sel.append(o);
    });
  });
  action('connect', 'connect', connect);
  action('add-l2', `switch to ${app.l2.name}`, async () => { await ensureChain(app.provider, addChainParams(app.cfg.l2, 'l2')); await showAccount(); });
  action('add-l1', `switch to ${app.l1.name}`, async () => { await ensureChain(app.provider, addChainParams(app.cfg.l1, 'l1')); await showAccount(); });
  action('deposit', 'deposit', deposit);
  action('withdraw', 'withdraw', withdraw);
  action('iris-call', 'classify (eth_call)', irisCall);
  action('iris-send', 'classify by transaction', irisSend);
  action('raw-call', 'eth_call', rawCall);
  action('raw-send', 'transaction', rawSend);
  action('attest-request', 'attested inference', attestRequest);
  action('gen-run', 'generate', generateText);
  refreshButtons();
  setInterval(() => showBalances().catch(() => {}), 4000);
  setInterval(() => showWithdrawals().catch(() => {}), 5000);
  try {
    await showModels();
  } catch (e) {
    showError('models', e);
  }
  document.body.dataset.ready = 'true';
}

main().catch((e) => showError('start', e));
