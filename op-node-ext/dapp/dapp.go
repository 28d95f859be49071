// Package dapp serves the AI EVM dapp page: the static build of web/
// (`make web` writes it to build/web) and, beside it, /config.json, the chain
// the page talks to. `aievm devnet` runs it; any chain's operator can serve
// the same files with the same config from any web server.
package dapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"time"
)

// Config is /config.json: what the page needs to know of a chain. Addresses
// are hex strings, amounts decimal wei strings (JSON numbers lose precision).
type Config struct {
	L1        Chain     `json:"l1"`
	L2        Chain     `json:"l2"`
	Contracts Contracts `json:"contracts"`
	Models    []Model   `json:"models"`
	Attest    *Attest   `json:"attest,omitempty"`
	Games     *Games    `json:"games,omitempty"`
}

// Chain is one side: what wallet_addEthereumChain needs and where the page
// reads.
type Chain struct {
	ChainID     uint64 `json:"chainId"`
	Name        string `json:"name"`
	RPCURL      string `json:"rpcUrl"`
	ExplorerURL string `json:"explorerUrl,omitempty"`
}

// Contracts are the addresses the page calls: OP's portal and dispute game
// factory on L1 (deposits, withdrawals), the model registry and the demo
// Classifier on L2.
type Contracts struct {
	OptimismPortal     string `json:"optimismPortal"`
	DisputeGameFactory string `json:"disputeGameFactory"`
	L1StandardBridge   string `json:"l1StandardBridge,omitempty"`
	ModelRegistry      string `json:"modelRegistry"`
	Classifier         string `json:"classifier"`
}

// Model is a model the page can describe: its tensors' specs and a valid
// sample input (hex). Models registered on chain but absent here are listed
// from the registry with their sizes only.
type Model struct {
	Name        string `json:"name"`
	Address     string `json:"address"`
	Inputs      []Spec `json:"inputs,omitempty"`
	Outputs     []Spec `json:"outputs,omitempty"`
	OutputSize  int    `json:"outputSize"`
	SampleInput string `json:"sampleInput,omitempty"`
	// Generate is set for a generation model (tokens i32[Seq] and last
	// i32[1] in, next_token out): the page shows a prompt box for it, and
	// the server tokenizes for it at /api/tokenize and /api/detokenize.
	Generate *Generate `json:"generate,omitempty"`
}

// Generate is what the page needs to generate text with a model: its
// positions and its end token (-1 for none).
type Generate struct {
	Seq int   `json:"seq"`
	EOS int32 `json:"eos"`
}

// Spec is a tensor's element type and shape ("f32", [1, 4]).
type Spec struct {
	DType string `json:"dtype"`
	Shape []int  `json:"shape"`
}

// Attest is the attested-inference path: the Settlement, its model, the fee
// per request (wei) and a valid input.
type Attest struct {
	Settlement  string `json:"settlement"`
	Model       string `json:"model"`
	Fee         string `json:"fee"`
	SampleInput string `json:"sampleInput,omitempty"`
}

// Games are the withdrawal waits the page explains, in seconds (L2 blocks
// for the proposal interval).
type Games struct {
	ProposalInterval   uint64 `json:"proposalInterval"`
	MaxClockDuration   uint64 `json:"maxClockDuration"`
	ProofMaturityDelay uint64 `json:"proofMaturityDelay"`
	FinalityDelay      uint64 `json:"finalityDelay"`
}

// ErrNotBuilt is returned when the page's directory has no index.html.
var ErrNotBuilt = errors.New("dapp page not built (make web)")

// CheckBuilt returns ErrNotBuilt, with the reason, if dir holds no page.
func CheckBuilt(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrNotBuilt, dir, err)
	}
	return nil
}

// Handler serves dir (the page's build), cfg at /config.json, and the
// tokenizers of cfg's generation models (toks, by address) at /api/. The
// page's files are served as they are; nothing else is reachable: no
// directory listings, no path or symbolic link out of dir (the files are
// read through an os.Root, held open for the process's life). The config
// and the API are for the page itself: they carry no CORS header.
func Handler(dir string, cfg Config, toks Tokenizers) (http.Handler, error) {
	if err := CheckBuilt(dir); err != nil {
		return nil, err
	}
	body, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("dapp config: %w", err)
	}
	mux := http.NewServeMux()
	if err := toks.serve(mux, cfg.Models); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("dapp page %s: %w", dir, err)
	}
	files := http.FileServer(noListing{http.FS(root.FS())})
	mux.HandleFunc("GET /config.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	})
	mux.Handle("GET /", files)
	return mux, nil
}

// noListing hides directories that have no index.html, and answers every
// file it cannot open (a path or link out of the root among them) as absent.
type noListing struct{ fs http.FileSystem }

func (n noListing) Open(name string) (http.File, error) {
	f, err := n.fs.Open(name)
	if err != nil {
		return nil, os.ErrNotExist
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		idx, err := n.fs.Open(path.Join(name, "index.html"))
		if err != nil {
			f.Close()
			return nil, os.ErrNotExist
		}
		idx.Close()
	}
	return f, nil
}

// Server is the page's HTTP server.
type Server struct {
	srv *http.Server
	url string
}

// Serve listens on addr (host:port; port 0 picks one) and serves h.
func Serve(addr string, h http.Handler) (*Server, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dapp page: listen %s: %w", addr, err)
	}
	// A client that sends a body slowly, or never reads the answer, is
	// cut off: the API reads bodies.
	s := &Server{srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}, url: "http://" + l.Addr().String() + "/"}
	go s.srv.Serve(l)
	return s, nil
}

// URL is the page's address.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
