package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/cpuname"
	"github.com/aievm/aievm/internal/llamapeer"
	"github.com/aievm/aievm/opml/examples/smollm2"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tokenizer"
)

// benchLLMCommand times greedy generation of a pretrained GGUF model in
// the engine next to llama.cpp in the same run.
var benchLLMCommand = &cli.Command{
	Name:  "bench-llm",
	Usage: "Time greedy generation of a GGUF language model (SmolLM2 by default) in the engine, one call of its generation model per token, next to llama.cpp (one thread), and print the gas per token",
	Flags: []cli.Flag{
		&cli.StringFlag{Name: "gguf", Value: smollm2.File, Usage: "the GGUF model (`make smollm2` fetches SmolLM2)"},
		&cli.StringFlag{Name: "prompt", Value: "def fibonacci(n):\n", Usage: "prompt (special token texts parsed)"},
		&cli.IntFlag{Name: "seq", Value: 16, Usage: "positions of the generation model (prompt plus completion)"},
		&cli.IntFlag{Name: "max-tokens", Value: 8, Usage: "tokens to generate"},
		&cli.StringFlag{Name: "python", Value: "build/pyenv/bin/python", Usage: "Python with llama-cpp-python (`make llama-cpp`); the peer is skipped without it"},
		&cli.StringFlag{Name: "peer-script", Value: "opml/examples/smollm2/bench_llama.py", Usage: "the llama.cpp timing script"},
	},
	Action: benchLLM,
}

func benchLLM(c *cli.Context) error {
	path, n := c.String("gguf"), c.Int("max-tokens")
	tk, err := tokenizer.Open(path)
	if err != nil {
		return err
	}
	prompt, err := tk.Encode(c.String("prompt"), true)
	if err != nil {
		return fmt.Errorf("--prompt: %w", err)
	}
	if len(prompt) == 0 || len(prompt) > c.Int("seq") {
		return fmt.Errorf("--prompt is %d tokens: want 1 to --seq %d", len(prompt), c.Int("seq"))
	}
	if n < 1 || len(prompt)+n-1 > c.Int("seq") {
		return fmt.Errorf("--max-tokens %d after a prompt of %d tokens: want 1 to %d (--seq %d)", n, len(prompt), c.Int("seq")-len(prompt)+1, c.Int("seq"))
	}
	m, err := convertGGUF(path, gguf.ForGeneration(c.Int("seq")))
	if err != nil {
		return err
	}
	gm := generate.Model{Seq: c.Int("seq")}
	// timed generates with an executor, recording each call's time.
	timed := func(o exec.Options, max int) ([]int32, time.Duration, error) {
		e, err := exec.New(m, o)
		if err != nil {
			return nil, 0, err
		}
		run, times := gm.Engine(e), []time.Duration(nil)
		call := func(ctx context.Context, in []byte) ([]byte, error) {
			t := time.Now()
			out, err := run(ctx, in)
			times = append(times, time.Since(t))
			return out, err
		}
		if _, _, err := gm.Greedy(c.Context, call, prompt, 1, -1, nil); err != nil { // warm: prepared layouts
			return nil, 0, err
		}
		times = nil
		ids, _, err := gm.Greedy(c.Context, call, prompt, max, -1, nil)
		if err != nil {
			return nil, 0, err
		}
		slices.Sort(times)
		return ids, times[len(times)/2], nil
	}
	fast1, d1, err := timed(exec.Options{Threads: 1}, n)
	if err != nil {
		return err
	}
	_, d2, err := timed(exec.Options{Threads: 2}, n)
	if err != nil {
		return err
	}
	ref, dref, err := timed(exec.Options{Mode: exec.Reference}, 1)
	if err != nil {
		return err
	}
	if ref[0] != fast1[0] {
		return fmt.Errorf("the reference path's first token %d differs from the fast path's %d", ref[0], fast1[0])
	}
	in, _ := gm.Input(prompt)
	gas := precompile.DefaultGas.Model(m, len(in))
	// The KV-cache chain of as many positions, where one fits the format's
	// bounds (not past about 80 positions for SmolLM2): skipped, with why,
	// where not.
	kv, kvErr := timedChain(c.Context, path, gm.Seq, prompt, n)
	if kvErr == nil && !slices.Equal(kv.ids, fast1) {
		return fmt.Errorf("the kv-cache chain's tokens %v differ from the generation model's %v", kv.ids, fast1)
	}
	w := c.App.Writer
	fmt.Fprintf(w, "cpu: %s; kernels: %s\n", cpuname.String(), exec.SIMD)
	fmt.Fprintf(w, "%s: prompt %q (%d tokens), %d greedy tokens; the engine runs its generation model of %d positions once per token, llama.cpp one thread with a binary32 KV cache\n",
		m.Name, c.String("prompt"), len(prompt), n, gm.Seq)
	fmt.Fprintf(w, "gas per token: %d (one call: %d MACs, %d float ops, %d-byte model)\n", gas, m.Cost.MACs, m.Cost.FloatOps, m.FileBytes)
	if kvErr == nil {
		fmt.Fprintf(w, "gas per token with the kv-cache chain: %d (a call to each of %d stages of up to %d layers: %d MACs, %d-byte models)\n",
			kv.gas, len(kv.stages), kv.perStage, kv.macs, kv.bytes)
	} else {
		fmt.Fprintf(w, "kv-cache chain: skipped (%v)\n", kvErr)
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PATH\tPOSITIONS / TOKEN\tMS / TOKEN\tTOKENS / S\tVS LLAMA.CPP WINDOW\t")
	peer, perr := llamapeer.Run(c.Context, c.String("python"), c.String("peer-script"), path, llamapeer.Request{Prompt: prompt, Tokens: n, Window: gm.Seq})
	row := func(name string, positions int, ms float64, vs string) {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.2f\t%s\t\n", name, positions, ms, 1000/ms, vs)
	}
	ratio := func(d time.Duration) string {
		if perr != nil {
			return "-"
		}
		return fmt.Sprintf("%.2fx", float64(d.Microseconds())/1000/peer.WindowMS)
	}
	if perr == nil {
		row("llama.cpp, KV cache", 1, peer.TokenMS, "")
		row("llama.cpp, window, no cache", gm.Seq, peer.WindowMS, "1.00x")
	}
	row("engine fast, 1 thread", gm.Seq, float64(d1.Microseconds())/1000, ratio(d1))
	row("engine fast, 2 threads", gm.Seq, float64(d2.Microseconds())/1000, ratio(d2))
	row("engine reference", gm.Seq, float64(dref.Microseconds())/1000, ratio(dref))
	if kvErr == nil {
		kvRatio := "-"
		if perr == nil {
			kvRatio = fmt.Sprintf("%.2fx (KV cache)", float64(kv.token.Microseconds())/1000/peer.TokenMS)
		}
		row("engine fast kv chain, 1 thread", 1, float64(kv.token.Microseconds())/1000, kvRatio)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	text, _ := tk.Decode(fast1)
	fmt.Fprintf(w, "engine tokens:    %v %q\n", fast1, text)
	if perr != nil {
		if errors.Is(perr, llamapeer.ErrUnavailable) {
			fmt.Fprintf(w, "llama.cpp: skipped (%v)\n", perr)
			return nil
		}
		return perr
	}
	same := 0
	for same < n && fast1[same] == peer.Tokens[same] {
		same++
	}
	text, _ = tk.Decode(peer.Tokens)
	fmt.Fprintf(w, "llama.cpp tokens: %v %q\ngreedy tokens equal: %d of %d\n", peer.Tokens, text, same, n)
	return nil
}

// chainRun is a timed greedy generation with a KV-cache chain.
type chainRun struct {
	ids      []int32
	token    time.Duration // median time of a position through every stage
	gas      uint64        // the stages' prices for one position
	macs     uint64
	bytes    uint64
	perStage int
	stages   []*model.Model
}

// timedChain generates max tokens after prompt with the GGUF's KV-cache
// chain of positions positions on one thread, timing each position.
func timedChain(ctx context.Context, path string, positions int, prompt []int32, max int) (*chainRun, error) {
	file, f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := &chainRun{}
	if r.stages, err = gguf.ImportStages(file, gguf.ForGeneration(positions), positions, 0); err != nil {
		return nil, err
	}
	ch, es, err := generate.EngineChain(r.stages, exec.Options{Threads: 1})
	if err != nil {
		return nil, err
	}
	for _, m := range r.stages {
		r.macs += m.Cost.MACs
		r.bytes += m.FileBytes
		r.gas += precompile.DefaultGas.Model(m, m.InputBytes())
	}
	r.perStage = slices.Max(ch.Layers)
	run := generate.EngineStages(es)
	var times []time.Duration
	var start time.Time
	call := func(ctx context.Context, i int, in []byte) ([]byte, error) {
		if i == 0 {
			start = time.Now()
		}
		out, err := run(ctx, i, in)
		if i == len(es)-1 {
			times = append(times, time.Since(start))
		}
		return out, err
	}
	if _, _, err := ch.Greedy(ctx, call, prompt, 1, -1, nil); err != nil { // warm: prepared layouts
		return nil, err
	}
	times = nil
	if r.ids, _, err = ch.Greedy(ctx, call, prompt, max, -1, nil); err != nil {
		return nil, err
	}
	slices.Sort(times)
	r.token = times[len(times)/2]
	return r, nil
}
