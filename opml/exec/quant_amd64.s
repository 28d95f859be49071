//go:build goexperiment.simd && amd64

#include "textflag.h"

// BLOCKSCALE finishes a block's largest magnitude (the lanes of Y4, no
// NaN among them) into X4's lane 0, then sets X6 = d = amax/127 and X7 =
// id = 1/d, each rounded to binary32 (X10 holds 127, X11 1, inf +Inf), and
// jumps to bail where the scalar form's special cases start: d zero (amax
// zero or tiny: the scalar form clears), d infinite, or 1/d overflowing.
// Clobbers X5.
#define BLOCKSCALE(inf, bail) \
	VEXTRACTF128 $1, Y4, X5 \
	VMAXPS    X5, X4, X4 \
	VPERMILPS $0x4e, X4, X5 \
	VMAXPS    X5, X4, X4 \
	VPERMILPS $0xb1, X4, X5 \
	VMAXPS    X5, X4, X4 \
	VDIVSS    X10, X4, X6 \
	VXORPS    X7, X7, X7 \
	VUCOMISS  X7, X6 \
	JEQ       bail \
	VUCOMISS  inf, X6 \
	JEQ       bail \
	VDIVSS    X6, X11, X7 \
	VUCOMISS  inf, X7 \
	JEQ       bail

// func quantBlocks16(x *float32, q *int8, d *float32, cx *int32, n int) int
//
// Quantizes up to n blocks of 32 activations as quantRowBlockFast does,
// block after block: the block's largest magnitude (VMAXPS of the
// magnitudes, exact in any order without NaN), d = amax/127 and id = 1/d,
// each rounded to binary32 (VDIVSS), then each value times id rounded to
// binary32 (VMULPS), to the nearest integer, ties to even (VCVTPS2DQ under
// Go's MXCSR), clamped to [-127, 127] and narrowed (VPMOVSDB); cx gets 128
// times the block's integer sum. It stops before the first block that
// needs the scalar form's special cases (a NaN in it, d zero or infinite,
// 1/d infinite) and returns how many blocks it did.
TEXT ·quantBlocks16(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ q+8(FP), DI
	MOVQ d+16(FP), BX
	MOVQ cx+24(FP), CX
	MOVQ n+32(FP), DX
	XORQ AX, AX
	MOVL $0x7fffffff, R8
	VPBROADCASTD R8, Z31    // magnitude mask
	MOVL $127, R8
	VPBROADCASTD R8, Z30    // 127
	MOVL $-127, R8
	VPBROADCASTD R8, Z29    // -127
	MOVL $0x42fe0000, R8
	VMOVD R8, X10           // 127.0
	MOVL $0x3f800000, R8
	VMOVD R8, X11           // 1.0
	MOVL $0x7f800000, R8
	VMOVD R8, X12           // +Inf

loop:
	CMPQ AX, DX
	JGE  done
	VMOVUPS (SI), Z0
	VMOVUPS 64(SI), Z1
	VCMPPS  $3, Z0, Z0, K1 // unordered: NaN
	VCMPPS  $3, Z1, Z1, K2
	KORW    K1, K2, K1
	KORTESTW K1, K1
	JNZ     done
	VPANDD  Z31, Z0, Z2
	VPANDD  Z31, Z1, Z3
	VMAXPS  Z3, Z2, Z4
	VEXTRACTF64X4 $1, Z4, Y5
	VMAXPS  Y5, Y4, Y4
	BLOCKSCALE(X12, done)
	VBROADCASTSS X7, Z7
	VMULPS  Z7, Z0, Z8
	VMULPS  Z7, Z1, Z9
	VCVTPS2DQ Z8, Z8
	VCVTPS2DQ Z9, Z9
	VPMAXSD Z29, Z8, Z8
	VPMAXSD Z29, Z9, Z9
	VPMINSD Z30, Z8, Z8
	VPMINSD Z30, Z9, Z9
	VPADDD  Z9, Z8, Z14
	VPMOVSDB Z8, X8
	VPMOVSDB Z9, X9
	VMOVDQU X8, (DI)
	VMOVDQU X9, 16(DI)
	VEXTRACTI64X4 $1, Z14, Y15
	VPADDD  Y15, Y14, Y14
	VEXTRACTI128 $1, Y14, X15
	VPADDD  X15, X14, X14
	VPSHUFD $0x4e, X14, X15
	VPADDD  X15, X14, X14
	VPSHUFD $0xb1, X14, X15
	VPADDD  X15, X14, X14
	VMOVD   X14, R9
	SHLL    $7, R9
	MOVL    R9, (CX)
	VMOVSS  X6, (BX)
	ADDQ $128, SI
	ADDQ $32, DI
	ADDQ $4, BX
	ADDQ $4, CX
	INCQ AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ AX, ret+40(FP)
	RET

// func maxPool2PlaneAVX512(y *int8, x *int8, w, ow, oh int, in, out uint64)
//
// A 2x2, stride-2 int8 max pool of one channel plane with ow <= 32: for
// each of oh output rows, y's ow bytes are the maxima of the byte pairs of
// input rows 2oy and 2oy+1 (w bytes apart): the two rows' maximum bytewise
// (masked loads of 2ow bytes, which read nothing past them), then each
// byte pair's as two sign-extended int16 halves, narrowed back exactly by
// a masked store of ow bytes.
TEXT ·maxPool2PlaneAVX512(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), BX
	MOVQ ow+24(FP), CX
	MOVQ oh+32(FP), DX
	MOVQ in+40(FP), R9
	KMOVQ R9, K1            // the low 2ow bytes
	MOVQ out+48(FP), R9
	KMOVQ R9, K2            // the low ow bytes
	LEAQ (SI)(BX*1), R10    // row 2oy+1
	SHLQ $1, BX
	TESTQ DX, DX
	JLE  pooldone

pool:
	VMOVDQU8.Z (SI), K1, Z0
	VMOVDQU8.Z (R10), K1, Z1
	VPMAXSB    Z1, Z0, Z0
	VPSLLW     $8, Z0, Z1
	VPSRAW     $8, Z1, Z1
	VPSRAW     $8, Z0, Z2
	VPMAXSW    Z2, Z1, Z1
	VPMOVWB    Z1, K2, (DI)
	ADDQ       BX, SI
	ADDQ       BX, R10
	ADDQ       CX, DI
	DECQ       DX
	JNZ        pool

pooldone:
	VZEROUPPER
	RET

// packOrder puts the dwords VPACKSSDW and VPACKSSWB leave lane by lane
// (values 0-3, 8-11, 16-19, 24-27, then 4-7, 12-15, ...) back in order.
DATA packOrder<>+0(SB)/4, $0
DATA packOrder<>+4(SB)/4, $4
DATA packOrder<>+8(SB)/4, $1
DATA packOrder<>+12(SB)/4, $5
DATA packOrder<>+16(SB)/4, $2
DATA packOrder<>+20(SB)/4, $6
DATA packOrder<>+24(SB)/4, $3
DATA packOrder<>+28(SB)/4, $7
GLOBL packOrder<>(SB), RODATA|NOPTR, $32

// func quantBlocks8(x *float32, q *int8, d *float32, cx *int32, n int) int
//
// quantBlocks16 in 256-bit AVX2, for CPUs without AVX-512: the same steps
// on four vectors of 8, the clamped integers narrowed by saturating packs
// (exact: they are within [-127, 127]) and put back in order by VPERMD.
TEXT ·quantBlocks8(SB), NOSPLIT, $0-48
	MOVQ x+0(FP), SI
	MOVQ q+8(FP), DI
	MOVQ d+16(FP), BX
	MOVQ cx+24(FP), CX
	MOVQ n+32(FP), DX
	XORQ AX, AX
	MOVL $0x7fffffff, R8
	MOVQ R8, X15
	VPBROADCASTD X15, Y15   // magnitude mask
	MOVL $127, R8
	MOVQ R8, X14
	VPBROADCASTD X14, Y14   // 127
	MOVL $-127, R8
	MOVQ R8, X13
	VPBROADCASTD X13, Y13   // -127
	VMOVDQU packOrder<>(SB), Y12
	MOVL $0x42fe0000, R8
	MOVQ R8, X10            // 127.0
	MOVL $0x3f800000, R8
	MOVQ R8, X11            // 1.0

loop8:
	CMPQ AX, DX
	JGE  done8q
	VMOVUPS (SI), Y0
	VMOVUPS 32(SI), Y1
	VMOVUPS 64(SI), Y2
	VMOVUPS 96(SI), Y3
	VCMPPS  $3, Y0, Y0, Y4 // unordered: NaN
	VCMPPS  $3, Y1, Y1, Y5
	VCMPPS  $3, Y2, Y2, Y6
	VCMPPS  $3, Y3, Y3, Y7
	VORPS   Y5, Y4, Y4
	VORPS   Y7, Y6, Y6
	VORPS   Y6, Y4, Y4
	VMOVMSKPS Y4, R9
	TESTL   R9, R9
	JNZ     done8q
	VANDPS  Y15, Y0, Y4
	VANDPS  Y15, Y1, Y5
	VANDPS  Y15, Y2, Y6
	VANDPS  Y15, Y3, Y7
	VMAXPS  Y5, Y4, Y4
	VMAXPS  Y7, Y6, Y6
	VMAXPS  Y6, Y4, Y4
	MOVL    $0x7f800000, R8
	MOVQ    R8, X8          // +Inf (every other register holds a constant)
	BLOCKSCALE(X8, done8q)
	VBROADCASTSS X7, Y7
	VMULPS  Y7, Y0, Y0
	VMULPS  Y7, Y1, Y1
	VMULPS  Y7, Y2, Y2
	VMULPS  Y7, Y3, Y3
	VCVTPS2DQ Y0, Y0
	VCVTPS2DQ Y1, Y1
	VCVTPS2DQ Y2, Y2
	VCVTPS2DQ Y3, Y3
	VPMAXSD Y13, Y0, Y0
	VPMAXSD Y13, Y1, Y1
	VPMAXSD Y13, Y2, Y2
	VPMAXSD Y13, Y3, Y3
	VPMINSD Y14, Y0, Y0
	VPMINSD Y14, Y1, Y1
	VPMINSD Y14, Y2, Y2
	VPMINSD Y14, Y3, Y3
	VPADDD  Y1, Y0, Y8
	VPADDD  Y3, Y2, Y9
	VPADDD  Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X9
	VPADDD  X9, X8, X8
	VPSHUFD $0x4e, X8, X9
	VPADDD  X9, X8, X8
	VPSHUFD $0xb1, X8, X9
	VPADDD  X9, X8, X8
	VMOVD   X8, R9
	SHLL    $7, R9
	MOVL    R9, (CX)
	VPACKSSDW Y1, Y0, Y0
	VPACKSSDW Y3, Y2, Y2
	VPACKSSWB Y2, Y0, Y0
	VPERMD  Y0, Y12, Y0
	VMOVDQU Y0, (DI)
	VMOVSS  X6, (BX)
	ADDQ $128, SI
	ADDQ $32, DI
	ADDQ $4, BX
	ADDQ $4, CX
	INCQ AX
	JMP  loop8

done8q:
	VZEROUPPER
	MOVQ AX, ret+40(FP)
	RET

// func maxPool2PlaneAVX2(y *int8, x *int8, w, ow, rows int)
//
// maxPool2PlaneAVX512 in 256-bit AVX2 for 4 <= ow <= 16, without masked
// loads and stores: each row pair reads 32 bytes of both input rows and
// writes 8 output bytes (ow <= 8) or 16, so the caller leaves the plane's
// last output row to the scalar loop and passes rows = oh-1: the bytes
// written past ow land in the next output row (ow >= 4, or 8 for 16-byte
// stores: never past it), rewritten after, and every read stays in the
// plane when 3w >= 32.
TEXT ·maxPool2PlaneAVX2(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ w+16(FP), BX
	MOVQ ow+24(FP), CX
	MOVQ rows+32(FP), DX
	LEAQ (SI)(BX*1), R10    // row 2oy+1
	SHLQ $1, BX
	TESTQ DX, DX
	JLE  pool2done

pool2:
	VMOVDQU    (SI), Y0
	VMOVDQU    (R10), Y1
	VPMAXSB    Y1, Y0, Y0
	VPSLLW     $8, Y0, Y1
	VPSRAW     $8, Y1, Y1
	VPSRAW     $8, Y0, Y2
	VPMAXSW    Y2, Y1, Y1
	VPACKSSWB  Y1, Y1, Y1   // bytes 0-7 | 8-15, each twice, lane by lane
	VPERMQ     $0x08, Y1, Y1
	CMPQ       CX, $8
	JGT        store16
	VMOVQ      X1, (DI)
	JMP        stored

store16:
	VMOVDQU    X1, (DI)

stored:
	ADDQ       BX, SI
	ADDQ       BX, R10
	ADDQ       CX, DI
	DECQ       DX
	JNZ        pool2

pool2done:
	VZEROUPPER
	RET
