package fraudproof

import (
	"context"
	"encoding/binary"
	"math/big"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

type world struct {
	*simchain.SimChain
	t      *testing.T
	models ModelSet
	oracle *Contracts
	params Params
}

// newWorld starts a simulated L1 (deployer, proposer, challenger keys) and
// deploys the oracle with long windows and clocks (tests advance time).
func newWorld(t *testing.T) *world {
	w := &world{SimChain: simchain.New(3), t: t, models: ModelSet{}}
	t.Cleanup(w.Close)
	w.params = Params{ProposeBond: big.NewInt(1e18), ChallengeBond: big.NewInt(1e18), Window: time.Hour, Clock: 10 * time.Minute}
	var err error
	if w.oracle, err = Deploy(context.Background(), w.Client(), w.Keys[0], w.params); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*model.Model{mustModel(t, "mlp"), mustModel(t, "iris"), mustModel(t, "cnn"),
		mustModel(t, "xgb_breast_cancer"), mustModel(t, "logreg_breast_cancer"), mustModel(t, "lgbm_wine"), mustModel(t, "logreg_wine_l2"),
		mustModel(t, examples.TinyGeneration.Name)} {
		w.models[m.Address()] = m
	}
	return w
}

func mustModel(t *testing.T, name string) *model.Model {
	t.Helper()
	var m *model.Model
	var err error
	if name == "iris" {
		m, err = iris.Model()
	} else if name == examples.TinyGeneration.Name {
		m, err = examples.Decoder(examples.TinyGeneration)
	} else if slices.Contains(classic.Names, name) {
		m, err = classic.Model(name)
	} else {
		all, _ := examples.All()
		m, err = all[name]()
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (w *world) player(key int, b *Behaviour, state string) *Player {
	p, err := NewPlayer(Config{Chain: w.Client(), Oracle: w.oracle.Oracle, Key: w.Keys[key], Models: w.models, Behaviour: b, StatePath: state, Tx: SimTx})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// playOut ticks the players until the game over claim resolves; advance
// moves the chain's clock by that much each round (for timeouts).
func (w *world) playOut(claim uint64, advance time.Duration, players ...*Player) (won, lost []bool) {
	ctx := context.Background()
	for round := 0; round < 400; round++ {
		for _, p := range players {
			if err := p.Tick(ctx); err != nil {
				w.t.Logf("tick: %v", err)
			}
		}
		c, err := players[0].Claim(ctx, claim)
		if err != nil {
			w.t.Fatal(err)
		}
		done := c.OpenGames == 0 && round > 0
		if done {
			for _, p := range players {
				p.Tick(ctx) // record the result
				s := p.Stats()
				won, lost = append(won, s.Won > 0), append(lost, s.Lost > 0)
			}
			return won, lost
		}
		if advance > 0 {
			if err := w.Advance(advance); err != nil {
				w.t.Fatal(err)
			}
		}
	}
	w.t.Fatal("game did not end in 400 rounds")
	return nil, nil
}

func (w *world) status(p *Player, claim uint64) uint8 {
	c, err := p.Claim(context.Background(), claim)
	if err != nil {
		w.t.Fatal(err)
	}
	return c.Status
}

const (
	accepted = 2
	rejected = 3
)

// TestGame: the honest party wins against each dishonest strategy, on the
// example models, with the real contracts on a simulated L1.
func TestGame(t *testing.T) {
	t.Parallel()
	flip := func(uint8, uint64, bool) bool { return true }
	cases := []struct {
		name      string
		model     string
		lieFrom   int    // -1: the proposer claims the right result
		lieAt     string // if set, lie from the node of this name instead
		prop, cha *Behaviour
		advance   time.Duration
		restart   bool // the challenger is stopped mid-game and restarted
		want      uint8
	}{
		{name: "wrong output, lying from the first node", model: "mlp", lieFrom: 0, want: rejected},
		{name: "wrong output, lying only at the last node", model: "cnn", lieFrom: 7, want: rejected},
		{name: "wrong output of a right trace", model: "iris", lieFrom: 99, want: rejected},
		{name: "right output, challenger agrees with everything", model: "mlp", lieFrom: -1,
			cha: &Behaviour{Vote: flip}, want: accepted},
		{name: "right output, challenger disagrees with everything", model: "iris", lieFrom: -1,
			cha: &Behaviour{Vote: func(uint8, uint64, bool) bool { return false }}, want: accepted},
		{name: "right output, challenger switches its answers", model: "cnn", lieFrom: -1,
			cha: &Behaviour{Vote: func(_ uint8, mid uint64, h bool) bool { return mid%2 == 0 }}, want: accepted},
		{name: "wrong output, proposer lies only in phase 2", model: "mlp", lieFrom: 5,
			prop: &Behaviour{Post: func(ph uint8, mid uint64, h [32]byte) [32]byte {
				if ph == phaseSteps && mid > 1 {
					return merkle.Keccak([]byte("phase 2 lie"))
				}
				return h
			}}, want: rejected},
		{name: "wrong output, proposer sends a bad one-step proof", model: "iris", lieFrom: 2,
			prop: &Behaviour{BadStep: true}, want: rejected},
		{name: "wrong output, proposer goes silent", model: "mlp", lieFrom: 1,
			prop: &Behaviour{Silent: true}, advance: 2 * time.Minute, want: rejected},
		{name: "right output, challenger goes silent", model: "iris", lieFrom: -1,
			cha: &Behaviour{Silent: true}, advance: 2 * time.Minute, want: accepted},
		{name: "wrong output, challenger restarted mid-game", model: "cnn", lieFrom: 3, restart: true, want: rejected},
		// Classic models trained here (opml/examples/classic): the first
		// node is the tree ensemble (or the scaler), disputed to one step.
		{name: "XGBoost trees, wrong output from the trees node", model: "xgb_breast_cancer", lieFrom: 0, want: rejected},
		{name: "LightGBM trees, wrong probabilities only", model: "lgbm_wine", lieFrom: 2, want: rejected},
		{name: "XGBoost trees, right output, challenger disagrees with everything", model: "xgb_breast_cancer", lieFrom: -1,
			cha: &Behaviour{Vote: func(uint8, uint64, bool) bool { return false }}, want: accepted},
		{name: "logistic regression, wrong output from the scaler", model: "logreg_breast_cancer", lieFrom: 0, want: rejected},
		{name: "Normalizer (l2), wrong output from the normalize node", model: "logreg_wine_l2", lieFrom: 0, want: rejected},
		// A generation model: a false next token, lying from the row the
		// last input picks (an embedding of the hidden states) on.
		{name: "generation model, wrong token from the take_last node", model: "tiny-gen", lieAt: "take_last", want: rejected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			ctx := context.Background()
			m := mustModel(t, tc.model)
			input := examples.SampleBytes(m, 4)
			run, err := prove.NewRun(m, input)
			if err != nil {
				t.Fatal(err)
			}
			claimRun := run
			if tc.lieAt != "" {
				if tc.lieFrom = slices.IndexFunc(m.Nodes, func(n model.Node) bool { return n.Name == tc.lieAt }); tc.lieFrom < 0 {
					t.Fatalf("no node %q", tc.lieAt)
				}
			}
			if tc.lieFrom >= 0 {
				claimRun = prove.Forge(run, tc.lieFrom)
			}
			proposer := w.player(1, tc.prop, "")
			id, err := proposer.Propose(ctx, m, input, claimRun)
			if err != nil {
				t.Fatal(err)
			}
			state := filepath.Join(t.TempDir(), "challenger.json")
			challenger := w.player(2, tc.cha, state)
			if tc.lieFrom < 0 && tc.cha != nil {
				// A dishonest challenger disputes a right claim.
				if err := challenger.Challenge(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if tc.restart {
				for i := 0; i < 6; i++ {
					if err := challenger.Tick(ctx); err != nil {
						t.Fatal(err)
					}
					if err := proposer.Tick(ctx); err != nil {
						t.Fatal(err)
					}
				}
				challenger = w.player(2, nil, state) // a new process reading the same state file
				if challenger.Stats().Open != 1 {
					t.Fatalf("restarted challenger resumed %d open games, want 1", challenger.Stats().Open)
				}
			}
			won, lost := w.playOut(id, tc.advance, proposer, challenger)
			if tc.want == accepted {
				if err := w.Advance(2 * w.params.Window); err != nil {
					t.Fatal(err)
				}
				if err := proposer.Finalize(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if got := w.status(proposer, id); got != tc.want {
				t.Fatalf("claim status %d, want %d", got, tc.want)
			}
			honest := 1 // the challenger
			if tc.want == accepted {
				honest = 0
			}
			if tc.lieFrom >= 0 || tc.cha != nil { // a game was played
				if !won[honest] || lost[honest] || won[1-honest] {
					t.Fatalf("won %v lost %v: the honest party (%d) must win", won, lost, honest)
				}
			}
		})
	}
}

// TestVerifierRouting: the oracle sends every engine op to the verifier
// contract the prover builds its witnesses for.
func TestVerifierRouting(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	vm, err := evm.New()
	if err != nil {
		t.Fatal(err)
	}
	onChain := map[common.Address]common.Address{vm.StepsInt: w.oracle.StepsInt, vm.StepsFloat: w.oracle.StepsFloat, vm.StepsMat: w.oracle.StepsMat}
	o := bindings.NewInferenceOracle()
	for _, op := range model.Ops() {
		out, err := w.Client().CallContract(context.Background(), ethereum.CallMsg{To: &w.oracle.Oracle, Data: o.PackVerifierOf(uint8(op))}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := o.UnpackVerifierOf(out)
		if err != nil {
			t.Fatal(err)
		}
		if want := onChain[prove.Verifier(vm, op)]; got != want {
			t.Errorf("op %s: oracle routes to %s, the prover to %s", op, got, want)
		}
	}
}

// TestNoMovesAfterTime: a party whose clock has run out can no longer move
// (post, vote, bind, step or prove an output), only lose by timeout: here
// the proposer, on turn first after the challenge and again at the last
// step, is kept past its clock, its move reverts and the challenger's
// timeout wins.
func TestNoMovesAfterTime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, atStep := range []bool{false, true} {
		w := newWorld(t)
		m := mustModel(t, "iris")
		input := examples.SampleBytes(m, 4)
		proposer := w.player(1, nil, "")
		id, err := proposer.Propose(ctx, m, input, nil)
		if err != nil {
			t.Fatal(err)
		}
		// A dishonest challenger disputes the right claim, always disagreeing.
		challenger := w.player(2, &Behaviour{Vote: func(uint8, uint64, bool) bool { return false }}, "")
		if err := challenger.Challenge(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := challenger.scanGames(ctx); err != nil {
			t.Fatal(err)
		}
		for atStep {
			g, err := proposer.game(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if g.Phase == phaseSteps && g.Hi-g.Lo == 1 {
				break
			}
			if g.Phase == phaseDone {
				t.Fatal("the game ended before its last step")
			}
			for _, p := range []*Player{proposer, challenger} {
				if err := p.Tick(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := w.Advance(w.params.Clock + time.Minute); err != nil {
			t.Fatal(err)
		}
		before, err := proposer.game(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		mv := &move{"post", proposer.oracle.PackPost(big.NewInt(0), [32]byte{1})}
		if atStep {
			run, err := prove.NewRun(m, input)
			if err != nil {
				t.Fatal(err)
			}
			if mv, err = proposer.step(big.NewInt(0), run, int(before.Node), before.Lo); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := proposer.send(ctx, mv.what, mv.data, nil); err == nil {
			t.Fatalf("at step %v: the proposer moved after its clock ran out", atStep)
		}
		if err := proposer.Tick(ctx); err != nil {
			t.Fatalf("at step %v: a player out of time tries nothing, but: %v", atStep, err)
		}
		after, err := proposer.game(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if after.Phase != before.Phase || after.Lo != before.Lo || after.Hi != before.Hi || after.Posted != before.Posted {
			t.Fatalf("at step %v: the game changed after time: %+v -> %+v", atStep, before, after)
		}
		if err := challenger.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if g, err := proposer.game(ctx, 0); err != nil || g.Phase != phaseDone || g.Winner != challenger.Address() {
			t.Fatalf("at step %v: after the challenger's timeout: %+v %v", atStep, g, err)
		}
	}
}

// TestGenerationClaims: plausible lies about a generation model's next
// token are rejected on L1. "wrong row" claims the run of the same tokens
// with another last (take_last gathered a real but wrong row: every node
// before it is right); "refused last" claims an output for a last past the
// sequence, which the model refuses at take_last after the whole decoder
// ran.
func TestGenerationClaims(t *testing.T) {
	t.Parallel()
	m := mustModel(t, examples.TinyGeneration.Name)
	seq := examples.TinyGeneration.Seq
	input := func(last int) []byte {
		b := make([]byte, 4*(seq+1))
		for i := 0; i < seq; i++ {
			binary.LittleEndian.PutUint32(b[4*i:], uint32(i*11%examples.TinyGeneration.Vocab))
		}
		binary.LittleEndian.PutUint32(b[4*seq:], uint32(last))
		return b
	}
	takeLast := slices.IndexFunc(m.Nodes, func(n model.Node) bool { return n.Name == "take_last" })
	for _, tc := range []struct {
		name        string
		claimed     int // the claim's last
		traceOf     int // the last whose honest run the claim carries
		wantRefused bool
	}{
		{"wrong row", 3, seq - 1, false},
		{"refused last", seq, seq - 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			ctx := context.Background()
			claimed, err := prove.NewRun(m, input(tc.claimed))
			if err != nil {
				t.Fatal(err)
			}
			if (claimed.Refused != nil) != tc.wantRefused {
				t.Fatalf("refused %v, want %v", claimed.Refused, tc.wantRefused)
			}
			other, err := prove.NewRun(m, input(tc.traceOf))
			if err != nil {
				t.Fatal(err)
			}
			lie := *other
			lie.Input = input(tc.claimed)
			proposer, challenger := w.player(1, nil, ""), w.player(2, nil, "")
			id, err := proposer.Propose(ctx, m, lie.Input, &lie)
			if err != nil {
				t.Fatal(err)
			}
			won, lost := w.playOut(id, time.Minute, proposer, challenger)
			if got := w.status(proposer, id); got != rejected || !won[1] || lost[1] {
				t.Fatalf("claim status %d (won %v, lost %v), want rejected and the challenger winning", got, won, lost)
			}
			g, err := proposer.game(ctx, 0)
			if err != nil || int(g.Node) != takeLast {
				t.Fatalf("game at node %d (%v), want take_last (%d)", g.Node, err, takeLast)
			}
		})
	}
}
