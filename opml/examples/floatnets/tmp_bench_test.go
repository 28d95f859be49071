package floatnets

import (
	"testing"

	"github.com/aievm/aievm/opml/exec"
)

func BenchmarkTmpNets(b *testing.B) {
	nets, err := All()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range nets {
		if n.Name != "cnn28" && n.Name != "decoder" {
			continue
		}
		b.Run(n.Name, func(b *testing.B) {
			in := n.Inputs(7, 1)
			x := n.EngineInput(in[0])
			e, err := exec.New(n.Engine, exec.Options{Threads: 1})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := e.Run(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
