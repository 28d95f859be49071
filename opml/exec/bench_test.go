package exec_test

import (
	"fmt"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/exec"
)

// BenchmarkModels runs every example model on both paths and reports
// inferences/s and ns per MAC; the fast/reference ratio is printed by
// TestReportSpeedup under `make bench`.
func BenchmarkModels(b *testing.B) {
	all, names := examples.All()
	for _, name := range names {
		m, err := all[name]()
		if err != nil {
			b.Fatal(err)
		}
		in := examples.SampleInput(m, 1)
		for _, mode := range []exec.Mode{exec.Reference, exec.Fast} {
			b.Run(fmt.Sprintf("%s/%s", name, mode), func(b *testing.B) {
				e, err := exec.New(m, exec.Options{Mode: mode})
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, err := e.Run(in); err != nil {
						b.Fatal(err)
					}
				}
				sec := b.Elapsed().Seconds() / float64(b.N)
				b.ReportMetric(1/sec, "inf/s")
				b.ReportMetric(sec*1e9/float64(max(1, m.Cost.MACs)), "ns/MAC")
			})
		}
	}
}
