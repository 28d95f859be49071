// wallet-client.js: what MetaMask does against the AI EVM devnet, with
// ethers.js: check the chain id, estimate EIP-1559 fees, sign a raw
// transaction that calls a model through the demo Classifier, send it, wait
// for the receipt and decode the Inference event.
// Env: RPC, CHAIN_ID, KEY, CONTRACT, MODEL, INPUT (0x hex), OUTPUT_SIZE.
'use strict';
const path = require('path');
const { ethers } = require(path.join(__dirname, 'node_modules', 'ethers'));

const abi = [
  'function inference(bytes32 model, bytes input, uint256 outputSize) returns (bytes)',
  'event Inference(bytes32 indexed model, bytes input, uint256 outputSize, bytes output)',
];

async function main() {
  const env = (k) => {
    if (!process.env[k]) throw new Error(`${k} is not set`);
    return process.env[k];
  };
  const provider = new ethers.JsonRpcProvider(env('RPC'), undefined, { staticNetwork: false });
  const chainId = BigInt(await provider.send('eth_chainId', []));
  if (chainId !== BigInt(env('CHAIN_ID'))) throw new Error(`eth_chainId ${chainId}, want ${env('CHAIN_ID')}`);
  const fees = await provider.getFeeData(); // EIP-1559: base fee and eth_maxPriorityFeePerGas
  if (fees.maxFeePerGas === null || fees.maxPriorityFeePerGas === null) throw new Error('no EIP-1559 fee data');
  const wallet = new ethers.Wallet(env('KEY'), provider);
  const demo = new ethers.Contract(env('CONTRACT'), abi, wallet);
  const data = demo.interface.encodeFunctionData('inference', [env('MODEL'), env('INPUT'), BigInt(env('OUTPUT_SIZE'))]);
  const gasLimit = await provider.estimateGas({ from: wallet.address, to: env('CONTRACT'), data });
  const tx = {
    type: 2, chainId, to: env('CONTRACT'), data, gasLimit: (gasLimit * 5n) / 4n,
    nonce: await provider.getTransactionCount(wallet.address, 'pending'),
    maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  };
  const raw = await wallet.signTransaction(tx);
  const hash = await provider.send('eth_sendRawTransaction', [raw]);
  const receipt = await provider.waitForTransaction(hash, 1, 60_000);
  if (!receipt || receipt.status !== 1) throw new Error(`transaction ${hash} failed`);
  const ev = receipt.logs.map((l) => demo.interface.parseLog(l)).find((e) => e && e.name === 'Inference');
  if (!ev) throw new Error('no Inference event');
  console.log(`chain ${chainId}, maxFeePerGas ${fees.maxFeePerGas}, tip ${fees.maxPriorityFeePerGas}, gas ${receipt.gasUsed}`);
  console.log(`tx ${hash} in block ${receipt.blockNumber}`);
  console.log(`output ${ev.args.output}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
