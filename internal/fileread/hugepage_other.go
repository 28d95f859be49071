//go:build !linux

package fileread

func adviseHuge([]byte) {}
