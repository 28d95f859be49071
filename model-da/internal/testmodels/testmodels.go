// Package testmodels builds model files for the model-da tests: a
// multi-chunk decoder and a small classifier, built once per test binary.
package testmodels

import (
	"sync"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/tensor"
)

var (
	once       sync.Once
	big, small []byte
	buildErr   error
)

// Files returns a decoder model file (about 2 MB: several 1 MiB chunks) and
// the CNN example (one chunk).
func Files() (multiChunk, oneChunk []byte, err error) {
	once.Do(func() {
		c := examples.SmallDecoder
		c.Name, c.Weights = "decoder-q4", tensor.Q4_0
		m, err := examples.Decoder(c)
		if err != nil {
			buildErr = err
			return
		}
		big = m.Encode()
		cnn, err := examples.CNN()
		if err != nil {
			buildErr = err
			return
		}
		small = cnn.Encode()
	})
	return big, small, buildErr
}
