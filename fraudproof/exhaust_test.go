package fraudproof

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
)

// cappedLogs is an L1 provider that, like many, refuses eth_getLogs over
// more than max blocks (or with an open range).
type cappedLogs struct {
	Chain
	max uint64
}

func (c cappedLogs) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	if q.FromBlock == nil || q.ToBlock == nil || q.ToBlock.Uint64()-q.FromBlock.Uint64() >= c.max {
		return nil, errRange
	}
	return c.Chain.FilterLogs(ctx, q)
}

var errRange = &rangeErr{}

type rangeErr struct{}

func (*rangeErr) Error() string { return "query exceeds max block range" }

// TestChallengerNotWornDown: the attacks on the challenger's resources. Many
// correct claims are checked within a budget per tick after the moves, and
// the claim re-runs kept stay within MaxRuns; claims the challenger could
// not re-run at first sight are not skipped for ever: one that does not fit
// its model is challenged and refuted at once, one whose model comes later
// is checked again and refuted; and all of it through a provider that caps
// log queries at 50 blocks.
func TestChallengerNotWornDown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	mlp, iris := mustModel(t, "mlp"), mustModel(t, "iris")
	late := ModelSet{} // the challenger's models: iris arrives later
	for a, m := range w.models {
		if m != iris {
			late[a] = m
		}
	}
	proposer := w.player(1, nil, "")
	challenger, err := NewPlayer(Config{Chain: cappedLogs{w.Client(), 50}, Oracle: w.oracle.Oracle, Key: w.Keys[2], Models: late,
		MaxRuns: 3, ClaimBudget: time.Millisecond, Tx: SimTx})
	if err != nil {
		t.Fatal(err)
	}
	in := examples.SampleBytes(mlp, 1)
	right, err := prove.NewRun(mlp, in)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 12; i++ { // correct claims
		if _, err := proposer.Propose(ctx, mlp, in, right); err != nil {
			t.Fatal(err)
		}
	}
	// A claim whose input does not fit the model (a byte short).
	misfit, err := proposer.Propose(ctx, mlp, in[:len(in)-1], right)
	if err != nil {
		t.Fatal(err)
	}
	// A wrong claim on a model the challenger does not have yet.
	irisIn := examples.SampleBytes(iris, 1)
	irisRun, err := prove.NewRun(iris, irisIn)
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := proposer.Propose(ctx, iris, irisIn, prove.Forge(irisRun, 1))
	if err != nil {
		t.Fatal(err)
	}
	ticks := 0
	for ; ticks < 40 && challenger.st.NextClaim <= hidden; ticks++ {
		if err := challenger.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if n := challenger.runs.len(); n > 3+challenger.Stats().Open {
			t.Fatalf("the challenger keeps %d runs, more than MaxRuns and one per open game", n)
		}
	}
	if ticks < 5 {
		t.Fatalf("14 claims checked in %d ticks with a 1 ms budget each: the budget is not applied", ticks)
	}
	late[iris.Address()] = iris // the model becomes available
	w.playOut(hidden, 0, proposer, challenger)
	for _, id := range []uint64{misfit, hidden} {
		if got := w.status(proposer, id); got != rejected {
			t.Fatalf("claim %d ended %d, want rejected", id, got)
		}
	}
	if s := challenger.Stats(); s.Won != 2 || s.Lost != 0 {
		t.Fatalf("challenger stats %+v, want 2 games won", s)
	}
}

// TestSoak: 200 correct claims on the decoder and one false one. The
// challenger refutes the false one, keeps at most MaxRuns re-runs besides
// one per open game (its heap stays under 512 MiB), and its clock in the
// game never drops below half.
func TestSoak(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	all, _ := examples.All()
	dec, err := all["decoder-q4"]()
	if err != nil {
		t.Fatal(err)
	}
	w.models[dec.Address()] = dec
	proposer := w.player(1, nil, "")
	challenger := w.player(2, nil, "")
	in := examples.SampleBytes(dec, 1)
	right, err := prove.NewRun(dec, in)
	if err != nil {
		t.Fatal(err)
	}
	claims := 200
	if testing.Short() {
		claims = 40
	}
	var lie uint64
	for i := 0; i <= claims; i++ {
		run := right
		if i == claims/2 {
			run = prove.Forge(right, len(dec.Nodes)/2)
		}
		id, err := proposer.Propose(ctx, dec, in, run)
		if err != nil {
			t.Fatal(err)
		}
		if i == claims/2 {
			lie = id
		}
	}
	var peak uint64
	clock := uint64(w.params.Clock / time.Second)
	var maxUsed uint64
	for round := 0; round < 2000; round++ {
		for _, p := range []*Player{challenger, proposer} {
			if err := p.Tick(ctx); err != nil {
				t.Logf("tick: %v", err)
			}
		}
		if n := challenger.runs.len(); n > DefaultMaxRuns+challenger.Stats().Open {
			t.Fatalf("the challenger keeps %d runs, more than MaxRuns and one per open game", n)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		if n, _ := challenger.uint(ctx, challenger.oracle.PackGameCount()); n.Sign() > 0 {
			g, err := challenger.game(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			used := g.Used[1]
			if g.ChallengerTurn && g.Phase != phaseDone {
				head, _ := w.Client().HeaderByNumber(ctx, nil)
				used += head.Time - g.TurnStart
			}
			maxUsed = max(maxUsed, used)
			if g.Phase == phaseDone {
				break
			}
		}
	}
	if got := w.status(proposer, lie); got != rejected {
		t.Fatalf("the false claim ended %d, want rejected", got)
	}
	if maxUsed > clock/2 {
		t.Fatalf("the challenger used %d s of its %d s clock", maxUsed, clock)
	}
	if peak > 512<<20 {
		t.Fatalf("heap in use peaked at %d MiB", peak>>20)
	}
	t.Logf("%d claims: the challenger used at most %d s of its %d s clock; heap peak %d MiB; %d claims checked", claims+1, maxUsed, clock, peak>>20, challenger.st.NextClaim)
}

// TestClockSizing: a clock shorter than the longest game's moves on the
// L1's block time is refused (the 120 s clock of the devnet could not play
// a 44-round game on 12-second blocks), and the default leaves a margin.
func TestClockSizing(t *testing.T) {
	t.Parallel()
	twelve := 12 * time.Second
	short := DefaultParams()
	short.Clock = 120 * time.Second
	if err := short.Check(); err == nil {
		t.Fatal("a 120 s clock on 12-second blocks was accepted")
	}
	if _, err := Deploy(context.Background(), nil, nil, short); err == nil {
		t.Fatal("Deploy took a clock too short for the game")
	}
	def := DefaultParams()
	if err := def.Check(); err != nil || def.Clock < 2*MinClock(twelve) || def.BlockTime != twelve {
		t.Fatalf("default clock %s on %s blocks (%v); the longest game needs %s", def.Clock, def.BlockTime, err, MinClock(twelve))
	}
	// The longest game: phase 1 over MaxNodes, phase 2 over a node's steps,
	// which the format's work bound (3 kinds x 2^48) keeps under 2^50.
	depth := 0
	for 1<<depth < model.MaxNodes {
		depth++
	}
	if depth+50+2 > MovesPerSide {
		t.Fatalf("a game can take %d moves a side, MovesPerSide is %d", depth+52, MovesPerSide)
	}
	if uint64(3*model.MaxWork) >= 1<<50 {
		t.Fatal("the work bound no longer keeps a node's steps under 2^50")
	}
}

// TestExpiredClaimHoldsNothingBack: a wrong claim whose window closed
// before the challenger saw it (downtime) is skipped, not retried for ever:
// a later wrong claim is still challenged and refuted.
func TestExpiredClaimHoldsNothingBack(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	m := mustModel(t, "iris")
	in := examples.SampleBytes(m, 1)
	right, err := prove.NewRun(m, in)
	if err != nil {
		t.Fatal(err)
	}
	proposer := w.player(1, nil, "")
	if _, err := proposer.Propose(ctx, m, in, prove.Forge(right, 1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Advance(2 * w.params.Window); err != nil { // the challenger was down
		t.Fatal(err)
	}
	later, err := proposer.Propose(ctx, m, in, prove.Forge(right, 2))
	if err != nil {
		t.Fatal(err)
	}
	challenger := w.player(2, nil, "")
	w.playOut(later, 0, proposer, challenger)
	if got := w.status(proposer, later); got != rejected {
		t.Fatalf("the later wrong claim ended %d, want rejected", got)
	}
}
