// Compiles OP's contracts-bedrock (the Solidity sources that ship in the
// pinned optimism Go module) with solc-js, without Foundry, into Foundry's
// artifact layout (<out>/forge-artifacts/<File>.sol/<Contract>.json: abi,
// bytecode, deployedBytecode, storageLayout), which op-deployer reads through
// a file:// locator. Then it checks every compiled contract's init code
// against upstream's snapshots/semver-lock.json: the same sources with the
// same compiler and settings give the same bytes, so a mismatch means the
// build differs from upstream's (wrong compiler, settings or library).
//
// Compilers and settings follow foundry.toml: per file the newest of the
// pinned solc versions that every pragma in its import closure allows, the
// highest EVM version that compiler knows, bytecodeHash none, optimizer runs
// 999999 except foundry.toml's compilation_restrictions. Libraries come from
// npm (tools/package.json) and forge-std from the Go module proxy; two are
// ours: LibKeccak (lib-keccak is served nowhere) and thin EAS/SchemaRegistry
// wrappers around npm's eas-contracts (the Go module drops OP's vendored
// copy). Their init code differs from the lock by design (allowedMismatch).
//
// Usage: node tools/compile-op-contracts.js --cb <contracts-bedrock> \
//   --forge-std <dir> --keccak <dir> --eas <dir> --version <module version> --out <dir>
// A run whose inputs match <out>/cache-key returns at once (make test on a warm build dir).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const NM = path.join(__dirname, 'node_modules');
const { keccak256 } = require(path.join(NM, 'ethers'));

function args() {
  const a = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) usage();
    a[argv[i].slice(2)] = argv[i + 1];
  }
  for (const k of ['cb', 'forge-std', 'keccak', 'eas', 'version', 'out']) if (!a[k]) usage();
  return a;
}
function usage() {
  console.error('usage: compile-op-contracts.js --cb DIR --forge-std DIR --keccak DIR --eas DIR --version V --out DIR');
  process.exit(2);
}

// The compilers: npm aliases of solc-js (tools/package.json), each with the
// newest EVM version it supports (forge clamps foundry.toml's cancun to it).
const COMPILERS = [
  { version: '0.8.15', pkg: 'solc-0.8.15', evm: 'london' },
  { version: '0.8.19', pkg: 'solc-0.8.19', evm: 'paris' },
  { version: '0.8.25', pkg: 'solc-0.8.25', evm: 'cancun' },
];

// Contracts whose init code cannot match the lock, and why.
const allowedMismatch = {
  'src/cannon/PreimageOracle.sol:PreimageOracle': 'links our own LibKeccak',
  'src/vendor/eas/EAS.sol:EAS': "npm eas-contracts in place of OP's vendored copy",
  'src/vendor/eas/SchemaRegistry.sol:SchemaRegistry': "npm eas-contracts in place of OP's vendored copy",
};

// The scripts op-deployer runs in its script host, and the test contracts it loads.
const SCRIPTS = [
  'scripts/deploy/DeploySuperchain.s.sol', 'scripts/deploy/DeployImplementations.s.sol',
  'scripts/deploy/DeployOPChain.s.sol', 'scripts/deploy/DeployAlphabetVM.s.sol',
  'scripts/deploy/DeployAltDA.s.sol', 'scripts/deploy/DeployDisputeGame.s.sol',
  'scripts/deploy/DeployMIPS.s.sol', 'scripts/deploy/ReadImplementationAddresses.s.sol',
  'scripts/L2Genesis.s.sol', 'scripts/SetPreinstalls.s.sol',
  'test/dispute/zk/MockSP1Verifier.sol', 'test/mocks/AlphabetVM.sol',
];

function main() {
  const a = args();
  const cb = path.resolve(a.cb);
  const out = path.resolve(a.out);
  // lib/<x> (git submodules upstream) -> where the files are here.
  const libMap = [
    ['lib/openzeppelin-contracts-upgradeable/contracts/', path.join(NM, '@openzeppelin/contracts-upgradeable/')],
    ['lib/openzeppelin-contracts-v5/contracts/', path.join(NM, 'openzeppelin-contracts-v5/')],
    ['lib/openzeppelin-contracts/contracts/', path.join(NM, '@openzeppelin/contracts/')],
    ['lib/solmate/', path.join(NM, '@rari-capital/solmate/')],
    ['lib/lib-keccak/contracts/lib/', path.resolve(a.keccak) + '/'],
    ['lib/solady/src/', path.join(NM, 'solady/src/')],
    ['lib/forge-std/src/', path.resolve(a['forge-std'], 'src') + '/'],
    ['lib/eas/', path.join(NM, '@ethereum-attestation-service/eas-contracts/')],
    ['lib/openzeppelin-contracts-eas/contracts/', path.join(NM, 'openzeppelin-contracts-eas/')],
    ['src/vendor/eas/', path.resolve(a.eas) + '/'],
  ];
  const foundry = fs.readFileSync(path.join(cb, 'foundry.toml'), 'utf8');
  const remappings = parseRemappings(foundry);
  // npm's eas-contracts is written against OpenZeppelin 4.9 (its devDependencies).
  remappings.push('lib/eas/:@openzeppelin/contracts/=lib/openzeppelin-contracts-eas/contracts/');
  const restrictions = parseRestrictions(foundry);

  const locate = (unit) => {
    for (const [pre, dir] of libMap) if (unit.startsWith(pre)) return dir + unit.slice(pre.length);
    if (/^(src|interfaces|scripts|test)\//.test(unit)) return path.join(cb, unit);
    return null;
  };
  const read = (unit) => {
    const f = locate(unit);
    if (!f || !fs.existsSync(f)) throw new Error(`source ${unit} not found (looked at ${f})`);
    return fs.readFileSync(f, 'utf8');
  };

  const roots = listRoots(cb, a.eas);
  const graph = new Graph(read, remappings);
  const key = cacheKey(a, cb, roots, graph, read);
  const keyFile = path.join(out, 'cache-key');
  if (fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key) {
    console.log(`op-contracts: cached in ${out} (optimism ${a.version})`);
    return;
  }

  // Each root's compiler: the newest one every pragma in its closure allows.
  const jobs = new Map();
  for (const r of roots) {
    const ok = COMPILERS.filter((c) => graph.closure(r).every((u) => satisfies(c.version, graph.pragma(u))));
    if (!ok.length) throw new Error(`${r}: no pinned compiler satisfies its import closure`);
    const c = ok[ok.length - 1];
    const runs = runsFor(r, graph.closure(r), restrictions);
    const id = `${c.version}/${runs}`;
    if (!jobs.has(id)) jobs.set(id, { compiler: c, runs, roots: [] });
    jobs.get(id).roots.push(r);
  }

  const artifactsDir = path.join(out, 'forge-artifacts');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(artifactsDir, { recursive: true });
  const compiled = {}; // "unit:Name" -> artifact
  const written = {}; // "File.sol/Name" -> unit
  for (const job of jobs.values()) {
    const t0 = Date.now();
    const solc = require(path.join(NM, job.compiler.pkg));
    const sources = {};
    const selection = {};
    for (const r of job.roots) {
      sources[r] = { content: read(r) };
      selection[r] = { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object', 'storageLayout'] };
    }
    const input = {
      language: 'Solidity', sources,
      settings: {
        remappings, optimizer: { enabled: true, runs: job.runs }, evmVersion: job.compiler.evm,
        metadata: { bytecodeHash: 'none' }, outputSelection: selection,
      },
    };
    const res = JSON.parse(solc.compile(JSON.stringify(input), {
      import: (unit) => { try { return { contents: read(unit) }; } catch (e) { return { error: e.message }; } },
    }));
    const errs = (res.errors || []).filter((e) => e.severity === 'error');
    for (const e of errs) console.error(e.formattedMessage);
    if (errs.length) throw new Error(`solc ${job.compiler.version} (runs ${job.runs}): ${errs.length} errors`);
    for (const r of job.roots) {
      for (const [name, c] of Object.entries(res.contracts[r] || {})) {
        if (Object.keys(c.evm.bytecode.linkReferences || {}).length) throw new Error(`${r}:${name} needs linking`);
        const art = {
          abi: c.abi,
          bytecode: { object: '0x' + c.evm.bytecode.object },
          deployedBytecode: { object: '0x' + c.evm.deployedBytecode.object },
          storageLayout: c.storageLayout,
          metadata: { compiler: { version: job.compiler.version }, settings: { evmVersion: job.compiler.evm,
            optimizer: { enabled: true, runs: job.runs }, compilationTarget: { [r]: name } } },
        };
        compiled[`${r}:${name}`] = art;
        const rel = `${path.basename(r)}/${name}`;
        if (written[rel] && written[rel] !== r) throw new Error(`${rel}: both ${written[rel]} and ${r} define it`);
        written[rel] = r;
        fs.mkdirSync(path.join(artifactsDir, path.basename(r)), { recursive: true });
        fs.writeFileSync(path.join(artifactsDir, rel + '.json'), JSON.stringify(art));
      }
    }
    console.log(`op-contracts: solc ${job.compiler.version} ${job.compiler.evm} runs ${job.runs}: ` +
      `${job.roots.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const report = checkLock(cb, compiled);
  fs.writeFileSync(path.join(out, 'semver-lock-check.json'), JSON.stringify(report, null, 2));
  console.log(`op-contracts: ${Object.keys(written).length} artifacts; init code equal to semver-lock.json for ` +
    `${report.matched.length} contracts, ${Object.keys(report.allowed).length} differ by design, ${report.skipped.length} not built (src/safe)`);
  if (report.mismatched.length || report.missing.length) {
    for (const m of report.mismatched) console.error(`init code differs from semver-lock.json: ${m}`);
    for (const m of report.missing) console.error(`not compiled, but in semver-lock.json: ${m}`);
    process.exit(1);
  }
  fs.writeFileSync(keyFile, key); // last: its presence means the build is complete
}

// listRoots is every file to compile: src/ (but the Safe extensions, unused
// by the deployment), our EAS wrappers, the deploy scripts and test contracts.
function listRoots(cb, easDir) {
  const roots = [];
  (function walk(dir, unit) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const u = unit + '/' + e.name;
      if (e.isDirectory()) { if (u !== 'src/safe') walk(path.join(dir, e.name), u); } else if (e.name.endsWith('.sol')) roots.push(u);
    }
  })(path.join(cb, 'src'), 'src');
  for (const f of fs.readdirSync(easDir).sort()) if (f.endsWith('.sol')) roots.push('src/vendor/eas/' + f);
  return roots.concat(SCRIPTS);
}

// cacheKey hashes everything the output depends on: module version, this
// script, the npm lock (compilers, libraries), foundry.toml (remappings,
// optimizer restrictions), the lock it is checked against, and every
// source compiled: the import closures of all roots.
function cacheKey(a, cb, roots, graph, read) {
  const h = crypto.createHash('sha256');
  h.update(a.version + '\0' + fs.readFileSync(__filename) + '\0');
  h.update(fs.readFileSync(path.join(__dirname, 'package-lock.json')));
  for (const f of ['foundry.toml', 'snapshots/semver-lock.json']) h.update(f + '\0' + fs.readFileSync(path.join(cb, f)));
  const units = new Set();
  for (const r of roots) for (const u of graph.closure(r)) units.add(u);
  for (const u of [...units].sort()) h.update(u + '\0' + read(u) + '\0');
  return h.digest('hex');
}

function checkLock(cb, compiled) {
  const lock = JSON.parse(fs.readFileSync(path.join(cb, 'snapshots', 'semver-lock.json'), 'utf8'));
  // skipped: src/safe (Safe extensions that need safe-contracts; the deployment does not use them).
  const r = { matched: [], mismatched: [], missing: [], skipped: [], allowed: {} };
  for (const [id, want] of Object.entries(lock)) {
    const art = compiled[id];
    if (!art && id.startsWith('src/safe/')) { r.skipped.push(id); continue; }
    if (!art) { r.missing.push(id); continue; }
    if (keccak256(art.bytecode.object) === want.initCodeHash) r.matched.push(id);
    else if (allowedMismatch[id]) r.allowed[id] = allowedMismatch[id];
    else r.mismatched.push(id);
  }
  return r;
}

function parseRemappings(toml) {
  const m = /\nremappings\s*=\s*\[([\s\S]*?)\]/.exec(toml);
  if (!m) throw new Error('foundry.toml: no remappings');
  // solc wants the trailing slash on both sides, as forge adds it.
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => {
    const [from, to] = x[1].split('=');
    return from + '=' + (to.endsWith('/') ? to : to + '/');
  });
}

// runsFor is a root's optimizer runs: its own restriction, else the one
// restriction its import closure carries (a file that embeds a restricted
// contract's creation code, as L2Genesis embeds L2ContractsManager, must
// build it as forge does), else the default.
function runsFor(root, closure, restrictions) {
  if (restrictions[root]) return restrictions[root];
  const found = new Set(closure.filter((u) => restrictions[u]).map((u) => restrictions[u]));
  if (found.size > 1) throw new Error(`${root}: its imports carry conflicting optimizer restrictions ${[...found]}`);
  return found.size ? [...found][0] : 999999;
}

// parseRestrictions maps a path of foundry.toml's compilation_restrictions to its optimizer runs.
// Only the default profile's: the others (lite, coverage) restate them differently.
function parseRestrictions(toml) {
  const out = {};
  const start = toml.indexOf('[profile.default]');
  const end = toml.indexOf('[profile.', start + 1);
  const profile = toml.slice(start, end < 0 ? undefined : end);
  for (const m of profile.matchAll(/\{\s*paths\s*=\s*"([^"]+)",\s*optimizer_runs\s*=\s*(\d+)\s*\}/g)) out[m[1]] = +m[2];
  if (!Object.keys(out).length) throw new Error('foundry.toml: no compilation_restrictions');
  return out;
}

// Graph resolves source units' imports (remappings, relative paths) and pragmas.
class Graph {
  constructor(read, remappings) {
    this.read = read;
    this.maps = remappings.map((r) => {
      const [ctxFrom, to] = r.split('=');
      const i = ctxFrom.indexOf(':');
      return i < 0 ? { ctx: '', from: ctxFrom, to } : { ctx: ctxFrom.slice(0, i), from: ctxFrom.slice(i + 1), to };
    });
    this.units = new Map();
    this.closures = new Map();
  }
  resolve(from, spec) {
    let u = spec;
    if (spec.startsWith('./') || spec.startsWith('../')) u = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    let best = null;
    for (const m of this.maps) {
      if (!from.startsWith(m.ctx) || !u.startsWith(m.from)) continue;
      if (!best || m.ctx.length > best.ctx.length || (m.ctx.length === best.ctx.length && m.from.length > best.from.length)) best = m;
    }
    return best ? best.to + u.slice(best.from.length) : u;
  }
  unit(u) {
    if (!this.units.has(u)) {
      const src = this.read(u).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const pragma = (/pragma\s+solidity\s+([^;]+);/.exec(src) || [, ''])[1].trim();
      const imports = [...src.matchAll(/import\s+(?:[^'";]*?from\s+)?["']([^"']+)["']/g)].map((m) => this.resolve(u, m[1]));
      this.units.set(u, { pragma, imports });
    }
    return this.units.get(u);
  }
  pragma(u) { return this.unit(u).pragma; }
  closure(root) {
    if (this.closures.has(root)) return this.closures.get(root);
    const seen = new Set();
    const stack = [root];
    while (stack.length) {
      const u = stack.pop();
      if (seen.has(u)) continue;
      seen.add(u);
      for (const i of this.unit(u).imports) stack.push(i);
    }
    const c = [...seen];
    this.closures.set(root, c);
    return c;
  }
}

// satisfies reports whether version v meets a Solidity pragma constraint
// (||-separated ranges of comparators: 0.8.15, =, >=, <=, >, <, ^, ~).
function satisfies(v, constraint) {
  if (!constraint) return true;
  const cmp = (x, y) => { for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; };
  const ver = v.split('.').map(Number);
  return constraint.split('||').some((range) => range.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean).every((c) => {
    const m = /^(\^|~|>=|<=|>|<|=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(c);
    if (!m) throw new Error(`pragma ${constraint}: cannot read ${c}`);
    const want = [+m[2], +(m[3] || 0), +(m[4] || 0)];
    const d = cmp(ver, want);
    switch (m[1]) {
      case '^': return d >= 0 && (want[0] > 0 ? ver[0] === want[0] : ver[1] === want[1]);
      case '~': return d >= 0 && ver[0] === want[0] && ver[1] === want[1];
      case '>=': return d >= 0;
      case '<=': return d <= 0;
      case '>': return d > 0;
      case '<': return d < 0;
      default: return d === 0;
    }
  }));
}

try { main(); } catch (e) { console.error('op-contracts:', e.message); process.exit(1); }
