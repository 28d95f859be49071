package store

import "golang.org/x/sys/unix"

// directIOExpected says whether dir's file system takes direct I/O for
// certain (ext4, XFS, Btrfs), so a refusal there is a defect, not a skip.
func directIOExpected(dir string) bool {
	var fs unix.Statfs_t
	if unix.Statfs(dir, &fs) != nil {
		return false
	}
	switch uint32(fs.Type) {
	case unix.EXT4_SUPER_MAGIC, unix.XFS_SUPER_MAGIC, unix.BTRFS_SUPER_MAGIC:
		return true
	}
	return false
}
