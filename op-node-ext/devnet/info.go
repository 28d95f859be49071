package devnet

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/op-node-ext/chain"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
)

// AddEthereumChain is the wallet_addEthereumChain parameter (EIP-3085) that
// points MetaMask at the devnet's L2.
type AddEthereumChain struct {
	ChainID        string   `json:"chainId"`
	ChainName      string   `json:"chainName"`
	NativeCurrency Currency `json:"nativeCurrency"`
	RPCURLs        []string `json:"rpcUrls"`
}

// Currency is EIP-3085's nativeCurrency.
type Currency struct {
	Name     string `json:"name"`
	Symbol   string `json:"symbol"`
	Decimals int    `json:"decimals"`
}

// MetaMask returns the devnet L2's wallet_addEthereumChain parameter.
func (d *Devnet) MetaMask() AddEthereumChain {
	return AddEthereumChain{ChainID: hexutil.EncodeBig(new(big.Int).SetUint64(d.cfg.L2ChainID)), ChainName: "AI EVM devnet",
		NativeCurrency: Currency{Name: "Ether", Symbol: "ETH", Decimals: 18}, RPCURLs: []string{d.Sequencer.HTTP()}}
}

// PrintInfo writes what a user needs: endpoints, chain ids, contracts,
// models, dev accounts, the MetaMask parameters and a first command.
func (d *Devnet) PrintInfo(w io.Writer) {
	st := d.state
	if u := d.DappURL(); u != "" {
		fmt.Fprintf(w, "Dapp page: %s   (open it with MetaMask: add the network, bridge ETH, classify an iris)\n\n", u)
	}
	fmt.Fprintf(w, "AI EVM devnet is up (data dir %s)\n\n", d.DataDir())
	l1 := "geth dev chain"
	if d.cfg.L1RPC != "" {
		l1 = d.l1Name() + ", external"
	}
	fmt.Fprintf(w, "  L1 RPC           %s   chain id %d (%s, %ds blocks)\n", d.L1RPC(), d.cfg.L1ChainID, l1, d.cfg.L1BlockTime)
	fmt.Fprintf(w, "  L2 RPC           %s   chain id %d (ai-geth sequencer, %ds blocks)\n", d.Sequencer.HTTP(), d.cfg.L2ChainID, d.cfg.L2BlockTime)
	fmt.Fprintf(w, "  L2 WebSocket     %s\n", d.Sequencer.WS())
	fmt.Fprintf(w, "  L2 verifier RPC  %s   (unsafe blocks gossiped by the sequencer's op-node; safe ones derived from L1)\n", d.Verifier.HTTP())
	fmt.Fprintf(w, "  op-node          %s (sequencer), %s (verifier)\n", d.SequencerOpNode(), d.VerifierOpNode())
	fmt.Fprintf(w, "  model gateway    %s\n", d.ModelGateway())
	p, h := d.cfg.Ports, d.cfg.Host
	fmt.Fprintf(w, "  metrics          ai-geth http://%s:{%d,%d}/debug/metrics/prometheus; op-node :{%d,%d}, op-batcher :%d, op-proposer :%d, op-challenger :%d at /metrics\n",
		h, p.SequencerMetrics, p.VerifierMetrics, p.SequencerOpMetrics, p.VerifierOpMetrics, p.BatcherMetrics, p.ProposerMetrics, p.ChallengerMetrics)
	fmt.Fprintf(w, "  logs             %s/{devnet,sequencer,verifier}.log\n\n", d.DataDir())
	c := st.Contracts
	fmt.Fprintf(w, "L1 contracts (OP's standard set): OptimismPortal2 %s, L1StandardBridge %s, DisputeGameFactory %s, SystemConfig %s\n",
		c.OptimismPortal, c.L1StandardBridge, c.DisputeGameFactory, c.SystemConfig)
	game := "FaultDisputeGame (type 0, Cannon; op-challenger plays it)"
	if d.cfg.FaultProof.GameType == opdeploy.PermissionedGameType {
		game = "PermissionedDisputeGame (type 1)"
	}
	fmt.Fprintf(w, "Output games: %s every %d L2 blocks, clock %ds; withdrawals final %ds after proof, %ds after resolution\n",
		game, d.cfg.ProposalInterval, d.cfg.Games.MaxClockDuration, d.cfg.Games.ProofMaturityDelay, d.cfg.Games.FinalityDelay)
	fmt.Fprintf(w, "Fault proof:  absolute prestate %s (the AI EVM's op-program for this chain, %s/%s)\n", st.Prestate, d.DataDir(), prestateDir)
	if d.liar != nil {
		fmt.Fprintln(w, "              DISHONEST PROPOSER: each proposal over a block that calls a model is a wrong root, defended to the last step")
	}
	if o := st.Oracle.Oracle; o != (common.Address{}) {
		fmt.Fprintf(w, "L1 opML:      InferenceOracle %s (window %ds, clock %ds)", o, d.cfg.OracleWindow, d.cfg.OracleClock)
		if d.challenger != nil {
			fmt.Fprintf(w, ", challenger %s", chain.Address(d.keys.challenger))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "L2 contracts: ModelRegistry %s, Classifier (demo) %s\n", st.Registry, st.Demo)
	if a := st.Attest; a != nil {
		fmt.Fprintf(w, "L2 attest:    Settlement %s (model %s at %s wei; 78%% node / 12%% validators / 10%% treasury %s)", a.Settlement, a.Model, a.Fee, a.Treasury)
		if d.attest != nil {
			fmt.Fprintf(w, ", node %s, validators %v", chain.Address(chain.DevKey(d.cfg.Seed, chain.AttestNode)), d.attest.urls)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Models (registered at genesis, published through the chain at first start):")
	for _, m := range st.Models {
		fmt.Fprintf(w, "  %-8s %s  output %d bytes  %s\n", m.Name, m.Address, m.OutputSize, m.CID)
	}
	if len(d.keys.users) > 0 {
		fmt.Fprintln(w, "\nDev accounts (10,000 ETH on L1 and L2; public keys, never use them elsewhere):")
	}
	for i, k := range d.keys.users {
		fmt.Fprintf(w, "  %d  %s  key %s\n", i, chain.Address(k), hexutil.Encode(crypto.FromECDSA(k)))
	}
	mm, _ := json.Marshal(d.MetaMask())
	fmt.Fprintf(w, "\nMetaMask: Settings > Networks > Add network with these values, or from a dapp:\n  ethereum.request({method: 'wallet_addEthereumChain', params: [%s]})\n", mm)
	if len(st.Models) > 0 {
		m := st.Models[0]
		key := "<your key>" // no dev accounts on an external L1
		if len(d.keys.users) > 0 {
			key = hexutil.Encode(crypto.FromECDSA(d.keys.users[0]))
		}
		fmt.Fprintf(w, "\nTry it (eth_call to the precompile, then a transaction through the demo contract):\n")
		fmt.Fprintf(w, "  bin/aievm infer --rpc %s --model %s --input 0x%s --format f32\n", d.Sequencer.HTTP(), m.Address, m.Sample)
		fmt.Fprintf(w, "  bin/aievm infer --rpc %s --model %s --input 0x%s --format f32 --send --contract %s --key %s\n",
			d.Sequencer.HTTP(), m.Address, m.Sample, st.Demo, key)
	}
	if len(d.keys.users) > 0 {
		fmt.Fprintf(w, "\nPublish a model of your own (register, upload its chunks, callable once every chunk is in):\n")
		fmt.Fprintf(w, "  bin/aievm model publish --rpc %s --private-key %s my-model.opml\n", d.Sequencer.HTTP(), hexutil.Encode(crypto.FromECDSA(d.keys.users[0])))
		fmt.Fprintf(w, "  bin/aievm model status --rpc %s 0x<address>\n", d.Sequencer.HTTP())
	}
	if a := st.Attest; a != nil && len(d.keys.users) > 0 {
		fmt.Fprintf(w, "\nAttested inference (Groth16-proven, settled in a batch; the result is in the Settled event):\n")
		fmt.Fprintf(w, "  bin/aievm attest request --rpc %s --settlement %s --model %s --input-hex 01020304 --value %s --private-key %s\n",
			d.Sequencer.HTTP(), a.Settlement, a.Model, a.Fee, hexutil.Encode(crypto.FromECDSA(d.keys.users[0])))
	}
	if o := st.Oracle.Oracle; o != (common.Address{}) && len(d.keys.users) > 1 {
		fmt.Fprintf(w, "\nRun a challenger of your own against the L1 InferenceOracle (fraudproof/README.md):\n")
		fmt.Fprintf(w, "  bin/aievm challenger --l1-eth-rpc %s --l2-eth-rpc %s --oracle %s --ai.peers %s --private-key %s --metrics.enabled\n",
			d.L1RPC(), d.Sequencer.HTTP(), o, d.ModelGateway(), hexutil.Encode(crypto.FromECDSA(d.keys.users[len(d.keys.users)-1])))
	}
	fmt.Fprintln(w, "\nCtrl-C stops the devnet; `make run` again resumes it.")
}
