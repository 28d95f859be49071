package exec

// dot32Portable is the exact int32 dot product of 32 int8 weights with 32
// int16 activations.
func dot32Portable(w []int8, x []int16) int32 {
	w, x = w[:32], x[:32]
	var s0, s1, s2, s3 int32
	for i := 0; i < 32; i += 4 {
		s0 += int32(w[i]) * int32(x[i])
		s1 += int32(w[i+1]) * int32(x[i+1])
		s2 += int32(w[i+2]) * int32(x[i+2])
		s3 += int32(w[i+3]) * int32(x[i+3])
	}
	return s0 + s1 + s2 + s3
}

// dotRowPortable is one output of a quantized matmul: for each block b in
// order, acc = acc + (wd[b]*xd[b]) * f32(sum of the block's products),
// every operation rounded to binary32 (SPEC.md, "MatMul").
func dotRowPortable(wq []int8, wd []float32, xq []int16, xd []float32) float32 {
	var acc float32
	xd = xd[:len(wd)]
	for b, dw := range wd {
		isum := dot32Portable(wq[b*32:], xq[b*32:])
		acc = float32(acc + float32(float32(dw*xd[b])*float32(isum)))
	}
	return acc
}
