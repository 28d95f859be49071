package dapp

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<html>page</html>", "assets/app.js": "js", "empty/x.txt": "x"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(filepath.Dir(dir), "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	cfg := Config{L1: Chain{ChainID: 900, RPCURL: "http://127.0.0.1:8545"}, L2: Chain{ChainID: 901, RPCURL: "http://127.0.0.1:9545"},
		Models: []Model{{Name: "iris", OutputSize: 12, Inputs: []Spec{{DType: "f32", Shape: []int{1, 4}}}}}}
	s := serve(t, dir, cfg, nil)
	get := func(path string) (int, string) {
		r, err := http.Get(strings.TrimSuffix(s.URL(), "/") + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	for _, c := range []struct {
		path string
		code int
		want string
	}{
		{"/", 200, "page"},
		{"/assets/app.js", 200, "js"},
		{"/empty/", 404, ""},    // no listing
		{"/assets/", 404, ""},   // no listing
		{"/../secret", 404, ""}, // not out of dir
		{"/%2e%2e/secret", 404, ""},
		{"/nope.js", 404, ""},
		{"/link", 404, ""}, // a symbolic link out of dir
	} {
		code, body := get(c.path)
		if code != c.code || !strings.Contains(body, c.want) {
			t.Errorf("GET %s: %d %q, want %d with %q", c.path, code, body, c.code, c.want)
		}
	}
	// Below the mux's path cleaning: the file system itself keeps to dir.
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := noListing{http.FS(root.FS())}
	for _, name := range []string{"../secret", "/../secret", "link", "empty"} {
		if f, err := fsys.Open(name); err == nil {
			f.Close()
			t.Errorf("Open(%q) succeeded", name)
		}
	}
	if f, err := fsys.Open("/assets/app.js"); err != nil {
		t.Errorf("Open(/assets/app.js): %v", err)
	} else {
		f.Close()
	}
	code, body := get("/config.json")
	var back Config
	if code != 200 || json.Unmarshal([]byte(body), &back) != nil || back.L2.ChainID != 901 || back.Models[0].Inputs[0].Shape[1] != 4 {
		t.Fatalf("config.json: %d %s", code, body)
	}
	if _, err := Handler(t.TempDir(), cfg, nil); !errors.Is(err, ErrNotBuilt) {
		t.Fatalf("unbuilt page: %v", err)
	}
}
