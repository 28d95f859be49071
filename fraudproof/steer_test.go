package fraudproof

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/modeltest"
)

// steer is a dishonest challenger's vote that leads a game to (node, step):
// it agrees with every midpoint up to the target and disputes every one
// after it, whatever the truth.
func steer(node int, step uint64) func(uint8, uint64, bool) bool {
	return func(phase uint8, mid uint64, _ bool) bool {
		if phase == phaseNodes {
			return mid <= uint64(node)
		}
		return mid <= step
	}
}

// TestSteeredChallengerLoses: a dishonest challenger disputing a right
// claim steers the bisection to a chosen node and step; the honest proposer
// runs that step on the L1 verifier and wins. Targets: the last step of the
// last node of a random model of every op (opml/modeltest), and, on a
// decoder with llama's 128-float heads, every kind of attention step of its
// first attention node (SteerableSteps).
func TestSteeredChallengerLoses(t *testing.T) {
	t.Parallel()
	type target struct {
		m     *model.Model
		in    []byte
		node  int
		steps []uint64
	}
	var targets []target
	for kind := uint8(0); kind < modeltest.Kinds; kind++ {
		for seed := uint64(0); seed < 8; seed++ {
			m, ins, err := modeltest.Random(rand.New(rand.NewPCG(seed, 21)), kind)
			if err != nil {
				continue
			}
			var in []byte
			for _, x := range ins {
				in = append(in, x.Data...)
			}
			run, err := prove.NewRun(m, in)
			if err != nil {
				t.Fatal(err)
			}
			last := len(m.Nodes) - 1
			targets = append(targets, target{m, in, last, []uint64{run.Steps(last) - 1}})
			break
		}
	}
	all, _ := examples.Benchmarks()
	dec, err := all["decoder-h128"]()
	if err != nil {
		t.Fatal(err)
	}
	in := examples.SampleBytes(dec, 1)
	run, err := prove.NewRun(dec, in)
	if err != nil {
		t.Fatal(err)
	}
	for node, n := range dec.Nodes {
		if n.Op == model.OpAttention {
			steps := prove.SteerableSteps(dec, node, run.Steps(node), nil)
			targets = append(targets, target{dec, in, node, steps[len(steps)-8:]}) // the last row's phase boundaries
			break
		}
	}
	for _, tg := range targets {
		for _, step := range tg.steps {
			t.Run(fmt.Sprintf("%s node %d (%s) step %d", tg.m.Name, tg.node, tg.m.Nodes[tg.node].Op, step), func(t *testing.T) {
				t.Parallel()
				ctx := context.Background()
				w := newWorld(t)
				w.models[tg.m.Address()] = tg.m
				proposer := w.player(1, nil, "")
				id, err := proposer.Propose(ctx, tg.m, tg.in, nil)
				if err != nil {
					t.Fatal(err)
				}
				challenger := w.player(2, &Behaviour{Vote: steer(tg.node, step)}, "")
				if err := challenger.Challenge(ctx, id); err != nil {
					t.Fatal(err)
				}
				won, lost := w.playOut(id, 0, proposer, challenger)
				g, err := proposer.game(ctx, 0)
				if err != nil {
					t.Fatal(err)
				}
				if !won[0] || lost[0] || won[1] {
					t.Fatalf("won %v lost %v: the honest proposer must win", won, lost)
				}
				if int(g.Node) != tg.node || g.Lo != step {
					t.Fatalf("the game ended at node %d step %d, not the target", g.Node, g.Lo)
				}
			})
		}
	}
}
