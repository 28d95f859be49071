package devnet

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/params"

	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/dapp"
	"github.com/aievm/aievm/opml/tokenizer"
)

// dappPage is the chain as the dapp page sees it (its /config.json), with
// the tokenizers of its generation models, by address: the examples' built
// in code, the configured ones read from their GGUF files.
func (d *Devnet) dappPage() (dapp.Config, dapp.Tokenizers, error) {
	toks := dapp.Tokenizers{}
	st := d.state
	c := dapp.Config{
		L1: dapp.Chain{ChainID: d.cfg.L1ChainID, Name: d.l1Name(), RPCURL: d.l1PublicRPC(), ExplorerURL: d.cfg.L1Explorer},
		L2: dapp.Chain{ChainID: d.cfg.L2ChainID, Name: "AI EVM devnet", RPCURL: d.Sequencer.HTTP(), ExplorerURL: d.cfg.L2Explorer},
		Contracts: dapp.Contracts{
			OptimismPortal: st.Contracts.OptimismPortal.Hex(), DisputeGameFactory: st.Contracts.DisputeGameFactory.Hex(),
			L1StandardBridge: st.Contracts.L1StandardBridge.Hex(), ModelRegistry: st.Registry.Hex(), Classifier: st.Demo.Hex(),
		},
		Games: &dapp.Games{ProposalInterval: d.cfg.ProposalInterval, MaxClockDuration: d.cfg.Games.MaxClockDuration,
			ProofMaturityDelay: d.cfg.Games.ProofMaturityDelay, FinalityDelay: d.cfg.Games.FinalityDelay},
	}
	for _, m := range st.Models {
		dm := dapp.Model{Name: m.Name, Address: m.Address, Inputs: m.Inputs, Outputs: m.Outputs,
			OutputSize: m.OutputSize, SampleInput: m.Sample, Generate: m.Generate}
		if m.Generate != nil {
			t, err := exampleTokenizer(m.Name)
			if err != nil {
				return c, nil, fmt.Errorf("dapp page: %w", err)
			}
			toks[m.Address] = t
		}
		c.Models = append(c.Models, dm)
	}
	for _, g := range d.cfg.DappGeneration {
		a, err := store.ParseAddress(g.Address)
		if err != nil {
			return c, nil, fmt.Errorf("dapp page: generation model %s: %w", g.Name, err)
		}
		addr := store.FormatAddress(a) // 0x, lower case: as the page passes it on
		for _, m := range c.Models {
			if strings.EqualFold(m.Address, addr) {
				return c, nil, fmt.Errorf("dapp page: generation model %s: address %s is the example model %s's", g.Name, addr, m.Name)
			}
		}
		t, err := tokenizer.Open(g.Tokenizer)
		if err != nil {
			return c, nil, fmt.Errorf("dapp page: generation model %s: %w", g.Name, err)
		}
		toks[addr] = t
		c.Models = append(c.Models, dapp.Model{Name: g.Name, Address: addr, OutputSize: 4,
			Inputs:   []dapp.Spec{{DType: "i32", Shape: []int{g.Seq}}, {DType: "i32", Shape: []int{1}}},
			Outputs:  []dapp.Spec{{DType: "i32", Shape: []int{1}}},
			Generate: &dapp.Generate{Seq: g.Seq, EOS: t.EOS}})
	}
	if a := st.Attest; a != nil && a.Fee != nil {
		at := &dapp.Attest{Settlement: a.Settlement.Hex(), Model: a.Model, Fee: a.Fee.String()}
		for _, m := range st.Models {
			if strings.EqualFold(m.Address, a.Model) {
				at.SampleInput = m.Sample
			}
		}
		c.Attest = at
	}
	return c, toks, nil
}

// l1Name names the L1 in wallets: Sepolia by its chain id, else the local
// dev chain.
func (d *Devnet) l1Name() string {
	switch {
	case d.cfg.L1ChainID == params.SepoliaChainConfig.ChainID.Uint64():
		return "Sepolia"
	case d.cfg.L1RPC != "":
		return fmt.Sprintf("L1 (chain %d)", d.cfg.L1ChainID)
	}
	return "AI EVM devnet L1"
}

// l1PublicRPC is the L1 endpoint the page may publish: the in-process
// L1's, or l1_public_rpc on an external L1 ("" when unset).
func (d *Devnet) l1PublicRPC() string {
	if d.cfg.L1RPC == "" {
		return d.L1RPC()
	}
	return d.cfg.L1PublicRPC
}

// startWeb serves the dapp page from WebDir. The chain runs without it, with
// a warning, when the page is not built, when an external L1 has no public
// endpoint to give browsers, or when no port can be had; a busy port gives
// way to a free one.
func (d *Devnet) startWeb() error {
	if d.cfg.WebDir == "" {
		return nil
	}
	if d.l1PublicRPC() == "" {
		d.log.Warn("No dapp page: set l1_public_rpc, the L1 endpoint browsers may use (l1_rpc is never published)")
		return nil
	}
	if err := dapp.CheckBuilt(d.cfg.WebDir); err != nil {
		d.log.Warn("No dapp page: run make web", "err", err)
		return nil
	}
	cfg, toks, err := d.dappPage()
	if err != nil {
		return err
	}
	h, err := dapp.Handler(d.cfg.WebDir, cfg, toks)
	if err != nil {
		return err
	}
	d.web, err = dapp.Serve(net.JoinHostPort(d.cfg.Host, strconv.Itoa(d.cfg.Ports.Web)), h)
	if err != nil && d.cfg.Ports.Web != 0 {
		d.log.Warn("Dapp page port busy: serving on a free one", "port", d.cfg.Ports.Web, "err", err)
		d.web, err = dapp.Serve(net.JoinHostPort(d.cfg.Host, "0"), h)
	}
	if err != nil {
		d.log.Warn("No dapp page", "err", err)
	}
	return nil
}

// DappURL is the dapp page's address ("" when no page is served).
func (d *Devnet) DappURL() string {
	if d.web == nil {
		return ""
	}
	return d.web.URL()
}
