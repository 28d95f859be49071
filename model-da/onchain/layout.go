// Package onchain is model availability through the chain itself. A model
// becomes callable only once its file has been published through L2
// transactions, in chunks that are aligned subtrees of its Merkle tree, each
// checked by ModelRegistry against the model address; the chunk bytes go out
// in ChunkPublished logs, which op-batcher puts on L1 with every other
// transaction. So any node that derives the chain from L1 can rebuild every
// callable model with no peer at all.
//
// The package holds the chunk layout (the same as ModelRegistry.chunkLayout),
// the chunks and proofs a publisher sends, ModelRegistry's storage and
// events as a node reads them, and the rebuilding of a model file from the
// publication logs, from a node's own receipts or over JSON-RPC.
package onchain

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

// Layout constants, fixed by ModelRegistry (consensus: the registry checks
// chunks with them and the precompile trusts its verdict).
const (
	// LeafSize is the model Merkle tree's leaf size.
	LeafSize = merkle.ModelLeafSize
	// ChunkHeight is the height of a chunk's subtree: 64 leaves, 64 KiB, so a
	// chunk fits one transaction under op-geth's 128 KiB pool limit.
	ChunkHeight = 6
	// MaxModelSize is the largest model file ModelRegistry registers.
	MaxModelSize = model.MaxFileSize
)

// ErrSize reports a model size the registry would not accept.
var ErrSize = errors.New("model size out of range")

// Layout is how a model file of a given size is cut into chunks.
type Layout struct {
	Size        uint64 // file bytes
	TreeHeight  int    // height of the model's Merkle tree
	ChunkHeight int    // height of a chunk's subtree (ChunkHeight, or less for a small tree)
	ChunkBytes  int    // bytes of every chunk but the last
	Chunks      int    // number of chunks
}

// LayoutOf returns the chunk layout of a file of size bytes (1 to
// MaxModelSize), as ModelRegistry.chunkLayout computes it.
func LayoutOf(size uint64) (Layout, error) {
	if size == 0 || size > MaxModelSize {
		return Layout{}, fmt.Errorf("%w: %d bytes (1 to %d)", ErrSize, size, MaxModelSize)
	}
	leaves := (size + LeafSize - 1) / LeafSize
	th := 0
	for uint64(1)<<th < leaves {
		th++
	}
	ch := min(th, ChunkHeight)
	cb := LeafSize << ch
	return Layout{Size: size, TreeHeight: th, ChunkHeight: ch, ChunkBytes: cb, Chunks: int((size + uint64(cb) - 1) / uint64(cb))}, nil
}

// Span returns the byte range [lo, hi) of chunk i in the file.
func (l Layout) Span(i int) (lo, hi int) {
	lo = i * l.ChunkBytes
	return lo, min(lo+l.ChunkBytes, int(l.Size))
}

// Chunk is one publication transaction's payload: the bytes of chunk Index
// and the sibling hashes from its subtree root up to the tree root.
type Chunk struct {
	Index int
	Data  []byte
	Proof [][32]byte
}

// Split cuts a model file into its chunks with their proofs.
func Split(file []byte) ([]Chunk, error) {
	l, err := LayoutOf(uint64(len(file)))
	if err != nil {
		return nil, err
	}
	t := merkle.Build(file, LeafSize)
	out := make([]Chunk, l.Chunks)
	for i := range out {
		lo, hi := l.Span(i)
		c := Chunk{Index: i, Data: file[lo:hi]}
		pos := i
		for lvl := l.ChunkHeight; lvl < l.TreeHeight; lvl++ {
			c.Proof = append(c.Proof, t.Node(lvl, pos^1))
			pos >>= 1
		}
		out[i] = c
	}
	return out, nil
}

// Assemble puts a model file of size bytes together from its chunks (chunk
// returns chunk i's bytes) and checks that it hashes to addr: whatever the
// source of the bytes, only the model itself comes out.
func Assemble(addr model.Address, size uint64, chunk func(i int) ([]byte, error)) ([]byte, error) {
	l, err := LayoutOf(size)
	if err != nil {
		return nil, fmt.Errorf("model %s: %w", common.Hash(addr).Hex(), err)
	}
	var file []byte // allocated once the first chunk is in: a source with no chunk fails before
	for i := 0; i < l.Chunks; i++ {
		b, err := chunk(i)
		if err != nil {
			return nil, fmt.Errorf("model %s chunk %d: %w", common.Hash(addr).Hex(), i, err)
		}
		lo, hi := l.Span(i)
		if len(b) != hi-lo {
			return nil, fmt.Errorf("model %s chunk %d: %d bytes, want %d", common.Hash(addr).Hex(), i, len(b), hi-lo)
		}
		if file == nil { // a first chunk that fits: allocate the rest at once
			file = make([]byte, 0, size)
		}
		file = append(file, b...)
	}
	if got := model.Address(merkle.Root(file, LeafSize)); got != addr {
		return nil, fmt.Errorf("model %s: chunks hash to %s", common.Hash(addr).Hex(), common.Hash(got).Hex())
	}
	return file, nil
}
