package kernelcap

import "testing"

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Tier
		err  bool
	}{
		{"", AVX512, false},
		{"portable", Portable, false},
		{"AVX2", AVX2, false},
		{"avx", AVX, false},
		{"avx512", AVX512, false},
		{"avxvnni", AVXVNNI, false},
		{"sse", AVX512, true},
		{"avx2 ", AVX512, true},
	} {
		got, err := Parse(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("Parse(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil && tt.in != "" {
			if back, _ := Parse(got.String()); back != got {
				t.Errorf("%v does not parse back", got)
			}
		}
	}
}
