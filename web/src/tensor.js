// tensor.js: the bytes a model takes and gives. Tensors are little endian
// (the engine's SPEC, section 1): f32 values are IEEE 754 binary32, i8 are
// two's complement bytes.

/** Encodes numbers as little-endian f32, hex with 0x. */
export function f32Hex(values) {
  const b = new Uint8Array(values.length * 4);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setFloat32(i * 4, x, true));
  return bytesHex(b);
}

/** Decodes little-endian f32 values from hex. */
export function f32Values(hex) {
  const b = hexBytes(hex);
  if (b.length % 4 !== 0) throw new Error(`${b.length} bytes are not whole f32 values`);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 4 }, (_, i) => v.getFloat32(i * 4, true));
}

/** Parses a measurement: a finite decimal number, else a clear error. */
export function parseMeasure(name, text) {
  const s = String(text).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new Error(`${name}: "${text}" is not a number`);
  const x = Number(s);
  if (!Number.isFinite(x)) throw new Error(`${name}: "${text}" is out of range`);
  return x;
}

export function hexBytes(hex) {
  const s = String(hex).trim().replace(/^0x/i, '');
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error(`"${hex}" is not hex bytes`);
  return Uint8Array.from(s.match(/../g) || [], (p) => parseInt(p, 16));
}

export function bytesHex(b) {
  return `0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** A spec as the engine prints it: f32[1 4]. */
export function specText(s) {
  return s ? `${s.dtype}[${(s.shape || []).join(' ')}]` : '?';
}

/**
 * A generation model's input for the tokens so far (opml/generate's
 * Model.Input): each token as little-endian i32, padded with token 0 to the
 * model's seq positions, then the last token's position as i32.
 */
export function generationInput(ids, seq) {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`${seq} positions: not a generation model's`);
  if (ids.length === 0 || ids.length > seq) throw new Error(`${ids.length} tokens: the model takes 1 to ${seq}`);
  const b = new Uint8Array(4 * (seq + 1));
  const v = new DataView(b.buffer);
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new Error(`token id ${id} is not an i32 id`);
    v.setInt32(4 * i, id, true);
  });
  v.setInt32(4 * seq, ids.length - 1, true);
  return bytesHex(b);
}

/** The next token of a generation model's output: one little-endian i32. */
export function tokenOf(hex) {
  const b = hexBytes(hex);
  if (b.length !== 4) throw new Error(`output of ${b.length} bytes, want a token's 4`);
  return new DataView(b.buffer).getInt32(0, true);
}
