package cli

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/op-node-ext/withdraw"
)

// WithdrawCommand moves ETH from L2 to L1: initiate on L2, prove against an
// output game, finalize (withdraw package).
var WithdrawCommand = &cli.Command{
	Name:  "withdraw",
	Usage: "withdraw ETH from L2 to L1: initiate, prove against an output game, finalize (waits for each)",
	Description: `Sends --value wei from the key's L2 account to --to on L1 through the
L2ToL1MessagePasser, proves the withdrawal in OptimismPortal2 once an output game
covers its block, and finalizes it once the game has resolved and the proof has
matured (seconds on the devnet, days on a public chain). --tx resumes a withdrawal
already initiated on L2. The portal and factory addresses come from the devnet's
data dir unless given.`,
	Flags: []cli.Flag{
		&cli.StringFlag{Name: "l1-eth-rpc", Value: "http://127.0.0.1:8545", Usage: "L1 JSON-RPC"},
		&cli.StringFlag{Name: "l2-eth-rpc", Value: "http://127.0.0.1:9545", Usage: "L2 JSON-RPC (a node that serves eth_getProof)"},
		&cli.StringFlag{Name: "private-key", EnvVars: []string{"AIEVM_PRIVATE_KEY"}, Usage: "hex key: sends on L2, proves and finalizes on L1 (required)"},
		&cli.StringFlag{Name: "value", Usage: "wei to withdraw (e.g. 1e17 or 100000000000000000)"},
		&cli.StringFlag{Name: "to", Usage: "L1 recipient (default: the key's address)"},
		&cli.Uint64Flag{Name: "gas-limit", Value: 100_000, Usage: "gas for the L1 call to --to (a contract recipient may need more; too little fails the call for good)"},
		&cli.StringFlag{Name: "tx", Usage: "resume: the L2 transaction that initiated the withdrawal"},
		&cli.StringFlag{Name: "datadir", Value: devnet.Default().DataDir, Usage: "devnet data dir to read the L1 addresses from"},
		&cli.StringFlag{Name: "portal", Usage: "OptimismPortal2 on L1 (default: the devnet's)"},
		&cli.StringFlag{Name: "game-factory", Usage: "DisputeGameFactory on L1 (default: the devnet's)"},
		&cli.DurationFlag{Name: "timeout", Value: time.Hour, Usage: "give up waiting after this long (rerun with --tx to resume)"},
	},
	Action: runWithdraw,
}

func runWithdraw(c *cli.Context) error {
	keyHex := c.String("private-key")
	if keyHex == "" {
		return fmt.Errorf("withdraw: --private-key is required")
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(keyHex, "0x"))
	if err != nil {
		return fmt.Errorf("withdraw: --private-key: %w", err)
	}
	portal, factory, err := withdrawAddresses(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	l1, err := ethclient.DialContext(ctx, c.String("l1-eth-rpc"))
	if err != nil {
		return fmt.Errorf("withdraw: L1: %w", err)
	}
	defer l1.Close()
	l2, err := ethclient.DialContext(ctx, c.String("l2-eth-rpc"))
	if err != nil {
		return fmt.Errorf("withdraw: L2: %w", err)
	}
	defer l2.Close()
	lg := log.NewLogger(log.NewTerminalHandlerWithLevel(c.App.ErrWriter, log.LevelInfo, false))
	w, err := withdraw.New(withdraw.Config{L1: l1, L2: l2, Portal: portal, Factory: factory, Key: key, Log: lg})
	if err != nil {
		return err
	}
	var l2Tx common.Hash
	if h := c.String("tx"); h != "" {
		b, err := hexutil.Decode(h)
		if err != nil || len(b) != common.HashLength {
			return fmt.Errorf("withdraw: --tx %q is not a transaction hash", h)
		}
		if c.IsSet("value") || c.IsSet("to") {
			return fmt.Errorf("withdraw: --tx resumes a withdrawal: --value and --to are the initiated one's")
		}
		l2Tx = common.BytesToHash(b)
	} else {
		value, ok := parseWei(c.String("value"))
		if !ok || value.Sign() <= 0 {
			return fmt.Errorf("withdraw: --value %q: want a positive amount of wei", c.String("value"))
		}
		to := crypto.PubkeyToAddress(key.PublicKey)
		if s := c.String("to"); s != "" {
			if !common.IsHexAddress(s) {
				return fmt.Errorf("withdraw: --to %q is not an address", s)
			}
			to = common.HexToAddress(s)
		}
		if code, err := l1.CodeAt(ctx, to, nil); err == nil && len(code) > 0 {
			fmt.Fprintf(c.App.ErrWriter, "note: %s is a contract on L1: it gets %d gas for the call (--gas-limit); if the call fails the value stays in the portal\n", to, c.Uint64("gas-limit"))
		}
		r, err := w.Initiate(ctx, to, value, c.Uint64("gas-limit"), nil)
		if err != nil {
			return err
		}
		l2Tx = r.TxHash
		fmt.Fprintf(c.App.Writer, "initiated on L2: %s (resume with --tx %s)\n", l2Tx, l2Tx)
	}
	p, err := w.Prove(ctx, l2Tx)
	if err != nil {
		return err
	}
	if p.Game != nil {
		fmt.Fprintf(c.App.Writer, "proven on L1 against game %s: withdrawal %s\n", p.Game, p.Hash)
	}
	r, err := w.Finalize(ctx, p)
	if err != nil {
		return err
	}
	how := "earlier"
	if r != nil {
		how = "in " + r.TxHash.Hex()
	}
	fmt.Fprintf(c.App.Writer, "finalized on L1 %s: %s wei to %s\n", how, p.Tx.Value, p.Tx.Target)
	return nil
}

// withdrawAddresses are the flags' portal and factory, or the devnet's.
func withdrawAddresses(c *cli.Context) (portal, factory common.Address, err error) {
	if c.IsSet("portal") != c.IsSet("game-factory") {
		return portal, factory, fmt.Errorf("withdraw: give both --portal and --game-factory, or neither (the devnet's)")
	}
	if c.IsSet("portal") {
		for _, f := range []string{"portal", "game-factory"} {
			if !common.IsHexAddress(c.String(f)) {
				return portal, factory, fmt.Errorf("withdraw: --%s %q is not an address", f, c.String(f))
			}
		}
		return common.HexToAddress(c.String("portal")), common.HexToAddress(c.String("game-factory")), nil
	}
	st, err := devnet.ReadState(c.String("datadir"))
	if err != nil {
		if os.IsNotExist(err) {
			return portal, factory, fmt.Errorf("withdraw: no devnet in %s: give --portal and --game-factory", c.String("datadir"))
		}
		return portal, factory, fmt.Errorf("withdraw: %w", err)
	}
	return st.Contracts.OptimismPortal, st.Contracts.DisputeGameFactory, nil
}

// parseWei reads an amount of wei below 2^256, in decimal or as <m>e<n>.
func parseWei(s string) (*big.Int, bool) {
	v, ok := new(big.Int), false
	if m, e, found := strings.Cut(s, "e"); found {
		mant, ok1 := new(big.Int).SetString(m, 10)
		exp, ok2 := new(big.Int).SetString(e, 10)
		if !ok1 || !ok2 || exp.Sign() < 0 || exp.Cmp(big.NewInt(77)) > 0 {
			return nil, false
		}
		v, ok = mant.Mul(mant, new(big.Int).Exp(big.NewInt(10), exp, nil)), true
	} else {
		v, ok = v.SetString(s, 10)
	}
	if !ok || v.BitLen() > 256 {
		return nil, false
	}
	return v, true
}
