#include "textflag.h"

// A64 encodings Go's assembler lacks (Arm ARM, "Advanced SIMD"):
// SDOT Vd.4S, Vn.16B, Vm.16B: 0x4E809400 | m<<16 | n<<5 | d
#define SDOT(d, n, m) WORD $(0x4E809400 | (m)<<16 | (n)<<5 | (d))
// ADDP Vd.4S, Vn.4S, Vm.4S (d = [n0+n1, n2+n3, m0+m1, m2+m3])
#define ADDP4S(d, n, m) WORD $(0x4EA0BC00 | (m)<<16 | (n)<<5 | (d))
// SCVTF Vd.4S, Vn.4S (int32 to float32, rounded to nearest)
#define SCVTF4S(d, n) WORD $(0x4E21D800 | (n)<<5 | (d))
// FMUL Vd.4S, Vn.4S, Vm.4S
#define FMUL4S(d, n, m) WORD $(0x6E20DC00 | (m)<<16 | (n)<<5 | (d))
// FADD Vd.4S, Vn.4S, Vm.4S
#define FADD4S(d, n, m) WORD $(0x4E20D400 | (m)<<16 | (n)<<5 | (d))

// func dotRows4DotProd(w *int8, wd4 *float32, x *int8, xd4 *float32, nb int, out *[4]float32)
//
// Registers: R0-R3 and R7-R9 the four weight rows (k = 32nb bytes apart),
// R1 the scales wd4, R2 the activations, R3 their scales xd4, R4 the blocks
// left. V0-V1 a block of activations, V2-V9 the rows' blocks, V10-V13 the
// rows' int32 partial sums, V14 the four block sums, V16 the accumulator.
TEXT ·dotRows4DotProd(SB), NOSPLIT, $0-48
	MOVD w+0(FP), R0
	MOVD wd4+8(FP), R1
	MOVD x+16(FP), R2
	MOVD xd4+24(FP), R3
	MOVD nb+32(FP), R4
	MOVD out+40(FP), R5
	LSL  $5, R4, R6
	ADD  R6, R0, R7
	ADD  R6, R7, R8
	ADD  R6, R8, R9
	VEOR V16.B16, V16.B16, V16.B16

block:
	VLD1.P 32(R2), [V0.B16, V1.B16]
	VLD1.P 32(R0), [V2.B16, V3.B16]
	VLD1.P 32(R7), [V4.B16, V5.B16]
	VLD1.P 32(R8), [V6.B16, V7.B16]
	VLD1.P 32(R9), [V8.B16, V9.B16]
	VEOR   V10.B16, V10.B16, V10.B16
	VEOR   V11.B16, V11.B16, V11.B16
	VEOR   V12.B16, V12.B16, V12.B16
	VEOR   V13.B16, V13.B16, V13.B16
	SDOT(10, 2, 0)
	SDOT(11, 4, 0)
	SDOT(12, 6, 0)
	SDOT(13, 8, 0)
	SDOT(10, 3, 1)
	SDOT(11, 5, 1)
	SDOT(12, 7, 1)
	SDOT(13, 9, 1)
	ADDP4S(14, 10, 11) // [r0 r0 r1 r1]
	ADDP4S(15, 12, 13) // [r2 r2 r3 r3]
	ADDP4S(14, 14, 15) // [r0 r1 r2 r3]
	SCVTF4S(14, 14)
	VLD1.P 16(R1), [V17.S4]
	VLD1.P 16(R3), [V18.S4]
	FMUL4S(17, 17, 18)  // scale = wd*xd
	FMUL4S(17, 17, 14)  // p = scale*isum
	FADD4S(16, 16, 17)  // acc = acc+p
	SUBS $1, R4, R4
	BNE  block

	VST1 [V16.S4], (R5)
	RET
