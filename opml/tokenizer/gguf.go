package tokenizer

import (
	"fmt"

	"github.com/aievm/aievm/opml/gguf"
)

// Open reads the tokenizer of the GGUF file at path.
func Open(path string) (*Tokenizer, error) {
	g, f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := FromMetadata(g.Metadata)
	if err != nil {
		return nil, fmt.Errorf("tokenizer of %s: %w", path, err)
	}
	return t, nil
}

// FromMetadata builds the tokenizer a GGUF file describes in its metadata
// (tokenizer.ggml.*), as opml/gguf reads it.
func FromMetadata(md map[string]any) (*Tokenizer, error) {
	if m, _ := md["tokenizer.ggml.model"].(string); m != "gpt2" {
		return nil, fmt.Errorf("%w: tokenizer.ggml.model %q (only gpt2, byte-level BPE, is supported)", ErrVocab, m)
	}
	tokens, err := stringList(md, "tokenizer.ggml.tokens")
	if err != nil {
		return nil, err
	}
	merges, err := stringList(md, "tokenizer.ggml.merges")
	if err != nil {
		return nil, err
	}
	var types []int32
	if raw, ok := md["tokenizer.ggml.token_type"].([]any); ok {
		types = make([]int32, len(raw))
		for i, v := range raw {
			n, ok := v.(int32)
			if !ok {
				return nil, fmt.Errorf("%w: token type %d is a %T", ErrVocab, i, v)
			}
			types[i] = n
		}
	}
	pre, _ := md["tokenizer.ggml.pre"].(string)
	if pre == "" {
		pre = "default"
	}
	t, err := New(tokens, types, merges, pre)
	if err != nil {
		return nil, err
	}
	if t.BOS, err = tokenID(md, "tokenizer.ggml.bos_token_id", len(tokens)); err != nil {
		return nil, err
	}
	if t.EOS, err = tokenID(md, "tokenizer.ggml.eos_token_id", len(tokens)); err != nil {
		return nil, err
	}
	t.AddBOS, _ = md["tokenizer.ggml.add_bos_token"].(bool)
	return t, nil
}

func stringList(md map[string]any, key string) ([]string, error) {
	raw, ok := md[key].([]any)
	if !ok {
		return nil, fmt.Errorf("%w: %s is missing or not an array", ErrVocab, key)
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%w: %s[%d] is a %T", ErrVocab, key, i, v)
		}
		out[i] = s
	}
	return out, nil
}

// tokenID reads an optional token id: -1 if absent.
func tokenID(md map[string]any, key string, vocab int) (int32, error) {
	v, ok := md[key]
	if !ok {
		return -1, nil
	}
	var id int64
	switch n := v.(type) {
	case uint32:
		id = int64(n)
	case int32:
		id = int64(n)
	default:
		return -1, fmt.Errorf("%w: %s is a %T", ErrVocab, key, v)
	}
	if id < 0 || id >= int64(vocab) {
		return -1, fmt.Errorf("%w: %s = %d outside the vocabulary of %d", ErrVocab, key, id, vocab)
	}
	return int32(id), nil
}
