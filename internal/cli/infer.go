package cli

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
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
	"github.com/aievm/aievm/geth-fork/precompile"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
)

// InferCommand calls a model on a node: eth_call to the precompile, or a
// transaction through a contract with the demo Classifier's interface.
var InferCommand = &cli.Command{
	Name:  "infer",
	Usage: "run a model on an AI EVM node (eth_call, or --send a transaction) and print the decoded output",
	Flags: []cli.Flag{
		&cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:9545", Usage: "L2 JSON-RPC URL"},
		&cli.StringFlag{Name: "model", Required: true, Usage: "model address (0x + 64 hex)"},
		&cli.StringFlag{Name: "input", Usage: "input bytes as hex: the model inputs' canonical bytes, concatenated"},
		&cli.Uint64Flag{Name: "output-size", Usage: "output bytes (default: asked from the node)"},
		&cli.StringFlag{Name: "format", Value: "hex", Usage: "print the output as hex, f32, i32 or i8"},
		&cli.BoolFlag{Name: "send", Usage: "send a transaction through --contract instead of an eth_call"},
		&cli.StringFlag{Name: "contract", Value: devnet.DemoAddress.Hex(), Usage: "contract with Classifier's inference(bytes32,bytes,uint256) (with --send)"},
		&cli.StringFlag{Name: "key", EnvVars: []string{"AIEVM_KEY"}, Usage: "hex private key that signs (with --send)"},
	},
	Action: infer,
}

// outputSizeHint finds the size in the precompile's output-size revert.
var outputSizeHint = regexp.MustCompile(`gives (\d+)`)

func infer(c *cli.Context) error {
	addr, err := store.ParseAddress(c.String("model"))
	if err != nil {
		return err
	}
	input := common.FromHex(c.String("input"))
	format := c.String("format")
	if _, err := formatOutput(nil, format); err != nil {
		return err
	}
	client, err := ethclient.DialContext(c.Context, c.String("rpc"))
	if err != nil {
		return fmt.Errorf("dial %s: %w", c.String("rpc"), err)
	}
	defer client.Close()
	call := func(size uint64) ([]byte, error) {
		return client.CallContract(c.Context, ethereum.CallMsg{To: &precompile.Address, Data: precompile.Pack(addr, size, input)}, nil)
	}
	size := c.Uint64("output-size")
	if size == 0 {
		_, err := call(0)
		m := outputSizeHint.FindStringSubmatch(revertReason(err))
		if m == nil {
			return fmt.Errorf("ask the node for the output size: %v (give --output-size)", err)
		}
		size, _ = strconv.ParseUint(m[1], 10, 64)
	}
	var out []byte
	if c.Bool("send") {
		out, err = inferTx(c, client, addr, input, size)
	} else {
		var ret []byte
		ret, err = call(size)
		if err == nil {
			if len(ret) < 32 {
				return fmt.Errorf("no inference precompile at %s on this node (empty answer)", precompile.Address)
			}
			out = ret[32:]
		}
	}
	if err != nil {
		return errors.New(revertReason(err))
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
