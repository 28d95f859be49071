package exec

import (
	"github.com/aievm/aievm/opml/model"
)

// reuseMin is the smallest node output whose buffer a run passes on.
const reuseMin = 4 << 10

// reusePlan says, for a fast run without hooks, which node outputs take the
// buffer of an earlier output no longer read (same byte size, cleared)
// instead of allocating one: the garbage collector then has less to do.
// It is worked out once per model by playing the run's allocations in
// order (shapes are fixed), and it keeps the model's memory bound: at every
// allocation, the live activations plus the buffers held for later reuse
// stay within Cost.ActivationBytes, the peak the model is charged for (held
// buffers are dropped to make room, the oldest first), and a buffer is
// held only if a later node allocates its size. Planning takes time linear
// in the nodes (it runs on every cold load).
type reusePlan struct {
	take []int   // node i's output takes this root's held buffer (-1: allocate)
	drop [][]int // before node i: held roots to release
	keep [][]int // after node i: freed roots whose buffers are held
	// most is the largest live plus held bytes at any allocation (tests).
	most uint64
}

// planReuse plays m's nodes in order: storage and roots are Liveness's.
func planReuse(m *model.Model, storage []int, roots [][]int) *reusePlan {
	n := len(m.Nodes)
	p := &reusePlan{take: make([]int, n), drop: make([][]int, n), keep: make([][]int, n)}
	firstNode := len(m.Inputs) + len(m.Consts)
	allocs := func(i int) (uint64, bool) { // node i's fresh bytes, if it allocates
		v := m.NodeID(i)
		return uint64(m.Nodes[i].Out.Bytes()), storage[v] == v
	}
	// later[s]: allocations of s bytes by nodes not yet played.
	later := map[uint64]int{}
	for i := range m.Nodes {
		if s, ok := allocs(i); ok && s >= reuseMin {
			later[s]++
		}
	}
	var live uint64
	for _, in := range m.Inputs {
		live += uint64(in.Bytes())
	}
	// The held buffers: by size (a stack each, the last held on top) and
	// in the order they were held (the oldest is dropped first); a root
	// taken or dropped is marked gone and skipped where it still stands,
	// so every root is pushed and popped once: linear in the nodes.
	bySize := map[uint64][]int{}
	count := map[uint64]int{} // held roots of each size, gone ones left out
	var order []int
	next := 0 // order[next:] may still be held
	gone := make([]bool, len(storage))
	var heldBytes uint64
	limit := m.Cost.ActivationBytes
	size := func(r int) uint64 { return uint64(m.ValueSpec(r).Bytes()) }
	for i := range m.Nodes {
		p.take[i] = -1
		if s, ok := allocs(i); ok {
			if s >= reuseMin {
				later[s]--
			}
			if s >= reuseMin && count[s] > 0 {
				rs := bySize[s]
				for gone[rs[len(rs)-1]] {
					rs = rs[:len(rs)-1]
				}
				r := rs[len(rs)-1]
				bySize[s] = rs[:len(rs)-1]
				gone[r] = true
				count[s]--
				heldBytes -= s
				p.take[i] = r
			} else {
				// Room for a fresh buffer: drop held ones, oldest first.
				for live+s+heldBytes > limit && heldBytes > 0 {
					r := order[next]
					next++
					if gone[r] {
						continue
					}
					gone[r] = true
					count[size(r)]--
					heldBytes -= size(r)
					p.drop[i] = append(p.drop[i], r)
				}
			}
			live += s
			p.most = max(p.most, live+heldBytes)
		}
		for _, r := range roots[i] {
			s := size(r)
			live -= s
			if r >= firstNode && s >= reuseMin && later[s] > count[s] {
				p.keep[i] = append(p.keep[i], r)
				bySize[s] = append(bySize[s], r)
				order = append(order, r)
				count[s]++
				heldBytes += s
			}
		}
	}
	return p
}
