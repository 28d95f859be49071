// Package bench measures model publication through the chain: the L2 gas
// and L1 data per MiB, and how fast a node gets the model back from its
// logs (aievm model bench-publish). Apart from onchain so that nodes do not
// link the simulated chain.
package bench

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/model-da/onchain"
)

// Result is what publishing one model through the chain costs, and
// how fast a node gets it back from chain data.
type Result struct {
	Bytes, Chunks int
	GasUsed       uint64        // L2 gas of registration and every chunk
	L1Bytes       int           // the publication transactions, zlib-compressed as op-batcher's channels are
	Publish       time.Duration // register, all chunks, available (simulated chain)
	Rebuild       time.Duration // from the ChunkPublished logs over JSON-RPC, verified
}

// MiB is a mebibyte as a float, for per-MiB figures.
const MiB = float64(1 << 20)

// GasPerMiB is the L2 gas per MiB of model file published.
func (r *Result) GasPerMiB() float64 { return float64(r.GasUsed) / (float64(r.Bytes) / MiB) }

// L1BytesPerMiB is what op-batcher posts to L1 per MiB published.
func (r *Result) L1BytesPerMiB() float64 { return float64(r.L1Bytes) / (float64(r.Bytes) / MiB) }

// Publish publishes file on a simulated chain under Prague rules (EIP-7623
// calldata floor, as on OP Isthmus) with the real ModelRegistry, then
// rebuilds it from the logs.
func Publish(ctx context.Context, file []byte) (*Result, error) {
	chain := simchain.New(1, simchain.WithoutTxGasCap)
	defer chain.Close()
	c := chain.Client()
	reg, err := ethtx.Deploy(ctx, c, chain.Keys[0], "ModelRegistry", bindings.ModelRegistryMetaData.Bin, nil)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	p := &onchain.Publisher{Client: c, Key: chain.Keys[0], Registry: reg, Parallel: 16}
	rep, err := p.Publish(ctx, file, "bafy-bench")
	if err != nil {
		return nil, err
	}
	res := &Result{Bytes: len(file), Chunks: rep.Chunks, GasUsed: rep.GasUsed, Publish: time.Since(start)}
	start = time.Now()
	got, err := onchain.RebuildRPC(ctx, c, reg, rep.Address)
	if err != nil {
		return nil, err
	}
	res.Rebuild = time.Since(start)
	if !bytes.Equal(got, file) {
		return nil, fmt.Errorf("bench: rebuilt file differs")
	}
	logs, err := ethtx.FilterLogs(ctx, c, ethereum.FilterQuery{Addresses: []common.Address{reg}, Topics: [][]common.Hash{{onchain.TopicChunkPublished}}})
	if err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	z := zlib.NewWriter(&raw)
	seen := map[common.Hash]bool{}
	for _, l := range logs {
		if seen[l.TxHash] {
			continue
		}
		seen[l.TxHash] = true
		tx, _, err := c.TransactionByHash(ctx, l.TxHash)
		if err != nil {
			return nil, err
		}
		b, err := tx.MarshalBinary()
		if err != nil {
			return nil, err
		}
		z.Write(b)
	}
	z.Close()
	res.L1Bytes = raw.Len()
	return res, nil
}
