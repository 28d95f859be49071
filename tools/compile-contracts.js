// Compiles a Solidity tree with the pinned solc-js (tools/node_modules/solc),
// standard JSON input, a pinned EVM version and optimizer settings, and
// writes <Name>.abi, <Name>.bin and <Name>.runtime into the output directory.
// Usage: node tools/compile-contracts.js <srcDir> <outDir> [abiDir] (make
// contracts; aievm attest setup compiles the verifier gnark exports with it).
// With abiDir it also writes <Name>.json there, the ABI (pretty, one file per
// contract, interface or library that has one; test harnesses under a test/
// directory are left out): the ABI files committed in contracts/abi.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require(path.join(__dirname, 'node_modules', 'solc'));

const EVM_VERSION = 'cancun';
const [srcDir, outDir, abiDir] = process.argv.slice(2);
if (!srcDir || !outDir) throw new Error('usage: compile-contracts.js <srcDir> <outDir> [abiDir]');

const sources = {};
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.sol')) sources[path.relative(srcDir, p)] = { content: fs.readFileSync(p, 'utf8') };
  }
})(srcDir);

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) process.stderr.write(e.formattedMessage + '\n');
if (errors.length) process.exit(1);
fs.mkdirSync(outDir, { recursive: true });
if (abiDir) fs.mkdirSync(abiDir, { recursive: true });
const abiFrom = {};
for (const [file, contracts] of Object.entries(out.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    if (abiDir && c.abi.length && !file.split('/').includes('test')) {
      if (abiFrom[name]) throw new Error(`two contracts named ${name}: ${abiFrom[name]} and ${file}`);
      abiFrom[name] = file;
      fs.writeFileSync(path.join(abiDir, name + '.json'), JSON.stringify(c.abi, null, 2) + '\n');
    }
    // libraries with only internal functions have no callable ABI (errors at most)
    if (!c.evm.bytecode.object || !c.abi.some((x) => x.type !== 'error')) continue;
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), c.evm.bytecode.object);
    fs.writeFileSync(path.join(outDir, name + '.runtime'), c.evm.deployedBytecode.object);
    process.stdout.write(`${file}:${name} (${c.evm.bytecode.object.length / 2} bytes)\n`);
  }
}
process.stdout.write(`solc ${solc.version()}, evmVersion ${EVM_VERSION}\n`);
