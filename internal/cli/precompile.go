package cli

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/cpuname"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/classic"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/examples/qdq"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/kernelcap"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
)

// PrecompileCommand is `aievm precompile`: measure the inference precompile.
var PrecompileCommand = &cli.Command{
	Name:  "precompile",
	Usage: "The inference precompile: gas calibration against ecrecover",
	Subcommands: []*cli.Command{{
		Name:  "bench",
		Usage: "Gas per second of node time for each example model next to ecrecover's, measured in the same run",
		Flags: []cli.Flag{&cli.DurationFlag{Name: "time", Value: time.Second, Usage: "time budget per precompile"},
			&cli.IntFlag{Name: "threads", Value: 1, Usage: "cores the engine may use (gas is calibrated on one: a node with more runs calls faster, never slower)"}},
		Action: func(c *cli.Context) error {
			return benchPrecompile(c)
		},
	}},
}

type fixedModels map[model.Address]*model.Model

func (f fixedModels) Model(_ context.Context, a model.Address) (*model.Model, error) {
	if m, ok := f[a]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("model 0x%x not loaded", a)
}

func benchPrecompile(c *cli.Context) error {
	budget := c.Duration("time")
	if n := c.Int("threads"); n > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	}
	ec, err := precompile.Ecrecover(budget)
	if err != nil {
		return err
	}
	ms := fixedModels{}
	var order []*model.Model
	im, err := iris.Model()
	if err != nil {
		return err
	}
	all, names := examples.All()
	order = append(order, im)
	for _, n := range names {
		m, err := all[n]()
		if err != nil {
			return err
		}
		order = append(order, m)
	}
	adv, advNames := examples.Adversarial()
	for _, n := range advNames {
		m, err := adv[n]()
		if err != nil {
			return err
		}
		order = append(order, m)
	}
	for _, m := range order {
		ms[m.Address()] = m
	}
	p := precompile.New(ms, precompile.DefaultGas, 10*time.Second)
	if err := precompile.Register(p); err != nil { // this process's op-geth tables, for the block test
		return err
	}
	inputs := map[string][]byte{}
	fmt.Fprintf(c.App.Writer, "cpu: %s; kernels: %s (%s=%s)\n", cpuname.String(), exec.SIMD, kernelcap.Env, kernelcap.Max)
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "PRECOMPILE\tGAS\tTIME\tMGAS/S\tVS ECRECOVER\tCALLS PER 30M BLOCK\tBLOCK TIME\t")
	row := func(t precompile.Timing) {
		calls := uint64(30_000_000) / max(1, t.Gas+21000)
		fmt.Fprintf(w, "%s\t%d\t%v\t%.1f\t%.2fx\t%d\t%v\t\n", t.Name, t.Gas, t.Time.Round(100*time.Nanosecond), t.MgasPerSecond(),
			t.MgasPerSecond()/ec.MgasPerSecond(), calls, (time.Duration(calls) * t.Time).Round(time.Millisecond))
	}
	row(ec)
	for _, m := range order {
		input := precompile.Pack(m.Address(), uint64(precompile.Outputs(m)), examples.SampleBytes(m, 1))
		inputs[m.Name] = input
		t, err := precompile.Measure(m.Name, p, input, budget)
		if err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
		row(t)
	}
	// Cold: every call reads the model file again (decode, prepared weights),
	// as on a node whose cache does not hold it.
	dir, err := os.MkdirTemp("", "aievm-cold")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	// A node's model cache with no room: every call loads from the store.
	cold := precompile.New(models.New(st, nil, 0), precompile.DefaultGas, 10*time.Second)
	for _, m := range order {
		name := m.Name
		if _, err := st.Publish(c.Context, m.Encode()); err != nil {
			return err
		}
		t, err := precompile.Measure(name+" (cold)", cold, inputs[name], budget)
		if err != nil {
			return fmt.Errorf("%s cold: %w", name, err)
		}
		row(t)
	}
	// The inline precompile (0xa0): a QDQ model and a classic XGBoost file,
	// warm (conversion cached) and cold (converted in every call), and the
	// files that make conversion dearest per byte.
	inline := precompile.NewInline(precompile.DefaultGas)
	xgb, err := classic.ONNX("xgb_breast_cancer")
	if err != nil {
		return err
	}
	xgbRow, err := classic.Sample("xgb_breast_cancer")
	if err != nil {
		return err
	}
	advNames, advFiles := qdq.Adversarial()
	inlineCalls := []struct {
		name        string
		model, data []byte
	}{{"inline-qdq", qdq.Model(), make([]byte, 4*qdq.Inputs)}, {"inline-xgb", xgb, xgbRow}}
	for _, n := range advNames {
		om, err := onnx.Decode(advFiles[n])
		if err != nil {
			return err
		}
		size := 4
		for _, d := range om.Graph.Inputs[0].Shape {
			size *= int(d)
		}
		inlineCalls = append(inlineCalls, struct {
			name        string
			model, data []byte
		}{n, advFiles[n], make([]byte, size)})
	}
	for i, ic := range inlineCalls {
		in := precompile.PackInline(ic.model, ic.data)
		if i < 2 {
			t, err := precompile.Measure(ic.name, inline, in, budget)
			if err != nil {
				return fmt.Errorf("%s: %w", ic.name, err)
			}
			row(t)
		}
		t, err := precompile.Measure(ic.name+" (cold)", precompile.ColdInline(precompile.DefaultGas), in, budget)
		if err != nil {
			return fmt.Errorf("%s cold: %w", ic.name, err)
		}
		row(t)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, "VS ECRECOVER: gas charged per second of node time relative to ecrecover's; at or above 1x, inference is never")
	fmt.Fprintln(c.App.Writer, "cheaper per second than ecrecover (the requirement). BLOCK TIME: estimated for a 30M-gas block of such calls.")
	fmt.Fprintln(c.App.Writer, "\nA real 30M-gas OP block full of inference transactions, imported by a fresh node:")
	bw := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(bw, "MODEL\tCALLS\tGAS USED\tIMPORT TIME\tOF A 2S BLOCK\t")
	for _, name := range []string{"iris", "cnn", "decoder-q4"} {
		r, err := precompile.BlockFull(p, inputs[name], 30_000_000)
		if err != nil {
			return fmt.Errorf("block of %s calls: %w", name, err)
		}
		fmt.Fprintf(bw, "%s\t%d\t%d\t%v\t%.0f%%\t\n", name, r.Calls, r.GasUsed, r.Import.Round(time.Millisecond), 100*r.Import.Seconds()/2)
	}
	return bw.Flush()
}
