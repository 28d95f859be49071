package onchain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/opml/model"
)

// PublishClient is what a publisher needs of an L2 node (*ethclient.Client).
type PublishClient interface {
	ethtx.Client
	Client
}

// Publisher makes a model callable: it registers the model if nobody has,
// sends every chunk the registry does not have yet, and waits until the
// registry reports the model available. A run that stops half way is
// resumed by the next: it sends only what is missing.
type Publisher struct {
	Client   PublishClient
	Key      *ecdsa.PrivateKey
	Registry common.Address
	// Parallel is how many chunk transactions are in flight at once (default 4).
	Parallel int
	// Progress, if set, is told after each chunk: chunks in, chunks in all.
	Progress func(done, total int)
	// Timeout bounds the wait for each receipt (default 2 minutes).
	Timeout time.Duration
	// Sender, if set, sends the transactions (share one between publishers
	// of the same key running at once); nil: one of Key's own.
	Sender *ethtx.Sender
}

// Report is what a publication did and cost.
type Report struct {
	Address     model.Address
	Registered  bool     // this run registered the model
	Chunks      int      // chunks of the file
	Sent        int      // chunk transactions this run sent
	Bytes       int      // chunk bytes this run sent
	GasUsed     uint64   // L2 gas of this run's transactions
	Fee         *big.Int // wei paid for them (L2 execution and L1 data fee)
	AvailableIn uint64   // first block in which the model can be called
}

// Publish publishes file (a model file; cid is its IPFS CID, recorded by
// the registry for the fast path).
func (p *Publisher) Publish(ctx context.Context, file []byte, cid string) (*Report, error) {
	m, err := model.Decode(file)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	addr := m.Address()
	chunks, err := Split(file)
	if err != nil {
		return nil, fmt.Errorf("publish %s: %w", common.Hash(addr).Hex(), err)
	}
	rep := &Report{Address: addr, Chunks: len(chunks), Fee: new(big.Int)}
	reg := bindings.NewModelRegistry()
	timeout := p.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	sender := p.Sender
	if sender == nil {
		sender = ethtx.NewSender(p.Client, p.Key)
	}
	count := func(r *types.Receipt) {
		rep.GasUsed += r.GasUsed
		if r.EffectiveGasPrice != nil {
			rep.Fee.Add(rep.Fee, new(big.Int).Mul(r.EffectiveGasPrice, new(big.Int).SetUint64(r.GasUsed)))
		}
		if r.L1Fee != nil {
			rep.Fee.Add(rep.Fee, r.L1Fee)
		}
	}
	// Gas estimates at the genesis block see block.number 0, which the
	// registry's first-publication marks make cheaper than any later block.
	for {
		head, err := p.Client.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("publish: head: %w", err)
		}
		if head.Number.Sign() > 0 {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	rec, _, err := Record(ctx, p.Client, p.Registry, addr)
	if err != nil {
		return nil, err
	}
	if rec.Size == 0 {
		data := reg.PackRegister(addr, cid, uint64(len(file)), m.Cost.MACs, m.Cost.FloatOps, m.Cost.IntOps)
		r, err := sender.Send(ctx, ethtx.Tx{To: &p.Registry, Data: data}, timeout)
		if err != nil {
			return nil, fmt.Errorf("register %s: %w", common.Hash(addr).Hex(), err)
		}
		count(r)
		rep.Registered = true
	} // a registration with another size is corrected by the first chunk (the address binds the size)
	var todo []Chunk
	for _, c := range chunks {
		out, err := p.Client.CallContract(ctx, ethereum.CallMsg{To: &p.Registry, Data: reg.PackChunkPublishedAt(addr, big.NewInt(int64(c.Index)))}, nil)
		if err != nil {
			return nil, fmt.Errorf("publish %s: chunk %d: %w", common.Hash(addr).Hex(), c.Index, err)
		}
		if at, err := reg.UnpackChunkPublishedAt(out); err != nil || at.Sign() == 0 {
			todo = append(todo, c)
		}
	}
	if err := p.send(ctx, sender, addr, uint64(len(file)), todo, len(chunks), timeout, rep, count); err != nil {
		return rep, err
	}
	for {
		_, pub, err := Record(ctx, p.Client, p.Registry, addr)
		if err != nil {
			return rep, err
		}
		if pub.CompletedAt.Sign() != 0 {
			rep.AvailableIn = pub.CompletedAt.Uint64() + 1
			head, err := p.Client.HeaderByNumber(ctx, nil)
			if err == nil && head.Number.Uint64() >= rep.AvailableIn {
				return rep, nil
			}
		}
		select {
		case <-ctx.Done():
			return rep, fmt.Errorf("publish %s: wait for availability: %w", common.Hash(addr).Hex(), ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// send publishes chunks with Parallel transactions in flight.
func (p *Publisher) send(ctx context.Context, sender *ethtx.Sender, addr model.Address, size uint64, todo []Chunk, total int, timeout time.Duration, rep *Report, count func(*types.Receipt)) error {
	reg := bindings.NewModelRegistry()
	par := max(p.Parallel, 1)
	if p.Parallel == 0 {
		par = 4
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		done = total - len(todo)
	)
	work := make(chan Chunk)
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				data := reg.PackPublish(addr, size, big.NewInt(int64(c.Index)), c.Data, c.Proof)
				r, err := sender.Send(ctx, ethtx.Tx{To: &p.Registry, Data: data}, timeout)
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("chunk %d: %w", c.Index, err))
				} else {
					count(r)
					rep.Sent++
					rep.Bytes += len(c.Data)
					done++
					if p.Progress != nil {
						p.Progress(done, total)
					}
				}
				mu.Unlock()
			}
		}()
	}
	for _, c := range todo {
		mu.Lock()
		failed := len(errs) > 0
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
	if len(errs) > 0 {
		return fmt.Errorf("publish %s (run again to resume): %w", common.Hash(addr).Hex(), errors.Join(errs...))
	}
	return ctx.Err()
}
