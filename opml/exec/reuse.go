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
// buffers are dropped to make room), and a buffer is held only if a later
// node allocates its size.
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
	held := map[uint64][]int{} // size -> held roots, the last held on top
	var heldBytes uint64
	limit := m.Cost.ActivationBytes
	for i := range m.Nodes {
		p.take[i] = -1
		if s, ok := allocs(i); ok {
			if s >= reuseMin {
				later[s]--
			}
			if rs := held[s]; s >= reuseMin && len(rs) > 0 {
				p.take[i] = rs[len(rs)-1]
				held[s] = rs[:len(rs)-1]
				heldBytes -= s
			} else {
				// Room for a fresh buffer: drop held ones, largest first.
				for live+s+heldBytes > limit && heldBytes > 0 {
					big := uint64(0)
					for sz, rs := range held {
						if len(rs) > 0 && sz > big {
							big = sz
						}
					}
					rs := held[big]
					p.drop[i] = append(p.drop[i], rs[0])
					held[big] = rs[1:]
					heldBytes -= big
				}
			}
			live += s
			p.most = max(p.most, live+heldBytes)
		}
		for _, r := range roots[i] {
			s := uint64(m.ValueSpec(r).Bytes())
			live -= s
			if r >= firstNode && s >= reuseMin && later[s] > len(held[s]) {
				p.keep[i] = append(p.keep[i], r)
				held[s] = append(held[s], r)
				heldBytes += s
			}
		}
	}
	return p
}
