// Package aigethproc runs ai-geth as a child process: the rollup's execution
// engine, with its own data dir, model store and precompile registration
// (the precompile tables are process globals, so each engine gets a process).
package aigethproc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/geth-fork/aigeth"
)

// Config is one ai-geth instance.
type Config struct {
	Name     string   // for logs and errors: "sequencer", "verifier"
	Command  []string // how to run ai-geth: e.g. {"/path/bin/ai-geth"}
	Env      []string // extra environment for the child
	DataDir  string
	Genesis  string // genesis.json; `ai-geth init` runs on every start (a no-op when written)
	Host     string // listen host of the RPC endpoints
	HTTPPort int    // user JSON-RPC (HTTP and, on HTTPPort+1, WebSocket)
	AuthPort int    // Engine API for op-node
	// MetricsPort serves Prometheus at /debug/metrics/prometheus (0: none).
	MetricsPort int
	JWT         string // path of the Engine API secret
	Gateway     string // host:port for the model store's gateway; empty: none
	Peers       []string
	// SequencerHTTP forwards transactions sent to this node to the sequencer.
	SequencerHTTP string
	LogFile       string
	// StateScheme is geth's --state.scheme ("": geth's default, path). The
	// fault-proof host reads trie nodes by hash (debug_dbGet), which an
	// archive node keeps only under the hash scheme.
	StateScheme string
	// RPCGasCap is geth's --rpc.gascap, the most gas an eth_call or
	// eth_estimateGas may use (0: geth's default, 50M). A chain whose blocks
	// hold more (a language model's call) raises it to its gas limit.
	RPCGasCap uint64
	// RPCTxFeeCap is geth's --rpc.txfeecap in ether, the largest fee a
	// transaction sent through this node may pay ("": geth's default, 1;
	// "0": none). One call of a language model is over 100M gas: at a
	// congested base fee its fee passes 1 ether.
	RPCTxFeeCap string
}

// ModelDir is the model store of the ai-geth with this data dir.
func ModelDir(dataDir string) string { return filepath.Join(dataDir, "models") }

// Proc is a running ai-geth.
type Proc struct {
	cfg  Config
	cmd  *exec.Cmd
	done chan error
	log  *os.File
}

// HTTP is the user JSON-RPC URL.
func (p *Proc) HTTP() string { return fmt.Sprintf("http://%s:%d", p.cfg.Host, p.cfg.HTTPPort) }

// WS is the WebSocket JSON-RPC URL.
func (p *Proc) WS() string { return fmt.Sprintf("ws://%s:%d", p.cfg.Host, p.cfg.HTTPPort+1) }

// IPC is the path of the IPC endpoint, geth's default (every namespace,
// debug's included: for local tools such as `ai-geth attach`, never exposed
// to web pages).
func (p *Proc) IPC() string { return filepath.Join(p.cfg.DataDir, "geth.ipc") }

// Auth is the Engine API URL.
func (p *Proc) Auth() string { return fmt.Sprintf("http://%s:%d", p.cfg.Host, p.cfg.AuthPort) }

func (c Config) args() []string {
	a := []string{"--datadir", c.DataDir, "--ai.datadir", ModelDir(c.DataDir), "--port", "0", "--nodiscover", "--maxpeers", "0",
		"--syncmode", "full", "--gcmode", "archive",
		"--http", "--http.addr", c.Host, "--http.port", strconv.Itoa(c.HTTPPort),
		// No debug or admin namespace: with CORS open, any web page the user
		// visits could call them (debug_setHead). IPs pass geth's vhost check.
		"--http.api", "eth,net,web3,txpool", "--http.vhosts", "localhost", "--http.corsdomain", "*",
		"--ws", "--ws.addr", c.Host, "--ws.port", strconv.Itoa(c.HTTPPort + 1), "--ws.api", "eth,net,web3",
		"--authrpc.addr", c.Host, "--authrpc.port", strconv.Itoa(c.AuthPort), "--authrpc.jwtsecret", c.JWT,
		"--rollup.disabletxpoolgossip"}
	if c.StateScheme != "" {
		a = append(a, "--state.scheme", c.StateScheme)
	}
	if c.RPCGasCap != 0 {
		a = append(a, "--rpc.gascap", strconv.FormatUint(c.RPCGasCap, 10))
	}
	if c.RPCTxFeeCap != "" {
		a = append(a, "--rpc.txfeecap", c.RPCTxFeeCap)
	}
	if c.MetricsPort != 0 {
		a = append(a, "--metrics", "--metrics.addr", c.Host, "--metrics.port", strconv.Itoa(c.MetricsPort))
	}
	if c.Gateway != "" {
		a = append(a, "--ai.gateway", c.Gateway)
	}
	for _, p := range c.Peers {
		a = append(a, "--ai.peers", p)
	}
	if c.SequencerHTTP != "" {
		a = append(a, "--rollup.sequencerhttp", c.SequencerHTTP)
	}
	return a
}

// Start initialises the data dir from the genesis, starts ai-geth and
// waits until its JSON-RPC answers with the genesis chain id.
func Start(ctx context.Context, c Config) (*Proc, error) {
	if len(c.Command) == 0 {
		return nil, fmt.Errorf("%s: no ai-geth command", c.Name)
	}
	logf, err := os.OpenFile(c.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s: log file: %w", c.Name, err)
	}
	// A data dir from before ai-geth became geth's own command: its chain
	// moves into geth's directory before init, which would otherwise start
	// a new one beside it.
	if moved, err := aigeth.MigrateOldLayout(c.DataDir); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s: %w", c.Name, err)
	} else if moved {
		fmt.Fprintf(logf, "moved the chain from %s into geth's directory\n", filepath.Join(c.DataDir, aigeth.OldInstanceDir))
	}
	initArgs := append(append([]string{}, c.Command[1:]...), "init", "--datadir", c.DataDir)
	if c.StateScheme != "" {
		initArgs = append(initArgs, "--state.scheme", c.StateScheme)
	}
	initArgs = append(initArgs, c.Genesis)
	initCmd := exec.CommandContext(ctx, c.Command[0], initArgs...)
	initCmd.Env, initCmd.Stdout, initCmd.Stderr = append(os.Environ(), c.Env...), logf, logf
	if err := initCmd.Run(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s: ai-geth init: %w; the end of %s:\n%s", c.Name, err, c.LogFile, Tail(c.LogFile, 2000))
	}
	cmd := exec.Command(c.Command[0], append(append([]string{}, c.Command[1:]...), c.args()...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = append(os.Environ(), c.Env...), logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches us; we stop the child in order
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s: start ai-geth: %w", c.Name, err)
	}
	p := &Proc{cfg: c, cmd: cmd, done: make(chan error, 1), log: logf}
	go func() { p.done <- cmd.Wait() }()
	if err := p.waitReady(ctx, time.Minute); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

func (p *Proc) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		select {
		case err := <-p.done:
			p.done <- err
			return fmt.Errorf("%s: ai-geth exited: %v; the end of %s:\n%s", p.cfg.Name, err, p.cfg.LogFile, Tail(p.cfg.LogFile, 2000))
		default:
		}
		c, err := ethclient.DialContext(ctx, p.HTTP())
		if err == nil {
			_, err = c.ChainID(ctx)
			c.Close()
			if err == nil {
				if conn, err := net.DialTimeout("tcp", net.JoinHostPort(p.cfg.Host, strconv.Itoa(p.cfg.AuthPort)), time.Second); err == nil {
					conn.Close()
					return nil
				}
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: ai-geth not answering on %s after %s (see %s)", p.cfg.Name, p.HTTP(), timeout, p.cfg.LogFile)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop interrupts ai-geth (it flushes its database, like geth on Ctrl-C)
// and kills it if it has not exited within 30 seconds.
func (p *Proc) Stop() error {
	defer p.log.Close()
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.done:
		p.done <- err
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return fmt.Errorf("%s: %w", p.cfg.Name, err)
		}
		return nil
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		return fmt.Errorf("%s: ai-geth did not stop in 30s; killed", p.cfg.Name)
	}
}

// Tail is the last n bytes of a file (a service's log), for error messages.
func Tail(path string, n int64) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > n {
		_, _ = f.Seek(st.Size()-n, io.SeekStart)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}
