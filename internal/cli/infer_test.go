package cli

import (
	"context"
	"encoding/hex"
	"io"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/tensor"
)

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

// parseInfer runs `aievm infer` flag parsing on args.
func parseInfer(args ...string) (inferRequest, error) {
	var r inferRequest
	var perr error
	cmd := *InferCommand
	cmd.Flags = inferFlags()
	cmd.Action = func(c *cli.Context) error {
		r, perr = parseInferFlags(c)
		return nil
	}
	app := &cli.App{Name: "aievm", Commands: []*cli.Command{&cmd}, Writer: io.Discard, ErrWriter: io.Discard}
	if err := app.Run(append([]string{"aievm", "infer", "--model", irisAddress}, args...)); err != nil {
		return r, err
	}
	return r, perr
}

var irisAddress = func() string {
	m, err := iris.Model()
	if err != nil {
		panic(err)
	}
	return store.FormatAddress(m.Address())
}()

func TestParseInferFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		args   []string
		input  string // hex
		dtype  tensor.DType
		values int
		err    string // substring of the error ("" if none)
	}{
		{"f32 setosa", []string{"--input-f32", "5.1,3.5,1.4,0.2"}, "3333a340000060403333b33fcdcc4c3e", tensor.F32, 4, ""},
		{"f32 spaces, signs, exponent, hex float", []string{"--input-f32", " -1, +2 ,1e-3,0x1p-2"}, "000080bf000000406f12833a0000803e", tensor.F32, 4, ""},
		{"f32 -0 and underflow", []string{"--input-f32", "-0,1e-50"}, "0000008000000000", tensor.F32, 2, ""},
		{"f32 largest", []string{"--input-f32", "3.4028235e38"}, "ffff7f7f", tensor.F32, 1, ""},
		{"f32 overflow", []string{"--input-f32", "1,3.4028236e38"}, "", 0, 0, `--input-f32: value 2 "3.4028236e38" is not a finite float32`},
		{"f32 NaN", []string{"--input-f32", "nan"}, "", 0, 0, "is not a finite float32"},
		{"f32 infinity", []string{"--input-f32", "1,-Inf"}, "", 0, 0, "is not a finite float32"},
		{"f32 not a number", []string{"--input-f32", "5.1,abc"}, "", 0, 0, `value 2 "abc" is not a finite float32`},
		{"f32 empty element", []string{"--input-f32", "5.1,,1.4"}, "", 0, 0, "value 2 of \"5.1,,1.4\" is empty"},
		{"f32 empty", []string{"--input-f32", ""}, "", 0, 0, "is empty"},
		{"i8", []string{"--input-i8", "-128,127,0, -1"}, "807f00ff", tensor.I8, 4, ""},
		{"i8 too large", []string{"--input-i8", "1,128"}, "", 0, 0, `--input-i8: value 2 "128" is out of int8 range (-128 to 127)`},
		{"i8 too small", []string{"--input-i8", "-129"}, "", 0, 0, "out of int8 range"},
		{"i8 not an integer", []string{"--input-i8", "1.5"}, "", 0, 0, `value 1 "1.5" is not an integer`},
		{"i8 trailing comma", []string{"--input-i8", "1,"}, "", 0, 0, "is empty"},
		{"hex", []string{"--input", "0x3333a340"}, "3333a340", 0, 0, ""},
		{"hex without 0x, odd", []string{"--input", "abc"}, "0abc", 0, 0, ""},
		{"bad hex", []string{"--input", "0xzz"}, "", 0, 0, `--input "0xzz": want hex bytes`},
		{"no input", nil, "", 0, 0, ""},
		{"hex and f32", []string{"--input", "0x00", "--input-f32", "1"}, "", 0, 0, "--input and --input-f32: give one input flag"},
		{"f32 and i8", []string{"--input-f32", "1", "--input-i8", "1"}, "", 0, 0, "--input-f32 and --input-i8: give one input flag"},
		{"bad registry", []string{"--registry", "0x12", "--input-i8", "1"}, "", 0, 0, `--registry: "0x12" is not an address`},
	} {
		r, err := parseInfer(c.args...)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil || hex.EncodeToString(r.input) != c.input || r.dtype != c.dtype || r.values != c.values {
			t.Errorf("%s: input %x dtype %v values %d (%v), want %s %v %d", c.name, r.input, r.dtype, r.values, err, c.input, c.dtype, c.values)
		}
	}
	if _, err := parseInfer("--input-i8", "1", "--model", "0x1234"); err == nil {
		t.Error("a short model address parsed")
	}
}

// TestInferOutputSizeFromHeader plays `aievm infer`'s eth_call path against
// a simulated chain with the real ModelRegistry (iris registered and
// published through it, another model only registered) and MockInference at
// 0xa1: the output size comes from the model's header in its chunk 0, typed
// inputs are checked against its input specs, and a revert's reason is the
// error.
func TestInferOutputSizeFromHeader(t *testing.T) {
	t.Parallel()
	m, err := iris.Model()
	if err != nil {
		t.Fatal(err)
	}
	chain := simchain.New(1, func(_ *node.Config, e *ethconfig.Config) {
		e.Genesis.Alloc[precompile.Address] = types.Account{Code: common.FromHex(bindings.MockInferenceRuntime), Balance: new(big.Int)}
	})
	t.Cleanup(chain.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	cl, key := chain.Client(), chain.Keys[0]
	reg, err := ethtx.Deploy(ctx, cl, key, "ModelRegistry", bindings.ModelRegistryMetaData.Bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&onchain.Publisher{Client: cl, Key: key, Registry: reg}).Publish(ctx, iris.ModelBytes(), "bafy-iris"); err != nil {
		t.Fatal(err)
	}
	unpublished := common.HexToHash("0x0bad")
	out := tensor.FromF32(tensor.Shape{1, 3}, []float32{0.9, 0.06, 0.04}).Data
	mock, registry := bindings.NewMockInference(), bindings.NewModelRegistry()
	for _, tx := range []ethtx.Tx{
		{To: &precompile.Address, Data: mock.PackSetDefault(m.Address(), out)},
		{To: &reg, Data: registry.PackRegister(unpublished, "bafy-unpublished", 2000, 1, 1, 1)},
	} {
		if _, err := ethtx.Send(ctx, cl, key, tx, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name     string
		args     []string
		wantSize uint64
		want     string // formatted output, or the error's substring
	}{
		{"f32 input, size from the header", []string{"--input-f32", "5.1,3.5,1.4,0.2", "--format", "f32"}, 12, "[0.9 0.06 0.04]"},
		{"hex input, size from the header", []string{"--input", "0x3333a340000060403333b33fcdcc4c3e"}, 12, "0x" + hex.EncodeToString(out)},
		{"size given: the header is not read", []string{"--input", "0x00", "--output-size", "11", "--registry", common.Address{}.Hex()}, 11,
			"inference: output size does not match the model: 11 bytes asked, MockInference gives 12"},
		{"too few values", []string{"--input-f32", "5.1,3.5,1.4"}, 0, "--input-f32: 3 values given, the model takes 4 (f32[1 4])"},
		{"wrong dtype", []string{"--input-i8", "1,2,3,4"}, 0, `--input-i8: the model's input "features" is f32[1 4]`},
		{"typed input checked with a size given", []string{"--input-i8", "1,2,3,4", "--output-size", "12"}, 0, "is f32[1 4]"},
		{"not registered", []string{"--model", store.FormatAddress([32]byte{7}), "--input-f32", "1"}, 0, "not registered in ModelRegistry"},
		{"not published", []string{"--model", unpublished.Hex(), "--input-f32", "1"}, 0, "chunk 0 (its header) not published yet"},
		{"wrong registry", []string{"--input-f32", "1", "--registry", common.HexToAddress("0x42").Hex()}, 0, "not registered in ModelRegistry"},
	} {
		args := append([]string{"--registry", reg.Hex()}, c.args...)
		r, err := parseInfer(args...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := func() (string, error) {
			if err := r.resolve(ctx, cl); err != nil {
				return "", err
			}
			if r.outputSize != c.wantSize {
				t.Errorf("%s: output size %d, want %d", c.name, r.outputSize, c.wantSize)
			}
			b, err := callPrecompile(ctx, cl, r)
			if err != nil {
				return "", err
			}
			format := "hex"
			for i, a := range c.args {
				if a == "--format" {
					format = c.args[i+1]
				}
			}
			return formatOutput(b, format)
		}()
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestInferPromptFlags: --prompt refuses the flags of a raw call, a
// missing or unreadable tokenizer and a --max-tokens below 1, before it
// dials the node; a raw call refuses --prompt's flags.
func TestInferPromptFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--prompt", "hi", "--input", "0x00"}, "--prompt and --input"},
		{[]string{"--prompt", "hi", "--send"}, "--prompt and --send"},
		{[]string{"--prompt", "hi", "--output-size", "4"}, "--prompt and --output-size"},
		{[]string{"--prompt", "hi", "--format", "i32"}, "--prompt and --format"},
		{[]string{"--input", "0x00", "--max-tokens", "3"}, "--max-tokens goes with --prompt"},
		{[]string{"--input", "0x00", "--tokenizer", "x.gguf"}, "--tokenizer goes with --prompt"},
		{[]string{"--prompt", "hi"}, "--prompt needs --tokenizer"},
		{[]string{"--prompt", "hi", "--tokenizer", "x.gguf", "--max-tokens", "0"}, "--max-tokens 0"},
		{[]string{"--prompt", "hi", "--tokenizer", filepath.Join(t.TempDir(), "absent.gguf")}, "absent.gguf"},
	} {
		cmd := *InferCommand
		cmd.Flags = inferFlags()
		app := &cli.App{Name: "aievm", Commands: []*cli.Command{&cmd}, Writer: io.Discard, ErrWriter: io.Discard}
		err := app.Run(append([]string{"aievm", "infer", "--rpc", "http://127.0.0.1:1", "--model", irisAddress}, c.args...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}
