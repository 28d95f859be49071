//go:build !(goexperiment.simd && amd64) && !arm64

package exec

// dotRows4Kernels: this build has no SIMD kernels.
func dotRows4Kernels() (map[string]dotRows4Kernel, []string) {
	return map[string]dotRows4Kernel{}, nil
}
