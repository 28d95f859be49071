package model

import (
	"math"
	"testing"

	"github.com/aievm/aievm/opml/tensor"
)

// TestCostArithmetic: counts saturate instead of wrapping, and the largest
// node the format allows (attention over 2^24 positions) counts past
// MaxWork rather than wrapping to a small number.
func TestCostArithmetic(t *testing.T) {
	t.Parallel()
	if satAdd(math.MaxUint64-1, 5) != math.MaxUint64 || satMul(1<<40, 1<<40) != math.MaxUint64 || satMul(3, 5) != 15 ||
		satSum(1, 2, math.MaxUint64) != math.MaxUint64 {
		t.Fatal("saturating arithmetic")
	}
	q := Spec{DType: tensor.F32, Shape: tensor.Shape{1 << 24, 1 << 7}}
	macs, flops, _ := nodeCost(OpAttention, []Spec{q, q, q}, q, []int64{1, 1})
	if macs <= MaxWork || flops <= MaxWork {
		t.Fatalf("attention over 2^24 positions: MACs %d, float ops %d; want past MaxWork %d", macs, flops, uint64(MaxWork))
	}
}
