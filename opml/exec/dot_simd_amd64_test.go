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
