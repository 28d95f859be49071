package dishonest

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum-optimism/optimism/op-challenger/game/fault/contracts"
	chmetrics "github.com/ethereum-optimism/optimism/op-challenger/metrics"
	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum-optimism/optimism/op-service/sources/batching"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/log"
)

// Defend backs the proxy's lies in their games: for every lie a game was
// created for (a game of gameType in the factory with the lie as its root
// claim), it runs a Player from template that claims wrong outputs from the
// block that called a model on, and a wrong execution trace from the
// program's first read of that model's Merkle root on. It returns when ctx
// ends.
func (p *Proxy) Defend(ctx context.Context, template PlayerConfig, factory common.Address, gameType uint32, interval time.Duration) {
	lg := template.Log
	if lg == nil {
		lg = log.Root()
	}
	l1, err := ethclient.DialContext(ctx, template.L1)
	if err != nil {
		lg.Error("Dishonest defender: L1", "err", err)
		return
	}
	defer l1.Close()
	f, err := contracts.NewDisputeGameFactoryContract(ctx, &chmetrics.NoopMetricsImpl{}, factory, batching.NewMultiCaller(l1.Client(), batching.DefaultBatchSize))
	if err != nil {
		lg.Error("Dishonest defender: DisputeGameFactory", "err", err)
		return
	}
	if template.TxMgr == nil {
		if template.TxMgr, err = NewTxMgr(template.L1, template.Key, lg); err != nil {
			lg.Error("Dishonest defender: transaction manager", "err", err)
			return
		}
		defer template.TxMgr.Close()
	}
	playing := map[common.Hash]bool{}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for _, lie := range p.Lies() {
			if playing[lie.Claimed] {
				continue
			}
			game, err := f.GetGameFromParameters(ctx, gameType, lie.Claimed, lie.Block)
			if err != nil || game == (common.Address{}) {
				continue
			}
			cfg := template
			cfg.Game, cfg.LieFromBlock = game, lie.Caller
			cfg.LieAtPreimage = preimage.Keccak256Key(lie.Model).PreimageKey()
			cfg.Dir = fmt.Sprintf("%s/%s", template.Dir, game)
			pl, err := NewPlayer(ctx, cfg)
			if err != nil {
				lg.Error("Dishonest defender: cannot play yet", "game", game, "err", err)
				continue // tried again next round
			}
			playing[lie.Claimed] = true
			lg.Warn("Dishonest defender: defending a wrong output root", "game", game, "block", lie.Block, "lies_from_block", lie.Caller)
			go func() {
				defer pl.Close()
				pl.Run(ctx, interval)
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
