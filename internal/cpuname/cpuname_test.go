package cpuname

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 17\nmodel name\t: AMD EPYC 9R14\nflags\t: fpu\n", "AMD EPYC 9R14"},
		{"processor\t: 0\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\n\nprocessor\t: 1\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC\n", "AMD EPYC, family 26 model 2"},
		{"processor\t: 0\nBogoMIPS\t: 50.00\nModel\t\t: Raspberry Pi 4\n", "Raspberry Pi 4"},
		{"cpu model\t\t: MIPS 24Kc V7.4\n", "MIPS 24Kc V7.4"},
		{"model\t\t: 85\nmodel name\t:\n", ""},
		{"", ""},
	} {
		if got := parse([]byte(c.in)); got != c.want {
			t.Errorf("parse(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if s := String(); !strings.Contains(s, "threads)") {
		t.Errorf("String() = %q", s)
	}
}
