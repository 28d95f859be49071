package merkle

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naiveRoot pads the leaf list to a power of two with zero leaves and hashes
// level by level: an independent statement of the layout.
func naiveRoot(data []byte, leafSize int) Hash {
	n := leafCount(len(data), leafSize)
	size := 1
	for size < n {
		size *= 2
	}
	padded := make([]byte, size*leafSize)
	copy(padded, data)
	var lvl []Hash
	for i := 0; i < size; i++ {
		lvl = append(lvl, Keccak([]byte{0}, padded[i*leafSize:(i+1)*leafSize]))
	}
	for len(lvl) > 1 {
		var next []Hash
		for i := 0; i < len(lvl); i += 2 {
			next = append(next, Keccak([]byte{1}, lvl[i][:], lvl[i+1][:]))
		}
		lvl = next
	}
	return bindLength(len(data), lvl[0])
}

func TestRootMatchesNaiveLayout(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 31, 32, 33, 255, 256, 257, 1000, 4096, 5000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		for _, ls := range []int{HashLeafSize, TensorLeafSize, ModelLeafSize} {
			if got, want := Root(data, ls), naiveRoot(data, ls); got != want {
				t.Fatalf("n=%d leaf=%d: root %x, naive %x", n, ls, got, want)
			}
		}
	}
	// The length is bound: trailing zeros change the root.
	if Root([]byte{1, 2}, 32) == Root([]byte{1, 2, 0}, 32) {
		t.Fatal("roots of data differing only in trailing zeros collide")
	}
}

func TestRangeProofs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2, 2))
	for _, n := range []int{1, 40, 256, 1023, 3000, 9000} {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		tree := Build(data, TensorLeafSize)
		root := tree.Root()
		for k := 0; k < 50; k++ {
			off := r.IntN(n)
			ln := 1 + r.IntN(n-off)
			p, err := tree.Prove(data, off, ln)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Verify(root); err != nil {
				t.Fatalf("n=%d [%d,+%d): %v", n, off, ln, err)
			}
			got := bytes.Join(p.Leaves, nil)
			start := off - p.FirstLeaf*TensorLeafSize
			if !bytes.Equal(got[start:start+ln], data[off:off+ln]) {
				t.Fatal("proven bytes differ from the data")
			}
			// Tampering with a leaf byte or a sibling breaks the proof.
			p.Leaves[0] = append([]byte(nil), p.Leaves[0]...)
			p.Leaves[0][0] ^= 1
			if p.Verify(root) == nil {
				t.Fatal("tampered leaf verified")
			}
			p.Leaves[0][0] ^= 1
			if len(p.Siblings) > 0 {
				p.Siblings[0][0] ^= 1
				if p.Verify(root) == nil {
					t.Fatal("tampered sibling verified")
				}
			}
		}
	}
	if _, err := Build([]byte{1}, 32).Prove([]byte{1}, 0, 2); err == nil {
		t.Fatal("out-of-range proof accepted")
	}
}

// TestBuildParallel checks that hashing on several goroutines builds the
// same tree as one, on leaf counts below, at and around the parallel
// threshold and odd ones.
func TestBuildParallel(t *testing.T) {
	t.Parallel()
	data := make([]byte, 5000*64+17)
	for i := range data {
		data[i] = byte(i*7 + i>>9)
	}
	for _, n := range []int{0, 1, 64 * 4095, 64 * 4096, 64*4097 + 3, len(data)} {
		want := Build(data[:n], 64)
		for _, w := range []int{2, 3, 8} {
			got := BuildParallel(data[:n], 64, w)
			if got.Root() != want.Root() || len(got.levels) != len(want.levels) {
				t.Fatalf("%d bytes, %d workers: root %x, want %x", n, w, got.Root(), want.Root())
			}
			for h := range want.levels {
				for i := range want.levels[h] {
					if got.levels[h][i] != want.levels[h][i] {
						t.Fatalf("%d bytes, %d workers: level %d node %d differs", n, w, h, i)
					}
				}
			}
		}
	}
}
