package devnet

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/onchain"
)

// ModelGateway is the sequencer's model gateway URL (a peer for
// --ai.peers).
func (d *Devnet) ModelGateway() string {
	return fmt.Sprintf("http://%s:%d", d.cfg.Host, d.cfg.Ports.ModelGateway)
}

// oracleParams are the devnet InferenceOracle's: 0.1 ETH bonds, the
// config's window and its clock, or (oracle_clock = 0) the clock sized for
// the L1's block time (fraudproof.ClockFor).
func (c Config) oracleParams() fraudproof.Params {
	p := fraudproof.DefaultParams()
	p.BlockTime = time.Duration(c.L1BlockTime) * time.Second
	p.Window = time.Duration(c.OracleWindow) * time.Second
	p.Clock = time.Duration(c.OracleClock) * time.Second
	if c.OracleClock == 0 {
		p.Clock = fraudproof.ClockFor(p.BlockTime)
	}
	return p
}

// challenger is the devnet's honest opML player.
type challenger struct {
	p      *fraudproof.Player
	cancel context.CancelFunc
	done   chan struct{}
}

// startChallenger runs an honest challenger against the devnet's oracle. It
// gets models the way any outside node does: by content address from the
// sequencer's model gateway into a store of its own, else rebuilt from their
// publication on L2.
func (d *Devnet) startChallenger(ctx context.Context) error {
	if !d.cfg.Challenger {
		return nil
	}
	if d.state.Oracle.Oracle == (fraudproof.Contracts{}).Oracle {
		d.log.Warn("No InferenceOracle in this chain (created before it existed): no challenger")
		return nil
	}
	l1, err := ethclient.DialContext(ctx, d.L1RPC())
	if err != nil {
		return fmt.Errorf("challenger: %w", err)
	}
	l2, err := ethclient.DialContext(ctx, d.Sequencer.HTTP())
	if err != nil {
		l1.Close()
		return fmt.Errorf("challenger: %w", err)
	}
	dir := d.path("challenger")
	ms, closeStore, err := models.Open(filepath.Join(dir, "models"), []string{d.ModelGateway()}, 512<<20)
	if err != nil {
		l1.Close()
		l2.Close()
		return fmt.Errorf("challenger: %w", err)
	}
	ms.WithChain(onchain.RPCSource(l2, d.state.Registry))
	p, err := fraudproof.NewPlayer(fraudproof.Config{Chain: l1, Oracle: d.state.Oracle.Oracle, Key: d.keys.challenger, Models: ms,
		StatePath: filepath.Join(dir, "games.json"), Log: slog.New(d.log.New("svc", "challenger").Handler()),
		Tx: d.l1TxOptions(time.Second, d.log.New("svc", "challenger-tx"))})
	if err != nil {
		closeStore()
		l1.Close()
		l2.Close()
		return err
	}
	cctx, cancel := context.WithCancel(context.Background())
	d.challenger = &challenger{p: p, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(d.challenger.done)
		defer l1.Close()
		defer l2.Close()
		defer closeStore()
		p.Run(cctx, time.Second)
	}()
	return nil
}

func (c *challenger) stop() {
	if c != nil {
		c.cancel()
		<-c.done
	}
}

// ChallengerStats are the devnet challenger's counters (zero if it runs
// none).
func (d *Devnet) ChallengerStats() fraudproof.Stats {
	if d.challenger == nil {
		return fraudproof.Stats{AtStake: new(big.Int)}
	}
	return d.challenger.p.Stats()
}
