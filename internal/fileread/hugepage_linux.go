package fileread

import "syscall"

// adviseHuge asks the kernel to back b (fresh, untouched heap memory) with
// transparent huge pages where it allows them on request (THP "madvise",
// the usual default): reading a large file into it then takes a page fault
// every 2 MiB instead of every 4 KiB. Advice only: an error changes nothing.
func adviseHuge(b []byte) {
	const hugePage = 2 << 20
	if len(b) >= 2*hugePage {
		_ = syscall.Madvise(b, 14) // MADV_HUGEPAGE
	}
}
