package onchain_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/llama"
	"github.com/aievm/aievm/opml/merkle"
	"github.com/aievm/aievm/opml/tensor"
)

// multiChunk is a model file of several chunks (the example models are a
// few KiB: one chunk each).
func multiChunk(t *testing.T) []byte {
	t.Helper()
	m, err := examples.Decoder(examples.DecoderConfig{Config: llama.Config{Name: "chunky", Vocab: 256, Dim: 128, Hidden: 256,
		Layers: 2, Heads: 4, KVHeads: 2, Seq: 4, Theta: 10000, Eps: 1e-5}, Weights: tensor.Q8_0})
	if err != nil {
		t.Fatal(err)
	}
	return m.Encode()
}

// TestSplitAssemble: chunks and proofs of files of many sizes rebuild the
// file, and every proof leads from the chunk's subtree to the address.
func TestSplitAssemble(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 1023, 1024, 1025, 64 << 10, 64<<10 + 1, 200_000, 3 << 20} {
		file := bytes.Repeat([]byte{0x5a, 0, 7}, n/3+1)[:n]
		addr := merkle.Root(file, onchain.LeafSize)
		chunks, err := onchain.Split(file)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := onchain.LayoutOf(uint64(n))
		if len(chunks) != l.Chunks {
			t.Fatalf("%d bytes: %d chunks, layout says %d", n, len(chunks), l.Chunks)
		}
		got, err := onchain.Assemble(addr, uint64(n), func(i int) ([]byte, error) { return chunks[i].Data, nil })
		if err != nil || !bytes.Equal(got, file) {
			t.Fatalf("%d bytes: assemble: %v", n, err)
		}
		// A flipped byte anywhere is caught.
		bad := append([]byte(nil), chunks[len(chunks)-1].Data...)
		bad[len(bad)-1] ^= 1
		if _, err := onchain.Assemble(addr, uint64(n), func(i int) ([]byte, error) {
			if i == len(chunks)-1 {
				return bad, nil
			}
			return chunks[i].Data, nil
		}); err == nil {
			t.Fatalf("%d bytes: a corrupted chunk assembled", n)
		}
	}
	for _, n := range []uint64{0, onchain.MaxModelSize + 1} {
		if _, err := onchain.LayoutOf(n); err == nil {
			t.Fatalf("size %d accepted", n)
		}
	}
}

// registryChain is a simulated chain with ModelRegistry deployed by key.
type registryChain struct {
	c   simulated.Client
	key *ecdsa.PrivateKey
	reg common.Address
	ctx context.Context
}

func newRegistryChain(t *testing.T) registryChain {
	t.Helper()
	chain := simchain.New(1)
	t.Cleanup(chain.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	reg, err := ethtx.Deploy(ctx, chain.Client(), chain.Keys[0], "ModelRegistry", bindings.ModelRegistryMetaData.Bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	return registryChain{c: chain.Client(), key: chain.Keys[0], reg: reg, ctx: ctx}
}

// TestRegistryPublication plays publication against the real ModelRegistry
// on a simulated chain: chunks that do not match the model's Merkle tree are
// refused, a half-published model is not available, a chunk published twice
// changes nothing, and the complete model is available from the next block
// and rebuilds from the logs alone. The contract's layout matches Go's.
func TestRegistryPublication(t *testing.T) {
	t.Parallel()
	rc := newRegistryChain(t)
	c, key, regAddr, ctx := rc.c, rc.key, rc.reg, rc.ctx
	reg := bindings.NewModelRegistry()
	view := func(data []byte) []byte {
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &regAddr, Data: data}, nil)
		if err != nil {
			t.Fatalf("view: %v", err)
		}
		return out
	}
	for _, n := range []uint64{1, 1024, 1025, 65536, 65537, 1 << 20, onchain.MaxModelSize} {
		got, err := reg.UnpackChunkLayout(view(reg.PackChunkLayout(n)))
		l, _ := onchain.LayoutOf(n)
		if err != nil || got.Chunks.Int64() != int64(l.Chunks) || got.ChunkHeight.Int64() != int64(l.ChunkHeight) ||
			got.TreeHeight.Int64() != int64(l.TreeHeight) || got.ChunkBytes.Int64() != int64(l.ChunkBytes) {
			t.Fatalf("size %d: contract layout %+v (%v), Go %+v", n, got, err, l)
		}
	}
	file := multiChunk(t)
	chunks, err := onchain.Split(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunks) < 3 {
		t.Fatalf("test model has %d chunks; want several", len(chunks))
	}
	addr := merkle.Root(file, onchain.LeafSize)
	send := func(data []byte) error {
		_, err := ethtx.Send(ctx, c, key, ethtx.Tx{To: &regAddr, Data: data, Gas: 8_000_000}, time.Minute)
		return err
	}
	size := uint64(len(file))
	publish := func(ch onchain.Chunk) []byte {
		return reg.PackPublish(addr, size, big.NewInt(int64(ch.Index)), ch.Data, ch.Proof)
	}
	if err := send(publish(chunks[0])); err == nil {
		t.Fatal("a chunk of an unregistered model was accepted")
	}
	// A front-runner registers the address with a wrong size: the first
	// chunk, which can only verify under the true size, corrects it.
	if err := send(reg.PackRegister(addr, "bafy-test", size+1, 1, 1, 1)); err != nil {
		t.Fatal(err)
	}
	bad := chunks[1]
	bad.Data = append([]byte(nil), bad.Data...)
	bad.Data[10] ^= 0xff
	short := chunks[1]
	short.Data = short.Data[:len(short.Data)-1]
	swapped := chunks[1]
	swapped.Index = 2
	refused := map[string][]byte{
		"corrupted chunk":      publish(bad),
		"short chunk":          publish(short),
		"chunk at wrong index": publish(swapped),
		"index out of range":   reg.PackPublish(addr, size, big.NewInt(int64(len(chunks))), chunks[0].Data, chunks[0].Proof),
		"proof too short":      reg.PackPublish(addr, size, big.NewInt(1), chunks[1].Data, chunks[1].Proof[1:]),
		"wrong size":           reg.PackPublish(addr, size+1, big.NewInt(0), chunks[0].Data, chunks[0].Proof),
		"zero size":            reg.PackPublish(addr, 0, big.NewInt(0), chunks[0].Data, chunks[0].Proof),
	}
	for name, data := range refused {
		_, err := c.EstimateGas(ctx, ethereum.CallMsg{From: crypto.PubkeyToAddress(key.PublicKey), To: &regAddr, Data: data})
		if err == nil || !strings.Contains(err.Error(), "revert") {
			t.Fatalf("%s: accepted (%v)", name, err)
		}
	}
	// All but the last chunk, the first one twice.
	for _, ch := range append([]onchain.Chunk{chunks[0]}, chunks[:len(chunks)-1]...) {
		if err := send(publish(ch)); err != nil {
			t.Fatalf("chunk %d: %v", ch.Index, err)
		}
	}
	pub, err := reg.UnpackPublication(view(reg.PackPublication(addr)))
	if err != nil || pub.Published.Int64() != int64(len(chunks)-1) || pub.CompletedAt.Sign() != 0 {
		t.Fatalf("half published: %+v (%v)", pub, err)
	}
	if rec, _ := reg.UnpackGet(view(reg.PackGet(addr))); rec.Size != size {
		t.Fatalf("registered size %d after the first chunk, want the proven %d", rec.Size, size)
	}
	if ok, _ := reg.UnpackIsAvailable(view(reg.PackIsAvailable(addr))); ok {
		t.Fatal("a half-published model is available")
	}
	if _, err := onchain.RebuildRPC(ctx, c, regAddr, addr); err == nil || !strings.Contains(err.Error(), "not fully published") {
		t.Fatalf("rebuild of a half-published model: %v", err)
	}
	if err := send(publish(chunks[len(chunks)-1])); err != nil {
		t.Fatal(err)
	}
	logs, err := ethtx.FilterLogs(ctx, c, ethereum.FilterQuery{Addresses: []common.Address{regAddr}, Topics: [][]common.Hash{{onchain.TopicChunkPublished}}})
	if err != nil || len(logs) != len(chunks) {
		t.Fatalf("%d ChunkPublished logs (%v), want one per chunk (%d)", len(logs), err, len(chunks))
	}
	got, err := onchain.RebuildRPC(ctx, c, regAddr, addr)
	if err != nil || !bytes.Equal(got, file) {
		t.Fatalf("rebuild from logs: %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if ok, _ := reg.UnpackIsAvailable(view(reg.PackIsAvailable(addr))); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("complete model never available")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRegistryChunkSizes: files of every boundary size (one byte, one leaf,
// one leaf and a byte, one chunk, one chunk and a byte, ...) publish through
// the contract chunk by chunk and rebuild from its logs.
func TestRegistryChunkSizes(t *testing.T) {
	t.Parallel()
	rc := newRegistryChain(t)
	c, key, regAddr, ctx := rc.c, rc.key, rc.reg, rc.ctx
	reg := bindings.NewModelRegistry()
	sender := ethtx.NewSender(c, key)
	for _, n := range []int{1, 31, 1023, 1024, 1025, 2048, 3000, 65535, 65536, 65537, 131072, 131073, 200_000} {
		file := make([]byte, n)
		for i := range file {
			file[i] = byte(i*7 + n)
		}
		addr := merkle.Root(file, onchain.LeafSize)
		chunks, err := onchain.Split(file)
		if err != nil {
			t.Fatal(err)
		}
		txs := [][]byte{reg.PackRegister(addr, "bafy", uint64(n), 0, 0, 0)}
		for _, ch := range chunks {
			txs = append(txs, reg.PackPublish(addr, uint64(n), big.NewInt(int64(ch.Index)), ch.Data, ch.Proof))
		}
		for i, data := range txs {
			if _, err := sender.Send(ctx, ethtx.Tx{To: &regAddr, Data: data, Gas: 8_000_000}, time.Minute); err != nil {
				t.Fatalf("%d bytes, tx %d: %v", n, i, err)
			}
		}
		got, err := onchain.RebuildRPC(ctx, c, regAddr, addr)
		if err != nil || !bytes.Equal(got, file) {
			t.Fatalf("%d bytes: rebuild: %v", n, err)
		}
	}
}

// TestPublisher: the publisher registers, sends the chunks in parallel,
// resumes where a run stopped, and waits until the model is available.
func TestPublisher(t *testing.T) {
	t.Parallel()
	rc := newRegistryChain(t)
	c, key, regAddr, ctx := rc.c, rc.key, rc.reg, rc.ctx
	file := multiChunk(t)
	var seen []int
	p := &onchain.Publisher{Client: c, Key: key, Registry: regAddr, Parallel: 3, Progress: func(done, total int) { seen = append(seen, done) }}
	// A first run stopped early: the context ends after two chunks.
	cctx, stop := context.WithCancel(ctx)
	p.Progress = func(done, total int) {
		if done == 2 {
			stop()
		}
	}
	if _, err := p.Publish(cctx, file, "bafy-x"); err == nil {
		t.Fatal("a cancelled publication reported success")
	}
	p.Progress = func(done, total int) { seen = append(seen, done) }
	rep, err := p.Publish(ctx, file, "bafy-x")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Registered || rep.Sent == 0 || rep.Sent >= rep.Chunks || rep.AvailableIn == 0 || rep.GasUsed == 0 {
		t.Fatalf("resumed run: %+v", rep)
	}
	if got, err := onchain.RebuildRPC(ctx, c, regAddr, rep.Address); err != nil || !bytes.Equal(got, file) {
		t.Fatalf("rebuild: %v", err)
	}
	t.Logf("%d chunks, resumed run sent %d (%d bytes) for %d gas", rep.Chunks, rep.Sent, rep.Bytes, rep.GasUsed)
}

func chainAddr(s *simchain.SimChain) common.Address {
	return crypto.PubkeyToAddress(s.Keys[0].PublicKey)
}
