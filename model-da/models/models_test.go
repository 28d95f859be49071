package models

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aievm/aievm/model-da/fetch"
	"github.com/aievm/aievm/model-da/internal/testmodels"
	"github.com/aievm/aievm/model-da/server"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/model"
)

func setup(t *testing.T) (origin *store.Store, big, small store.Entry, url string) {
	t.Helper()
	bigF, smallF, err := testmodels.Files()
	if err != nil {
		t.Fatal(err)
	}
	origin, err = store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { origin.Close() })
	ctx := context.Background()
	if big, err = origin.Publish(ctx, bigF); err != nil {
		t.Fatal(err)
	}
	if small, err = origin.Publish(ctx, smallF); err != nil {
		t.Fatal(err)
	}
	h, _ := server.Handler(origin)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return origin, big, small, srv.URL
}

func addr(t *testing.T, s string) model.Address {
	a, err := store.ParseAddress(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestModelFetchesThenCaches(t *testing.T) {
	t.Parallel()
	_, big, small, url := setup(t)
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := fetch.New(st, []fetch.Peer{&fetch.Gateway{URL: url}}, fetch.Options{Resolvers: []fetch.Resolver{&fetch.Index{URL: url}}})
	// Room for the big model alone: loading the small one evicts it.
	c := New(st, f, big.Size+100)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := c.Model(ctx, addr(t, big.Address))
			if err != nil || m.Name != "decoder-q4" {
				t.Errorf("model: %v", err)
			}
		}()
	}
	wg.Wait()
	if c.Stats.Fetches.Load() != 1 || c.Stats.Loads.Load() != 1 {
		t.Fatalf("4 concurrent first requests: %d fetches, %d loads; want 1 and 1", c.Stats.Fetches.Load(), c.Stats.Loads.Load())
	}
	if _, err := c.Model(ctx, addr(t, big.Address)); err != nil || c.Stats.Hits.Load() != 1 {
		t.Fatalf("second request not a hit: %v", err)
	}
	if _, err := c.Model(ctx, addr(t, small.Address)); err != nil {
		t.Fatal(err)
	}
	if c.Size() > big.Size+100 || c.Stats.Evictions.Load() != 1 {
		t.Fatalf("cache holds %d bytes (bound %d), %d evictions", c.Size(), big.Size+100, c.Stats.Evictions.Load())
	}
	// The evicted model comes back from the local store, without a fetch.
	if _, err := c.Model(ctx, addr(t, big.Address)); err != nil || c.Stats.Fetches.Load() != 2 { // big and small, nothing more
		t.Fatalf("reload: %v, fetches %d", err, c.Stats.Fetches.Load())
	}
}

func TestModelErrors(t *testing.T) {
	t.Parallel()
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := New(st, nil, 1<<20)
	if _, err := c.Model(context.Background(), model.Address{9}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown model without peers: %v", err)
	}
	// A peer that never answers: the caller's deadline wins.
	slow := httptest.NewServer(nil)
	defer slow.Close()
	f := fetch.New(st, nil, fetch.Options{Resolvers: []fetch.Resolver{&fetch.Index{URL: "http://127.0.0.1:1"}}})
	c = New(st, f, 1<<20)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Model(ctx, model.Address{7}); err == nil {
		t.Fatal("unreachable model returned")
	}
}

// TestModelFromChain: a model no peer has is rebuilt from chain data; chain
// data that gives another model is refused.
func TestModelFromChain(t *testing.T) {
	t.Parallel()
	_, big, small, _ := setup(t)
	_, smallF, err := testmodels.Files()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lying := map[string][]byte{big.Address: smallF, small.Address: smallF} // asked for big, gives small
	c := New(st, nil, 1<<30).WithChain(func(_ context.Context, a model.Address) ([]byte, error) {
		return lying[store.FormatAddress(a)], nil
	})
	ctx := context.Background()
	if _, err := c.Model(ctx, addr(t, big.Address)); err == nil || len(st.List()) != 0 {
		t.Fatalf("chain data of another model: %v, store holds %d models", err, len(st.List()))
	}
	if m, err := c.Model(ctx, addr(t, small.Address)); err != nil || m.Address() != addr(t, small.Address) || c.Stats.Rebuilds.Load() != 1 {
		t.Fatalf("rebuild from chain: %v (rebuilds %d)", err, c.Stats.Rebuilds.Load())
	}
}
