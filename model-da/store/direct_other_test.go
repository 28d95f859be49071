//go:build !linux

package store

// directIOExpected is false: direct I/O is used on Linux only.
func directIOExpected(string) bool { return false }
