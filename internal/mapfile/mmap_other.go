//go:build !unix

package mapfile

import (
	"math"
	"os"
)

func mmap(f *os.File, _ int) ([]byte, func() error, error) {
	b, err := readAll(f, math.MaxInt64)
	return b, func() error { return nil }, err
}
