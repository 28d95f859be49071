package examples_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aievm/aievm/opml/examples"
	"github.com/aievm/aievm/opml/tokenizer"
)

// TestTinyGenerationTokenizerGGUF: the toy tokenizer written as a GGUF
// file reads back (as `aievm infer --tokenizer` reads it) as the same
// tokenizer: the same ids for a prompt, the same end token, and the text
// back.
func TestTinyGenerationTokenizerGGUF(t *testing.T) {
	t.Parallel()
	b, err := examples.TinyGenerationTokenizerGGUF()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := tokenizer.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := examples.TinyGenerationTokenizer()
	if err != nil {
		t.Fatal(err)
	}
	const text = "Hi there, ~world~ 42!<|endoftext|>"
	a, errA := got.Encode(text, true)
	w, errW := want.Encode(text, true)
	if errA != nil || errW != nil || !slices.Equal(a, w) || got.EOS != want.EOS || got.Vocab() != want.Vocab() {
		t.Fatalf("from the file: %v (%v), eos %d, vocab %d; built: %v (%v), eos %d, vocab %d", a, errA, got.EOS, got.Vocab(), w, errW, want.EOS, want.Vocab())
	}
	if back, err := got.Decode(a); err != nil || back != text {
		t.Fatalf("decodes to %q (%v)", back, err)
	}
}
