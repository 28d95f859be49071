// Compiles the example's Solidity (src/ and test/) with solc-js: evmVersion
// cancun, optimizer 200 runs, the settings @aievm/contracts is built with.
// Imports of @aievm/contracts/... resolve to node_modules/@aievm/contracts
// (npm install), or, inside the aievm repository, to its contracts/.
// Writes <outDir>/<Contract>.json: { abi, bytecode, deployedBytecode }.
// Usage: node scripts/compile.js [outDir] (default out/); deploy.js and the
// Go tests call it.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
// Inside the aievm repository, tools/ has the pinned solc and ethers.
const REPO_TOOLS = path.join(ROOT, '..', '..', 'tools');

/** Loads an npm package from this project, or from the aievm repository's tools/. */
function load(name) {
  for (const base of [ROOT, REPO_TOOLS]) {
    try {
      return require(require.resolve(name, { paths: [base] }));
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error(`${name} is not installed: run npm install in ${ROOT}`);
}

/** The directory of the @aievm/contracts package. */
function kitDir() {
  try {
    return path.dirname(require.resolve('@aievm/contracts/package.json', { paths: [ROOT] }));
  } catch (e) {
    const repo = path.join(ROOT, '..', '..', 'contracts');
    if (fs.existsSync(path.join(repo, 'package.json'))) return repo;
    throw new Error(`@aievm/contracts is not installed: run npm install in ${ROOT}`);
  }
}

const PREFIX = '@aievm/contracts/';

function findImports(p) {
  if (!p.startsWith(PREFIX)) return { error: `cannot resolve ${p}: only ${PREFIX} imports and relative ones` };
  try {
    return { contents: fs.readFileSync(path.join(kitDir(), p.slice(PREFIX.length)), 'utf8') };
  } catch (e) {
    return { error: e.message };
  }
}

/** Compiles src/ and test/ and returns { Name: { abi, bytecode, deployedBytecode } }. */
function compile() {
  const solc = load('solc');
  const sources = {};
  for (const dir of ['src', 'test']) {
    const abs = path.join(ROOT, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs).filter((f) => f.endsWith('.sol')).sort()) {
      sources[`${dir}/${f}`] = { content: fs.readFileSync(path.join(abs, f), 'utf8') };
    }
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (out.errors || []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const artifacts = {};
  for (const contracts of Object.values(out.contracts)) {
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object || !c.abi.length) continue; // interfaces, internal-only libraries
      artifacts[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object, deployedBytecode: '0x' + c.evm.deployedBytecode.object };
    }
  }
  return artifacts;
}

module.exports = { compile, load, kitDir };

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] || path.join(ROOT, 'out'));
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, a] of Object.entries(compile())) {
    fs.writeFileSync(path.join(outDir, name + '.json'), JSON.stringify(a, null, 2) + '\n');
    process.stdout.write(`${name} (${(a.bytecode.length - 2) / 2} bytes)\n`);
  }
}
