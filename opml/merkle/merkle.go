// Package merkle commits byte strings with a keccak256 binary Merkle tree
// over fixed-size leaves, and proves any byte range of them. Model addresses,
// tensor roots and trace roots are all built with it, and the L1 fraud-proof
// contracts verify its proofs, so its layout is part of the consensus spec
// (opml/SPEC.md, "Commitments").
//
// Layout: the data is cut into leaves of leafSize bytes, the last one padded
// with zeros. leaf hash = keccak256(0x00 || leaf); node = keccak256(0x01 ||
// left || right). The leaf count is padded to a power of two with the hash
// of an all-zero leaf. The commitment binds the length:
// root = keccak256(0x02 || uint64_be(len(data)) || treeRoot).
package merkle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/crypto/sha3"
)

// Hash is a 32-byte keccak256 digest.
type Hash [32]byte

// Leaf sizes used by the engine.
const (
	ModelLeafSize  = 1024 // model files (the model address)
	TensorLeafSize = 256  // tensors in traces
	HashLeafSize   = 32   // lists of hashes (the per-node root list)
)

// Keccak returns keccak256 of the concatenation of parts.
func Keccak(parts ...[]byte) Hash {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	var out Hash
	h.Sum(out[:0])
	return out
}

func leafHash(leaf []byte, leafSize int) Hash {
	if len(leaf) == leafSize {
		return Keccak([]byte{0}, leaf)
	}
	padded := make([]byte, leafSize)
	copy(padded, leaf)
	return Keccak([]byte{0}, padded)
}

func nodeHash(l, r Hash) Hash { return Keccak([]byte{1}, l[:], r[:]) }

var zeroCache sync.Map // leafSize -> []Hash: zero subtree hash per level

// zeroHashes returns the hash of an all-zero subtree of height h (h = 0 is
// one zero leaf) for the given leaf size.
func zeroHash(leafSize, height int) Hash {
	v, _ := zeroCache.Load(leafSize)
	zs, _ := v.([]Hash)
	if height < len(zs) {
		return zs[height]
	}
	zs = []Hash{leafHash(nil, leafSize)}
	for i := 1; i <= 64; i++ {
		zs = append(zs, nodeHash(zs[i-1], zs[i-1]))
	}
	zeroCache.Store(leafSize, zs)
	return zs[height]
}

// leafCount returns how many leaves data of length n has (at least one).
func leafCount(n, leafSize int) int {
	if n == 0 {
		return 1
	}
	return (n + leafSize - 1) / leafSize
}

func height(leaves int) int {
	h := 0
	for 1<<h < leaves {
		h++
	}
	return h
}

// levels builds every level of the tree from the leaf hashes up, without the
// power-of-two padding (missing right nodes are zero subtrees), hashing each
// level's large spans on up to workers goroutines (the result is the same
// for any number).
func levels(data []byte, leafSize, workers int) [][]Hash {
	n := leafCount(len(data), leafSize)
	lvl := make([]Hash, n)
	spans(n, workers, func(lo, hi int) {
		i := lo
		for ; lanes8 && i+8 <= hi && (i+8)*leafSize <= len(data); i += 8 { // eight full leaves at once
			leafHashes8(data, i*leafSize, leafSize, lvl[i:i+8])
		}
		for ; i < hi; i++ {
			a := i * leafSize
			lvl[i] = leafHash(data[a:min(a+leafSize, len(data))], leafSize)
		}
	})
	out := [][]Hash{lvl}
	for h := 0; len(lvl) > 1 || h < height(n); h++ {
		next := make([]Hash, (len(lvl)+1)/2)
		spans(len(next), workers, func(lo, hi int) {
			i := lo
			for ; lanes8 && i+8 <= hi && 2*(i+8) <= len(lvl); i += 8 { // eight pairs at once
				nodeHashes8(lvl[2*i:2*i+16], next[i:i+8])
			}
			for ; i < hi; i++ {
				r := zeroHash(leafSize, h)
				if 2*i+1 < len(lvl) {
					r = lvl[2*i+1]
				}
				next[i] = nodeHash(lvl[2*i], r)
			}
		})
		lvl = next
		out = append(out, lvl)
	}
	return out
}

// spans runs f over [0, n) in contiguous spans on up to workers goroutines,
// or inline below 4096 items (a goroutine costs about a microsecond; a
// 1 KiB leaf hash about two).
func spans(n, workers int, f func(lo, hi int)) {
	if workers <= 1 || n < 4096 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(n*w/workers, n*(w+1)/workers)
	}
	wg.Wait()
}

// Tree is a built tree kept for producing proofs.
type Tree struct {
	leafSize int
	length   int
	levels   [][]Hash
}

// Build commits data with the given leaf size.
func Build(data []byte, leafSize int) *Tree { return BuildParallel(data, leafSize, 1) }

// BuildParallel is Build hashing on up to workers goroutines: the same tree,
// sooner for large data (a node publishing a model uses every core).
func BuildParallel(data []byte, leafSize, workers int) *Tree {
	return &Tree{leafSize: leafSize, length: len(data), levels: levels(data, leafSize, workers)}
}

// TreeRoot is the root of the tree without the length binding.
func (t *Tree) TreeRoot() Hash { return t.levels[len(t.levels)-1][0] }

// Root is the length-bound commitment.
func (t *Tree) Root() Hash { return bindLength(t.length, t.TreeRoot()) }

// Root commits data in one call.
func Root(data []byte, leafSize int) Hash { return Build(data, leafSize).Root() }

func bindLength(n int, tree Hash) Hash {
	var l [8]byte
	binary.BigEndian.PutUint64(l[:], uint64(n))
	return Keccak([]byte{2}, l[:], tree[:])
}

// RangeProof proves the leaves that cover a byte range against a root.
type RangeProof struct {
	Length    int      // total committed length
	LeafSize  int      // leaf size of the tree
	FirstLeaf int      // index of the first leaf in Leaves
	Leaves    [][]byte // the covering leaves, unpadded for a short last leaf
	// Siblings are the hashes needed to rebuild the root, level by level from
	// the leaves up: at each level, first the left neighbour of the range if
	// the range starts on a right child, then the right neighbour if it ends on
	// a left child.
	Siblings []Hash
}

// ErrRange reports a byte range outside the committed data.
var ErrRange = errors.New("merkle: byte range out of bounds")

// Prove returns a proof of data[off:off+n].
func (t *Tree) Prove(data []byte, off, n int) (*RangeProof, error) {
	if off < 0 || n <= 0 || off+n > t.length || len(data) != t.length {
		return nil, fmt.Errorf("%w: [%d, %d) of %d bytes", ErrRange, off, off+n, t.length)
	}
	first, last := off/t.leafSize, (off+n-1)/t.leafSize
	p := &RangeProof{Length: t.length, LeafSize: t.leafSize, FirstLeaf: first}
	for i := first; i <= last; i++ {
		p.Leaves = append(p.Leaves, data[i*t.leafSize:min((i+1)*t.leafSize, t.length)])
	}
	lo, hi := first, last
	for h := 0; h < len(t.levels)-1; h++ {
		lvl := t.levels[h]
		if lo%2 == 1 {
			p.Siblings = append(p.Siblings, lvl[lo-1])
		}
		if hi%2 == 0 {
			r := zeroHash(t.leafSize, h)
			if hi+1 < len(lvl) {
				r = lvl[hi+1]
			}
			p.Siblings = append(p.Siblings, r)
		}
		lo, hi = lo/2, hi/2
	}
	return p, nil
}

// Verify checks the proof against root and returns the proven bytes of the
// covered leaves (starting at byte FirstLeaf*LeafSize).
func (p *RangeProof) Verify(root Hash) error {
	if p.LeafSize <= 0 || len(p.Leaves) == 0 || p.Length < 0 {
		return errors.New("merkle: malformed proof")
	}
	n := leafCount(p.Length, p.LeafSize)
	if p.FirstLeaf < 0 || p.FirstLeaf+len(p.Leaves) > n {
		return errors.New("merkle: proof leaves outside the tree")
	}
	lvl := make([]Hash, len(p.Leaves))
	for i, l := range p.Leaves {
		idx := p.FirstLeaf + i
		want := p.LeafSize
		if idx == n-1 && p.Length > 0 {
			want = p.Length - idx*p.LeafSize
		}
		if len(l) != want {
			return fmt.Errorf("merkle: leaf %d has %d bytes, want %d", idx, len(l), want)
		}
		lvl[i] = leafHash(l, p.LeafSize)
	}
	lo := p.FirstLeaf
	sib := p.Siblings
	take := func() (Hash, bool) {
		if len(sib) == 0 {
			return Hash{}, false
		}
		h := sib[0]
		sib = sib[1:]
		return h, true
	}
	for h := 0; h < height(n); h++ {
		hi := lo + len(lvl) - 1
		if lo%2 == 1 {
			l, ok := take()
			if !ok {
				return errors.New("merkle: proof too short")
			}
			lvl = append([]Hash{l}, lvl...)
			lo--
		}
		if hi%2 == 0 {
			r, ok := take()
			if !ok {
				return errors.New("merkle: proof too short")
			}
			lvl = append(lvl, r)
		}
		next := make([]Hash, len(lvl)/2)
		for i := range next {
			next[i] = nodeHash(lvl[2*i], lvl[2*i+1])
		}
		lvl, lo = next, lo/2
	}
	if len(sib) != 0 {
		return errors.New("merkle: proof has unused siblings")
	}
	if bindLength(p.Length, lvl[0]) != root {
		return errors.New("merkle: proof does not match root")
	}
	return nil
}

// Height is the tree's height: 0 for one leaf.
func (t *Tree) Height() int { return len(t.levels) - 1 }

// Node returns the hash of the subtree at level (0: leaves) and index, the
// hash of an all-zero subtree where the padded tree has no data. Chunked
// publication proves aligned subtrees with it.
func (t *Tree) Node(level, index int) Hash {
	if level < 0 || level >= len(t.levels) || index < 0 {
		return Hash{}
	}
	if index >= len(t.levels[level]) {
		return zeroHash(t.leafSize, level)
	}
	return t.levels[level][index]
}
