package onchain

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/aievm/aievm/opml/merkle"
)

// chunkLog is the ChunkPublished log the registry emits.
func chunkLog(registry common.Address, addr [32]byte, i int, data []byte) *types.Log {
	d := make([]byte, 64, 64+len(data)+31)
	d[31] = 32
	binary.BigEndian.PutUint64(d[56:], uint64(len(data)))
	d = append(d, data...)
	d = append(d, make([]byte, (32-len(data)%32)%32)...)
	return &types.Log{Address: registry, Topics: []common.Hash{TopicChunkPublished, addr, common.BigToHash(big.NewInt(int64(i)))}, Data: d}
}

// TestRebuildLocal: a model comes back from the receipts of the blocks the
// registry's storage names; a missing block, a missing log or a damaged one
// is an error, never another file.
func TestRebuildLocal(t *testing.T) {
	t.Parallel()
	reg := common.HexToAddress("0x42000000000000000000000000000000000000a1")
	file := bytes.Repeat([]byte("model bytes "), 30_000) // 360 KB, 6 chunks
	addr := merkle.Root(file, LeafSize)
	chunks, err := Split(file)
	if err != nil {
		t.Fatal(err)
	}
	type world struct {
		state map[common.Hash]common.Hash
		logs  map[uint64][]*types.Log
	}
	build := func() world {
		w := world{state: map[common.Hash]common.Hash{}, logs: map[uint64][]*types.Log{}}
		w.state[SizeSlot(addr)] = common.BigToHash(big.NewInt(int64(len(file))))
		w.state[AvailabilitySlot(addr)] = common.BigToHash(new(big.Int).Or(big.NewInt(int64(len(chunks))), new(big.Int).Lsh(big.NewInt(20), 64)))
		for _, c := range chunks {
			b := uint64(10 + c.Index/2) // two chunks a block
			w.state[ChunkSlot(addr, c.Index)] = common.BigToHash(new(big.Int).SetUint64(b))
			// another model's chunk in the same block, to be skipped
			w.logs[b] = append(w.logs[b], chunkLog(reg, [32]byte{1}, c.Index, []byte("other")), chunkLog(reg, addr, c.Index, c.Data))
		}
		return w
	}
	tests := []struct {
		name   string
		change func(w world)
		want   string
	}{
		{"intact", func(world) {}, ""},
		{"not complete", func(w world) { delete(w.state, AvailabilitySlot(addr)) }, "not fully published"},
		{"no block for a chunk", func(w world) { delete(w.state, ChunkSlot(addr, 3)) }, "no block for it"},
		{"receipts lost", func(w world) { delete(w.logs, 11) }, "holds no ChunkPublished log"},
		{"a damaged log", func(w world) { w.logs[12][1].Data[70] ^= 1 }, "chunks hash to"},
		{"a log of another registry", func(w world) { w.logs[10][1].Address = common.Address{9} }, "holds no ChunkPublished log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := build()
			tt.change(w)
			reads := 0
			got, err := RebuildLocal(func(a common.Address, s common.Hash) common.Hash {
				if a != reg {
					return common.Hash{}
				}
				return w.state[s]
			}, reg, addr, func(n uint64) ([]*types.Log, error) { reads++; return w.logs[n], nil })
			if tt.want == "" {
				if err != nil || !bytes.Equal(got, file) || reads != 3 {
					t.Fatalf("rebuild: %v (%d block reads, want 3)", err, reads)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if strings.Contains(tt.want, "no block") && reads != 0 {
				t.Fatalf("%d blocks read before a chunk without a block was noticed", reads)
			}
		})
	}
}

// FuzzParseChunk: any log parses or is refused, never panics, and what
// parses lies within the log's data.
func FuzzParseChunk(f *testing.F) {
	reg := common.HexToAddress("0x42000000000000000000000000000000000000a1")
	f.Add(chunkLog(reg, [32]byte{1}, 3, []byte("hello")).Data)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		l := chunkLog(reg, [32]byte{1}, 3, nil)
		l.Data = data
		if _, _, d, ok := ParseChunk(l, reg); ok && len(d) > len(data) {
			t.Fatal("chunk larger than the log")
		}
	})
}
