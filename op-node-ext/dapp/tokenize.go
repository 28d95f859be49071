package dapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aievm/aievm/opml/tokenizer"
)

// Bounds on what the tokenizer API takes and does: a request's body, a
// prompt's text, a list of token ids, the text an answer carries, and the
// requests tokenizing at once (a request waits up to APISlotWait for a
// slot, then gets 503). A page's prompt and completion are far smaller (a
// call takes at most the model's positions); the bounds keep a public
// server's work and answers per request small.
const (
	MaxAPIBody       = 64 << 10
	MaxPromptBytes   = 16 << 10
	MaxTokenIDs      = 1024
	MaxTextAnswer    = 64 << 10
	MaxAPIConcurrent = 8
	APISlotWait      = 2 * time.Second
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
	slots := make(slots, MaxAPIConcurrent)
	work := func(r *http.Request, f func() error) error { return slots.run(r.Context(), APISlotWait, f) }
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		answer(w, http.StatusForbidden, errors.New("cross-origin request refused: the API serves the page's own origin"), nil)
	}))
	mux.Handle("POST /api/tokenize", csrf.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req TokenizeRequest
		t, status, err := decodeAPI(w, r, &req, &req.Model, byAddr)
		if err == nil && len(req.Text) > MaxPromptBytes {
			status, err = http.StatusBadRequest, fmt.Errorf("text of %d bytes: at most %d", len(req.Text), MaxPromptBytes)
		}
		ids := []int32{} // an empty text has no ids: [], not null
		if err == nil {
			err = work(r, func() error {
				got, err := t.Encode(req.Text, true)
				ids = append(ids, got...)
				return err
			})
			status = apiStatus(err)
			if err == nil && len(ids) > MaxTokenIDs {
				status, err = http.StatusBadRequest, fmt.Errorf("text of %d tokens: at most %d", len(ids), MaxTokenIDs)
			}
		}
		answer(w, status, err, TokenizeResponse{IDs: ids})
	})))
	mux.Handle("POST /api/detokenize", csrf.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req DetokenizeRequest
		t, status, err := decodeAPI(w, r, &req, &req.Model, byAddr)
		if err == nil && len(req.IDs) > MaxTokenIDs {
			status, err = http.StatusBadRequest, fmt.Errorf("%d ids: at most %d", len(req.IDs), MaxTokenIDs)
		}
		var text string
		if err == nil {
			err = work(r, func() (err error) {
				text, err = t.Decode(req.IDs)
				return err
			})
			status = apiStatus(err)
			if err == nil && len(text) > MaxTextAnswer {
				status, err = http.StatusBadRequest, fmt.Errorf("the ids' text is %d bytes: at most %d", len(text), MaxTextAnswer)
			}
		}
		answer(w, status, err, DetokenizeResponse{Text: text})
	})))
	return nil
}

// slots bound the requests tokenizing at once.
type slots chan struct{}

// run runs f in a slot, taken only for the tokenizer's work (a request's
// body is read before, its answer written after), waiting up to wait for
// one: ErrBusy when none frees, the context's error when it ends first.
func (s slots) run(ctx context.Context, wait time.Duration, f func() error) error {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s }()
	return f()
}

// ErrBusy is the API's answer (503) when every slot stayed taken for
// APISlotWait.
var ErrBusy = errors.New("busy: try again")

// apiStatus is the status of the tokenizer's outcome: 200, 503 when no
// slot freed, else 400 (the text or ids are the client's).
func apiStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrBusy), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
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
