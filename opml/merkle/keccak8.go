package merkle

import "encoding/binary"

//go:generate go run ./internal/genkeccak8 keccak8_amd64.s

// rate is Keccak-256's sponge rate in bytes.
const rate = 136

// roundConstants are Keccak-f[1600]'s ι constants (FIPS 202).
var roundConstants = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
	0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
	0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// sum8 sets out[i] to keccak256(prefix ‖ body[i]) for eight bodies of one
// length, hashed together by permute8 (only where lanes8).
func sum8(prefix byte, body *[8][]byte, out *[8]Hash) {
	var s [25][8]uint64
	var blk [rate]byte
	n := 1 + len(body[0]) // the message: the prefix, then the body
	blocks := n/rate + 1  // with the padding
	for k := 0; k < blocks; k++ {
		lo := k * rate // the block's offset in the message
		for lane := range body {
			clear(blk[:])
			if lo == 0 {
				blk[0] = prefix
			}
			if start, end := max(lo, 1), min(lo+rate, n); start < end {
				copy(blk[start-lo:], body[lane][start-1:end-1])
			}
			if n >= lo && n < lo+rate {
				blk[n-lo] ^= 0x01 // Keccak's padding (not SHA-3's)
			}
			if k == blocks-1 {
				blk[rate-1] ^= 0x80
			}
			for w := 0; w < rate/8; w++ {
				s[w][lane] ^= binary.LittleEndian.Uint64(blk[8*w:])
			}
		}
		permute8(&s)
	}
	for lane := range out {
		for w := 0; w < 4; w++ {
			binary.LittleEndian.PutUint64(out[lane][8*w:], s[w][lane])
		}
	}
}

// leafHashes8 hashes the eight full leaves from data[off:] on.
func leafHashes8(data []byte, off, leafSize int, out []Hash) {
	var body [8][]byte
	for i := range body {
		body[i] = data[off+i*leafSize : off+(i+1)*leafSize]
	}
	sum8(0, &body, (*[8]Hash)(out))
}

// nodeHashes8 hashes the eight node pairs in[0:16] into out[0:8].
func nodeHashes8(in []Hash, out []Hash) {
	var pairs [8][64]byte
	var body [8][]byte
	for i := range pairs {
		copy(pairs[i][:32], in[2*i][:])
		copy(pairs[i][32:], in[2*i+1][:])
		body[i] = pairs[i][:]
	}
	sum8(1, &body, (*[8]Hash)(out))
}
