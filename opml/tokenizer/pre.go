package tokenizer

import (
	"unicode"
	"unicode/utf8"
)

// byteRune is GPT-2's byte-to-rune encoding: printable Latin-1 bytes stand
// for themselves and the others (controls, space, DEL, NBSP, soft hyphen)
// for the runes from U+0100 in byte order, so that every token text is
// printable. runeByte is its inverse.
var byteRune, runeByte = byteEncoding()

func byteEncoding() ([256]rune, map[rune]byte) {
	var enc [256]rune
	dec := make(map[rune]byte, 256)
	next := rune(256)
	for b := 0; b < 256; b++ {
		if (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF) {
			enc[b] = rune(b)
		} else {
			enc[b] = next
			next++
		}
		dec[enc[b]] = byte(b)
	}
	return enc, dec
}

// encodeBytes is s's bytes in the byte-to-rune encoding.
func encodeBytes(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = byteRune[s[i]]
	}
	return string(r)
}

// decodeBytes undoes encodeBytes; a rune outside the encoding is kept as
// its UTF-8 bytes.
func decodeBytes(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if c, ok := runeByte[r]; ok {
			b = append(b, c)
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b)
}

// words splits text as the pre-tokenizer does and returns each word in the
// byte-to-rune encoding. With digits, every \p{N} rune is first cut out as
// a segment of its own; each segment is then split by GPT-2's pattern
// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// without looking across segments.
func (t *Tokenizer) words(text string) []string {
	rs := []rune(text)
	var out []string
	emit := func(a, b int) { out = append(out, encodeBytes(string(rs[a:b]))) }
	start := 0
	for i, r := range rs {
		if t.digits && unicode.IsNumber(r) {
			splitGPT2(rs, start, i, emit)
			emit(i, i+1)
			start = i + 1
		}
	}
	splitGPT2(rs, start, len(rs), emit)
	return out
}

// Rune classes of the pattern; none outside the segment.
const (
	classNone = iota
	classLetter
	classNumber
	classSpace
	classOther
)

func classOf(rs []rune, i, end int) int {
	if i >= end {
		return classNone
	}
	switch r := rs[i]; {
	case unicode.IsLetter(r):
		return classLetter
	case unicode.IsNumber(r):
		return classNumber
	case unicode.IsSpace(r):
		return classSpace
	}
	return classOther
}

// splitGPT2 emits the words of rs[from:end] by GPT-2's pattern (see words).
func splitGPT2(rs []rune, from, end int, emit func(a, b int)) {
	at := func(i int) rune {
		if i < end {
			return rs[i]
		}
		return -1
	}
	for pos := from; pos < end; {
		c := rs[pos]
		if c == '\'' {
			n1, n2 := at(pos+1), at(pos+2)
			if n1 == 's' || n1 == 't' || n1 == 'm' || n1 == 'd' {
				emit(pos, pos+2)
				pos += 2
				continue
			}
			if (n1 == 'r' && n2 == 'e') || (n1 == 'v' && n2 == 'e') || (n1 == 'l' && n2 == 'l') {
				emit(pos, pos+3)
				pos += 3
				continue
			}
		}
		lead := pos // a run may take one space in front
		if c == ' ' {
			lead = pos + 1
		}
		if k := classOf(rs, lead, end); k == classLetter || k == classNumber || k == classOther {
			e := lead
			for classOf(rs, e, end) == k {
				e++
			}
			emit(pos, e)
			pos = e
			continue
		}
		n := 0
		for classOf(rs, pos+n, end) == classSpace {
			n++
		}
		switch {
		case n > 1 && pos+n < end: // \s+(?!\S): the last space goes with the next word
			emit(pos, pos+n-1)
			pos += n - 1
		case n > 0:
			emit(pos, pos+n)
			pos += n
		default:
			emit(pos, pos+1)
			pos++
		}
	}
}

// ByteLevel is s as a vocabulary stores it: each byte in GPT-2's
// byte-to-rune encoding (a space is "Ġ"). It builds vocabularies in code,
// such as a toy model's one token per character.
func ByteLevel(s string) string { return encodeBytes(s) }
