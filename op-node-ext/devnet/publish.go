package devnet

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"
	"golang.org/x/sync/errgroup"

	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/op-node-ext/chain"
)

// publishModels makes the example models callable: they are registered at
// genesis, and their files go through the chain like any user's model
// (ModelRegistry.publish), so that a node deriving the chain from L1 alone
// can rebuild them. Resumable: a restart sends only what is missing, and
// nothing once they are available.
func (d *Devnet) publishModels(ctx context.Context) error {
	l2, err := ethclient.DialContext(ctx, d.Sequencer.HTTP())
	if err != nil {
		return fmt.Errorf("publish models: %w", err)
	}
	defer l2.Close()
	if err := d.waitPublishFunds(ctx, l2); err != nil {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	built, err := exampleModels()
	if err != nil {
		return err
	}
	files := map[string][]byte{}
	for _, m := range built {
		files[m.Address] = m.file
	}
	// One sender for all: the models go out at once, numbered by one nonce.
	sender := ethtx.NewSender(l2, d.keys.deployer)
	g, gctx := errgroup.WithContext(pctx)
	for _, m := range d.state.Models {
		file, ok := files[m.Address]
		if !ok {
			return fmt.Errorf("publish model %s: the example models no longer build %s", m.Name, m.Address)
		}
		g.Go(func() error {
			p := &onchain.Publisher{Client: l2, Key: d.keys.deployer, Registry: d.state.Registry, Sender: sender}
			rep, err := p.Publish(gctx, file, m.CID)
			if err != nil {
				return fmt.Errorf("publish model %s: %w", m.Name, err)
			}
			if rep.Sent > 0 {
				d.log.Info("Published model on chain", "model", m.Name, "chunks", rep.Chunks, "gas", rep.GasUsed, "available from block", rep.AvailableIn)
			}
			return nil
		})
	}
	return g.Wait()
}

// waitPublishFunds waits for the deployer's L2 balance, which pays for
// publishing: on an external L1 it is the deposit deploy-l1 sent through the
// portal, on L2 once op-node has read its L1 block (minutes with 12-second
// blocks). The local devnet's genesis funds it.
func (d *Devnet) waitPublishFunds(ctx context.Context, l2 *ethclient.Client) error {
	deployer := chain.Address(d.keys.deployer)
	wctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
	defer cancel()
	for logged := false; ; {
		bal, err := l2.BalanceAt(wctx, deployer, nil)
		if err == nil && bal.Sign() > 0 {
			return nil
		}
		if !logged {
			d.log.Info("Waiting for the deployer's deposit to reach L2 (it pays for publishing the models)", "deployer", deployer)
			logged = true
		}
		select {
		case <-wctx.Done():
			return fmt.Errorf("publish models: the deployer %s has no ETH on L2 (the deposit deploy-l1 sent has not arrived): %w", deployer, wctx.Err())
		case <-time.After(2 * time.Second):
		}
	}
}
