package cli

import (
	"math/big"
	"strings"
	"testing"
)

func TestParseWei(t *testing.T) {
	t.Parallel()
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for _, c := range []struct {
		in   string
		want *big.Int // nil: refused
	}{
		{"1", big.NewInt(1)},
		{"100000000000000000", big.NewInt(1e17)},
		{"1e17", big.NewInt(1e17)},
		{"25e16", big.NewInt(25e16)},
		{"0", big.NewInt(0)},
		{max.String(), max},
		{new(big.Int).Add(max, big.NewInt(1)).String(), nil},            // 2^256
		{"1e77", new(big.Int).Exp(big.NewInt(10), big.NewInt(77), nil)}, // just below 2^256
		{"2e77", nil},                                                   // above it
		{"1e78", nil},
		{"1e-3", nil},
		{"0.5", nil},
		{"", nil},
		{"1e", nil},
		{"e5", nil},
		{"0x10", nil},
		{strings.Repeat("9", 100), nil},
	} {
		got, ok := parseWei(c.in)
		if c.want == nil {
			if ok {
				t.Errorf("parseWei(%q) = %v, want refused", c.in, got)
			}
			continue
		}
		if !ok || got.Cmp(c.want) != 0 {
			t.Errorf("parseWei(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}
