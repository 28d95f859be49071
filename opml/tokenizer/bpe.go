// Package tokenizer is the byte-level BPE tokenizer of GGUF language models
// whose tokenizer.ggml.model is "gpt2" (GPT-2, SmolLM2, StarCoder): text to
// token ids and back, from the vocabulary and merges in the file's
// metadata, as llama.cpp tokenizes. The engine never tokenizes: contracts
// and the chain see token ids; this is for the CLI and the tests that
// compare generations with llama.cpp's.
package tokenizer

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Token types of tokenizer.ggml.token_type (llama.cpp's llama_token_type).
const (
	TypeNormal      = 1
	TypeUnknown     = 2
	TypeControl     = 3
	TypeUserDefined = 4
	TypeUnused      = 5
	TypeByte        = 6
)

// Bounds on what a tokenizer reads from a file and on what it encodes.
const (
	MaxVocab     = 1 << 20 // tokens in a vocabulary
	MaxMerges    = 1 << 21 // merge rules
	MaxTokenLen  = 1 << 10 // bytes of one token's text
	MaxTextBytes = 1 << 20 // bytes of text Encode takes
	MaxSpecial   = 1 << 12 // control and user-defined tokens (Encode looks for each in the text)
)

// ErrVocab marks a vocabulary or merge list the tokenizer cannot use.
var ErrVocab = errors.New("tokenizer vocabulary")

// Tokenizer is a byte-level BPE vocabulary: token texts (in the byte-to-rune
// encoding GPT-2 uses, so that every byte string has a text), merge ranks
// and the pre-tokenizer that splits text into words first.
type Tokenizer struct {
	texts   []string         // token id -> text
	types   []int32          // token id -> type (TypeNormal if the file has none)
	ids     map[string]int32 // text -> token id
	ranks   map[[2]string]int
	special []int32 // control and user-defined tokens, longest text first
	digits  bool    // split every digit into its own word first (SmolLM2's pre-tokenizer)
	BOS     int32   // -1 if none
	EOS     int32   // -1 if none
	AddBOS  bool    // llama.cpp prepends BOS to a prompt
}

// Pre-tokenizers (tokenizer.ggml.pre) whose word splitting this package
// implements: GPT-2's pattern, with digits first split one by one for
// smollm.
var preTokenizers = map[string]bool{"gpt2": false, "default": false, "smollm": true}

// New builds a tokenizer from token texts, their types (nil: all normal),
// merge rules ("left right", best first) and the pre-tokenizer's name.
func New(tokens []string, types []int32, merges []string, pre string) (*Tokenizer, error) {
	digits, ok := preTokenizers[pre]
	if !ok {
		return nil, fmt.Errorf("%w: pre-tokenizer %q is not supported (%s)", ErrVocab, pre, strings.Join(supportedPre(), ", "))
	}
	if len(tokens) == 0 || len(tokens) > MaxVocab {
		return nil, fmt.Errorf("%w: %d tokens (1 to %d)", ErrVocab, len(tokens), MaxVocab)
	}
	if types != nil && len(types) != len(tokens) {
		return nil, fmt.Errorf("%w: %d token types for %d tokens", ErrVocab, len(types), len(tokens))
	}
	if len(merges) > MaxMerges {
		return nil, fmt.Errorf("%w: %d merges (at most %d)", ErrVocab, len(merges), MaxMerges)
	}
	t := &Tokenizer{texts: tokens, types: types, ids: make(map[string]int32, len(tokens)),
		ranks: make(map[[2]string]int, len(merges)), digits: digits, BOS: -1, EOS: -1}
	if t.types == nil {
		t.types = make([]int32, len(tokens))
		for i := range t.types {
			t.types[i] = TypeNormal
		}
	}
	for i, s := range tokens {
		if s == "" || len(s) > MaxTokenLen || !utf8.ValidString(s) {
			return nil, fmt.Errorf("%w: token %d has an empty, invalid or over-long text", ErrVocab, i)
		}
		if _, dup := t.ids[s]; !dup { // the first id of a text wins, as in llama.cpp
			t.ids[s] = int32(i)
		}
		if ty := t.types[i]; ty == TypeControl || ty == TypeUserDefined {
			t.special = append(t.special, int32(i))
		}
	}
	if len(t.special) > MaxSpecial {
		return nil, fmt.Errorf("%w: %d control and user-defined tokens (at most %d)", ErrVocab, len(t.special), MaxSpecial)
	}
	slices.SortStableFunc(t.special, func(a, b int32) int { return len(tokens[b]) - len(tokens[a]) })
	for i, m := range merges {
		l, r, ok := strings.Cut(m, " ")
		if !ok || l == "" || r == "" {
			return nil, fmt.Errorf("%w: merge %d (%q) is not two texts split by a space", ErrVocab, i, m)
		}
		if _, dup := t.ranks[[2]string{l, r}]; !dup {
			t.ranks[[2]string{l, r}] = i
		}
	}
	return t, nil
}

func supportedPre() []string {
	var s []string
	for k := range preTokenizers {
		s = append(s, k)
	}
	slices.Sort(s)
	return s
}

// Vocab is the number of tokens.
func (t *Tokenizer) Vocab() int { return len(t.texts) }

// Encode returns text's token ids. With special, the texts of control and
// user-defined tokens (such as "<|im_start|>") in text become those tokens;
// without, they are tokenized as plain text. BOS is prepended if AddBOS.
func (t *Tokenizer) Encode(text string, special bool) ([]int32, error) {
	if len(text) > MaxTextBytes {
		return nil, fmt.Errorf("text of %d bytes (at most %d)", len(text), MaxTextBytes)
	}
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("text is not valid UTF-8")
	}
	var out []int32
	if t.AddBOS && t.BOS >= 0 {
		out = append(out, t.BOS)
	}
	// next[i] is where special token i next occurs at or after the cursor
	// (len(text) if nowhere): each is searched for again only once the
	// cursor has passed it, so the searches cost len(text) per special.
	var next []int
	if special {
		next = make([]int, len(t.special))
		for i := range next {
			next[i] = -1
		}
	}
	for at := 0; at < len(text); {
		end, id := len(text), int32(-1)
		for i, sp := range t.special[:len(next)] {
			if next[i] < at {
				next[i] = len(text)
				if k := strings.Index(text[at:], t.texts[sp]); k >= 0 {
					next[i] = at + k
				}
			}
			if next[i] < end { // the longest of those starting first: specials are longest first
				end, id = next[i], sp
			}
		}
		for _, w := range t.words(text[at:end]) {
			var err error
			if out, err = t.bpe(w, out); err != nil {
				return nil, err
			}
		}
		if id < 0 {
			break
		}
		out = append(out, id)
		at = end + len(t.texts[id])
	}
	return out, nil
}

// Decode returns the text of ids: each token's bytes (control tokens give
// their text). An id outside the vocabulary is an error.
func (t *Tokenizer) Decode(ids []int32) (string, error) {
	var b []byte
	for _, id := range ids {
		p, err := t.Piece(id)
		if err != nil {
			return "", err
		}
		b = append(b, p...)
	}
	return string(b), nil
}

// Piece is the bytes token id stands for.
func (t *Tokenizer) Piece(id int32) ([]byte, error) {
	if id < 0 || int(id) >= len(t.texts) {
		return nil, fmt.Errorf("token id %d outside the vocabulary of %d", id, len(t.texts))
	}
	s := t.texts[id]
	if ty := t.types[id]; ty == TypeControl || ty == TypeUserDefined {
		return []byte(s), nil
	}
	return []byte(decodeBytes(s)), nil
}

// bpe appends the tokens of one word (already in the byte-to-rune
// encoding): its runes, merged pair by pair, the best-ranked pair first and
// the leftmost of equal ranks, then each symbol's token, or its bytes'
// tokens if the vocabulary lacks the symbol (an error if it lacks a byte).
func (t *Tokenizer) bpe(word string, out []int32) ([]int32, error) {
	if word == "" {
		return out, nil
	}
	type sym struct {
		text       string
		prev, next int
	}
	var syms []sym
	for i, r := range word {
		syms = append(syms, sym{text: word[i : i+utf8.RuneLen(r)], prev: len(syms) - 1, next: len(syms) + 1})
	}
	syms[len(syms)-1].next = -1
	q := &pairQueue{}
	push := func(l, r int) {
		if l < 0 || r < 0 {
			return
		}
		if rank, ok := t.ranks[[2]string{syms[l].text, syms[r].text}]; ok {
			heap.Push(q, pair{rank: rank, left: l, right: r, text: syms[l].text + syms[r].text})
		}
	}
	for i := 1; i < len(syms); i++ {
		push(i-1, i)
	}
	for q.Len() > 0 {
		p := heap.Pop(q).(pair)
		l, r := &syms[p.left], &syms[p.right]
		if l.text == "" || r.text == "" || l.next != p.right || l.text+r.text != p.text {
			continue // stale: one side has merged since
		}
		l.text, r.text = p.text, ""
		l.next = r.next
		if r.next >= 0 {
			syms[r.next].prev = p.left
		}
		push(l.prev, p.left)
		push(p.left, l.next)
	}
	for i := 0; i >= 0; i = syms[i].next {
		s := syms[i].text
		if id, ok := t.ids[s]; ok {
			out = append(out, id)
			continue
		}
		for _, c := range []byte(decodeBytes(s)) {
			id, ok := t.ids[string(byteRune[c])]
			if !ok {
				return nil, fmt.Errorf("%w: no token for the byte %#02x", ErrVocab, c)
			}
			out = append(out, id)
		}
	}
	return out, nil
}

// pair is a candidate merge of two adjacent symbols.
type pair struct {
	rank, left, right int
	text              string
}

// pairQueue orders candidate merges by rank, then by position.
type pairQueue []pair

func (q pairQueue) Len() int { return len(q) }
func (q pairQueue) Less(i, j int) bool {
	return q[i].rank < q[j].rank || (q[i].rank == q[j].rank && q[i].left < q[j].left)
}
func (q pairQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *pairQueue) Push(x any)   { *q = append(*q, x.(pair)) }
func (q *pairQueue) Pop() any {
	old := *q
	p := old[len(old)-1]
	*q = old[:len(old)-1]
	return p
}
