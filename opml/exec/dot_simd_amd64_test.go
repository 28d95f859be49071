//go:build goexperiment.simd && amd64

package exec

// dotRows4Kernels returns the SIMD kernels of dotRows4 this CPU runs, and
// the names of those it cannot.
func dotRows4Kernels() (run map[string]dotRows4Kernel, missing []string) {
	run = map[string]dotRows4Kernel{}
	if useAVX2 {
		run["avx2"] = dotRows4AVX2
	} else {
		missing = append(missing, "avx2")
	}
	if useAVX {
		run["avx"] = dotRows4AVX
	} else {
		missing = append(missing, "avx")
	}
	return run, missing
}

// quantBlockKernels returns the forms of quantBlock this CPU runs.
func quantBlockKernels() map[string]func(x []float32, q []int8) float32 {
	k := map[string]func(x []float32, q []int8) float32{}
	if useVNNI {
		k["avx512"] = quantBlock
	}
	if useAVX2 {
		k["avx2"] = quantBlock8
	}
	return k
}
