//go:build !(goexperiment.simd && amd64)

package exec

// quantBlockKernels: this build's quantBlock is quantRowBlockFast itself.
func quantBlockKernels() map[string]func(x []float32, q []int8) float32 {
	return map[string]func(x []float32, q []int8) float32{"portable": quantBlock}
}
