package llamapeer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunErrors: without the Python environment the peer is unavailable
// (the bench skips it); a script that fails or prints the wrong answer is
// an error naming it.
func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	req := Request{Prompt: []int32{1}, Tokens: 2, Window: 4}
	if _, err := Run(ctx, filepath.Join(dir, "no-python"), "x.py", "m.gguf", req); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("no python: %v, want ErrUnavailable", err)
	}
	// A stand-in interpreter: a shell script that passes the import check
	// and prints what the test wants.
	fake := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\nif [ \"$1\" = -c ]; then exit 0; fi\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name, body, want string
	}{
		{"fails", "echo boom >&2; exit 3", "boom"},
		{"not json", "echo hello", "llama.cpp output"},
		{"short", `echo '{"tokens": [5], "token_ms": 1, "window_ms": 2}'`, "gave 1 tokens, 2 asked"},
	} {
		_, err := Run(ctx, fake(c.name, c.body), "x.py", "m.gguf", req)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	res, err := Run(ctx, fake("ok", `echo '{"tokens": [5, 6], "token_ms": 1.5, "window_ms": 20}'`), "x.py", "m.gguf", req)
	if err != nil || res.TokenMS != 1.5 || res.WindowMS != 20 || len(res.Tokens) != 2 {
		t.Fatalf("%+v, %v", res, err)
	}
}
