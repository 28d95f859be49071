package modeloracle

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/opml/examples/iris"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

// mapOracle answers preimages from a map, as the host's store does; it
// records the keys asked for and the hints.
type mapOracle struct {
	kv    map[common.Hash][]byte
	asked []common.Hash
	hints []string
}

func (o *mapOracle) Get(k preimage.Key) []byte {
	o.asked = append(o.asked, k.PreimageKey())
	return o.kv[k.PreimageKey()]
}

func (o *mapOracle) Hint(h preimage.Hint) { o.hints = append(o.hints, h.Hint()) }

func (o *mapOracle) Put(k common.Hash, v []byte) error {
	if o.kv == nil {
		o.kv = map[common.Hash][]byte{}
	}
	o.kv[k] = v
	return nil
}

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func TestReadRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 1023, 1024, 1025, 2048, 3000, 5 * 1024, 9*1024 + 17} {
		file := pattern(n)
		addr := merkle.Root(file, merkle.ModelLeafSize)
		o := &mapOracle{kv: Preimages(file)}
		got, err := Read(o, addr)
		if err != nil || !bytes.Equal(got, file) {
			t.Fatalf("%d bytes: read %d bytes, err %v", n, len(got), err)
		}
		// The walk asks for exactly the preimages the host stores: no zero
		// padding, nothing twice.
		if len(o.asked) != len(o.kv) {
			t.Errorf("%d bytes: %d preimages asked, %d stored", n, len(o.asked), len(o.kv))
		}
		for k, v := range o.kv {
			if preimage.Keccak256Key(merkle.Keccak(v)).PreimageKey() != k {
				t.Fatalf("%d bytes: a stored preimage is not keccak256 of its key", n)
			}
		}
	}
}

func TestReadRefusesBadPreimages(t *testing.T) {
	file := pattern(3000)
	addr := merkle.Root(file, merkle.ModelLeafSize)
	rootKey := preimage.Keccak256Key(addr).PreimageKey()
	tr := merkle.Build(file, merkle.ModelLeafSize).TreeRoot()
	nodeKey := preimage.Keccak256Key(tr).PreimageKey()
	cases := []struct {
		name   string
		mutate func(kv map[common.Hash][]byte)
		want   string
	}{
		{"missing root", func(kv map[common.Hash][]byte) { delete(kv, rootKey) }, "root"},
		{"root of another kind", func(kv map[common.Hash][]byte) { kv[rootKey] = append([]byte{1}, kv[rootKey][1:]...) }, "root"},
		{"oversized file", func(kv map[common.Hash][]byte) {
			r := bytes.Clone(kv[rootKey])
			binary.BigEndian.PutUint64(r[1:9], model.MaxFileSize+1)
			kv[rootKey] = r
		}, "above the bound"},
		{"missing inner node", func(kv map[common.Hash][]byte) { delete(kv, nodeKey) }, "node at height"},
		{"leaf answered for a node", func(kv map[common.Hash][]byte) { kv[nodeKey] = make([]byte, leafPreimageLen) }, "node at height"},
	}
	for _, c := range cases {
		kv := Preimages(file)
		c.mutate(kv)
		_, err := Read(&mapOracle{kv: kv}, addr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want one saying %q", c.name, err, c.want)
		}
	}
}

func TestSourceDecodesOnce(t *testing.T) {
	file := iris.ModelBytes()
	m, err := model.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	o := &mapOracle{kv: Preimages(file)}
	s := NewSource(o, o)
	for range 2 {
		got, err := s.Model(context.Background(), m.Address())
		if err != nil || got.Address() != m.Address() {
			t.Fatalf("model: %v", err)
		}
	}
	if want := []string{"l2-model " + common.Hash(m.Address()).Hex()}; len(o.hints) != 1 || o.hints[0] != want[0] {
		t.Errorf("hints %q, want %q", o.hints, want)
	}
	// A published file that is not a model is model.ErrInvalid, as on a node.
	junk := pattern(2000)
	o.kv = Preimages(junk)
	if _, err := s.Model(context.Background(), merkle.Root(junk, merkle.ModelLeafSize)); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("junk file: err %v, want model.ErrInvalid", err)
	}
}

// nextPrefetcher records what the wrapped op-program prefetcher is given.
type nextPrefetcher struct{ hints []string }

func (n *nextPrefetcher) Hint(h string) error { n.hints = append(n.hints, h); return nil }
func (n *nextPrefetcher) GetPreimage(context.Context, common.Hash) ([]byte, error) {
	return nil, errors.New("not here")
}

func TestHostHints(t *testing.T) {
	file := iris.ModelBytes()
	addr := merkle.Root(file, merkle.ModelLeafSize)
	other := pattern(5000)
	cases := []struct {
		name    string
		hint    string
		serve   []byte
		wantErr string
		passed  bool // the hint reaches op-program's prefetcher
	}{
		{"model", Hint(addr).Hint(), file, "", false},
		{"op-program's own hint", "l2-block-header 0x" + strings.Repeat("ab", 32), nil, "", true},
		{"bytes of another model", Hint(addr).Hint(), other, "have address", false},
		{"short address", HintType + " 0x1234", file, "want l2-model", false},
		{"no 0x", HintType + " " + strings.Repeat("ab", 32), file, "want l2-model", false},
	}
	for _, c := range cases {
		kv := &mapOracle{}
		next := &nextPrefetcher{}
		fetches := 0
		p := WithModels(next, kv, func(_ context.Context, a model.Address) ([]byte, error) {
			fetches++
			return c.serve, nil
		})
		err := p.Hint(c.hint)
		if (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.wantErr)
			continue
		}
		if got := len(next.hints) == 1; got != c.passed {
			t.Errorf("%s: passed on %v, want %v", c.name, got, c.passed)
		}
		if c.wantErr != "" || c.passed {
			continue
		}
		// The client's walk finds everything it needs, and a second hint
		// for the same model fetches nothing.
		if got, err := Read(kv, addr); err != nil || !bytes.Equal(got, file) {
			t.Errorf("%s: read back: %v", c.name, err)
		}
		if err := p.Hint(c.hint); err != nil || fetches != 1 {
			t.Errorf("%s: second hint: %v, %d fetches", c.name, err, fetches)
		}
	}
}
