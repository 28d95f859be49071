// errors.js: the words of an error a user should see: the revert reason,
// wherever viem, the node or the wallet put it.
import { decodeErrorResult, parseAbi } from 'viem';

import { settlementAbi } from './abi.js';

const errorAbi = parseAbi(['error Error(string reason)', 'error Panic(uint256 code)']);

/** Revert data a wallet or node attached, and its message, at any depth. */
function revertData(e, seen = new Set()) {
  if (!e || typeof e !== 'object' || seen.has(e)) return [];
  seen.add(e);
  const out = [];
  if (typeof e.data === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(e.data)) out.push({ data: e.data });
  if (typeof e.message === 'string') out.push({ message: e.message });
  // MetaMask wraps node errors: {code: -32603, message: 'Internal JSON-RPC error.', data: {code: 3, message, data}}.
  for (const k of ['cause', 'data', 'originalError', 'error']) out.push(...revertData(e[k], seen));
  return out;
}

/** The most useful words of an error: the revert reason when there is one. */
export function errorText(e) {
  for (let c = e; c; c = c.cause) {
    if (c.reason) return `reverted: ${c.reason}`;
  }
  const found = revertData(e);
  for (const { data } of found) {
    if (!data) continue;
    for (const abi of [settlementAbi, errorAbi]) {
      try {
        const d = decodeErrorResult({ abi, data });
        const args = (d.args || []).map((a) => (typeof a === 'bigint' ? a.toString() : String(a)));
        return d.errorName === 'Error' ? `reverted: ${args[0]}` : `reverted: ${d.errorName}(${args.join(', ')})`;
      } catch { /* not this ABI's */ }
    }
  }
  for (const { message } of found) {
    const r = message && /execution reverted:?\s*([^\n]*)/.exec(message);
    if (r && r[1]) return `reverted: ${r[1].trim()}`;
  }
  const parts = [];
  for (let c = e; c; c = c.cause) {
    const m = c.shortMessage || c.message;
    if (m && !parts.includes(m)) parts.push(m);
  }
  return parts[0] || String(e);
}
