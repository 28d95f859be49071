package floatnets

import (
	"testing"

	"github.com/aievm/aievm/opml/exec"
)

// BenchmarkNets runs each network's engine model on the fast path with one
// thread (the setting `aievm model bench-ort` compares with ONNX Runtime),
// for profiling: go test -run '^$' -bench Nets/decoder -cpuprofile cpu.out.
func BenchmarkNets(b *testing.B) {
	nets, err := All()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range nets {
		b.Run(n.Name, func(b *testing.B) {
			x := n.EngineInput(n.Inputs(7, 1)[0])
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
