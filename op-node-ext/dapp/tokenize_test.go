package dapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/tokenizer"
)

const genAddr = "0x00000000000000000000000000000000000000AB"

// pageDir is a page's build: an index.html only.
func pageDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serve serves the page in dir with cfg and toks on a free loopback port
// until the test ends.
func serve(t *testing.T, dir string, cfg Config, toks Tokenizers) *Server {
	t.Helper()
	h, err := Handler(dir, cfg, toks)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Serve("127.0.0.1:0", h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func tinyTokenizer(t *testing.T) *tokenizer.Tokenizer {
	t.Helper()
	tk, err := examples.TinyGenerationTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestTokenizeAPI: the page's prompt goes to ids and a completion's ids
// back to text through the model's tokenizer; what a hostile client sends
// (a wrong model, text or ids the vocabulary has not, too much, not JSON,
// another method) is refused with a status and a reason, never served.
func TestTokenizeAPI(t *testing.T) {
	t.Parallel()
	cfg := Config{Models: []Model{{Name: "tiny-gen", Address: genAddr, OutputSize: 4, Generate: &Generate{Seq: 8, EOS: 0}},
		{Name: "iris", Address: "0x01", OutputSize: 12}}}
	s := serve(t, pageDir(t), cfg, Tokenizers{strings.ToLower(genAddr): tinyTokenizer(t)})
	post := func(method, path, body string, header ...string) (int, string) {
		req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, strings.TrimSpace(string(b))
	}
	long := `{"model":"` + genAddr + `","text":"` + strings.Repeat("a", MaxPromptBytes+1) + `"}`
	many := `{"model":"` + genAddr + `","ids":[` + strings.Repeat("1,", MaxTokenIDs) + `1]}`
	huge := `{"model":"` + genAddr + `","text":"` + strings.Repeat("a", MaxAPIBody) + `"}`
	tokens := `{"model":"` + genAddr + `","text":"` + strings.Repeat("a", MaxTokenIDs+1) + `"}`
	for _, c := range []struct {
		method, path, body string
		code               int
		want               string
		header             []string
	}{
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"Hi!"}`, 200, `{"ids":[41,74,2]}`, nil},
		{"POST", "/api/tokenize", `{"model":"` + strings.ToLower(genAddr) + `","text":"Hi!"}`, 200, `{"ids":[41,74,2]}`, nil},
		{"POST", "/api/detokenize", `{"model":"` + genAddr + `","ids":[41,74,2,0]}`, 200, `{"text":"Hi!\u003c|endoftext|\u003e"}`, nil},
		{"POST", "/api/tokenize", `{"model":"0x01","text":"Hi"}`, 404, `model \"0x01\" has no tokenizer here`, nil},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"é"}`, 400, "no token", nil},
		{"POST", "/api/detokenize", `{"model":"` + genAddr + `","ids":[96]}`, 400, "outside the vocabulary of 96", nil},
		{"POST", "/api/detokenize", `{"model":"` + genAddr + `","ids":[-1]}`, 400, "outside the vocabulary", nil},
		{"POST", "/api/detokenize", `{"model":"` + genAddr + `","ids":[4294967296]}`, 400, "body:", nil},
		{"POST", "/api/tokenize", long, 400, "at most 16384", nil},
		{"POST", "/api/detokenize", many, 400, "at most 1024", nil},
		{"POST", "/api/tokenize", tokens, 400, "text of 1025 tokens: at most 1024", nil},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":""}`, 200, `{"ids":[]}`, nil},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `"}`, 200, `{"ids":[]}`, nil},
		// A browser's cross-site POST (a form or no-cors fetch from another
		// site) is refused; the page's own is served.
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"Hi!"}`, 403, `{"error":"cross-origin request refused`, []string{"Sec-Fetch-Site", "cross-site"}},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"Hi!"}`, 403, "", []string{"Origin", "https://evil.example"}},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"Hi!"}`, 200, `{"ids":[41,74,2]}`, []string{"Sec-Fetch-Site", "same-origin"}},
		{"POST", "/api/tokenize", huge, 413, "body over 65536 bytes", nil},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"a","extra":1}`, 400, "unknown field", nil},
		{"POST", "/api/tokenize", `{"model":"` + genAddr + `","text":"a"}{}`, 400, "more than one JSON value", nil},
		{"POST", "/api/tokenize", `not json`, 400, "body:", nil},
		{"GET", "/api/tokenize", ``, 404, "", nil}, // only POST is the API
	} {
		code, body := post(c.method, c.path, c.body, c.header...)
		if code != c.code || !strings.Contains(body, c.want) {
			short := c.body
			if len(short) > 80 {
				short = short[:80] + "…"
			}
			t.Errorf("%s %s %s: %d %.200s; want %d with %q", c.method, c.path, short, code, body, c.code, c.want)
		}
	}
}

// TestTokenizersMatchModels: a generation model without its tokenizer, a
// tokenizer without its model, or an end token that disagrees is a
// configuration error at start, not a broken prompt box later.
func TestTokenizersMatchModels(t *testing.T) {
	t.Parallel()
	dir := pageDir(t)
	tk := tinyTokenizer(t)
	gen := Model{Name: "tiny-gen", Address: genAddr, Generate: &Generate{Seq: 8, EOS: 0}}
	for _, c := range []struct {
		name   string
		models []Model
		toks   Tokenizers
		want   string
	}{
		{"no tokenizer", []Model{gen}, nil, "has no tokenizer"},
		{"no model", nil, Tokenizers{genAddr: tk}, "1 tokenizers for 0 generation models"},
		{"other eos", []Model{{Name: "g", Address: genAddr, Generate: &Generate{Seq: 8, EOS: 5}}}, Tokenizers{genAddr: tk}, "end token 5"},
		{"no positions", []Model{{Name: "g", Address: genAddr, Generate: &Generate{EOS: 0}}}, Tokenizers{genAddr: tk}, "0 positions"},
		{"one model, two tokenizers", []Model{gen}, Tokenizers{genAddr: tk, strings.ToLower(genAddr): tk}, "two tokenizers"},
		{"nil tokenizer", []Model{gen}, Tokenizers{genAddr: nil}, "nil"},
	} {
		_, err := Handler(dir, Config{Models: c.models}, c.toks)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}
	// The generation model's config reaches the page.
	s := serve(t, dir, Config{Models: []Model{gen}}, Tokenizers{genAddr: tk})
	r, err := http.Get(s.URL() + "config.json")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	var back Config
	if err := json.Unmarshal(body, &back); err != nil || back.Models[0].Generate == nil || back.Models[0].Generate.Seq != 8 {
		t.Fatalf("config.json: %v %s", err, body)
	}
	if !bytes.Contains(body, []byte(`"generate": {`)) {
		t.Fatalf("config.json has no generate: %s", body)
	}
}

// TestSlots: the tokenizer's work runs at most as many requests at once
// as there are slots; a request waits a while for one, then is told the
// server is busy (503), and a request whose client left stops waiting.
func TestSlots(t *testing.T) {
	t.Parallel()
	s := make(slots, 1)
	hold, held := make(chan struct{}), make(chan struct{})
	go s.run(context.Background(), time.Second, func() error { close(held); <-hold; return nil })
	<-held
	if err := s.run(context.Background(), 10*time.Millisecond, func() error { t.Error("ran without a slot"); return nil }); !errors.Is(err, ErrBusy) || apiStatus(err) != http.StatusServiceUnavailable {
		t.Fatalf("all slots taken: %v (status %d), want ErrBusy and 503", err, apiStatus(err))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.run(ctx, time.Minute, func() error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("a client that left: %v", err)
	}
	close(hold)
	ran := false
	if err := s.run(context.Background(), time.Second, func() error { ran = true; return nil }); err != nil || !ran {
		t.Fatalf("a freed slot: %v, ran %v", err, ran)
	}
	if apiStatus(errors.New("no token for é")) != http.StatusBadRequest || apiStatus(nil) != http.StatusOK {
		t.Fatal("apiStatus: the tokenizer's refusals are the client's (400)")
	}
}

// TestDetokenizeAnswerBound: ids of long tokens do not buy an answer a
// thousand times the request.
func TestDetokenizeAnswerBound(t *testing.T) {
	t.Parallel()
	dir := pageDir(t)
	long, err := tokenizer.New([]string{"<eos>", strings.Repeat("a", tokenizer.MaxTokenLen)}, []int32{tokenizer.TypeControl, tokenizer.TypeNormal}, nil, "default")
	if err != nil {
		t.Fatal(err)
	}
	long.EOS = 0
	h, err := Handler(dir, Config{Models: []Model{{Name: "long", Address: genAddr, Generate: &Generate{Seq: 8, EOS: 0}}}}, Tokenizers{genAddr: long})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		n    int
		code int
		want string
	}{{64, 200, `{"text":"aaaa`}, {65, 400, "the ids' text is 66560 bytes: at most 65536"}} {
		body := `{"model":"` + genAddr + `","ids":[` + strings.TrimSuffix(strings.Repeat("1,", c.n), ",") + `]}`
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/detokenize", strings.NewReader(body)))
		if rec.Code != c.code || !strings.Contains(rec.Body.String(), c.want) {
			t.Errorf("%d long ids: %d %.100s, want %d with %q", c.n, rec.Code, rec.Body.String(), c.code, c.want)
		}
	}
}
