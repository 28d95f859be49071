package tokenizer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestWords: the pre-tokenizer's words, GPT-2's pattern with SmolLM2's
// digits split one by one.
func TestWords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text   string
		digits bool
		want   []string
	}{
		{"Hello world", false, []string{"Hello", " world"}},
		{"I'm here, you're not", false, []string{"I", "'m", " here", ",", " you", "'re", " not"}},
		{"a  b", false, []string{"a", " ", " b"}},
		{"a   ", false, []string{"a", "   "}},
		{"x\n\ny", false, []string{"x", "\n", "\n", "y"}}, // only a space joins the next word
		{"price 1234 ok", false, []string{"price", " 1234", " ok"}},
		{"price 1234 ok", true, []string{"price", " ", "1", "2", "3", "4", " ok"}},
		{"v2.0!!", true, []string{"v", "2", ".", "0", "!!"}},
		{" ...what", false, []string{" ...", "what"}},
		{"'S", false, []string{"'", "S"}}, // the contractions are case-sensitive
		{"héllo wörld", false, []string{"héllo", " wörld"}},
		{"日本語 テキスト", false, []string{"日本語", " テキスト"}},
		{"", false, nil},
	}
	for _, c := range cases {
		tk := &Tokenizer{digits: c.digits}
		var got []string
		for _, w := range tk.words(c.text) {
			got = append(got, decodeBytes(w))
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("words(%q, digits %v) = %q, want %q", c.text, c.digits, got, c.want)
		}
	}
}

// TestByteEncoding: every byte has a printable rune and back.
func TestByteEncoding(t *testing.T) {
	t.Parallel()
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	enc := encodeBytes(string(all))
	if strings.ContainsAny(enc, " \n\t") {
		t.Error("the encoding has whitespace")
	}
	if got := decodeBytes(enc); got != string(all) {
		t.Error("decode(encode(bytes)) is not the bytes")
	}
	if byteRune[' '] != 'Ġ' || byteRune['\n'] != 'Ċ' {
		t.Errorf("space and newline encode to %q and %q, want Ġ and Ċ", byteRune[' '], byteRune['\n'])
	}
}

// tiny is a vocabulary of every byte plus merged texts, with merges
// ranked best first.
func tiny(t *testing.T, merges []string, extra ...string) *Tokenizer {
	t.Helper()
	var tokens []string
	var types []int32
	for b := 0; b < 256; b++ {
		tokens, types = append(tokens, string(byteRune[b])), append(types, TypeNormal)
	}
	for _, m := range merges {
		l, r, _ := strings.Cut(m, " ")
		tokens, types = append(tokens, l+r), append(types, TypeNormal)
	}
	for _, e := range extra {
		tokens, types = append(tokens, e), append(types, TypeControl)
	}
	tk, err := New(tokens, types, merges, "smollm")
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// TestBPE: merges apply best rank first, the leftmost of equal ranks;
// special tokens are cut out only when asked; decoding gives the text back.
func TestBPE(t *testing.T) {
	t.Parallel()
	tk := tiny(t, []string{"a a", "b c", "aa a", "Ġ a"}, "<|im_start|>", "<|im")
	id := func(s string) int32 { return tk.ids[s] }
	cases := []struct {
		text    string
		special bool
		want    []int32
	}{
		{"aaa", false, []int32{id("aaa")}},                            // a a, then aa a
		{"aaaa", false, []int32{id("aa"), id("aa")}},                  // the leftmost a a first, then the next
		{"abc", false, []int32{id("a"), id("bc")}},                    // no merge of a with bc
		{" a", false, []int32{id("Ġa")}},                              // the space joins the word
		{"<|im_start|>a", true, []int32{id("<|im_start|>"), id("a")}}, // the longest special text wins
		{"x<|im", true, []int32{id("x"), id("<|im")}},
		{"<|im_start|>", false, nil}, // plain text: checked by length below
	}
	for _, c := range cases {
		got, err := tk.Encode(c.text, c.special)
		if err != nil {
			t.Fatal(err)
		}
		if c.want != nil && !slices.Equal(got, c.want) {
			t.Errorf("Encode(%q, %v) = %v, want %v", c.text, c.special, got, c.want)
		}
		if c.want == nil && (len(got) < 2 || slices.Contains(got, id("<|im_start|>"))) {
			t.Errorf("Encode(%q, %v) = %v: the special text must stay plain text", c.text, c.special, got)
		}
		back, err := tk.Decode(got)
		if err != nil || back != c.text {
			t.Errorf("Decode(Encode(%q)) = %q, %v", c.text, back, err)
		}
	}
}

// TestHostileInput: bad vocabularies and texts give errors, never a panic;
// a long word encodes in about linear time (the merge queue).
func TestHostileInput(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		tokens []string
		types  []int32
		merges []string
		pre    string
	}{
		{"no tokens", nil, nil, nil, "smollm"},
		{"unknown pre-tokenizer", []string{"a"}, nil, nil, "llama3"},
		{"types of another length", []string{"a", "b"}, []int32{1}, nil, "gpt2"},
		{"an empty token", []string{"a", ""}, nil, nil, "gpt2"},
		{"a merge without a space", []string{"a"}, nil, []string{"ab"}, "gpt2"},
		{"invalid UTF-8", []string{"\xff"}, nil, nil, "gpt2"},
	} {
		if _, err := New(c.tokens, c.types, c.merges, c.pre); !errors.Is(err, ErrVocab) {
			t.Errorf("%s: error %v, want ErrVocab", c.name, err)
		}
	}
	tk := tiny(t, []string{"a a", "aa aa"})
	if _, err := tk.Encode("\xffabc", false); err == nil {
		t.Error("invalid UTF-8 text encoded")
	}
	if _, err := tk.Encode(strings.Repeat("a", MaxTextBytes+1), false); err == nil {
		t.Error("an over-long text encoded")
	}
	ids, err := tk.Encode(strings.Repeat("a", 1<<18), false)
	if err != nil || len(ids) != 1<<16 {
		t.Errorf("a word of 2^18 a's: %d tokens (want 2^16 aaaa), %v", len(ids), err)
	}
	if _, err := tk.Decode([]int32{-1}); err == nil {
		t.Error("decoded id -1")
	}
	// Many special texts in a long text: each special is searched for
	// again only after the cursor passes it (quadratic before).
	sp := tiny(t, nil, "<|endoftext|>", "<|im_start|>", "<|im_end|>")
	long := strings.Repeat("<|im_end|>", MaxTextBytes/len("<|im_end|>"))
	ids, err = sp.Encode(long, true)
	if err != nil || len(ids) != MaxTextBytes/len("<|im_end|>") {
		t.Errorf("%d special texts: %d tokens, %v", MaxTextBytes/len("<|im_end|>"), len(ids), err)
	}
	// A vocabulary without a byte's token cannot encode that byte.
	if _, err := mustNew(t, []string{"a", "b"}).Encode("c", false); !errors.Is(err, ErrVocab) {
		t.Errorf("encoding a byte the vocabulary lacks: %v, want ErrVocab", err)
	}
	many := make([]string, MaxSpecial+2)
	kinds := make([]int32, len(many))
	for i := range many {
		many[i], kinds[i] = fmt.Sprintf("<|%d|>", i), TypeControl
	}
	if _, err := New(many, kinds, nil, "gpt2"); !errors.Is(err, ErrVocab) {
		t.Errorf("%d special tokens: %v, want ErrVocab", len(many), err)
	}
}

func mustNew(t *testing.T, tokens []string) *Tokenizer {
	t.Helper()
	tk, err := New(tokens, nil, nil, "gpt2")
	if err != nil {
		t.Fatal(err)
	}
	return tk
}
