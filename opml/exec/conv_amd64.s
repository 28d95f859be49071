//go:build goexperiment.simd && amd64

#include "textflag.h"

// JOB4 loads the arguments of a four-channel job kernel (j *job, e, taps,
// n): j in R9, e in SI, taps in DI, n in R8, and the four channels'
// weight pointers (the job's first field) in AX, BX, CX, DX.
#define JOB4 \
	MOVQ j+0(FP), R9 \
	MOVQ e+8(FP), SI \
	MOVQ taps+16(FP), DI \
	MOVQ n+24(FP), R8 \
	MOVQ 0(R9), AX \
	MOVQ 8(R9), BX \
	MOVQ 16(R9), CX \
	MOVQ 24(R9), DX

// ZERO8Y clears the accumulators Y0..Y7.
#define ZERO8Y \
	VPXOR Y0, Y0, Y0 \
	VPXOR Y1, Y1, Y1 \
	VPXOR Y2, Y2, Y2 \
	VPXOR Y3, Y3, Y3 \
	VPXOR Y4, Y4, Y4 \
	VPXOR Y5, Y5, Y5 \
	VPXOR Y6, Y6, Y6 \
	VPXOR Y7, Y7, Y7

// TAPS sums, for t in [0, R8), the VPMADDWD of the 16 int16 at SI +
// 2*(DI)[t] with the 16 int16 at AX, BX, CX, DX + 32*t into Y0..Y3 (zeroed
// here); clobbers Y4..Y8, R10 and the pointers.
#define TAPS \
	VPXOR    Y0, Y0, Y0 \
	VPXOR    Y1, Y1, Y1 \
	VPXOR    Y2, Y2, Y2 \
	VPXOR    Y3, Y3, Y3 \
	TESTQ    R8, R8 \
	JLE      tapsdone \
taps: \
	MOVQ     (DI), R10 \
	VMOVDQU  (SI)(R10*2), Y4 \
	VPMADDWD (AX), Y4, Y5 \
	VPADDD   Y5, Y0, Y0 \
	VPMADDWD (BX), Y4, Y6 \
	VPADDD   Y6, Y1, Y1 \
	VPMADDWD (CX), Y4, Y7 \
	VPADDD   Y7, Y2, Y2 \
	VPMADDWD (DX), Y4, Y8 \
	VPADDD   Y8, Y3, Y3 \
	ADDQ     $32, AX \
	ADDQ     $32, BX \
	ADDQ     $32, CX \
	ADDQ     $32, DX \
	ADDQ     $8, DI \
	DECQ     R8 \
	JNZ      taps \
tapsdone:

// func convTapsAVX2(w0, w1, w2, w3, e *int16, taps *int, n int, acc *[32]int32)
//
// For t in [0, n): x = the 16 int16 at e + 2*taps[t] bytes; acc lane block j
// += VPMADDWD(x, the 16 int16 at wj + 32*t bytes). Integer sums are exact.
// The caller checks every address is in bounds.
TEXT ·convTapsAVX2(SB), NOSPLIT, $0-64
	MOVQ w0+0(FP), AX
	MOVQ w1+8(FP), BX
	MOVQ w2+16(FP), CX
	MOVQ w3+24(FP), DX
	MOVQ e+32(FP), SI
	MOVQ taps+40(FP), DI
	MOVQ n+48(FP), R8
	MOVQ acc+56(FP), R9
	TAPS

	VMOVDQU Y0, (R9)
	VMOVDQU Y1, 32(R9)
	VMOVDQU Y2, 64(R9)
	VMOVDQU Y3, 96(R9)
	VZEROUPPER
	RET

// REQUANT requantizes the eight int32 lanes of acc (bias added) in place and
// stores them as eight int8 at dst. Uses Y10 (mult), Y11 (round), X14 (sh),
// Y15 (floor), Y9 (127); clobbers Y12, Y13.
#define REQUANT(acc, accx, dst) \
	VPMULDQ    Y10, acc, Y12 \
	VPSRLQ     $32, acc, Y13 \
	VPMULDQ    Y10, Y13, Y13 \
	VPADDQ     Y11, Y12, Y12 \
	VPADDQ     Y11, Y13, Y13 \
	VPSRAD     X14, Y12, Y12 \
	VPSRAD     X14, Y13, Y13 \
	VPSHUFD    $0xF5, Y12, Y12 \
	VPBLENDD   $0xAA, Y13, Y12, acc \
	VPMINSD    Y9, acc, acc \
	VPMAXSD    Y15, acc, acc \
	VEXTRACTI128 $1, acc, X13 \
	VPACKSSDW  X13, accx, accx \
	VPACKSSWB  accx, accx, accx \
	MOVQ       accx, dst

// RQCONSTS loads the requantization of the job at R9 for REQUANT: Y10
// mult, Y11 round, X14 sh, Y15 floor, Y9 127. Clobbers R10.
#define RQCONSTS \
	VPBROADCASTD 48(R9), Y10 \
	VPBROADCASTQ 56(R9), Y11 \
	MOVQ         64(R9), X14 \
	VPBROADCASTD 52(R9), Y15 \
	MOVL         $127, R10 \
	MOVQ         R10, X9 \
	VPBROADCASTD X9, Y9

// PAIRS16 adds one channel's tap: its weight pair at ptr+R11 (into w)
// times the input pairs of positions 0-7 (Y8) and 8-15 (Y9), into lo and
// hi; p0, p1 are clobbered.
#define PAIRS16(ptr, w, p0, p1, lo, hi) \
	VMOVDQU  (ptr)(R11*1), w \
	VPMADDWD w, Y8, p0 \
	VPADDD   p0, lo, lo \
	VPMADDWD w, Y9, p1 \
	VPADDD   p1, hi, hi

// RES16 adds a channel's bias (at bias(R9)) to its sums of positions 0-7
// (lo) and 8-15 (hi), requantizes them and stores the 16 int8 at res(R9)
// (in the job). Uses Y8, and REQUANT's.
#define RES16(bias, res, lo, lox, hi, hix) \
	VPBROADCASTD bias(R9), Y8 \
	VPADDD       Y8, lo, lo \
	VPADDD       Y8, hi, hi \
	REQUANT(lo, lox, res(R9)) \
	REQUANT(hi, hix, res+8(R9))

// func convRequantAVX2(j *convJob, e *int16, taps *int, n int)
//
// For the four channels of j and 16 positions: the sums over the n taps
// of VPMADDWD of the 32 int16 at e + 2*taps[t] (two vectors of eight
// positions' input pairs) with the channel's pair t (16 int16 at
// j.w[k] + 32*t), plus the channel's bias; then per lane, exactly as
// requantizer.apply: v = acc + bias (int32, wrapping), p = int64(v)*mult +
// round, y = clamp(p >> (32+sh), floor, 127), stored as 16 int8 per
// channel in j.res. Y0..Y3 hold the four channels' positions 0-7, Y4..Y7
// their positions 8-15; each weight pair is loaded once for both. The
// 64-bit products are formed on even and odd lanes by VPMULDQ;
// p >> (32+sh) is the high dword of p shifted by sh (arithmetic shifts
// compose, so this is the floor division of the scalar form). Integer sums
// are exact in any order. The caller checks every address is in bounds.
TEXT ·convRequantAVX2(SB), NOSPLIT, $0-32
	JOB4
	XORQ R11, R11 // byte offset of pair t in every channel's row
	ZERO8Y

taps16:
	MOVQ     (DI), R10
	VMOVDQU  (SI)(R10*2), Y8
	VMOVDQU  32(SI)(R10*2), Y9
	PAIRS16(AX, Y10, Y12, Y13, Y0, Y4)
	PAIRS16(BX, Y11, Y14, Y15, Y1, Y5)
	PAIRS16(CX, Y10, Y12, Y13, Y2, Y6)
	PAIRS16(DX, Y11, Y14, Y15, Y3, Y7)
	ADDQ     $32, R11
	ADDQ     $8, DI
	DECQ     R8
	JNZ      taps16

	RQCONSTS

	RES16(32, 72, Y0, X0, Y4, X4)
	RES16(36, 88, Y1, X1, Y5, X5)
	RES16(40, 104, Y2, X2, Y6, X6)
	RES16(44, 120, Y3, X3, Y7, X7)
	VZEROUPPER
	RET

// REQUANT16 is REQUANT on 16 lanes (AVX-512): acc's lanes (bias added)
// requantized and the lanes of mask stored as int8 at dst (VPMOVSDB: they
// are already within [-128, 127]). Uses Z10 (mult), Z11 (round), X14 (sh),
// Z15 (floor), Z9 (127), K1 (odd lanes); clobbers Z12, Z13.
#define REQUANT16(acc, mask, dst) \
	VPMULDQ    Z10, acc, Z12 \
	VPSRLQ     $32, acc, Z13 \
	VPMULDQ    Z10, Z13, Z13 \
	VPADDQ     Z11, Z12, Z12 \
	VPADDQ     Z11, Z13, Z13 \
	VPSRAD     X14, Z12, Z12 \
	VPSRAD     X14, Z13, Z13 \
	VPSHUFD    $0xF5, Z12, Z12 \
	VPBLENDMD  Z13, Z12, K1, acc \
	VPMINSD    Z9, acc, acc \
	VPMAXSD    Z15, acc, acc \
	VPMOVSDB   acc, mask, dst

// func convQuadsVNNI(j *convQuadJob, e *byte, taps *int, n int)
//
// For the four channels of j and 16 positions: the sums over the n taps of
// VPDPBUSD of the 64 input bytes at e + taps[t] (unsigned) with the
// channel's quad t broadcast (signed), plus the channel's bias, then
// requantized as requantizer.apply; the first j.n of each channel's 16
// results are stored at j.out. Where j.sums is set, the 16 sums of each
// channel are stored there instead, not requantized (shifts outside
// [32, 63], which the vector requantization does not take).
TEXT ·convQuadsVNNI(SB), NOSPLIT, $0-32
	JOB4
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	// Two taps an iteration into two sets of sums (Z0-Z3 and Z5-Z8), so
	// each channel has two VPDPBUSD chains in flight, not one waiting on
	// the last; wrapping int32 sums are the same in any order.
	MOVQ R8, R11
	SHRQ $1, R11
	JZ   tail

quads:
	MOVQ          (DI), R10
	MOVQ          8(DI), R12
	VMOVDQU32     (SI)(R10*1), Z4
	VMOVDQU32     (SI)(R12*1), Z16
	VPDPBUSD.BCST (AX), Z4, Z0
	VPDPBUSD.BCST (BX), Z4, Z1
	VPDPBUSD.BCST (CX), Z4, Z2
	VPDPBUSD.BCST (DX), Z4, Z3
	VPDPBUSD.BCST 4(AX), Z16, Z5
	VPDPBUSD.BCST 4(BX), Z16, Z6
	VPDPBUSD.BCST 4(CX), Z16, Z7
	VPDPBUSD.BCST 4(DX), Z16, Z8
	ADDQ          $16, DI
	ADDQ          $8, AX
	ADDQ          $8, BX
	ADDQ          $8, CX
	ADDQ          $8, DX
	DECQ          R11
	JNZ           quads

tail:
	TESTQ         $1, R8
	JZ            sum
	MOVQ          (DI), R10
	VMOVDQU32     (SI)(R10*1), Z4
	VPDPBUSD.BCST (AX), Z4, Z0
	VPDPBUSD.BCST (BX), Z4, Z1
	VPDPBUSD.BCST (CX), Z4, Z2
	VPDPBUSD.BCST (DX), Z4, Z3

sum:
	VPADDD Z5, Z0, Z0
	VPADDD Z6, Z1, Z1
	VPADDD Z7, Z2, Z2
	VPADDD Z8, Z3, Z3

	MOVQ  112(R9), R10 // j.sums: the sums (bias added) wanted, not requantized
	TESTQ R10, R10
	JZ    requant
	VPADDD.BCST 32(R9), Z0, Z0
	VMOVDQU32   Z0, (R10)
	VPADDD.BCST 36(R9), Z1, Z1
	VMOVDQU32   Z1, 64(R10)
	VPADDD.BCST 40(R9), Z2, Z2
	VMOVDQU32   Z2, 128(R10)
	VPADDD.BCST 44(R9), Z3, Z3
	VMOVDQU32   Z3, 192(R10)
	VZEROUPPER
	RET

requant:
	VPBROADCASTD 48(R9), Z10 // mult
	VPBROADCASTQ 56(R9), Z11 // round
	MOVQ         64(R9), X14 // sh
	VPBROADCASTD 52(R9), Z15 // floor
	MOVL         $127, R10
	VPBROADCASTD R10, Z9
	MOVL         $0xAAAA, R10
	KMOVW        R10, K1
	MOVQ         104(R9), CX // positions to store: the low n lanes (K2)
	MOVL         $1, R10
	SHLL         CX, R10
	DECL         R10
	KMOVW        R10, K2

	VPADDD.BCST 32(R9), Z0, Z0
	MOVQ        72(R9), R10
	REQUANT16(Z0, K2, (R10))
	VPADDD.BCST 36(R9), Z1, Z1
	MOVQ        80(R9), R10
	REQUANT16(Z1, K2, (R10))
	VPADDD.BCST 40(R9), Z2, Z2
	MOVQ        88(R9), R10
	REQUANT16(Z2, K2, (R10))
	VPADDD.BCST 44(R9), Z3, Z3
	MOVQ        96(R9), R10
	REQUANT16(Z3, K2, (R10))
	VZEROUPPER
	RET

// VDPBUSD is VPDPBUSD with VEX encoding (AVX-VNNI; Go's assembler emits
// only the EVEX form): acc += per dword lane, the 4 unsigned bytes of u
// times the 4 signed bytes of s, for any of Y0-Y15 (register numbers).
// C4 [~R 1 ~B 00010] [W=0 ~vvvv L=1 pp=01] 50 [ModRM 11 acc s].
#define VDPBUSD(acc, u, s) \
	BYTE $0xC4; BYTE $(0xE2 ^ ((acc & 8) << 4) ^ ((s & 8) << 2)); \
	BYTE $(((15 - u) << 3) | 5); BYTE $0x50; BYTE $(0xC0 | ((acc & 7) << 3) | (s & 7))

// CHANNEL16 adds a channel's bias (at bias(R9)) to its sums of positions
// 0-7 (lo) and 8-15 (hi), requantizes them and stores the 16 int8 at the
// channel's output pointer (at out(R9)). Uses Y8 and R10, and REQUANT's.
#define CHANNEL16(bias, out, lo, lox, hi, hix) \
	VPBROADCASTD bias(R9), Y8 \
	VPADDD       Y8, lo, lo \
	VPADDD       Y8, hi, hi \
	MOVQ         out(R9), R10 \
	REQUANT(lo, lox, (R10)) \
	REQUANT(hi, hix, 8(R10))

// SUMS16 adds a channel's bias (at bias(R9)) to its sums of positions 0-7
// (lo) and 8-15 (hi) and stores the 16 int32 at R10+at. Uses Y8.
#define SUMS16(bias, at, lo, hi) \
	VPBROADCASTD bias(R9), Y8 \
	VPADDD       Y8, lo, lo \
	VPADDD       Y8, hi, hi \
	VMOVDQU      lo, at(R10) \
	VMOVDQU      hi, at+32(R10)

// func convQuadsAVXVNNI(j *convQuadJob, e *byte, taps *int, n int)
//
// convQuadsVNNI for CPUs with AVX-VNNI but not AVX-512: the 16 positions
// as two 256-bit halves (Y8: positions 0-7, Y9: 8-15), each channel's quad
// broadcast (Y10-Y13), the sums of channel k in Y(2k) and Y(2k+1), then
// REQUANT on each half: all 16 results of each channel are stored at
// j.out[k] (the caller gives 16 bytes there); or, where j.sums is set, the
// 16 sums there.
TEXT ·convQuadsAVXVNNI(SB), NOSPLIT, $0-32
	JOB4
	ZERO8Y

vquads:
	MOVQ         (DI), R10
	VMOVDQU      (SI)(R10*1), Y8
	VMOVDQU      32(SI)(R10*1), Y9
	VPBROADCASTD (AX), Y10
	VPBROADCASTD (BX), Y11
	VPBROADCASTD (CX), Y12
	VPBROADCASTD (DX), Y13
	VDPBUSD(0, 8, 10)
	VDPBUSD(1, 9, 10)
	VDPBUSD(2, 8, 11)
	VDPBUSD(3, 9, 11)
	VDPBUSD(4, 8, 12)
	VDPBUSD(5, 9, 12)
	VDPBUSD(6, 8, 13)
	VDPBUSD(7, 9, 13)
	ADDQ         $8, DI
	ADDQ         $4, AX
	ADDQ         $4, BX
	ADDQ         $4, CX
	ADDQ         $4, DX
	DECQ         R8
	JNZ          vquads

	MOVQ  112(R9), R10 // j.sums: the sums (bias added) wanted, not requantized
	TESTQ R10, R10
	JZ    vrequant
	SUMS16(32, 0, Y0, Y1)
	SUMS16(36, 64, Y2, Y3)
	SUMS16(40, 128, Y4, Y5)
	SUMS16(44, 192, Y6, Y7)
	VZEROUPPER
	RET

vrequant:
	RQCONSTS

	CHANNEL16(32, 72, Y0, X0, Y1, X1)
	CHANNEL16(36, 80, Y2, X2, Y3, X3)
	CHANNEL16(40, 88, Y4, X4, Y5, X5)
	CHANNEL16(44, 96, Y6, X6, Y7, X7)
	VZEROUPPER
	RET

// expandIdx: dwords 0-3 of a 128-bit lane are bytes i..i+3 for i = 0..3
// (lane 0) and 4..7 (lane 1, the same 16 bytes broadcast).
DATA expandIdx<>+0(SB)/8, $0x0403020103020100
DATA expandIdx<>+8(SB)/8, $0x0605040305040302
DATA expandIdx<>+16(SB)/8, $0x0807060507060504
DATA expandIdx<>+24(SB)/8, $0x0a09080709080706
GLOBL expandIdx<>(SB), RODATA|NOPTR, $32

// func expandQuadsAVX2(row, prow *byte, steps int)
//
// expandQuads' VBMI loop in AVX2: each step writes dwords px..px+7 of row
// (dword q = prow[q..q+3]) from the 16 bytes at prow+px, broadcast to both
// lanes and shuffled (VPSHUFB), px advancing by 8.
TEXT ·expandQuadsAVX2(SB), NOSPLIT, $0-24
	MOVQ row+0(FP), DI
	MOVQ prow+8(FP), SI
	MOVQ steps+16(FP), CX
	VMOVDQU expandIdx<>(SB), Y15
	TESTQ CX, CX
	JLE   expdone

exp:
	VBROADCASTI128 (SI), Y0
	VPSHUFB        Y15, Y0, Y0
	VMOVDQU        Y0, (DI)
	ADDQ           $8, SI
	ADDQ           $32, DI
	DECQ           CX
	JNZ            exp

expdone:
	VZEROUPPER
	RET
