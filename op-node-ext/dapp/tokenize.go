package dapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/aievm/aievm/opml/tokenizer"
)

// Bounds on what the tokenizer API takes and does: a request's body, a
// prompt's text, a list of token ids, and the requests tokenizing at once
// (more get 503). A page's prompt and completion are far smaller (a call
// takes at most the model's positions); the bounds keep a public server's
// work per request small and its answers no larger than a few times the
// question (a token's text is at most tokenizer.MaxTokenLen bytes).
const (
	MaxAPIBody       = 64 << 10
	MaxPromptBytes   = 16 << 10
	MaxTokenIDs      = 1024
	MaxAPIConcurrent = 8
)

// Tokenizers are the tokenizers of a page's generation models, by model
// address (any case). The chain sees only token ids; the page turns a
// prompt into ids and a completion's ids into text through these.
type Tokenizers map[string]*tokenizer.Tokenizer

// TokenizeRequest is the body of POST /api/tokenize: the text's ids, with
// BOS first if the model's tokenizer adds one and special tokens' texts
// (such as "<|im_start|>") taken as those tokens, as `aievm infer
// --prompt` does.
type TokenizeRequest struct {
	Model string `json:"model"`
	Text  string `json:"text"`
}

// DetokenizeRequest is the body of POST /api/detokenize: the text of ids
// (bytes that end inside a UTF-8 character show as U+FFFD).
type DetokenizeRequest struct {
	Model string  `json:"model"`
	IDs   []int32 `json:"ids"`
}

// TokenizeResponse and DetokenizeResponse are the answers; a refused
// request gets {"error": "..."} with a 4xx status.
type (
	TokenizeResponse struct {
		IDs []int32 `json:"ids"`
	}
	DetokenizeResponse struct {
		Text string `json:"text"`
	}
)

// serve checks that every generation model of the config has a tokenizer
// with its end token, and every tokenizer a model, and adds the API. The
// API answers the page's own origin only: a cross-site POST (which a
// browser sends without asking) is refused, so other sites cannot spend
// the server's CPU through their visitors.
func (ts Tokenizers) serve(mux *http.ServeMux, models []Model) error {
	byAddr := map[string]*tokenizer.Tokenizer{}
	for a, t := range ts {
		if t == nil {
			return fmt.Errorf("dapp tokenizer of %s: nil", a)
		}
		if _, dup := byAddr[strings.ToLower(a)]; dup {
			return fmt.Errorf("dapp: two tokenizers for model %s", a)
		}
		byAddr[strings.ToLower(a)] = t
	}
	gen := 0
	for _, m := range models {
		if m.Generate == nil {
			continue
		}
		gen++
		t, ok := byAddr[strings.ToLower(m.Address)]
		if !ok {
			return fmt.Errorf("dapp: generation model %s (%s) has no tokenizer", m.Name, m.Address)
		}
		if m.Generate.Seq < 1 || t.EOS != m.Generate.EOS {
			return fmt.Errorf("dapp: generation model %s: %d positions and end token %d (its tokenizer's is %d)", m.Name, m.Generate.Seq, m.Generate.EOS, t.EOS)
		}
	}
	if gen != len(byAddr) {
		return fmt.Errorf("dapp: %d tokenizers for %d generation models", len(byAddr), gen)
	}
	if gen == 0 {
		return nil
	}
	busy := make(chan struct{}, MaxAPIConcurrent)
	api := func(h http.HandlerFunc) http.Handler {
		return http.NewCrossOriginProtection().Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case busy <- struct{}{}:
				defer func() { <-busy }()
				h(w, r)
			default:
				answer(w, http.StatusServiceUnavailable, errors.New("busy: try again"), nil)
			}
		}))
	}
	mux.Handle("POST /api/tokenize", api(func(w http.ResponseWriter, r *http.Request) {
		var req TokenizeRequest
		t, status, err := decodeAPI(w, r, &req, &req.Model, byAddr)
		if err == nil && len(req.Text) > MaxPromptBytes {
			status, err = http.StatusBadRequest, fmt.Errorf("text of %d bytes: at most %d", len(req.Text), MaxPromptBytes)
		}
		ids := []int32{} // an empty text has no ids: [], not null
		if err == nil {
			if ids, err = t.Encode(req.Text, true); err != nil {
				status = http.StatusBadRequest
			} else if len(ids) > MaxTokenIDs {
				status, err = http.StatusBadRequest, fmt.Errorf("text of %d tokens: at most %d", len(ids), MaxTokenIDs)
			}
			ids = append([]int32{}, ids...)
		}
		answer(w, status, err, TokenizeResponse{IDs: ids})
	}))
	mux.Handle("POST /api/detokenize", api(func(w http.ResponseWriter, r *http.Request) {
		var req DetokenizeRequest
		t, status, err := decodeAPI(w, r, &req, &req.Model, byAddr)
		if err == nil && len(req.IDs) > MaxTokenIDs {
			status, err = http.StatusBadRequest, fmt.Errorf("%d ids: at most %d", len(req.IDs), MaxTokenIDs)
		}
		var text string
		if err == nil {
			if text, err = t.Decode(req.IDs); err != nil {
				status = http.StatusBadRequest
			}
		}
		answer(w, status, err, DetokenizeResponse{Text: text})
	}))
	return nil
}

// decodeAPI reads a JSON body of at most MaxAPIBody bytes into req (one
// object, no unknown fields) and finds the tokenizer of the model it names.
func decodeAPI(w http.ResponseWriter, r *http.Request, req any, model *string, byAddr map[string]*tokenizer.Tokenizer) (*tokenizer.Tokenizer, int, error) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxAPIBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body over %d bytes", MaxAPIBody)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("body: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, http.StatusBadRequest, errors.New("body: more than one JSON value")
	}
	t, ok := byAddr[strings.ToLower(*model)]
	if !ok {
		return nil, http.StatusNotFound, fmt.Errorf("model %q has no tokenizer here", *model)
	}
	return t, http.StatusOK, nil
}

// answer writes resp, or {"error": err} with status.
func answer(w http.ResponseWriter, status int, err error, resp any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil {
		w.WriteHeader(status)
		resp = map[string]string{"error": err.Error()}
	}
	json.NewEncoder(w).Encode(resp)
}
