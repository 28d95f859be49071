// Package server serves a model store to peers: an IPFS trustless gateway
// (boxo gateway: raw blocks and CAR responses, no deserialized responses),
// a small JSON index (model address -> CID, size) under /aievm/v1/models,
// and a bitswap server on a libp2p host.
package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ipfs/boxo/bitswap"
	"github.com/ipfs/boxo/bitswap/network/bsnet"
	"github.com/ipfs/boxo/blockservice"
	"github.com/ipfs/boxo/gateway"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"

	"github.com/aievm/aievm/model-da/store"
)

// IndexPath is the prefix of the model index endpoints.
const IndexPath = "/aievm/v1/models"

// Handler returns the HTTP handler: the trustless gateway under /ipfs/ and
// the model index under IndexPath.
func Handler(st *store.Store) (http.Handler, error) {
	be, err := gateway.NewBlocksBackend(blockservice.New(st.Blockstore(), nil))
	if err != nil {
		return nil, fmt.Errorf("gateway backend: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/ipfs/", gateway.NewHandler(gateway.Config{DeserializedResponses: false}, be))
	mux.HandleFunc(IndexPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, st.List())
	})
	mux.HandleFunc(IndexPath+"/", func(w http.ResponseWriter, r *http.Request) {
		addr := strings.TrimPrefix(r.URL.Path, IndexPath+"/")
		if _, err := store.ParseAddress(addr); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e, ok := st.Lookup(addr)
		if !ok {
			http.Error(w, "unknown model "+addr, http.StatusNotFound)
			return
		}
		writeJSON(w, e)
	})
	return mux, nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// HTTP is a running gateway server.
type HTTP struct {
	srv  *http.Server
	addr string
}

// ServeHTTP starts the gateway on listen (host:port; port 0 picks one).
func ServeHTTP(st *store.Store, listen string) (*HTTP, error) {
	h, err := Handler(st)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, fmt.Errorf("gateway listen %s: %w", listen, err)
	}
	s := &HTTP{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, addr: ln.Addr().String()}
	go s.srv.Serve(ln)
	return s, nil
}

// URL is the gateway's base URL.
func (s *HTTP) URL() string { return "http://" + s.addr }

// Close stops the gateway.
func (s *HTTP) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

// NewHost makes a TCP-only libp2p host listening on the given multiaddrs
// (loopback in tests), without relays or address discovery.
func NewHost(listen ...string) (host.Host, error) {
	return libp2p.New(libp2p.ListenAddrStrings(listen...), libp2p.NoTransports, libp2p.Transport(tcp.NewTCPTransport),
		libp2p.DisableRelay(), libp2p.DisableIdentifyAddressDiscovery())
}

// Bitswap is a running bitswap server.
type Bitswap struct {
	host host.Host
	bs   *bitswap.Bitswap
}

// ServeBitswap serves the store's blocks over bitswap on a new host.
func ServeBitswap(ctx context.Context, st *store.Store, listen string) (*Bitswap, error) {
	h, err := NewHost(listen)
	if err != nil {
		return nil, fmt.Errorf("bitswap host: %w", err)
	}
	bs := bitswap.New(ctx, bsnet.NewFromIpfsHost(h), nil, st.Blockstore())
	return &Bitswap{host: h, bs: bs}, nil
}

// Addrs returns the host's full multiaddrs (with /p2p/<id>).
func (b *Bitswap) Addrs() []ma.Multiaddr {
	var out []ma.Multiaddr
	p2p, _ := ma.NewMultiaddr("/p2p/" + b.host.ID().String())
	for _, a := range b.host.Addrs() {
		out = append(out, a.Encapsulate(p2p))
	}
	return out
}

// Close stops the server.
func (b *Bitswap) Close() error {
	b.bs.Close()
	return b.host.Close()
}
