// Package llamapeer runs llama.cpp (llama-cpp-python, built from source by
// `make llama-cpp` into build/pyenv) on a GGUF file through the script
// opml/examples/smollm2/bench_llama.py: the peer a pretrained language
// model's generation is measured against.
package llamapeer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Request is one greedy generation after Prompt of Tokens tokens, and a
// Window of positions evaluated in one batch with an empty cache.
type Request struct {
	Prompt []int32 `json:"prompt"`
	Tokens int     `json:"tokens"`
	Window int     `json:"window"`
}

// Result is llama.cpp's greedy tokens and its median latencies (one thread).
type Result struct {
	Tokens   []int32 `json:"tokens"`
	TokenMS  float64 `json:"token_ms"`  // one position with the KV cache holding the rest
	WindowMS float64 `json:"window_ms"` // Window positions in one batch, no cache
}

// ErrUnavailable means the Python environment with llama-cpp-python is not
// there.
var ErrUnavailable = errors.New("llama.cpp peer unavailable (needs `make llama-cpp`)")

// Run generates with llama.cpp: python is build/pyenv's interpreter,
// script bench_llama.py, model the GGUF file; ctx ends it.
func Run(ctx context.Context, python, script, model string, req Request) (*Result, error) {
	if _, err := os.Stat(python); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	if err := exec.CommandContext(ctx, python, "-c", "import llama_cpp").Run(); err != nil {
		return nil, fmt.Errorf("%w: import llama_cpp: %v", ErrUnavailable, err)
	}
	rb, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, script, model, string(rb))
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("llama.cpp: %v: %s", err, stderr.String())
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("llama.cpp output %q: %w", out.String(), err)
	}
	if len(res.Tokens) != req.Tokens {
		return nil, fmt.Errorf("llama.cpp gave %d tokens, %d asked", len(res.Tokens), req.Tokens)
	}
	return &res, nil
}
