// generate.js: greedy generation with a generation model, one call a token,
// as opml/generate's Model.Greedy runs it (and Completion.sol on chain), so
// the page's completion is the CLI's and the contract's.
import { generationInput, tokenOf } from './tensor.js';

/**
 * Generates up to max tokens after prompt (ids). call(inputHex) runs the
 * model once and returns its output's hex; onToken(id, out) sees each token
 * as it comes. It stops at the end token eos (not returned; -1 for none),
 * after max tokens, or when the context is full: a model of seq positions
 * predicts from at most seq tokens, so prompt and completion are at most
 * seq+1. Returns { out, stop } with stop 'max-tokens', 'end-of-text' or
 * 'context-full'.
 */
export async function greedy({ call, prompt, seq, max, eos, onToken = () => {} }) {
  if (prompt.length === 0) throw new Error('the prompt is empty');
  if (prompt.length > seq) throw new Error(`the prompt is ${prompt.length} tokens: the model's context is ${seq}`);
  const ids = [...prompt];
  const out = [];
  while (out.length < max) {
    if (ids.length > seq) return { out, stop: 'context-full' };
    const next = tokenOf(await call(generationInput(ids, seq)));
    if (next === eos) return { out, stop: 'end-of-text' };
    ids.push(next);
    out.push(next);
    await onToken(next, out);
  }
  return { out, stop: 'max-tokens' };
}
