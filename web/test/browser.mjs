// browser.mjs: drives the dapp page in a real headless Chromium (Debian's,
// through playwright-core; no browser download) against a running chain, with
// an injected EIP-1193 wallet that does what MetaMask does: it announces
// itself by EIP-6963, starts on another network, answers 4902 to a switch to
// a chain it does not know, adds it on wallet_addEthereumChain, fills in
// nonce, gas and EIP-1559 fees for eth_sendTransaction, signs with a dev key
// and sends the raw transaction; every other call goes to the current
// network's RPC. Its steps: connect, classify a flower by eth_call (call) and
// by transaction (classify), show a revert reason (revert), deposit ETH from
// L1 (deposit), withdraw it (withdraw: prove and finalize), request an
// attested inference (attest), generate text from a prompt (generate); each checks what the page shows against the
// chain, and screenshots are saved.
//
// Env: PAGE_URL, KEY (hex private key of a funded account), SCREENSHOTS
// (directory), CHROMIUM (default /usr/bin/chromium), STEPS (comma-separated,
// in order; default all of them); for generate: GEN_MODEL (the model's name;
// default the first), GEN_PROMPT, GEN_MAX, EXPECT_GEN_IDS, EXPECT_GEN_STOP,
// EXPECT_GEN_TEXT, and GEN_MAX_FULL with EXPECT_GEN_FULL_IDS for a second
// run that must fill the context.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { formatEther, parseEther, serializeTransaction } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const env = (k, d) => {
  const v = process.env[k] ?? d;
  if (v === undefined) throw new Error(`${k} is not set`);
  return v;
};

/** A wallet like MetaMask, in Node: the page's provider calls into it. */
class DevWallet {
  constructor(key) {
    this.account = privateKeyToAccount(key);
    this.networks = new Map(); // chain id (bigint) -> rpc url
    this.chainId = 1n; // MetaMask starts on Ethereum mainnet, which this wallet cannot reach
    this.calls = [];
    this.emit = async () => {};
  }

  async rpc(method, params) {
    const url = this.networks.get(this.chainId);
    if (!url) throw Object.assign(new Error(`no RPC for chain ${this.chainId}`), { code: 4900 });
    const res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
    });
    const body = await res.json();
    if (body.error) {
      // MetaMask hands a node's error to the page wrapped.
      throw Object.assign(new Error('Internal JSON-RPC error.'), { code: -32603, data: body.error });
    }
    return body.result;
  }

  async request(method, params = []) {
    this.calls.push(method);
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [this.account.address];
      case 'eth_chainId':
        return `0x${this.chainId.toString(16)}`;
      case 'net_version':
        return this.chainId.toString();
      case 'wallet_addEthereumChain': {
        const p = params[0];
        if (!p || !p.chainId || !Array.isArray(p.rpcUrls) || p.rpcUrls.length === 0 || !p.nativeCurrency) {
          throw Object.assign(new Error('invalid wallet_addEthereumChain parameter'), { code: -32602 });
        }
        const id = BigInt(p.chainId);
        // MetaMask checks that the RPC serves the chain id it is added as.
        const got = await fetch(p.rpcUrls[0], {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
        }).then((r) => r.json());
        if (BigInt(got.result) !== id) throw Object.assign(new Error(`RPC serves chain ${got.result}, not ${p.chainId}`), { code: -32602 });
        this.networks.set(id, p.rpcUrls[0]);
        this.added = [...(this.added || []), p];
        await this.switchTo(id);
        return null;
      }
      case 'wallet_switchEthereumChain': {
        const id = BigInt(params[0].chainId);
        if (!this.networks.has(id)) {
          throw Object.assign(new Error(`Unrecognized chain ID ${params[0].chainId}. Try adding the chain using wallet_addEthereumChain first.`), { code: 4902 });
        }
        await this.switchTo(id);
        return null;
      }
      case 'eth_sendTransaction':
        return this.send(params[0]);
      case 'eth_sign':
      case 'personal_sign':
      case 'eth_signTypedData_v4':
        throw Object.assign(new Error(`${method} is not used by the page`), { code: 4200 });
      default:
        return this.rpc(method, params);
    }
  }

  async switchTo(id) {
    if (this.chainId === id) return;
    this.chainId = id;
    await this.emit('chainChanged', `0x${id.toString(16)}`);
  }

  async send(tx) {
    if (tx.from && tx.from.toLowerCase() !== this.account.address.toLowerCase()) {
      throw Object.assign(new Error('from is not the connected account'), { code: 4100 });
    }
    if (tx.chainId !== undefined && BigInt(tx.chainId) !== this.chainId) {
      // MetaMask refuses a transaction meant for another network than its own.
      throw Object.assign(new Error(`Invalid chainId ${tx.chainId}: the wallet is on ${this.chainId}`), { code: -32602 });
    }
    const [nonce, tip, block] = await Promise.all([
      this.rpc('eth_getTransactionCount', [this.account.address, 'pending']),
      this.rpc('eth_maxPriorityFeePerGas', []),
      this.rpc('eth_getBlockByNumber', ['latest', false]),
    ]);
    const base = { from: this.account.address, to: tx.to, data: tx.data, value: tx.value };
    const gas = tx.gas ? BigInt(tx.gas) : BigInt(await this.rpc('eth_estimateGas', [base]));
    const signed = await this.account.signTransaction({
      type: 'eip1559', chainId: Number(this.chainId), nonce: Number(BigInt(nonce)), to: tx.to, data: tx.data,
      value: tx.value ? BigInt(tx.value) : 0n, gas, maxPriorityFeePerGas: BigInt(tip),
      maxFeePerGas: BigInt(block.baseFeePerGas) * 2n + BigInt(tip),
    }, { serializer: serializeTransaction });
    return this.rpc('eth_sendRawTransaction', [signed]);
  }
}

// The page side of the wallet: an EIP-1193 provider announced by EIP-6963.
function injectProvider() {
  const listeners = {};
  const provider = {
    isMetaMask: false,
    async request({ method, params }) {
      const r = await window.__devWallet(method, params ?? []);
      if (r.error) throw Object.assign(new Error(r.error.message), r.error);
      return r.result;
    },
    on(ev, fn) { (listeners[ev] ||= []).push(fn); return provider; },
    removeListener(ev, fn) { listeners[ev] = (listeners[ev] || []).filter((f) => f !== fn); return provider; },
  };
  window.__devWalletEmit = (ev, arg) => (listeners[ev] || []).forEach((f) => f(arg));
  const detail = Object.freeze({
    info: { uuid: '3f8c2a54-6c1e-4f1b-9d2e-7a5b8c9d0e1f', name: 'Dev wallet (test)', rdns: 'org.aievm.devwallet',
      icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/%3E' },
    provider,
  });
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}

async function balance(page, side, address) {
  const url = await page.evaluate((k) => fetch('./config.json').then((r) => r.json()).then((c) => c[k].rpcUrl), side);
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getBalance', params: [address, 'latest'] }),
  }).then((r) => r.json());
  return BigInt(res.result);
}

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`ok: ${what}`);
}

async function main() {
  const shots = env('SCREENSHOTS');
  mkdirSync(shots, { recursive: true });
  const wallet = new DevWallet(env('KEY'));
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1500 } });
    page.on('console', (m) => { if (m.type() === 'error') console.log(`page console: ${m.text()}`); });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    await page.exposeFunction('__devWallet', async (method, params) => {
      try {
        return { result: await wallet.request(method, params) };
      } catch (e) {
        return { error: { code: e.code ?? -32603, message: e.message, data: e.data } };
      }
    });
    wallet.emit = (ev, arg) => page.evaluate(([e, a]) => window.__devWalletEmit?.(e, a), [ev, arg]).catch(() => {});
    await page.addInitScript(injectProvider);

    await page.goto(env('PAGE_URL'));
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const errBox = page.locator('#error');
    check(await errBox.isHidden(), 'the page starts without an error');
    check((await page.locator('#wallet-select option').allTextContents()).includes('Dev wallet (test)'), 'the wallet is found by EIP-6963');
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#models tr[data-model="iris"] td:last-child')?.textContent || ''),
      null, { timeout: 60_000 });
    const irisRow = await page.locator('#models tr[data-model="iris"]').innerText();
    check(/f32\[1 4\]/.test(irisRow) && /f32\[1 3\]/.test(irisRow), `the models table shows iris's specs and gas (${irisRow.replace(/\s+/g, ' ')})`);
    await page.screenshot({ path: join(shots, 'dapp-start.png'), fullPage: true });

    // Waits for target to show, failing at once if the page shows an error
    // instead (a failed flow never shows its next button).
    const reach = async (target, timeout) => {
      await target.or(page.locator('#error:not([hidden])')).first().waitFor({ timeout });
      if (await errBox.isVisible()) throw new Error(`the page shows an error: ${await errBox.innerText()}`);
    };

    const steps = {
      async connect() {
        await page.click('#connect');
        await page.waitForFunction((a) => document.querySelector('#account').textContent.toLowerCase() === a.toLowerCase(), wallet.account.address);
        await page.waitForFunction(() => /ETH$/.test(document.querySelector('#l2-balance').textContent));
        // The wallet's chainChanged event can show the balance before the
        // flow ends; while it runs every action button is off.
        await page.waitForFunction(() => !document.body.dataset.busy);
        check(await page.locator('#iris-call').isEnabled(), 'connect: the action buttons are on again once it ends');
        check(wallet.added?.length === 1 && wallet.calls.includes('wallet_switchEthereumChain'),
          'connect: switch refused with 4902, then wallet_addEthereumChain');
      },
      async call() {
        await page.click('#iris-call');
        await page.waitForSelector('#iris-species');
        check((await page.locator('#iris-species').innerText()) === 'Iris setosa', 'eth_call: 5.1/3.5/1.4/0.2 cm is a setosa');
      },
      async classify() {
        for (const [id, v] of [['#iris-sl', '6.7'], ['#iris-sw', '3.0'], ['#iris-pl', '5.2'], ['#iris-pw', '2.3']]) await page.fill(id, v);
        const sent = wallet.calls.length;
        await page.click('#iris-send');
        await reach(page.locator('#iris-tx[data-done="iris"]'), 120_000);
        const species = await page.locator('#iris-species').innerText();
        const txLine = await page.locator('#iris-tx').innerText();
        check(species === 'Iris virginica', `transaction: 6.7/3.0/5.2/2.3 cm is a virginica (${txLine})`);
        const seq = wallet.calls.slice(sent);
        const order = ['eth_chainId', 'eth_estimateGas', 'eth_sendTransaction', 'eth_getTransactionReceipt'];
        check(order.every((m, i) => seq.indexOf(m) >= 0 && (i === 0 || seq.indexOf(m) > seq.indexOf(order[i - 1]))),
          `the wallet saw ${order.join(', ')} in order`);
        await page.screenshot({ path: join(shots, 'dapp-classify.png'), fullPage: true });
      },
      async revert() {
        await page.selectOption('#raw-model', { label: 'iris' });
        await page.fill('#raw-input', '0x00');
        await page.click('#raw-call');
        await page.waitForSelector('#error:not([hidden])');
        const reason = await errBox.innerText();
        check(/input size does not match the model: 1 bytes given/.test(reason), `eth_call: a bad input shows the revert reason (${reason})`);
        // The same through the wallet, which wraps the node's error.
        await page.click('#raw-send');
        await page.waitForFunction(() => /^transaction:/.test(document.querySelector('#error').textContent)
          && !document.body.dataset.busy);
        const viaWallet = await errBox.innerText();
        check(/reverted: inference: input size does not match the model: 1 bytes given/.test(viaWallet),
          `transaction: the wallet's wrapped error shows the revert reason (${viaWallet})`);
      },
      async generate() {
        // A prompt box on a generation model: the page tokenizes through its
        // server, calls the model a token at a time, and shows the text; the
        // ids must be those the engine's greedy loop gives (EXPECT_GEN_IDS).
        check(await page.locator('#gen-section').isVisible(), 'generate: the page shows a prompt box for the generation model');
        const model = env('GEN_MODEL', '');
        if (model) {
          const value = await page.$$eval('#gen-model option', (os, n) => os.find((o) => o.textContent.startsWith(`${n} (`))?.value, model);
          check(!!value, `generate: the prompt box offers ${model}`);
          await page.selectOption('#gen-model', value);
        }
        // A prompt longer than the model's context shows why it is refused.
        await page.fill('#gen-prompt', 'Hi '.repeat(40));
        await page.click('#gen-run');
        await page.waitForSelector('#error:not([hidden])');
        const refused = await errBox.innerText();
        check(/the prompt is \d+ tokens: the model's context is \d+/.test(refused), `generate: a prompt past the context is refused (${refused})`);
        // Generates from GEN_PROMPT up to max tokens; checks the ids, the
        // stop reason and the text against the expectations given.
        const run = async (max, wantIDs, wantStop, wantText) => {
          await page.fill('#gen-prompt', env('GEN_PROMPT', 'Hi'));
          await page.fill('#gen-max', max);
          await page.click('#gen-run');
          await reach(page.locator('#gen-status[data-done="gen"]'), Number(env('GEN_TIMEOUT_MS', '120000')));
          const st = page.locator('#gen-status');
          const [ids, stop, status, text] = [await st.getAttribute('data-ids'), await st.getAttribute('data-stop'),
            await st.innerText(), await page.locator('#gen-text').innerText()];
          console.log(`generated (max ${max}): ${JSON.stringify(text)}`);
          check(!wantIDs || ids === wantIDs, `generate ${max}: the tokens are the engine's greedy ones (${ids}; want ${wantIDs || 'any'}): ${status}`);
          check(!wantStop || stop === wantStop, `generate ${max}: it stopped for the engine's reason (${stop}; want ${wantStop || 'any'})`);
          check(!wantText || text === wantText, `generate ${max}: the text shown is the prompt and its completion (${wantText ? JSON.stringify(wantText) : 'not checked'})`);
        };
        await run(env('GEN_MAX', '5'), env('EXPECT_GEN_IDS', ''), env('EXPECT_GEN_STOP', ''), env('EXPECT_GEN_TEXT', ''));
        if (env('GEN_MAX_FULL', '')) await run(env('GEN_MAX_FULL'), env('EXPECT_GEN_FULL_IDS', ''), 'context-full', '');
        await page.screenshot({ path: join(shots, 'dapp-generate.png'), fullPage: true });
      },
      async deposit() {
        const adds = wallet.added.length;
        const before = await balance(page, 'l2', wallet.account.address);
        const t0 = Date.now();
        await page.fill('#deposit-amount', '2');
        await page.click('#deposit');
        check(await page.locator('#iris-call').isDisabled() && await page.locator('#deposit').isDisabled(),
          'deposit: the action buttons are off while it runs');
        await reach(page.locator('#deposit-status[data-done="deposit"]'), 900_000);
        check(wallet.added.length === adds + 1, 'deposit: the wallet added the L1 network and switched to it');
        const after = await balance(page, 'l2', wallet.account.address);
        check(after - before === parseEther('2'),
          `deposit: the L2 balance rose by 2 ETH in ${Math.round((Date.now() - t0) / 1000)} s (${formatEther(before)} -> ${formatEther(after)})`);
        await page.waitForFunction((want) => document.querySelector('#l2-balance').textContent === want, `${formatEther(after)} ETH`, { timeout: 15_000 });
        await page.screenshot({ path: join(shots, 'dapp-deposit.png'), fullPage: true });
      },
      async withdraw() {
        // Start a withdrawal on L2, prove it on L1 once an output game covers
        // its block, finalize it once the game resolved and the proof matured.
        await page.fill('#withdraw-amount', '0.5');
        await page.click('#withdraw');
        const row = page.locator('#withdrawals tbody tr').last();
        await reach(row.locator('button', { hasText: 'Prove on L1' }), 300_000);
        await page.screenshot({ path: join(shots, 'dapp-withdraw.png'), fullPage: true });
        await row.locator('button', { hasText: 'Prove on L1' }).click();
        await reach(row.locator('button', { hasText: 'Finalize on L1' }), 600_000);
        const l1Before = await balance(page, 'l1', wallet.account.address);
        await row.locator('button', { hasText: 'Finalize on L1' }).click();
        await page.waitForFunction(() => /^finalized/.test(document.querySelector('#withdrawals tbody tr:last-child .wd-status')?.textContent || ''),
          null, { timeout: 120_000 });
        const l1After = await balance(page, 'l1', wallet.account.address);
        const got = l1After - l1Before;
        check(got > parseEther('0.49') && got <= parseEther('0.5'), `withdrawal proven and finalized: L1 balance rose by ${formatEther(got)} ETH (0.5 less the finalizing gas)`);
      },
      async attest() {
        await page.click('#attest-request');
        await reach(page.locator('#attest-result[data-done="settled"]'), 600_000);
        const res = await page.locator('#attest-result').innerText();
        check(/\(78%\).*\(12%\).*\(10%\)/s.test(res), `attested inference settled 78/12/10 (${res.replace(/\n/g, ' | ')})`);
        await page.screenshot({ path: join(shots, 'dapp-attest.png'), fullPage: true });
      },
    };
    for (const name of env('STEPS', 'connect,call,classify,revert,generate,deposit,withdraw,attest').split(',')) {
      if (!steps[name]) throw new Error(`STEPS: no step "${name}" (${Object.keys(steps).join(', ')})`);
      console.log(`step: ${name}`);
      await steps[name]();
      // A step that leaves the error box showing failed, whatever it checked
      // (the revert step's error is the one it expects).
      if (name !== 'revert') check(await errBox.isHidden(), `${name}: no error shown`);
    }
    console.log(`wallet calls: ${[...new Set(wallet.calls)].join(' ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
