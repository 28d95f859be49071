//go:build !(goexperiment.simd && amd64)

package exec

// dotRows4Kernels: this build has no SIMD kernels.
func dotRows4Kernels() (map[string]dotRows4Kernel, []string) {
	return map[string]dotRows4Kernel{}, nil
}

// quantBlockKernels: this build's quantBlock is quantRowBlockFast itself.
func quantBlockKernels() map[string]func(x []float32, q []int8) float32 {
	return map[string]func(x []float32, q []int8) float32{"portable": quantBlock}
}
