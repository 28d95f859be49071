// wallet.js: finding and driving the user's wallet through EIP-1193, with
// EIP-6963 discovery (every installed wallet announces itself) and
// window.ethereum as the fallback.

/** Discovers wallets: calls onChange with the list each time one announces. */
export function discoverWallets(onChange) {
  const found = new Map();
  const add = (info, provider) => {
    if (!provider || typeof provider.request !== 'function' || found.has(info.uuid)) return;
    found.set(info.uuid, { info, provider });
    onChange([...found.values()]);
  };
  window.addEventListener('eip6963:announceProvider', (ev) => add(ev.detail.info, ev.detail.provider));
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  // A wallet that predates EIP-6963 only sets window.ethereum.
  setTimeout(() => {
    if (found.size === 0 && window.ethereum) {
      add({ uuid: 'window.ethereum', name: 'Browser wallet (window.ethereum)', rdns: '' }, window.ethereum);
    }
  }, 300);
}

/** The wallet's JSON-RPC error code, wherever viem or the wallet put it. */
function codeOf(e) {
  for (let c = e; c; c = c.cause) {
    if (typeof c.code === 'number') return c.code;
    if (c.data && typeof c.data.originalError?.code === 'number') return c.data.originalError.code;
  }
  return undefined;
}

/**
 * Makes the wallet's current network `params` (EIP-3085 form): switch to it
 * (EIP-3326), and when the wallet does not know it (4902) add it, which
 * switches too. MetaMask asks the user at each step.
 */
export async function ensureChain(provider, params) {
  const current = await provider.request({ method: 'eth_chainId' });
  if (BigInt(current) === BigInt(params.chainId)) return;
  try {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: params.chainId }] });
  } catch (e) {
    if (codeOf(e) !== 4902) throw e;
    await provider.request({ method: 'wallet_addEthereumChain', params: [params] });
  }
  const now = await provider.request({ method: 'eth_chainId' });
  if (BigInt(now) !== BigInt(params.chainId)) {
    throw new Error(`the wallet stayed on chain ${BigInt(now)}; switch it to ${params.chainName} (${BigInt(params.chainId)})`);
  }
}
