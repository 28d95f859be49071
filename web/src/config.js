// config.js: the chain the page talks to. `aievm devnet` serves it as
// /config.json beside the page; `?config=<url>` points the page at any AI EVM
// chain's config (see web/README.md for its fields).
import { defineChain } from 'viem';
import { chainConfig } from 'viem/op-stack';

/**
 * Loads and checks the chain config: ./config.json, or `?config=<path>` on
 * the same origin. A config from elsewhere is refused: it names the
 * contracts the page asks the wallet to send ETH to, so it must come from
 * whoever serves the page.
 */
export async function loadConfig(loc = window.location) {
  const asked = new URLSearchParams(loc.search).get('config') || './config.json';
  let url;
  try {
    url = new URL(asked, loc.href);
  } catch {
    throw new Error(`chain config "${asked}" is not a URL`);
  }
  if (url.origin !== loc.origin) {
    throw new Error(`chain config ${url.href} is not served by this page's origin (${loc.origin}): refused`);
  }
  let res;
  try {
    res = await fetch(url, { cache: 'no-store' });
  } catch (e) {
    throw new Error(`fetch chain config ${url}: ${e.message}`);
  }
  if (!res.ok) throw new Error(`fetch chain config ${url}: HTTP ${res.status}`);
  const cfg = await res.json();
  for (const k of ['l1', 'l2', 'contracts']) {
    if (!cfg[k]) throw new Error(`chain config ${url}: no "${k}"`);
  }
  for (const side of ['l1', 'l2']) {
    const c = cfg[side];
    if (!Number.isSafeInteger(c.chainId) || c.chainId <= 0 || !c.rpcUrl) {
      throw new Error(`chain config ${url}: ${side} needs chainId and rpcUrl`);
    }
  }
  cfg.models = cfg.models || [];
  return cfg;
}

function explorers(c) {
  return c.explorerUrl ? { default: { name: 'Explorer', url: c.explorerUrl } } : undefined;
}

/**
 * Multicall3's address on Ethereum, its testnets and every OP Stack chain (a
 * preinstall): viem batches the withdrawal's game lookups through it.
 */
const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** The viem chains: L1 plainly, L2 as an OP Stack chain over L1's portal. */
export function chains(cfg) {
  const eth = { name: 'Ether', symbol: 'ETH', decimals: 18 };
  const multicall3 = { address: cfg.contracts.multicall3 || MULTICALL3 };
  const l1 = defineChain({
    id: cfg.l1.chainId, name: cfg.l1.name || `L1 ${cfg.l1.chainId}`, nativeCurrency: eth,
    rpcUrls: { default: { http: [cfg.l1.rpcUrl] } }, blockExplorers: explorers(cfg.l1), contracts: { multicall3 },
  });
  const at = (a) => (a ? { [l1.id]: { address: a } } : undefined);
  const l2 = defineChain({
    ...chainConfig,
    id: cfg.l2.chainId, name: cfg.l2.name || `AI EVM ${cfg.l2.chainId}`, nativeCurrency: eth, sourceId: l1.id,
    rpcUrls: { default: { http: [cfg.l2.rpcUrl] } }, blockExplorers: explorers(cfg.l2),
    contracts: {
      ...chainConfig.contracts,
      multicall3,
      portal: at(cfg.contracts.optimismPortal),
      disputeGameFactory: at(cfg.contracts.disputeGameFactory),
      l1StandardBridge: at(cfg.contracts.l1StandardBridge),
    },
  });
  return { l1, l2 };
}

/** wallet_addEthereumChain's parameter (EIP-3085) for one side. */
export function addChainParams(c, side) {
  const p = {
    chainId: `0x${c.chainId.toString(16)}`,
    chainName: c.name || (side === 'l1' ? `L1 ${c.chainId}` : `AI EVM ${c.chainId}`),
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: [c.rpcUrl],
  };
  if (c.explorerUrl) p.blockExplorerUrls = [c.explorerUrl];
  return p;
}
