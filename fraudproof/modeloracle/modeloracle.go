// Package modeloracle moves models through the fault-proof VM's preimage
// oracle, so that the inference precompile runs inside op-program (and so in
// Cannon) on exactly the bytes the chain committed to.
//
// A model's address is the root of a keccak256 binary Merkle tree over its
// file (opml/merkle): the root, every inner node and every leaf are the
// keccak256 images of their preimages, so each is a standard keccak256
// preimage (type 2) that OP's PreimageOracle verifies on L1
// (loadKeccak256PreimagePart). The client side (Source) sends the hint
// "l2-model <address>", then walks the tree from the root through the
// oracle and reassembles the file. The host side (WithModels) answers the
// hint: it fetches the file, checks it against the address and puts every
// preimage of its tree in the host's key-value store.
package modeloracle

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"

	preimage "github.com/ethereum-optimism/optimism/op-preimage"
	"github.com/ethereum/go-ethereum/common"

	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/model"
)

// HintType names the hint that asks the host for a model's preimages; its
// argument is the model address in hex.
const HintType = "l2-model"

// Hint is the l2-model hint for one model.
type Hint model.Address

// Hint renders the hint in op-program's wire form: "<type> 0x<hex>".
func (h Hint) Hint() string { return HintType + " " + common.Hash(h).Hex() }

// Preimage forms of the tree's nodes (opml/merkle's layout): the length-
// binding root, an inner node and a leaf.
const (
	rootPreimageLen = 1 + 8 + 32
	nodePreimageLen = 1 + 32 + 32
	leafPreimageLen = 1 + merkle.ModelLeafSize
)

// ErrBadPreimage means the oracle answered a key with bytes that are not the
// tree node the walk expects: a bug of the host, or an address that is not a
// model's.
var ErrBadPreimage = errors.New("modeloracle: preimage is not a model tree node")

// Read reassembles the file whose model address is addr from oracle, which
// answers keccak256 preimages. It reads the root, then the inner nodes and
// leaves over the file's bytes (never the zero padding), and bounds the file
// by model.MaxFileSize before reading more than the root.
func Read(oracle preimage.Oracle, addr model.Address) ([]byte, error) {
	root := oracle.Get(preimage.Keccak256Key(addr))
	if len(root) != rootPreimageLen || root[0] != 2 {
		return nil, fmt.Errorf("%w: root of 0x%x has %d bytes", ErrBadPreimage, addr, len(root))
	}
	size := binary.BigEndian.Uint64(root[1:9])
	if size > model.MaxFileSize {
		return nil, fmt.Errorf("modeloracle: model 0x%x is %d bytes, above the bound of %d", addr, size, model.MaxFileSize)
	}
	leaves := (size + merkle.ModelLeafSize - 1) / merkle.ModelLeafSize
	if leaves == 0 {
		leaves = 1
	}
	height := bits.Len64(leaves - 1) // leaf count padded to 1 << height
	w := walker{oracle: oracle, leaves: leaves, file: make([]byte, 0, leaves*merkle.ModelLeafSize)}
	if err := w.node(common.Hash(root[9:]), height, 0); err != nil {
		return nil, fmt.Errorf("modeloracle: model 0x%x: %w", addr, err)
	}
	return w.file[:size], nil
}

// walker reads a tree depth first, left to right, appending leaves.
type walker struct {
	oracle preimage.Oracle
	leaves uint64 // leaves holding file bytes; those past them are padding
	file   []byte
}

// node reads the subtree of hash h, of height h, whose first leaf is first.
func (w *walker) node(h common.Hash, height int, first uint64) error {
	if height == 0 {
		leaf := w.oracle.Get(preimage.Keccak256Key(h))
		if len(leaf) != leafPreimageLen || leaf[0] != 0 {
			return fmt.Errorf("%w: leaf %d has %d bytes", ErrBadPreimage, first, len(leaf))
		}
		w.file = append(w.file, leaf[1:]...)
		return nil
	}
	n := w.oracle.Get(preimage.Keccak256Key(h))
	if len(n) != nodePreimageLen || n[0] != 1 {
		return fmt.Errorf("%w: node at height %d over leaf %d has %d bytes", ErrBadPreimage, height, first, len(n))
	}
	if err := w.node(common.Hash(n[1:33]), height-1, first); err != nil {
		return err
	}
	if right := first + 1<<(height-1); right < w.leaves {
		return w.node(common.Hash(n[33:65]), height-1, right)
	}
	return nil
}

// Source is the precompile's model source inside the fault-proof program
// (precompile.Models): models come through the preimage oracle. It keeps
// every model it decoded, as a node's cache does; the program is single
// threaded and short lived.
type Source struct {
	oracle preimage.Oracle
	hinter preimage.Hinter
	models map[model.Address]*model.Model
}

// NewSource returns a model source over the program's oracle and hinter.
func NewSource(oracle preimage.Oracle, hinter preimage.Hinter) *Source {
	return &Source{oracle: oracle, hinter: hinter, models: map[model.Address]*model.Model{}}
}

// Model returns the decoded model at addr. A file that is not a valid model
// gives model.ErrInvalid, as on every node (the precompile reverts alike).
func (s *Source) Model(_ context.Context, addr model.Address) (*model.Model, error) {
	if m, ok := s.models[addr]; ok {
		return m, nil
	}
	s.hinter.Hint(Hint(addr))
	file, err := Read(s.oracle, addr)
	if err != nil {
		return nil, err
	}
	m, err := model.Decode(file)
	if err != nil {
		return nil, fmt.Errorf("modeloracle: model 0x%x: %w", addr, err)
	}
	s.models[addr] = m
	return m, nil
}

// Preimages are the keccak256 preimages of file's model tree that Read asks
// for, keyed by their oracle keys (type 2): the root, the inner nodes and
// leaves over the file's bytes.
func Preimages(file []byte) map[common.Hash][]byte {
	t := merkle.Build(file, merkle.ModelLeafSize)
	out := map[common.Hash][]byte{}
	put := func(b []byte) {
		out[preimage.Keccak256Key(merkle.Keccak(b)).PreimageKey()] = b
	}
	tr := t.TreeRoot()
	root := binary.BigEndian.AppendUint64([]byte{2}, uint64(len(file)))
	put(append(root, tr[:]...))
	leaves := max(1, (len(file)+merkle.ModelLeafSize-1)/merkle.ModelLeafSize)
	for i := 0; i < leaves; i++ {
		leaf := make([]byte, leafPreimageLen)
		copy(leaf[1:], file[i*merkle.ModelLeafSize:min((i+1)*merkle.ModelLeafSize, len(file))])
		put(leaf)
	}
	for level := 1; level <= t.Height(); level++ {
		for i := 0; i < (leaves+1<<level-1)>>level; i++ {
			l, r := t.Node(level-1, 2*i), t.Node(level-1, 2*i+1)
			put(append(append([]byte{1}, l[:]...), r[:]...))
		}
	}
	return out
}

// Prefetcher is the op-program host's preimage source (its
// host/common.Prefetcher): hints in, preimages out by oracle key.
type Prefetcher interface {
	Hint(hint string) error
	GetPreimage(ctx context.Context, key common.Hash) ([]byte, error)
}

// KV is the host's preimage store (op-program's kvstore.KV).
type KV interface {
	Put(k common.Hash, v []byte) error
}

// FetchTimeout bounds a hint's fetch: a hung L2 node fails the hint (and
// the trace) rather than stalling it.
const FetchTimeout = 5 * time.Minute

// Fetch gets a model's file by address (for the host: rebuilt from the L2
// node's logs, onchain.RebuildRPC). Its bytes are checked against addr.
type Fetch func(ctx context.Context, addr model.Address) ([]byte, error)

// WithModels wraps the host's prefetcher: it answers l2-model hints by
// fetching the model and storing its tree's preimages in kv, where the
// wrapped prefetcher's GetPreimage finds them, and passes every other hint
// on.
func WithModels(next Prefetcher, kv KV, fetch Fetch) Prefetcher {
	return &hostModels{Prefetcher: next, kv: kv, fetch: fetch}
}

type hostModels struct {
	Prefetcher
	kv    KV
	fetch Fetch
	done  map[model.Address]bool
}

// Hint handles l2-model hints and passes the others on.
func (h *hostModels) Hint(hint string) error {
	arg, ok := cutHint(hint)
	if !ok {
		return h.Prefetcher.Hint(hint)
	}
	if !isHash(arg) {
		return fmt.Errorf("modeloracle: hint %q: want %s 0x<32-byte model address>", hint, HintType)
	}
	addr := model.Address(common.HexToHash(arg))
	if h.done[addr] {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), FetchTimeout)
	defer cancel()
	file, err := h.fetch(ctx, addr)
	if err != nil {
		return fmt.Errorf("modeloracle: fetch model 0x%x: %w", addr, err)
	}
	if got := merkle.Root(file, merkle.ModelLeafSize); got != addr {
		return fmt.Errorf("modeloracle: fetched model 0x%x: its bytes have address 0x%x", addr, got)
	}
	for k, v := range Preimages(file) {
		if err := h.kv.Put(k, v); err != nil {
			return fmt.Errorf("modeloracle: store model 0x%x: %w", addr, err)
		}
	}
	if h.done == nil {
		h.done = map[model.Address]bool{}
	}
	h.done[addr] = true
	return nil
}

// cutHint returns an l2-model hint's argument.
func cutHint(hint string) (string, bool) {
	typ, arg, found := strings.Cut(hint, " ")
	return arg, found && typ == HintType
}

func isHash(s string) bool {
	if len(s) != 66 || s[:2] != "0x" {
		return false
	}
	_, err := hex.DecodeString(s[2:])
	return err == nil
}
