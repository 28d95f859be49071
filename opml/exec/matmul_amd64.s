//go:build goexperiment.simd && amd64

#include "textflag.h"

// STEP adds, for 16 rows, the products of 4 weight bytes (unsigned, biased
// by 128) at SI+off with the 4 activation bytes (signed) at AX+xoff,
// broadcast, into accumulator acc (VPDPBUSD); tmp is clobbered.
#define STEP(off, xoff, tmp, acc) \
	VMOVDQU32     off(SI), tmp \
	VPDPBUSD.BCST xoff(AX), tmp, acc

// func dotRows16VNNI(w *byte, wd *float32, x *int8, xd *float32, cx *int32, nb int, out *[16]float32)
//
// For each of nb blocks: the 16 rows' exact integer sums (four VPDPBUSD
// chains, added, less 128 times the activation block's sum: the weights
// are stored plus 128), converted to float32; each lane then does the
// scalar form's float operations in block order: scale = wd*xd, p =
// scale*isum, acc = acc+p, each rounded to binary32 (MXCSR: nearest, no
// FTZ/DAZ under Go).
TEXT ·dotRows16VNNI(SB), NOSPLIT, $0-56
	MOVQ w+0(FP), SI
	MOVQ wd+8(FP), DI
	MOVQ x+16(FP), AX
	MOVQ xd+24(FP), BX
	MOVQ cx+32(FP), CX
	MOVQ nb+40(FP), DX
	MOVQ out+48(FP), R8
	VXORPS Z0, Z0, Z0
	TESTQ  DX, DX
	JLE    done

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

done:
	VMOVUPS    Z0, (R8)
	VZEROUPPER
	RET
