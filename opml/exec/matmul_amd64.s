//go:build goexperiment.simd && amd64

#include "textflag.h"

// STEP adds, for 16 rows, the products of 4 weight bytes (unsigned, biased
// by 128) at SI+off with the 4 activation bytes (signed) at AX+xoff,
// broadcast, into accumulator acc (VPDPBUSD); tmp is clobbered.
#define STEP(off, xoff, tmp, acc) \
	VMOVDQU32     off(SI), tmp \
	VPDPBUSD.BCST xoff(AX), tmp, acc

// func dotRows16VNNI(w *byte, wd *float32, x *int8, xd *float32, cx *int32, nb, t int, y *float32, ystride int)
//
// For each of t activation rows (x, xd and cx advancing by one row of nb
// blocks), 16 outputs at y (advancing by ystride floats): for each of nb
// blocks, the 16 rows' exact integer sums (four VPDPBUSD chains, added,
// less 128 times the activation block's sum: the weights are stored plus
// 128), converted to float32; each lane then does the scalar form's float
// operations in block order: scale = wd*xd, p = scale*isum, acc = acc+p,
// each rounded to binary32 (MXCSR: nearest, no FTZ/DAZ under Go).
TEXT ·dotRows16VNNI(SB), NOSPLIT, $0-72
	MOVQ w+0(FP), R11
	MOVQ wd+8(FP), R12
	MOVQ x+16(FP), AX
	MOVQ xd+24(FP), BX
	MOVQ cx+32(FP), CX
	MOVQ nb+40(FP), R13
	MOVQ t+48(FP), R9
	MOVQ y+56(FP), R8
	MOVQ ystride+64(FP), R10
	SHLQ $2, R10
	TESTQ R13, R13
	JLE   zero16
	TESTQ R9, R9
	JLE   done

row:
	MOVQ R11, SI
	MOVQ R12, DI
	MOVQ R13, DX
	VXORPS Z0, Z0, Z0

block:
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	STEP(0, 0, Z5, Z1)
	STEP(64, 4, Z6, Z2)
	STEP(128, 8, Z7, Z3)
	STEP(192, 12, Z8, Z4)
	STEP(256, 16, Z5, Z1)
	STEP(320, 20, Z6, Z2)
	STEP(384, 24, Z7, Z3)
	STEP(448, 28, Z8, Z4)
	VPADDD         Z2, Z1, Z1
	VPADDD         Z4, Z3, Z3
	VPADDD         Z3, Z1, Z1
	VPSUBD.BCST    (CX), Z1, Z1
	VCVTDQ2PS      Z1, Z1
	VMOVUPS        (DI), Z9
	VMULPS.BCST    (BX), Z9, Z9
	VMULPS         Z1, Z9, Z9
	VADDPS         Z9, Z0, Z0
	ADDQ           $512, SI
	ADDQ           $64, DI
	ADDQ           $32, AX
	ADDQ           $4, BX
	ADDQ           $4, CX
	DECQ           DX
	JNZ            block

	VMOVUPS Z0, (R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     row

done:
	VZEROUPPER
	RET

zero16: // no blocks: every output is +0
	VXORPS Z0, Z0, Z0
	TESTQ  R9, R9
	JLE    done

zrow:
	VMOVUPS Z0, (R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     zrow
	JMP     done

// STEP8 adds, for 8 rows, the products of 4 signed weight bytes at
// SI+off with the 4 activation bytes at AX+xoff, broadcast, into the int32
// accumulator acc, by the sign trick: VPSIGNB puts each weight's sign on
// its activation (at most 127 in magnitude), VPABSB makes the weights
// unsigned (at most 128), so each VPMADDUBSW pair sum is at most
// 2*128*127 = 32512 and never saturates; VPMADDWD by ones (Y15) widens the
// pairs to int32. t1, t2 are clobbered.
#define STEP8(off, xoff, t1, t2, acc) \
	VMOVDQU      off(SI), t1 \
	VPBROADCASTD xoff(AX), t2 \
	VPSIGNB      t1, t2, t2 \
	VPABSB       t1, t1 \
	VPMADDUBSW   t2, t1, t1 \
	VPMADDWD     Y15, t1, t1 \
	VPADDD       t1, acc, acc

// STEP8X2 is STEP8 for two activation rows (AX and AX+CX) at once, into
// Y1 and Y2: each weight vector is loaded and made unsigned once for both.
// Clobbers Y3..Y6.
#define STEP8X2(off, xoff) \
	VMOVDQU      off(SI), Y3 \
	VPABSB       Y3, Y4 \
	VPBROADCASTD xoff(AX), Y5 \
	VPSIGNB      Y3, Y5, Y5 \
	VPMADDUBSW   Y5, Y4, Y5 \
	VPMADDWD     Y15, Y5, Y5 \
	VPADDD       Y5, Y1, Y1 \
	VPBROADCASTD xoff(AX)(CX*1), Y6 \
	VPSIGNB      Y3, Y6, Y6 \
	VPMADDUBSW   Y6, Y4, Y6 \
	VPMADDWD     Y15, Y6, Y6 \
	VPADDD       Y6, Y2, Y2

// func dotRows8AVX2(w *int8, wd *float32, x *int8, xd *float32, nb, t int, y *float32, ystride int)
//
// For each of t activation rows (x and xd advancing by one row of nb
// blocks), 8 outputs at y (advancing by ystride floats): for each of nb
// blocks, the 8 rows' exact integer sums, converted to float32 (exact: at
// most 32*128*127 in magnitude); each lane then does the scalar form's
// float operations in block order: scale = wd*xd, p = scale*isum,
// acc = acc+p, each rounded to binary32. Rows go two at a time (STEP8X2,
// float sums in Y0 and Y9), an odd last row alone (two chains of STEP8,
// added).
TEXT ·dotRows8AVX2(SB), NOSPLIT, $0-64
	MOVQ w+0(FP), R11
	MOVQ wd+8(FP), R12
	MOVQ x+16(FP), AX
	MOVQ xd+24(FP), BX
	MOVQ nb+32(FP), R13
	MOVQ t+40(FP), R9
	MOVQ y+48(FP), R8
	MOVQ ystride+56(FP), R10
	SHLQ $2, R10
	VPCMPEQW Y15, Y15, Y15
	VPSRLW   $15, Y15, Y15 // int16 ones
	TESTQ    R13, R13
	JLE      zero8
	MOVQ     R13, CX
	SHLQ     $5, CX // bytes of an activation row
	MOVQ     R13, R14
	SHLQ     $2, R14 // bytes of its block scales

pairs8:
	CMPQ R9, $2
	JLT  last8
	MOVQ R11, SI
	MOVQ R12, DI
	MOVQ R13, DX
	VXORPS Y0, Y0, Y0
	VXORPS Y9, Y9, Y9

block8x2:
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	STEP8X2(0, 0)
	STEP8X2(32, 4)
	STEP8X2(64, 8)
	STEP8X2(96, 12)
	STEP8X2(128, 16)
	STEP8X2(160, 20)
	STEP8X2(192, 24)
	STEP8X2(224, 28)
	VCVTDQ2PS    Y1, Y1
	VCVTDQ2PS    Y2, Y2
	VMOVUPS      (DI), Y7
	VBROADCASTSS (BX), Y8
	VMULPS       Y8, Y7, Y8
	VMULPS       Y1, Y8, Y8
	VADDPS       Y8, Y0, Y0
	VBROADCASTSS (BX)(R14*1), Y10
	VMULPS       Y10, Y7, Y10
	VMULPS       Y2, Y10, Y10
	VADDPS       Y10, Y9, Y9
	ADDQ         $256, SI
	ADDQ         $32, DI
	ADDQ         $32, AX
	ADDQ         $4, BX
	DECQ         DX
	JNZ          block8x2

	VMOVUPS Y0, (R8)
	VMOVUPS Y9, (R8)(R10*1)
	LEAQ    (R8)(R10*2), R8
	ADDQ    CX, AX // past the second row
	ADDQ    R14, BX
	SUBQ    $2, R9
	JMP     pairs8

last8:
	TESTQ R9, R9
	JLE   done8

row8:
	MOVQ   R11, SI
	MOVQ   R12, DI
	MOVQ   R13, DX
	VXORPS Y0, Y0, Y0

block8:
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	STEP8(0, 0, Y3, Y4, Y1)
	STEP8(32, 4, Y5, Y6, Y2)
	STEP8(64, 8, Y3, Y4, Y1)
	STEP8(96, 12, Y5, Y6, Y2)
	STEP8(128, 16, Y3, Y4, Y1)
	STEP8(160, 20, Y5, Y6, Y2)
	STEP8(192, 24, Y3, Y4, Y1)
	STEP8(224, 28, Y5, Y6, Y2)
	VPADDD       Y2, Y1, Y1
	VCVTDQ2PS    Y1, Y1
	VMOVUPS      (DI), Y7
	VBROADCASTSS (BX), Y8
	VMULPS       Y8, Y7, Y7
	VMULPS       Y1, Y7, Y7
	VADDPS       Y7, Y0, Y0
	ADDQ         $256, SI
	ADDQ         $32, DI
	ADDQ         $32, AX
	ADDQ         $4, BX
	DECQ         DX
	JNZ          block8

	VMOVUPS Y0, (R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     row8

done8:
	VZEROUPPER
	RET

zero8: // no blocks: every output is +0
	VXORPS Y0, Y0, Y0
	TESTQ  R9, R9
	JLE    done8

zrow8:
	VMOVUPS Y0, (R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     zrow8
	JMP     done8

// VPDPBUSD with VEX encoding (AVX-VNNI), which Go's assembler does not
// emit (it encodes VPDPBUSD as EVEX, an AVX-512 instruction): acc +=
// for each dword lane, the 4 unsigned bytes of the weights (Y5: rows 0-7,
// Y6: rows 8-15) times the 4 signed activation bytes broadcast in Y7.
// C4 E2 [W=0, ~vvvv, L=1, pp=01] 50 [ModRM 11 acc 111].
#define DPBUSD_Y1_Y5_Y7 BYTE $0xC4; BYTE $0xE2; BYTE $0x55; BYTE $0x50; BYTE $0xCF
#define DPBUSD_Y2_Y6_Y7 BYTE $0xC4; BYTE $0xE2; BYTE $0x4D; BYTE $0x50; BYTE $0xD7
#define DPBUSD_Y3_Y5_Y7 BYTE $0xC4; BYTE $0xE2; BYTE $0x55; BYTE $0x50; BYTE $0xDF
#define DPBUSD_Y4_Y6_Y7 BYTE $0xC4; BYTE $0xE2; BYTE $0x4D; BYTE $0x50; BYTE $0xE7

// STEPV adds, for the 16 rows, the products of their 4 weight bytes at
// SI+off (rows 0-7 in the first 32 bytes, 8-15 in the next) with the 4
// activation bytes at AX+xoff, broadcast, into Y1/Y2 (chain A) or Y3/Y4
// (chain B).
#define STEPVA(off, xoff) \
	VMOVDQU      off(SI), Y5 \
	VMOVDQU      off+32(SI), Y6 \
	VPBROADCASTD xoff(AX), Y7 \
	DPBUSD_Y1_Y5_Y7 \
	DPBUSD_Y2_Y6_Y7

#define STEPVB(off, xoff) \
	VMOVDQU      off(SI), Y5 \
	VMOVDQU      off+32(SI), Y6 \
	VPBROADCASTD xoff(AX), Y7 \
	DPBUSD_Y3_Y5_Y7 \
	DPBUSD_Y4_Y6_Y7

// func dotRows16AVXVNNI(w *byte, wd *float32, x *int8, xd *float32, cx *int32, nb, t int, y *float32, ystride int)
//
// dotRows16VNNI on CPUs with AVX-VNNI but not AVX-512 (the same 16-row
// layout, each 64-byte step as two 256-bit halves): per block the exact
// integer sums of rows 0-7 and 8-15, each in two VPDPBUSD chains, added,
// less 128 times the activation block's sum, converted to float32; each
// lane then does the scalar form's float operations in block order.
TEXT ·dotRows16AVXVNNI(SB), NOSPLIT, $0-72
	MOVQ w+0(FP), R11
	MOVQ wd+8(FP), R12
	MOVQ x+16(FP), AX
	MOVQ xd+24(FP), BX
	MOVQ cx+32(FP), CX
	MOVQ nb+40(FP), R13
	MOVQ t+48(FP), R9
	MOVQ y+56(FP), R8
	MOVQ ystride+64(FP), R10
	SHLQ $2, R10
	TESTQ R13, R13
	JLE   zerov
	TESTQ R9, R9
	JLE   donev

rowv:
	MOVQ   R11, SI
	MOVQ   R12, DI
	MOVQ   R13, DX
	VXORPS Y0, Y0, Y0
	VXORPS Y12, Y12, Y12

blockv:
	VPXOR Y1, Y1, Y1
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3
	VPXOR Y4, Y4, Y4
	STEPVA(0, 0)
	STEPVB(64, 4)
	STEPVA(128, 8)
	STEPVB(192, 12)
	STEPVA(256, 16)
	STEPVB(320, 20)
	STEPVA(384, 24)
	STEPVB(448, 28)
	VPADDD       Y3, Y1, Y1
	VPADDD       Y4, Y2, Y2
	VPBROADCASTD (CX), Y8
	VPSUBD       Y8, Y1, Y1
	VPSUBD       Y8, Y2, Y2
	VCVTDQ2PS    Y1, Y1
	VCVTDQ2PS    Y2, Y2
	VBROADCASTSS (BX), Y11
	VMOVUPS      (DI), Y9
	VMOVUPS      32(DI), Y10
	VMULPS       Y11, Y9, Y9
	VMULPS       Y11, Y10, Y10
	VMULPS       Y1, Y9, Y9
	VMULPS       Y2, Y10, Y10
	VADDPS       Y9, Y0, Y0
	VADDPS       Y10, Y12, Y12
	ADDQ         $512, SI
	ADDQ         $64, DI
	ADDQ         $32, AX
	ADDQ         $4, BX
	ADDQ         $4, CX
	DECQ         DX
	JNZ          blockv

	VMOVUPS Y0, (R8)
	VMOVUPS Y12, 32(R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     rowv

donev:
	VZEROUPPER
	RET

zerov: // no blocks: every output is +0
	VXORPS Y0, Y0, Y0
	TESTQ  R9, R9
	JLE    donev

zrowv:
	VMOVUPS Y0, (R8)
	VMOVUPS Y0, 32(R8)
	ADDQ    R10, R8
	DECQ    R9
	JNZ     zrowv
	JMP     donev
