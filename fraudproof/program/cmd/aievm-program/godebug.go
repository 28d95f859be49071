// As in op-program's own client: the Go runtime must not name anonymous
// memory mappings (prctl), a syscall Cannon does not implement.

//go:debug decoratemappings=0

package main
