//go:build !(goexperiment.simd && amd64)

package fmath

// Vector forms: none in this build; the slice forms run the scalar ones.
func expVec(_, _ []float32) int                              { return 0 }
func siluVec(_, _ []float32) int                             { return 0 }
func canonVec(_ []float32) int                               { return 0 }
func addVec(_, _, _ []float32) int                           { return 0 }
func mulVec(_, _, _ []float32) int                           { return 0 }
func scaleMulVec(_, _ []float32, _ float32, _ []float32) int { return 0 }
