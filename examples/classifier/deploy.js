// Deploys IrisClassifier to an AI EVM chain and classifies one flower.
// Env: RPC (the L2's JSON-RPC URL), KEY (a funded private key), MODEL (the
// iris model's address, as the devnet prints it), and optionally INPUT: four
// comma-separated measurements in cm (default 5.1,3.5,1.4,0.2, a setosa).
// Prints the contract, the transaction, and last `species <index> p=<fixed>`
// (the probability with IrisClassifier.DECIMALS decimals).
// Usage: RPC=http://127.0.0.1:9545 KEY=0x... MODEL=0x... node deploy.js
'use strict';
const fs = require('fs');
const path = require('path');
const { compile, load, kitDir } = require('./scripts/compile.js');

const { ethers } = load('ethers');
const SPECIES = ['setosa', 'versicolor', 'virginica'];
const REGISTRY = '0x42000000000000000000000000000000000000a1'; // ModelRegistry predeploy

function env(k, fallback) {
  const v = process.env[k] || fallback;
  if (!v) throw new Error(`${k} is not set (see README.md)`);
  return v;
}

/** The float32 bits of a number, as the contract takes them. */
function f32Bits(x) {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  return dv.getUint32(0);
}

async function main() {
  const model = env('MODEL');
  if (!ethers.isHexString(model, 32)) throw new Error(`MODEL ${model} is not a 32-byte hex model address`);
  const parts = env('INPUT', '5.1,3.5,1.4,0.2').split(',').map((p) => p.trim());
  // Number('') is 0: an empty measurement must be an error, not 0 cm.
  const input = parts.map((p) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(p) ? Number(p) : NaN));
  if (input.length !== 4 || input.some((x) => !Number.isFinite(x))) throw new Error(`INPUT: want 4 numbers, got ${process.env.INPUT}`);
  // No response cache: on a fast chain a cached nonce would be reused.
  const provider = new ethers.JsonRpcProvider(env('RPC'), undefined, { cacheTimeout: -1 });
  const wallet = new ethers.NonceManager(new ethers.Wallet(env('KEY'), provider));

  // The model must be callable: registered and published (IModelRegistry's ABI ships in the package).
  const registryAbi = JSON.parse(fs.readFileSync(path.join(kitDir(), 'abi', 'IModelRegistry.json'), 'utf8'));
  const registry = new ethers.Contract(REGISTRY, registryAbi, provider);
  if (!(await registry.isAvailable(model))) throw new Error(`model ${model} is not available in ModelRegistry ${REGISTRY} on ${env('RPC')}`);

  const { IrisClassifier } = compile();
  const factory = new ethers.ContractFactory(IrisClassifier.abi, IrisClassifier.bytecode, wallet);
  const classifier = await factory.deploy(model);
  await classifier.waitForDeployment();
  console.log(`IrisClassifier deployed at ${await classifier.getAddress()}`);

  const bits = input.map(f32Bits);
  const [viewSpecies, viewP] = await classifier.predict(bits); // eth_call
  const tx = await classifier.classify(bits);
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new Error(`classify transaction ${tx.hash} failed`);
  const ev = receipt.logs.map((l) => classifier.interface.parseLog(l)).find((e) => e && e.name === 'Classified');
  if (!ev) throw new Error(`transaction ${tx.hash}: no Classified event`);
  const { species, probability } = ev.args;
  if (species !== viewSpecies || probability !== viewP) throw new Error(`eth_call said ${viewSpecies} p=${viewP}, the transaction ${species} p=${probability}`);
  const decimals = Number(await classifier.DECIMALS());
  console.log(`classify(${input.join(', ')}): tx ${tx.hash} in block ${receipt.blockNumber}, gas ${receipt.gasUsed}`);
  console.log(`${SPECIES[Number(species)] || '?'} with probability ${ethers.formatUnits(probability, decimals)}`);
  console.log(`species ${species} p=${probability}`);
}

main().catch((e) => {
  console.error(e.shortMessage || e.message || e);
  process.exit(1);
});
