package cli

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/geth-fork/aigeth"
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tensor"
)

// InferCommand calls a model on a node: eth_call to the precompile, or a
// transaction through a contract with the demo Classifier's interface.
var InferCommand = &cli.Command{
	Name:   "infer",
	Usage:  "run a model on an AI EVM node (eth_call, or --send a transaction) and print the decoded output",
	Flags:  inferFlags(),
	Action: infer,
}

// inferFlags returns InferCommand's flags (new ones on each call: flags
// keep state while an app parses them).
func inferFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:9545", Usage: "L2 JSON-RPC URL"},
		&cli.StringFlag{Name: "model", Required: true, Usage: "model address (0x + 64 hex); with --prompt, a KV-cache chain's stage addresses in order, comma-separated"},
		&cli.StringFlag{Name: "input", Usage: "input bytes as hex: the model inputs' canonical bytes, concatenated"},
		&cli.StringFlag{Name: "input-f32", Usage: "input as comma-separated float32 values, e.g. 5.1,3.5,1.4,0.2 (sent little-endian; the model's inputs must be f32)"},
		&cli.StringFlag{Name: "input-i8", Usage: "input as comma-separated int8 values, -128 to 127 (the model's inputs must be int8)"},
		&cli.Uint64Flag{Name: "output-size", Usage: "output bytes (default: the model's outputs, from its header published through ModelRegistry)"},
		&cli.StringFlag{Name: "registry", Value: aigeth.DefaultRegistry.Hex(), Usage: "ModelRegistry address, where the model's header is read"},
		&cli.StringFlag{Name: "format", Value: "hex", Usage: "print the output as hex, f32, i32 or i8"},
		&cli.BoolFlag{Name: "send", Usage: "send a transaction through --contract instead of an eth_call"},
		&cli.StringFlag{Name: "contract", Value: devnet.DemoAddress.Hex(), Usage: "contract with Classifier's inference(bytes32,bytes,uint256) (with --send)"},
		&cli.StringFlag{Name: "key", EnvVars: []string{"AIEVM_KEY"}, Usage: "hex private key that signs (with --send)"},
		&cli.StringFlag{Name: "prompt", Usage: "generate text after this prompt with a generation model (converted with --generate: one eth_call per token) or a KV-cache chain (--kv-positions: one eth_call per stage for each new position); special token texts such as <|im_start|> are parsed"},
		&cli.IntFlag{Name: "max-tokens", Value: 16, Usage: "with --prompt: the most tokens to generate (generation also ends at the end token or when the model's context is full)"},
		&cli.StringFlag{Name: "tokenizer", Usage: "with --prompt: the GGUF file whose tokenizer encodes the prompt and decodes the completion (the model's source file)"},
	}
}

// inferRequest is a parsed `aievm infer` call.
type inferRequest struct {
	model model.Address
	input []byte
	// dtype is the dtype of --input-f32 or --input-i8 values (0: --input hex).
	dtype tensor.DType
	// values is how many values --input-f32 or --input-i8 gave.
	values     int
	outputSize uint64 // 0: from the model's header
	registry   common.Address
}

// parseInferFlags reads the model, the input (one of --input,
// --input-f32, --input-i8) and the output size.
func parseInferFlags(c *cli.Context) (inferRequest, error) {
	var r inferRequest
	var err error
	if r.model, err = store.ParseAddress(c.String("model")); err != nil {
		return r, err
	}
	if r.registry, err = addressFlag(c, "registry"); err != nil {
		return r, err
	}
	var given []string
	for _, f := range []string{"input", "input-f32", "input-i8"} {
		if c.IsSet(f) {
			given = append(given, "--"+f)
		}
	}
	if len(given) > 1 {
		return r, fmt.Errorf("%s: give one input flag", strings.Join(given, " and "))
	}
	switch {
	case c.IsSet("input-f32"):
		r.input, r.values, err = parseF32List(c.String("input-f32"))
		r.dtype = tensor.F32
		if err != nil {
			return r, fmt.Errorf("--input-f32: %w", err)
		}
	case c.IsSet("input-i8"):
		r.input, r.values, err = parseI8List(c.String("input-i8"))
		r.dtype = tensor.I8
		if err != nil {
			return r, fmt.Errorf("--input-i8: %w", err)
		}
	default:
		s := strings.TrimPrefix(strings.TrimPrefix(c.String("input"), "0x"), "0X")
		if len(s)%2 == 1 {
			s = "0" + s // as common.FromHex reads it
		}
		if r.input, err = hex.DecodeString(s); err != nil {
			return r, fmt.Errorf("--input %q: want hex bytes: %w", c.String("input"), err)
		}
	}
	r.outputSize = c.Uint64("output-size")
	return r, nil
}

// splitValues splits a comma-separated list, trimming spaces; an empty
// list or an empty element is an error.
func splitValues(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		if parts[i] = strings.TrimSpace(p); parts[i] == "" {
			return nil, fmt.Errorf("value %d of %q is empty: want comma-separated numbers", i+1, s)
		}
	}
	return parts, nil
}

// parseF32List parses comma-separated float32 values into their
// little-endian bytes. Each value is rounded to the nearest float32; NaN,
// infinities and values beyond float32's range are refused.
func parseF32List(s string) ([]byte, int, error) {
	parts, err := splitValues(s)
	if err != nil {
		return nil, 0, err
	}
	out := make([]byte, 0, 4*len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 32) // underflow rounds to 0 or a subnormal
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, 0, fmt.Errorf("value %d %q is not a finite float32", i+1, p)
		}
		out = binary.LittleEndian.AppendUint32(out, math.Float32bits(float32(v)))
	}
	return out, len(parts), nil
}

// parseI8List parses comma-separated int8 values (-128 to 127).
func parseI8List(s string) ([]byte, int, error) {
	parts, err := splitValues(s)
	if err != nil {
		return nil, 0, err
	}
	out := make([]byte, 0, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 8)
		if errors.Is(err, strconv.ErrRange) {
			return nil, 0, fmt.Errorf("value %d %q is out of int8 range (-128 to 127)", i+1, p)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("value %d %q is not an integer", i+1, p)
		}
		out = append(out, byte(int8(v)))
	}
	return out, len(parts), nil
}

// inferBackend is what `aievm infer` needs of a node for an eth_call.
type inferBackend interface {
	ethereum.ContractCaller
	ethereum.LogFilterer
}

// resolve completes the request from the model's header, published through
// the registry: the output size (the bytes of its outputs) unless
// --output-size gave it, and, for --input-f32 and --input-i8, a check of
// the values against the model's input specs. With --output-size and hex
// input it reads nothing.
func (r *inferRequest) resolve(ctx context.Context, b inferBackend) error {
	if r.outputSize != 0 && r.dtype == 0 {
		return nil
	}
	h, err := onchain.HeaderRPC(ctx, b, r.registry, r.model)
	if err != nil {
		return fmt.Errorf("read the model's header: %w", err)
	}
	if r.outputSize == 0 {
		for _, o := range h.Outputs {
			r.outputSize += uint64(o.Bytes())
		}
	}
	if r.dtype == 0 {
		return nil
	}
	width := map[tensor.DType]int{tensor.F32: 4, tensor.I8: 1}[r.dtype]
	want := 0
	var specs []string
	for _, in := range h.Inputs {
		specs = append(specs, in.String())
		if in.DType != r.dtype {
			return fmt.Errorf("--input-%s: the model's input %q is %s (use --input with its bytes as hex)", r.dtype, in.Name, in)
		}
		want += in.Bytes() / width
	}
	if r.values != want {
		return fmt.Errorf("--input-%s: %d values given, the model takes %d (%s)", r.dtype, r.values, want, strings.Join(specs, ", "))
	}
	return nil
}

// callPrecompile runs the request with an eth_call to the precompile and
// returns the output.
func callPrecompile(ctx context.Context, b ethereum.ContractCaller, r inferRequest) ([]byte, error) {
	ret, err := b.CallContract(ctx, ethereum.CallMsg{To: &precompile.Address, Data: precompile.Pack(r.model, r.outputSize, r.input)}, nil)
	if err != nil {
		return nil, errors.New(revertReason(err))
	}
	if len(ret) < 32 {
		return nil, fmt.Errorf("no inference precompile at %s on this node (empty answer)", precompile.Address)
	}
	return ret[32:], nil
}

func infer(c *cli.Context) error {
	if c.IsSet("prompt") {
		return inferPrompt(c)
	}
	for _, f := range []string{"max-tokens", "tokenizer"} {
		if c.IsSet(f) {
			return fmt.Errorf("--%s goes with --prompt", f)
		}
	}
	r, err := parseInferFlags(c)
	if err != nil {
		return err
	}
	format := c.String("format")
	if _, err := formatOutput(nil, format); err != nil {
		return err
	}
	client, err := ethclient.DialContext(c.Context, c.String("rpc"))
	if err != nil {
		return fmt.Errorf("dial %s: %w", c.String("rpc"), err)
	}
	defer client.Close()
	if err := r.resolve(c.Context, client); err != nil {
		return err
	}
	var out []byte
	if c.Bool("send") {
		if out, err = inferTx(c, client, r.model, r.input, r.outputSize); err != nil {
			return errors.New(revertReason(err))
		}
	} else if out, err = callPrecompile(c.Context, client, r); err != nil {
		return err
	}
	text, err := formatOutput(out, format)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, text)
	return nil
}

func inferTx(c *cli.Context, client *ethclient.Client, addr [32]byte, input []byte, size uint64) ([]byte, error) {
	if c.String("key") == "" {
		return nil, errors.New("--send needs --key (or AIEVM_KEY)")
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(c.String("key"), "0x"))
	if err != nil {
		return nil, fmt.Errorf("--key: %w", err)
	}
	if !common.IsHexAddress(c.String("contract")) {
		return nil, fmt.Errorf("--contract %q is not an address", c.String("contract"))
	}
	to := common.HexToAddress(c.String("contract"))
	cls := bindings.NewClassifier()
	r, err := ethtx.Send(c.Context, client, key, ethtx.Tx{To: &to, Data: cls.PackInference(addr, input, new(big.Int).SetUint64(size))}, 2*time.Minute)
	if err != nil {
		return nil, err
	}
	for _, l := range r.Logs {
		if ev, err := cls.UnpackInferenceEvent(l); err == nil {
			fmt.Fprintf(c.App.Writer, "tx %s in block %d, gas %d\n", r.TxHash, r.BlockNumber, r.GasUsed)
			return ev.Output, nil
		}
	}
	return nil, fmt.Errorf("tx %s: no Inference event from %s", r.TxHash, to)
}

// revertReason is the reason string of an eth_call revert, or the error.
func revertReason(err error) string {
	if err == nil {
		return ""
	}
	var de rpc.DataError
	if errors.As(err, &de) {
		if s, ok := de.ErrorData().(string); ok {
			if reason, err := abi.UnpackRevert(common.FromHex(s)); err == nil {
				return reason
			}
		}
	}
	return err.Error()
}

// formatOutput renders output bytes as hex or as little-endian values.
func formatOutput(b []byte, format string) (string, error) {
	width := map[string]int{"hex": 1, "f32": 4, "i32": 4, "i8": 1}[format]
	if width == 0 {
		return "", fmt.Errorf("--format %q: want hex, f32, i32 or i8", format)
	}
	if format == "hex" {
		return "0x" + common.Bytes2Hex(b), nil
	}
	if len(b)%width != 0 {
		return "", fmt.Errorf("output of %d bytes is not a whole number of %s values", len(b), format)
	}
	var vals []string
	for i := 0; i < len(b); i += width {
		switch format {
		case "f32":
			vals = append(vals, strconv.FormatFloat(float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i:]))), 'g', -1, 32))
		case "i32":
			vals = append(vals, strconv.Itoa(int(int32(binary.LittleEndian.Uint32(b[i:])))))
		case "i8":
			vals = append(vals, strconv.Itoa(int(int8(b[i]))))
		}
	}
	return "[" + strings.Join(vals, " ") + "]", nil
}
