package fraudproof

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/opml/model"
)

// Figures are what one dispute over a model costs, measured on a simulated
// L1 with the real contracts.
type Figures struct {
	Model       string
	Nodes       int    // phase-1 length
	DisputeNode int    // the node phase 2 ran in
	NodeSteps   uint64 // its step count
	// Rounds are the moves of both parties after the challenge (each one
	// transaction: post, vote, bind, step).
	Rounds int
	// GameGas is the gas of every transaction from the claim to the last
	// move, intrinsic and calldata included; StepGas is the one-step's.
	GameGas, StepGas uint64
	// Prep is the challenger's re-run of the claim (the model run and its
	// trace); Play is the wall time of its moves until the game ended.
	Prep, Play time.Duration
	// CostliestStep is the dearest one-step transaction over every node of
	// the model and every kind of step (prove.SteerableSteps), and where;
	// CostliestStepExec the most execution gas (the oracle's and the
	// verifier's, without the intrinsic and calldata gas) over those steps.
	// Above prove.SampleKindsAbove nodes, one node of each kind is priced
	// (prove.CheckedNodes): a decoder's layers repeat the same steps.
	CostliestStep     uint64
	CostliestStepExec uint64
	CostliestNode     int
	CostliestNodeStep uint64
}

// Measure plays one dispute over m on input on a simulated L1: a proposer
// claims a run whose node roots are forged from node lieFrom on, an honest
// challenger disputes it and wins. It also prices the one-step of every node.
func Measure(ctx context.Context, m *model.Model, input []byte, lieFrom int) (Figures, error) {
	f := Figures{Model: m.Name, Nodes: len(m.Nodes)}
	chain := simchain.New(3)
	defer chain.Close()
	c, err := Deploy(ctx, chain.Client(), chain.Keys[0], DefaultParams())
	if err != nil {
		return f, err
	}
	start, err := chain.Client().BlockNumber(ctx)
	if err != nil {
		return f, err
	}
	honest, err := prove.NewRun(m, input)
	if err != nil {
		return f, err
	}
	models := ModelSet{m.Address(): m}
	proposer, err := NewPlayer(Config{Chain: chain.Client(), Oracle: c.Oracle, Key: chain.Keys[1], Models: models, DefendOnly: true, Tx: SimTx})
	if err != nil {
		return f, err
	}
	challenger, err := NewPlayer(Config{Chain: chain.Client(), Oracle: c.Oracle, Key: chain.Keys[2], Models: models, Tx: SimTx})
	if err != nil {
		return f, err
	}
	id, err := proposer.Propose(ctx, m, input, prove.Forge(honest, lieFrom))
	if err != nil {
		return f, err
	}
	for rounds := 0; ; rounds++ {
		if rounds > 2000 {
			return f, fmt.Errorf("%s: the game did not end in 2000 rounds", m.Name)
		}
		t0 := time.Now()
		if err := challenger.Tick(ctx); err != nil {
			return f, fmt.Errorf("challenger: %w", err)
		}
		f.Play += time.Since(t0)
		if err := proposer.Tick(ctx); err != nil {
			return f, fmt.Errorf("proposer: %w", err)
		}
		cl, err := challenger.Claim(ctx, id)
		if err != nil {
			return f, err
		}
		if cl.Status != 1 && cl.OpenGames == 0 {
			if cl.Status != 3 {
				return f, fmt.Errorf("%s: the forged claim ended in state %d, not rejected", m.Name, cl.Status)
			}
			break
		}
	}
	if r := challenger.runs.get(id); r != nil {
		f.Prep = r.Elapsed
	}
	var last uint64 // the step the game ended at
	for gid := range challenger.st.Games {
		g, err := challenger.game(ctx, gid)
		if err != nil {
			return f, err
		}
		f.DisputeNode, last = int(g.Node), g.Lo
		f.NodeSteps = honest.Steps(f.DisputeNode)
	}
	if err := f.addGas(ctx, chain, start); err != nil {
		return f, err
	}
	vm, err := evm.New()
	if err != nil {
		return f, err
	}
	played, err := stepPrice(vm, honest, f.DisputeNode, last)
	if err != nil {
		return f, err
	}
	// The oracle's own work around the verifier call (loading and checking
	// the game, the payout), measured on the step that was played (an
	// overestimate if that transaction paid the calldata floor instead).
	overhead := f.StepGas - min(played.intrinsic+played.exec, f.StepGas)
	for _, node := range prove.CheckedNodes(m) {
		n := honest.Steps(node)
		for _, s := range prove.SteerableSteps(m, node, n, nil) {
			p, err := stepPrice(vm, honest, node, s)
			if err != nil {
				return f, err
			}
			exec := p.exec + overhead
			f.CostliestStepExec = max(f.CostliestStepExec, exec)
			if g := max(p.intrinsic+exec, p.floor); g > f.CostliestStep {
				f.CostliestStep, f.CostliestNode, f.CostliestNodeStep = g, node, s
			}
		}
	}
	return f, nil
}

// addGas sums the receipts of the oracle's transactions since block start.
func (f *Figures) addGas(ctx context.Context, chain *simchain.SimChain, start uint64) error {
	a, err := bindings.InferenceOracleMetaData.ParseABI()
	if err != nil {
		return err
	}
	head, err := chain.Client().BlockNumber(ctx)
	if err != nil {
		return err
	}
	kind := map[[4]byte]string{}
	for name, m := range a.Methods {
		kind[[4]byte(m.ID)] = name
	}
	for n := start + 1; n <= head; n++ {
		b, err := chain.Client().BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return err
		}
		for _, tx := range b.Transactions() {
			r, err := chain.Client().TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				return err
			}
			if r.Status != types.ReceiptStatusSuccessful || len(tx.Data()) < 4 {
				continue // a losing party's failed attempt is not part of the dispute
			}
			f.GameGas += r.GasUsed
			switch kind[[4]byte(tx.Data()[:4])] {
			case "propose", "challenge":
			case "step":
				f.StepGas = r.GasUsed
				f.Rounds++
			default:
				f.Rounds++
			}
		}
	}
	return nil
}

// price is what one one-step transaction costs: the verifier's execution
// (in an in-memory EVM, without the oracle's own work), the intrinsic gas
// with its calldata, and EIP-7623's calldata floor (what it costs if more).
type price struct{ exec, intrinsic, floor uint64 }

// stepPrice prices the one-step transaction of node's step s.
func stepPrice(vm *evm.EVM, r *prove.Run, node int, s uint64) (price, error) {
	w, err := r.StepWitness(vm, node, s)
	if err != nil {
		return price{}, fmt.Errorf("%s node %d step %d: %w", r.Model.Name, node, s, err)
	}
	data := bindings.NewInferenceOracle().PackStep(big.NewInt(1), w.Info, w.Pre, w.Leaves)
	intrinsic, err := core.IntrinsicGas(data, nil, nil, false, true, true, true)
	if err != nil {
		return price{}, err
	}
	floor, err := core.FloorDataGas(data)
	if err != nil {
		return price{}, err
	}
	return price{w.Gas, intrinsic, floor}, nil
}

// SimTx are transaction settings for a simulated L1 (simchain), whose
// blocks come every few milliseconds: one confirmation, receipts looked
// for every 10 ms.
var SimTx = l1tx.Options{NumConfirmations: 1, ReceiptQueryInterval: 10 * time.Millisecond}

// ModelSet is a Models of models held in memory, by address.
type ModelSet map[model.Address]*model.Model

// Model implements Models.
func (s ModelSet) Model(_ context.Context, a model.Address) (*model.Model, error) {
	if m, ok := s[a]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("model 0x%x not known", a)
}
