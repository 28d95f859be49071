package exec

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/aievm/aievm/opml/tensor"
)

// dotRows4Kernel is one implementation of dotRows4.
type dotRows4Kernel func(w []int8, wd4 []float32, xq []int8, xd4 []float32, out *[4]float32)

// TestDotRows4Kernels checks every quantized-matmul kernel this CPU can run
// against dotRowPortable, bit for bit (NaNs as NaN: the matmul canonicalizes
// them), over extreme integers (weights -128 and 127, activations ±127)
// and special scales (NaN, ±Inf, ±0, subnormals, overflowing products). The
// kernels the CPU lacks are named in the log, not run.
func TestDotRows4Kernels(t *testing.T) {
	t.Parallel()
	kernels, missing := dotRows4Kernels()
	kernels["portable"] = dotRows4Portable
	for _, name := range missing {
		t.Logf("kernel %s: not on this CPU, not tested here", name)
	}
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		math.SmallestNonzeroFloat32, -math.SmallestNonzeroFloat32, math.MaxFloat32, 1e-20, 3e19}
	r := rand.New(rand.NewPCG(22, 4))
	for _, nb := range []int{1, 2, 3, 8, 24} {
		k := 32 * nb
		for trial := 0; trial < 50; trial++ {
			w := make([]int8, 4*k)
			x := make([]int8, k)
			for i := range w {
				switch trial % 3 {
				case 0:
					w[i] = int8(r.IntN(256) - 128)
				case 1: // every product at its largest
					w[i] = -128
				default:
					w[i] = int8(127 - 255*r.IntN(2))
				}
			}
			for i := range x {
				x[i] = int8(r.IntN(255) - 127)
				if trial%3 != 0 {
					x[i] = int8(127 - 254*r.IntN(2))
				}
			}
			scale := func() float32 {
				if r.IntN(8) == 0 {
					return specials[r.IntN(len(specials))]
				}
				return float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
			}
			wd := make([]float32, 4*nb) // row-major: wd[i*nb+b]
			xd := make([]float32, nb)
			for i := range wd {
				wd[i] = scale()
			}
			for i := range xd {
				xd[i] = scale()
			}
			wd4, xd4 := make([]float32, 4*nb), make([]float32, 4*nb)
			for i := 0; i < 4; i++ {
				for b := 0; b < nb; b++ {
					wd4[4*b+i], xd4[4*b+i] = wd[i*nb+b], xd[b]
				}
			}
			var want [4]float32
			for i := range want {
				want[i] = dotRowPortable(w[i*k:(i+1)*k], wd[i*nb:(i+1)*nb], x, xd)
			}
			for name, kern := range kernels {
				var got [4]float32
				kern(w, wd4, x, xd4, &got)
				for i := range got {
					if !sameF32(got[i], want[i]) {
						t.Fatalf("kernel %s, %d blocks, trial %d, row %d: %v (%#x), want %v (%#x)", name, nb, trial, i,
							got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
					}
				}
			}
		}
	}
}

// sameF32 is bit equality, any NaN equal to any NaN.
func sameF32(a, b float32) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return math.Float32bits(a) == math.Float32bits(b)
}

// TestDotRows16 checks the 16-row layout (interleave16) and its kernels,
// dotRows16 (AVX-512 VNNI assembly where the CPU has it) and its Go twin,
// against dotRowPortable, bit for bit, over extreme integers and special
// scales, on several activation rows with outputs at a stride.
func TestDotRows16(t *testing.T) {
	t.Parallel()
	if matmulRows != 16 {
		t.Logf("matmul kernel %s: dotRows16 runs its Go twin here", SIMD)
	}
	checkDotRows(t, 16, func(w []int8, k int, wdL []float32, x []int8, xd []float32, rows int, y, twin []float32, stride int) {
		cx := make([]int32, len(xd))
		for b := range cx {
			for _, v := range x[32*b : 32*b+32] {
				cx[b] += 128 * int32(v)
			}
		}
		wl := make([]int8, 16*k)
		interleave16(wl, w, k)
		dotRows16(wl, wdL, x, xd, cx, rows, y, stride)
		dotRows16Portable(wl, wdL, x, xd, cx, rows, twin, stride)
	})
}

// TestDotRows8 checks the 8-row layout and its kernels, dotRows8 (AVX2
// assembly where the CPU has it) and its Go twin, the same way.
func TestDotRows8(t *testing.T) {
	t.Parallel()
	checkDotRows(t, 8, func(w []int8, k int, wdL []float32, x []int8, xd []float32, rows int, y, twin []float32, stride int) {
		wl := make([]int8, 8*k)
		for i := 0; i < 8; i++ {
			for c, v := range w[i*k : (i+1)*k] {
				wl[avx2Index(c/32, c%32, i)] = v
			}
		}
		dotRows8(wl, wdL, x, xd, rows, y, stride)
		dotRows8Portable(wl, wdL, x, xd, rows, twin, stride)
	})
}

// checkDotRows runs a row-group kernel (rows weight rows of k values, row
// after row in w; their block scales interleaved in wdL) on 1 to 5
// activation rows (x and their block scales xd, row after row), writing
// each activation row's outputs at y[r*stride:], against dotRowPortable on
// random and extreme integers (-128 and 127 weights, ±127 activations) and
// special scales (zeros, NaN, infinities, subnormals). The gaps between
// output rows must stay untouched.
func checkDotRows(t *testing.T, rows int, kernel func(w []int8, k int, wdL []float32, x []int8, xd []float32, xrows int, y, twin []float32, stride int)) {
	r := rand.New(rand.NewPCG(uint64(rows), 16))
	specials := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)),
		math.SmallestNonzeroFloat32, math.MaxFloat32, 1e-20, 3e19}
	const gap = 42 // what the kernel must leave between output rows
	for _, nb := range []int{0, 1, 2, 5, 24} {
		k := 32 * nb
		for trial := 0; trial < 30; trial++ {
			xrows, stride := 1+trial%5, rows+trial%4
			w, x := make([]int8, rows*k), make([]int8, xrows*k)
			for i := range w {
				w[i] = int8(r.IntN(256) - 128)
				if trial%2 == 1 {
					w[i] = int8(127 - 255*r.IntN(2)) // -128 or 127
				}
			}
			for i := range x {
				x[i] = int8(r.IntN(255) - 127)
				if trial%2 == 1 {
					x[i] = int8(127 - 254*r.IntN(2))
				}
			}
			scale := func() float32 {
				if r.IntN(6) == 0 {
					return specials[r.IntN(len(specials))]
				}
				return float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
			}
			wd, xd := make([]float32, rows*nb), make([]float32, xrows*nb)
			for i := range wd {
				wd[i] = scale()
			}
			for i := range xd {
				xd[i] = scale()
			}
			wdL := make([]float32, rows*nb)
			for i := 0; i < rows; i++ {
				for b := 0; b < nb; b++ {
					wdL[rows*b+i] = wd[i*nb+b]
				}
			}
			got, twin := make([]float32, xrows*stride), make([]float32, xrows*stride)
			for i := range got {
				got[i], twin[i] = gap, gap
			}
			kernel(w, k, wdL, x, xd, xrows, got, twin, stride)
			for xr := 0; xr < xrows; xr++ {
				for i := 0; i < stride; i++ {
					g, tw := got[xr*stride+i], twin[xr*stride+i]
					want := float32(gap)
					if i < rows {
						want = dotRowPortable(w[i*k:(i+1)*k], wd[i*nb:(i+1)*nb], x[xr*k:(xr+1)*k], xd[xr*nb:(xr+1)*nb])
					}
					if !sameF32(g, want) || !sameF32(tw, want) {
						t.Fatalf("%d rows, %d blocks, trial %d, activation row %d, output %d: kernel %v, twin %v, want %v", rows, nb, trial, xr, i, g, tw, want)
					}
				}
			}
		}
	}
}

// TestQuantBlock checks quantBlock's forms this CPU runs (AVX-512, AVX2)
// against quantRowBlockFast on blocks with NaN, infinities, zeros, subnormals (1/d
// overflows), huge values and ties at .5.
func TestQuantBlock(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 32))
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1)),
		math.SmallestNonzeroFloat32, 1e-40, math.MaxFloat32, -math.MaxFloat32, 0.5, 1.5, 127, -127}
	for trial := 0; trial < 3000; trial++ {
		x := make([]float32, 32)
		mag := math.Pow(2, float64(r.IntN(300)-150))
		for i := range x {
			switch {
			case trial%7 == 0:
				x[i] = float32(r.IntN(255) - 127) // integers: exact ties after scaling
			case r.IntN(40) == 0:
				x[i] = specials[r.IntN(len(specials))]
			default:
				x[i] = float32(r.NormFloat64() * mag)
			}
		}
		if trial%11 == 0 {
			clear(x)
		}
		var want [32]int8
		dw := quantRowBlockFast(x, want[:])
		for name, kernel := range quantBlockKernels() {
			var got [32]int8
			if dg := kernel(x, got[:]); !sameF32(dg, dw) || got != want {
				t.Fatalf("%s, trial %d: x %v: d %v q %v, want d %v q %v", name, trial, x, dg, got, dw, want)
			}
			for _, v := range got {
				if v == -128 { // the matmul kernels' sign trick needs |x| <= 127
					t.Fatalf("%s, trial %d: x %v quantized to -128", name, trial, x)
				}
			}
		}
	}
}

// TestQuantBlocks checks quantBlocks (AVX-512 runs of blocks where the CPU
// has it, stopping at special blocks and resuming after them) against
// quantRowBlockFast block by block, with the block sums the VNNI matmul
// corrects by.
func TestQuantBlocks(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 32))
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-40, math.MaxFloat32}
	for trial := 0; trial < 500; trial++ {
		nb := 1 + r.IntN(20)
		x := make([]float32, nb*tensor.QK)
		for b := 0; b < nb; b++ {
			blk := x[b*tensor.QK : (b+1)*tensor.QK]
			mag := math.Pow(2, float64(r.IntN(300)-150))
			for i := range blk {
				blk[i] = float32(r.NormFloat64() * mag)
				if trial%5 == 0 {
					blk[i] = float32(r.IntN(255) - 127) // ties after scaling
				}
			}
			switch r.IntN(8) {
			case 0:
				blk[r.IntN(len(blk))] = specials[r.IntN(len(specials))]
			case 1:
				clear(blk)
			}
		}
		q, d, cx := make([]int8, len(x)), make([]float32, nb), make([]int32, nb)
		quantBlocks(x, q, d, cx)
		for b := 0; b < nb; b++ {
			var want [tensor.QK]int8
			dw := quantRowBlockFast(x[b*tensor.QK:(b+1)*tensor.QK], want[:])
			var sum int32
			for _, v := range want {
				sum += int32(v)
			}
			got := [tensor.QK]int8(q[b*tensor.QK : (b+1)*tensor.QK])
			if !sameF32(d[b], dw) || got != want || cx[b] != 128*sum {
				t.Fatalf("kernels %s, trial %d, block %d of %d: d %v q %v cx %d, want d %v q %v cx %d",
					SIMD, trial, b, nb, d[b], got, cx[b], dw, want, 128*sum)
			}
		}
	}
}

// TestMaxPool2Plane checks maxPool2Plane (AVX-512 or AVX2 where the CPU has
// it) against the scalar 2x2 pool on every output width up to 40, row
// lengths from 2ow to 2ow+12 and odd and even heights, with guard bytes on
// both sides of the output plane that it must not touch (it may write into
// the rows it leaves to the caller, which rewrites them after).
func TestMaxPool2Plane(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(6, 2))
	const guard, sentinel = 32, int8(-77)
	for ow := 1; ow <= 40; ow++ {
		for w := 2 * ow; w <= 2*ow+12; w++ {
			for oh := 1; oh <= 5; oh++ {
				for h := 2 * oh; h <= 2*oh+1; h++ {
					x := make([]int8, h*w)
					for i := range x {
						x[i] = int8(r.IntN(256) - 128)
					}
					buf := make([]int8, guard+oh*ow+guard)
					for i := range buf {
						buf[i] = sentinel
					}
					y := buf[guard : guard+oh*ow]
					pool := func(oy, ox int) int8 {
						return max(x[2*oy*w+2*ox], x[2*oy*w+2*ox+1], x[(2*oy+1)*w+2*ox], x[(2*oy+1)*w+2*ox+1])
					}
					// The rows it leaves are the caller's (fastMaxPool's
					// scalar loop), after it: it may have written into them.
					done := maxPool2Plane(y, x, w, ow, oh)
					for oy := done; oy < oh; oy++ {
						for ox := 0; ox < ow; ox++ {
							y[oy*ow+ox] = pool(oy, ox)
						}
					}
					for i, v := range buf {
						if (i < guard || i >= guard+oh*ow) && v != sentinel {
							t.Fatalf("ow %d w %d oh %d h %d: byte %d past the output plane written (did %d rows)", ow, w, oh, h, i-guard, done)
						}
					}
					for oy := 0; oy < oh; oy++ {
						for ox := 0; ox < ow; ox++ {
							if got, want := y[oy*ow+ox], pool(oy, ox); got != want {
								t.Fatalf("ow %d w %d oh %d h %d: output (%d, %d) = %d, want %d (did %d rows)", ow, w, oh, h, oy, ox, got, want, done)
							}
						}
					}
				}
			}
		}
	}
}

// TestConvQuads checks convQuads (AVX-512 VNNI or AVX-VNNI assembly where
// the CPU has it) against its Go twin and against the plain sum of
// products: random biased inputs and quads, biases that make the sums
// wrap, shifts across [32, 62] and, every other trial, below 32 (the
// assembly hands back the sums, requantized in Go) with a multiplier
// scaled so that most results are neither clamped nor zero; with and
// without ReLU. The assembly reads convQuadJob by fixed offsets, checked
// here too.
func TestConvQuads(t *testing.T) {
	t.Parallel()
	for _, o := range []struct {
		name      string
		got, want uintptr
	}{
		{"convQuadJob.rq", unsafe.Offsetof(convQuadJob{}.rq), 48}, {"convQuadJob.out", unsafe.Offsetof(convQuadJob{}.out), 72},
		{"convQuadJob.n", unsafe.Offsetof(convQuadJob{}.n), 104}, {"convQuadJob.sums", unsafe.Offsetof(convQuadJob{}.sums), 112},
		{"convJob.rq", unsafe.Offsetof(convJob{}.rq), 48}, {"convJob.res", unsafe.Offsetof(convJob{}.res), 72},
		{"vecRequant.floor", unsafe.Offsetof(vecRequant{}.floor), 4}, {"vecRequant.round", unsafe.Offsetof(vecRequant{}.round), 8},
		{"vecRequant.sh", unsafe.Offsetof(vecRequant{}.sh), 16},
	} {
		if o.got != o.want {
			t.Fatalf("%s at offset %d, conv_amd64.s reads it at %d", o.name, o.got, o.want)
		}
	}
	if !useVNNI && !useAVXVNNI {
		t.Logf("kernels %s: convQuads runs as its Go twin here", SIMD)
	}
	r := rand.New(rand.NewPCG(4, 16))
	inRange, lowShift := 0, 0 // results of shifts below 32 neither clamped nor zero, of all
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(40)
		taps := make([]int, n)
		for i := 1; i < n; i++ {
			taps[i] = taps[i-1] + 4*r.IntN(20)
		}
		e := make([]byte, taps[n-1]+64+8+r.IntN(8))
		for i := range e {
			e[i] = byte(r.IntN(256))
		}
		off := r.IntN(len(e) - taps[n-1] - 64 + 1)
		var quads [4][]int32
		var job, twin convQuadJob
		for k := range quads {
			quads[k] = make([]int32, n)
			for i := range quads[k] {
				quads[k][i] = int32(r.Uint32())
			}
			job.w[k] = &quads[k][0]
			job.bias[k] = int32(r.Uint32())
			if trial%3 == 0 {
				job.bias[k] = int32(r.IntN(2001) - 1000)
			}
		}
		relu := int64(trial % 2)
		mult, shift := int64(1<<30+r.IntN(1<<30)), int64(32+r.IntN(31))
		if trial%2 == 0 {
			// A sum of 4n products of a byte and an int8 has a standard
			// deviation near 10,900·sqrt(4n): scaled to about 40.
			shift = int64(12 + r.IntN(20))
			mult = max(1, int64(float64(int64(1)<<shift)*40/(10900*math.Sqrt(float64(4*n)))))
			for k := range job.bias {
				job.bias[k] = int32(r.IntN(2001) - 1000)
			}
		}
		rq := newRequantizer([]int64{mult, shift, relu})
		job.rq, _ = vecRequantOf(rq)
		// Results into arrays filled with a sentinel, which the positions
		// past n must keep.
		job.n = 1 + r.IntN(16)
		twin = job
		const sentinel = -99
		var res, twinRes [4][16]int8
		for k := range res {
			for q := range res[k] {
				res[k][q], twinRes[k][q] = sentinel, sentinel
			}
			job.out[k], twin.out[k] = &res[k][0], &twinRes[k][0]
		}
		convQuads(&job, e, off, taps, rq)
		convQuadsPortable(&twin, e, off, taps, rq)
		for k := range quads {
			for q := job.n; q < 16; q++ {
				if res[k][q] != sentinel || twinRes[k][q] != sentinel {
					t.Fatalf("trial %d channel %d: position %d past n = %d written", trial, k, q, job.n)
				}
			}
			for q := 0; q < job.n; q++ {
				acc := job.bias[k]
				for ti, tap := range taps {
					for i := 0; i < 4; i++ {
						acc += int32(e[off+tap+4*q+i]) * int32(int8(uint32(quads[k][ti])>>(8*i)))
					}
				}
				want := rq.apply(acc)
				if res[k][q] != want || twinRes[k][q] != want {
					t.Fatalf("trial %d (shift %d) channel %d position %d: kernel %d twin %d, want %d", trial, shift, k, q, res[k][q], twinRes[k][q], want)
				}
				if shift < 32 {
					lowShift++
					if want != 127 && want != int8(rq.floor) && want != 0 {
						inRange++
					}
				}
			}
		}
	}
	if inRange*2 < lowShift {
		t.Fatalf("shifts below 32: %d of %d results neither clamped nor zero, want half or more", inRange, lowShift)
	}
}

// TestConvRowRequant checks convRowRequant (AVX2 assembly where the CPU
// has it) against the plain sum of products and requantizer.apply on all
// 16 positions of four channels: random int16 inputs from int8 values,
// weight pairs with -128 and 127, biases that make the sums wrap, shifts
// across [32, 63], with and without ReLU; and that it declines shifts below
// 32, which its caller then computes with convRowBlock, and refuses (a
// panic, before the assembly reads) a weight row shorter than its taps.
func TestConvRowRequant(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 16))
	i8 := func() int16 {
		switch r.IntN(8) {
		case 0:
			return -128
		case 1:
			return 127
		}
		return int16(r.IntN(256) - 128)
	}
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(100)
		taps := make([]int, n)
		for i := 1; i < n; i++ {
			taps[i] = taps[i-1] + 4*r.IntN(20)
		}
		e := make([]int16, taps[n-1]+2*convJobPositions+r.IntN(8))
		for i := range e {
			e[i] = i8()
		}
		off := r.IntN(len(e) - taps[n-1] - 2*convJobPositions + 1)
		var rows [4][]int16
		var job convJob
		for k := range rows {
			rows[k] = make([]int16, 16*n)
			for tp := 0; tp < n; tp++ {
				a, b := i8(), i8()
				for q := 0; q < 8; q++ {
					rows[k][16*tp+2*q], rows[k][16*tp+2*q+1] = a, b
				}
			}
			job.bias[k] = int32(r.Uint32())
			if trial%3 == 0 {
				job.bias[k] = int32(r.IntN(2001) - 1000)
			}
		}
		rq := newRequantizer([]int64{int64(1<<30 + r.IntN(1<<30)), int64(32 + r.IntN(32)), int64(trial % 2)})
		if !convRowRequant(&job, &rows, e, off, taps, rq) {
			t.Skipf("kernels %s: no convRowRequant here (its caller uses convRowBlock)", SIMD)
		}
		for k := range rows {
			for q := 0; q < convJobPositions; q++ {
				acc := job.bias[k]
				for ti, tap := range taps {
					acc += int32(rows[k][16*ti])*int32(e[off+tap+2*q]) + int32(rows[k][16*ti+1])*int32(e[off+tap+2*q+1])
				}
				if want := rq.apply(acc); job.res[k][q] != want {
					t.Fatalf("trial %d channel %d position %d: %d, want %d", trial, k, q, job.res[k][q], want)
				}
			}
		}
	}
	var job convJob
	short := [4][]int16{make([]int16, 16), make([]int16, 16), make([]int16, 16), make([]int16, 15)}
	if convRowRequant(&job, &short, make([]int16, 64), 0, []int{0}, newRequantizer([]int64{1 << 30, 31, 0})) {
		t.Fatal("convRowRequant took a shift of 31")
	}
	func() {
		defer func() { _ = recover() }() // the refusal, where the kernel runs (else it declines)
		if convRowRequant(&job, &short, make([]int16, 64), 0, []int{0}, newRequantizer([]int64{1 << 30, 40, 0})) {
			t.Error("convRowRequant ran with a weight row one value short")
		}
	}()
}

// interleave16 lays out 16 rows of k int8 (row after row in src) in pack's
// 16-row layout, each value plus 128 (as a byte).
func interleave16(dst, src []int8, k int) {
	for i := 0; i < 16; i++ {
		for c, v := range src[i*k : (i+1)*k] {
			dst[vnniIndex(c/32, c%32, i)] = v ^ -128
		}
	}
}
