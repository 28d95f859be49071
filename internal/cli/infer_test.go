package cli

import "testing"

func TestFormatOutput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in     []byte
		format string
		want   string
		err    bool
	}{
		{[]byte{0xde, 0xad}, "hex", "0xdead", false},
		{[]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0}, "f32", "[1 -2]", false},
		{[]byte{0xff, 0xff, 0xff, 0xff}, "i32", "[-1]", false},
		{[]byte{0x80, 0x7f}, "i8", "[-128 127]", false},
		{[]byte{1, 2, 3}, "f32", "", true},
		{nil, "f64", "", true},
	} {
		got, err := formatOutput(c.in, c.format)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("formatOutput(%x, %s) = %q, %v; want %q (error %v)", c.in, c.format, got, err, c.want, c.err)
		}
	}
}
