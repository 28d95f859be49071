package fileread

import "syscall"

// adviseHuge asks the kernel to back b (fresh, untouched heap memory) with
// transparent huge pages where it allows them on request (THP "madvise",
// the usual default): reading a large file into it then takes a page fault
// every 2 MiB instead of every 4 KiB. Advice only: an error changes nothing
// (EINVAL on kernels with 64 KiB pages). The range keeps the advice after b
// is freed, which Go's runtime does not expect of its heap: fine for the
// CLI's one-shot reads of a model, not for a long-running node.
func adviseHuge(b []byte) {
	const hugePage = 2 << 20
	if len(b) >= 2*hugePage {
		_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	}
}
