// Runs an ONNX model in ONNX Runtime (CPU, one thread) for the Go side:
//   node ort.js <model.onnx> <request.json>
// request: {"input": name, "dtype": "float32"|"int32", "shape": [..], "samples": [[numbers], ...], "iterations": n}
// prints:  {"outputs": [[floats per sample]], "min_ms": x, "median_ms": y}
// Outputs are those of the model's first output; timing runs sample 0.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [modelPath, reqPath] = process.argv.slice(2);
  if (!modelPath || !reqPath) {
    throw new Error('usage: node ort.js <model.onnx> <request.json>');
  }
  const req = JSON.parse(fs.readFileSync(reqPath, 'utf8'));
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const outName = session.outputNames[0];
  const dtype = req.dtype || 'float32';
  const Arr = dtype === 'int32' ? Int32Array : Float32Array;
  const feeds = (s) => ({ [req.input]: new ort.Tensor(dtype, Arr.from(s), req.shape) });
  const outputs = [];
  for (const s of req.samples) {
    const r = await session.run(feeds(s));
    outputs.push(Array.from(r[outName].data));
  }
  const iters = req.iterations || 0;
  const times = [];
  if (iters > 0) {
    const f = feeds(req.samples[0]);
    for (let i = 0; i < Math.min(50, iters); i++) await session.run(f); // warm up
    for (let i = 0; i < iters; i++) {
      const t0 = process.hrtime.bigint();
      await session.run(f);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
  }
  process.stdout.write(JSON.stringify({
    outputs,
    min_ms: times.length ? times[0] : 0,
    median_ms: times.length ? times[times.length >> 1] : 0,
  }));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
