package onchain

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/opml/model"
)

// LogsAt returns the logs of the block with this number in the chain whose
// state is being read (a node's own receipts).
type LogsAt func(number uint64) ([]*types.Log, error)

// Publication is where a model's chunks are, as one state records it: its
// status and the block in which each chunk came in.
type Publication struct {
	Status
	Blocks []uint64
}

// ReadPublication reads a fully published model's publication from the
// registry's storage. It fails, before any receipt is read, if the model is
// not fully published or a chunk has no block.
func ReadPublication(get StateReader, registry common.Address, addr model.Address) (Publication, error) {
	st := ReadStatus(get, registry, addr)
	if st.CompletedAt == 0 {
		return Publication{}, fmt.Errorf("model %s: not fully published (%d chunks in)", common.Hash(addr).Hex(), st.Published)
	}
	l, err := LayoutOf(st.Size)
	if err != nil {
		return Publication{}, fmt.Errorf("model %s: %w", common.Hash(addr).Hex(), err)
	}
	p := Publication{Status: st, Blocks: make([]uint64, l.Chunks)}
	for i := range p.Blocks {
		if p.Blocks[i] = ChunkBlock(get, registry, addr, i); p.Blocks[i] == 0 {
			return Publication{}, fmt.Errorf("model %s chunk %d: registry has no block for it", common.Hash(addr).Hex(), i)
		}
	}
	return p, nil
}

// Key names the publication: two states that place the chunks alike give the
// same key (a state overridden by an RPC caller gives another).
func (p Publication) Key() string {
	b := binary.BigEndian.AppendUint64(nil, p.Size)
	for _, n := range p.Blocks {
		b = binary.BigEndian.AppendUint64(b, n)
	}
	return crypto.Keccak256Hash(b).Hex()
}

// Rebuild assembles the model's file from the ChunkPublished logs of the
// publication's blocks and checks it against the address.
func (p Publication) Rebuild(registry common.Address, addr model.Address, logsAt LogsAt) ([]byte, error) {
	var (
		block uint64
		logs  []*types.Log
	)
	return Assemble(addr, p.Size, func(i int) ([]byte, error) {
		b := p.Blocks[i]
		if b != block || logs == nil {
			ls, err := logsAt(b)
			if err != nil {
				return nil, fmt.Errorf("logs of block %d: %w", b, err)
			}
			block, logs = b, ls
		}
		for _, l := range logs {
			if m, idx, data, ok := ParseChunk(l, registry); ok && m == addr && idx == uint64(i) {
				return data, nil
			}
		}
		return nil, fmt.Errorf("block %d holds no ChunkPublished log for it", b)
	})
}

// RebuildLocal rebuilds a published model's file from a node's own chain
// data, with no network: the registry's state says in which block each
// chunk came in, and that block's receipts carry its bytes. The file is
// checked against the address, so a lost or damaged receipt gives an error,
// never another model.
func RebuildLocal(get StateReader, registry common.Address, addr model.Address, logsAt LogsAt) ([]byte, error) {
	p, err := ReadPublication(get, registry, addr)
	if err != nil {
		return nil, err
	}
	return p.Rebuild(registry, addr, logsAt)
}

// Client is what the JSON-RPC side needs of an L2 node (*ethclient.Client).
type Client interface {
	ethereum.LogFilterer
	ethereum.ContractCaller
}

// Record reads a model's registration and publication progress over RPC.
func Record(ctx context.Context, c Client, registry common.Address, addr model.Address) (bindings.ModelRegistryModel, bindings.PublicationOutput, error) {
	reg := bindings.NewModelRegistry()
	var rec bindings.ModelRegistryModel
	var pub bindings.PublicationOutput
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: reg.PackGet(addr)}, nil)
	if err == nil {
		rec, err = reg.UnpackGet(out)
	}
	if err == nil {
		out, err = c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: reg.PackPublication(addr)}, nil)
	}
	if err == nil {
		pub, err = reg.UnpackPublication(out)
	}
	if err != nil {
		return rec, pub, fmt.Errorf("registry %s: model %s: %w", registry, common.Hash(addr).Hex(), err)
	}
	return rec, pub, nil
}

// HeaderRPC reads a model's header (its input and output specs and cost)
// over RPC without fetching the whole file: the header opens the file, so
// it is in chunk 0, whose bytes are in the ChunkPublished log of the block
// the registry records for it. The registry checks a chunk against the model
// address before it logs it. It fails if the model is not registered, if
// chunk 0 is not published yet, or if the header does not fit in chunk 0.
func HeaderRPC(ctx context.Context, c Client, registry common.Address, addr model.Address) (*model.Header, error) {
	name := common.Hash(addr).Hex()
	reg := bindings.NewModelRegistry()
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: reg.PackIsRegistered(addr)}, nil)
	if err != nil {
		return nil, fmt.Errorf("registry %s: model %s: %w", registry, name, err)
	}
	if ok, err := reg.UnpackIsRegistered(out); err != nil || !ok {
		return nil, fmt.Errorf("model %s: not registered in ModelRegistry %s (%v)", name, registry, err)
	}
	out, err = c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: reg.PackChunkPublishedAt(addr, big.NewInt(0))}, nil)
	if err != nil {
		return nil, fmt.Errorf("registry %s: model %s chunk 0: %w", registry, name, err)
	}
	b, err := reg.UnpackChunkPublishedAt(out)
	if err != nil || !b.IsUint64() || b.Sign() == 0 {
		return nil, fmt.Errorf("model %s: chunk 0 (its header) not published yet (%v)", name, err)
	}
	logs, err := ethtx.FilterLogs(ctx, c, ethereum.FilterQuery{FromBlock: b, ToBlock: b, Addresses: []common.Address{registry},
		Topics: [][]common.Hash{{TopicChunkPublished}, {common.Hash(addr)}, {common.Hash{}}}})
	if err != nil {
		return nil, fmt.Errorf("model %s: logs of block %s: %w", name, b, err)
	}
	for i := range logs {
		m, idx, data, ok := ParseChunk(&logs[i], registry)
		if !ok || m != addr || idx != 0 {
			continue
		}
		h, _, err := model.DecodeHeader(data)
		if err != nil {
			return nil, fmt.Errorf("model %s: header from chunk 0: %w", name, err)
		}
		return h, nil
	}
	return nil, fmt.Errorf("model %s: block %s holds no ChunkPublished log of chunk 0", name, b)
}

// RebuildRPC rebuilds a published model's file from a node's logs over
// JSON-RPC: the way a challenger or an attestation node gets a model that no
// model-store peer has. It reads where each chunk came in (set once, never
// changed) and asks for the logs of those blocks only.
func RebuildRPC(ctx context.Context, c Client, registry common.Address, addr model.Address) ([]byte, error) {
	rec, pub, err := Record(ctx, c, registry, addr)
	if err != nil {
		return nil, err
	}
	if rec.Size == 0 {
		return nil, fmt.Errorf("model %s: not registered", common.Hash(addr).Hex())
	}
	if pub.CompletedAt.Sign() == 0 {
		return nil, fmt.Errorf("model %s: not fully published (%s of %s chunks)", common.Hash(addr).Hex(), pub.Published, pub.Chunks)
	}
	l, err := LayoutOf(rec.Size)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", common.Hash(addr).Hex(), err)
	}
	reg := bindings.NewModelRegistry()
	blocks := make([]uint64, l.Chunks)
	for i := range blocks {
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &registry, Data: reg.PackChunkPublishedAt(addr, big.NewInt(int64(i)))}, nil)
		if err != nil {
			return nil, fmt.Errorf("model %s chunk %d: %w", common.Hash(addr).Hex(), i, err)
		}
		b, err := reg.UnpackChunkPublishedAt(out)
		if err != nil || !b.IsUint64() || b.Sign() == 0 {
			return nil, fmt.Errorf("model %s chunk %d: registry has no block for it (%v)", common.Hash(addr).Hex(), i, err)
		}
		blocks[i] = b.Uint64()
	}
	var (
		block  uint64
		chunks map[uint64][]byte
	)
	return Assemble(addr, rec.Size, func(i int) ([]byte, error) {
		if b := blocks[i]; b != block || chunks == nil {
			logs, err := ethtx.FilterLogs(ctx, c, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(b), ToBlock: new(big.Int).SetUint64(b),
				Addresses: []common.Address{registry}, Topics: [][]common.Hash{{TopicChunkPublished}, {common.Hash(addr)}}})
			if err != nil {
				return nil, fmt.Errorf("logs of block %d: %w", b, err)
			}
			block, chunks = b, map[uint64][]byte{}
			for j := range logs {
				if m, idx, data, ok := ParseChunk(&logs[j], registry); ok && m == addr {
					chunks[idx] = data
				}
			}
		}
		if b, ok := chunks[uint64(i)]; ok {
			return b, nil
		}
		return nil, fmt.Errorf("block %d holds no ChunkPublished log for it", blocks[i])
	})
}

// RPCSource is RebuildRPC as a model source (models.Cache.WithChain) over
// the L2 node c and the registry.
func RPCSource(c Client, registry common.Address) func(context.Context, model.Address) ([]byte, error) {
	return func(ctx context.Context, addr model.Address) ([]byte, error) {
		return RebuildRPC(ctx, c, registry, addr)
	}
}
