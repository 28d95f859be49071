package devnet

import (
	"context"
	"fmt"
	"io"
	"net"
	"reflect"
	"strconv"
	"strings"

	opnode "github.com/ethereum-optimism/optimism/op-node"
	nodecfg "github.com/ethereum-optimism/optimism/op-node/config"
	opflags "github.com/ethereum-optimism/optimism/op-node/flags"
	opmetrics "github.com/ethereum-optimism/optimism/op-node/metrics"
	rollupnode "github.com/ethereum-optimism/optimism/op-node/node"
	"github.com/ethereum-optimism/optimism/op-service/cliapp"
	"github.com/ethereum-optimism/optimism/op-service/clock"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"
	"github.com/ethereum/go-ethereum/p2p/enode"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/op-node-ext/aigethproc"
)

// opNode is one op-node of the devnet.
type opNode struct {
	name       string
	engine     *aigethproc.Proc
	rpc        int    // rollup RPC port
	p2p        int    // libp2p TCP port; 0: P2P off (the node sees only what it derives from L1)
	metrics    int    // Prometheus port; 0: none
	sequencer  bool   // sequencer: builds blocks, signs and gossips them
	staticPeer string // a verifier's: the sequencer's multiaddress
}

// l1ChainConfigFile is the local L1's chain config for op-node.
const l1ChainConfigFile = "l1-chain-config.json"

// args are the stock op-node command's flags for o: the devnet's op-nodes
// are configured exactly as `op-node` is on the command line
// (docs/operators.md), then run in this process.
func (d *Devnet) opNodeArgs(o opNode) ([]string, error) {
	// The dev L1 is polled fast and its blocks taken at once; a public L1
	// (often a hosted RPC with rate limits) once per L1 block, and the
	// sequencer builds on L1 blocks 4 deep, as OP's defaults do.
	poll, confs := "100ms", "0"
	if d.cfg.L1RPC != "" {
		poll, confs = fmt.Sprintf("%ds", d.cfg.L1BlockTime), "4"
	}
	a := []string{"--l1", d.L1RPC(), "--l1.beacon", d.beaconURL(), "--l1.rpckind", "standard",
		"--l1.http-poll-interval", poll, "--l1.rpc-max-batch-size", "20", "--l1.max-concurrency", "10",
		"--l1.epoch-poll-interval", fmt.Sprintf("%ds", d.cfg.L1BlockTime), "--l1.runtime-config-reload-interval", "10m",
		"--l2", o.engine.Auth(), "--l2.jwt-secret", d.path("jwt.hex"), "--rollup.config", d.path(rollupFile),
		"--rpc.addr", d.cfg.Host, "--rpc.port", strconv.Itoa(o.rpc), "--rpc.enable-admin", "--syncmode", "consensus-layer",
		"--verifier.l1-confs", "0",
		// The safe head per L1 block: op-challenger asks it of the rollup
		// RPC to judge an output game's root at the game's L1 head.
		"--safedb.path", d.path(o.name + "-safedb"),
		"--log.level", "info"}
	switch {
	case d.cfg.L1RPC == "":
		if err := writeJSON(d.path(l1ChainConfigFile), d.l1Gen.Config); err != nil {
			return nil, err
		}
		a = append(a, "--rollup.l1-chain-config", d.path(l1ChainConfigFile))
	case d.cfg.L1ChainConfig != "":
		a = append(a, "--rollup.l1-chain-config", d.cfg.L1ChainConfig)
	}
	if o.metrics != 0 {
		a = append(a, "--metrics.enabled", "--metrics.addr", d.cfg.Host, "--metrics.port", strconv.Itoa(o.metrics))
	}
	if o.p2p == 0 {
		return append(a, "--p2p.disable"), nil
	}
	a = append(a, "--p2p.listen.ip", d.p2pIP(), "--p2p.listen.tcp", strconv.Itoa(o.p2p), "--p2p.listen.udp", "0",
		"--p2p.no-discovery", "--p2p.bootnodes", noBootnodes(), "--p2p.priv.path", d.path(o.name+"-p2p.key"),
		"--p2p.peerstore.path", "memory", "--p2p.discovery.path", "memory")
	if o.sequencer {
		a = append(a, "--sequencer.enabled", "--sequencer.l1-confs", confs,
			"--p2p.sequencer.key", strings.TrimPrefix(hexutil.Encode(crypto.FromECDSA(d.keys.sequencer)), "0x"))
	}
	if o.staticPeer != "" {
		a = append(a, "--p2p.static", o.staticPeer)
	}
	return a, nil
}

// newOpNode starts op-node o in this process, its config parsed from the
// stock command's flags by op-node's own parser.
func (d *Devnet) newOpNode(ctx context.Context, o opNode) (*rollupnode.OpNode, error) {
	args, err := d.opNodeArgs(o)
	if err != nil {
		return nil, err
	}
	lg := d.log.New("svc", o.name)
	cfg, err := opNodeConfig(args, lg)
	if err != nil {
		return nil, fmt.Errorf("%s config: %w", o.name, err)
	}
	cfg.Cancel = func(err error) { lg.Error("op-node asked to shut down", "err", err) }
	n, err := rollupnode.New(ctx, cfg, lg, "aievm-devnet", opmetrics.NewMetrics("", nil), clock.SystemClock)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.name, err)
	}
	if err := n.Start(ctx); err != nil {
		n.Stop(context.Background())
		return nil, fmt.Errorf("%s: %w", o.name, err)
	}
	return n, nil
}

// opNodeConfig parses args with op-node's flags into its config, as the
// op-node command does.
func opNodeConfig(args []string, lg log.Logger) (*nodecfg.Config, error) {
	var cfg *nodecfg.Config
	flags := cliapp.ProtectFlags(opflags.Flags)
	for i, f := range flags {
		flags[i] = withoutEnv(f)
	}
	app := &cli.App{Name: "op-node", Flags: flags, Writer: io.Discard, ErrWriter: io.Discard,
		Action: func(c *cli.Context) (err error) {
			cfg, err = opnode.NewConfig(c, lg)
			return err
		}}
	if err := app.Run(append([]string{"op-node"}, args...)); err != nil {
		return nil, err
	}
	return cfg, nil
}

// withoutEnv is a copy of flag f that reads no environment variable: the
// devnet's op-nodes take only the arguments the devnet gives them, never an
// OP_NODE_* variable of the user's shell.
func withoutEnv(f cli.Flag) cli.Flag {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return f
	}
	cp := reflect.New(v.Elem().Type())
	cp.Elem().Set(v.Elem())
	if e := cp.Elem().FieldByName("EnvVars"); e.IsValid() && e.CanSet() {
		e.Set(reflect.Zero(e.Type()))
	}
	if c, ok := cp.Interface().(cli.Flag); ok {
		return c
	}
	return f
}

// p2pIP is the IP op-node's libp2p listens on and peers dial: the devnet's
// host, or loopback when the host is a name or the unspecified address.
func (d *Devnet) p2pIP() string {
	ip := net.ParseIP(d.cfg.Host)
	if ip == nil || ip.IsUnspecified() || ip.To4() == nil {
		return "127.0.0.1"
	}
	return ip.String()
}

// noBootnodes is a bootnode list for op-nodes with discovery off: op-node
// resolves its bootnodes even then, OP's public ones by default. It names
// one loopback node that is never dialed.
func noBootnodes() string {
	k, _ := crypto.ToECDSA(crypto.Keccak256([]byte("aievm devnet: no bootnode")))
	return enode.NewV4(&k.PublicKey, net.IPv4(127, 0, 0, 1), 1, 1).URLv4()
}

// PeerAddr is an op-node's libp2p TCP address on host (opp2p_self), for
// another node's --p2p.static.
func PeerAddr(ctx context.Context, rollupRPC, host string) (string, error) {
	c, err := rpc.DialContext(ctx, rollupRPC)
	if err != nil {
		return "", err
	}
	defer c.Close()
	var self struct {
		Addresses []string `json:"addresses"`
	}
	if err := c.CallContext(ctx, &self, "opp2p_self"); err != nil {
		return "", fmt.Errorf("opp2p_self: %w", err)
	}
	for _, a := range self.Addresses {
		if strings.HasPrefix(a, "/ip4/"+host+"/tcp/") {
			return a, nil
		}
	}
	return "", fmt.Errorf("op-node %s has no TCP address on %s among %v", rollupRPC, host, self.Addresses)
}
