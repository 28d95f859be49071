package merkle

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSum8: the eight-lane Keccak gives keccak256(prefix ‖ body) of each
// lane, for bodies around the rate's multiples (the padding in the last
// block, alone in its own block, or shared with the message's last byte).
func TestSum8(t *testing.T) {
	if !lanes8 {
		t.Skip("no eight-lane Keccak on this CPU or build")
	}
	t.Parallel()
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{0, 1, 7, 8, 63, 64, 133, 134, 135, 136, 137, 271, 272, 1023, 1024, 1025} {
		var body [8][]byte
		for i := range body {
			body[i] = make([]byte, n)
			for j := range body[i] {
				body[i][j] = byte(r.Uint32())
			}
		}
		for _, prefix := range []byte{0, 1, 0xFF} {
			var got [8]Hash
			sum8(prefix, &body, &got)
			for i := range body {
				if want := Keccak([]byte{prefix}, body[i]); got[i] != want {
					t.Fatalf("length %d prefix %d lane %d: %x, want %x", n, prefix, i, got[i], want)
				}
			}
		}
	}
}

// TestTreeLanes: trees built with eight leaves and eight pairs at a time
// equal trees hashed one at a time, for every leaf size the engine uses and
// sizes around groups of eight (a short last leaf, levels of odd length),
// with one worker and with several (spans that split groups of eight, at
// the leaves and, past 8192 leaves, at the level above).
func TestTreeLanes(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 9))
	for _, size := range []int{HashLeafSize, TensorLeafSize, ModelLeafSize} {
		for _, leaves := range []int{1, 7, 8, 9, 15, 16, 17, 33, 100, 4096 + 17, 8192 + 5} {
			if size > 32 && leaves > 100 && leaves < 8192 {
				continue
			}
			for _, short := range []int{0, 1, 31} {
				data := make([]byte, leaves*size-short)
				for i := range data {
					data[i] = byte(r.Uint32())
				}
				want := oneAtATime(data, size)
				for _, workers := range []int{1, 3} {
					if got := BuildParallel(data, size, workers).TreeRoot(); got != want {
						t.Fatalf("%d-byte leaves: %d leaves, %d short, %d workers: %x, want %x", size, leaves, short, workers, got, want)
					}
				}
			}
		}
	}
}

// oneAtATime is the tree root of data hashed one leaf and one pair at a
// time, padded to a power of two with zero leaves.
func oneAtATime(data []byte, leafSize int) Hash {
	var lvl []Hash
	for a := 0; a < len(data) || a == 0; a += leafSize {
		lvl = append(lvl, leafHash(data[a:min(a+leafSize, len(data))], leafSize))
	}
	for len(lvl)&(len(lvl)-1) != 0 {
		lvl = append(lvl, leafHash(nil, leafSize))
	}
	for len(lvl) > 1 {
		next := make([]Hash, len(lvl)/2)
		for i := range next {
			next[i] = nodeHash(lvl[2*i], lvl[2*i+1])
		}
		lvl = next
	}
	return lvl[0]
}

// BenchmarkModelTree builds a model file's tree (1 KiB leaves) on one
// goroutine: AIEVM_KERNELS=avx2 measures the one-at-a-time Keccak.
func BenchmarkModelTree(b *testing.B) {
	data := make([]byte, 16<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Build(data, ModelLeafSize)
	}
}

// TestKeccak8Generated: the committed keccak8_amd64.s is what its generator
// writes (go generate ./opml/merkle).
func TestKeccak8Generated(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "keccak8_amd64.s")
	cmd := exec.Command("go", "run", "./internal/genkeccak8", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("keccak8_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("keccak8_amd64.s differs from its generator's output: run go generate ./opml/merkle")
	}
}
