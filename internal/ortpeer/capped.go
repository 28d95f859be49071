package ortpeer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aievm/aievm/opml/kernelcap"
)

// ErrNoCap means the ORT library is not one whose kernel choice Capped
// knows how to cap (another onnxruntime-node version or platform).
var ErrNoCap = errors.New("cannot cap this ONNX Runtime's kernels")

// ortLib is onnxruntime-node's CPU library, relative to its package.
const ortLib = "bin/napi-v6/linux/x64/libonnxruntime.so.1"

// A capJump is a conditional jump in MLAS's platform set-up
// (MLAS_PLATFORM's constructor, mlas/lib/platform.cpp) that skips a block of
// kernel choices when the CPU lacks a feature: the pattern's byte at jcc (a
// JE rel8, 0x74) made a JMP rel8 (0xEB) skips it always, as on a CPU
// without the feature. Entries of pattern equal to anyByte match any byte (the
// jump's displacement).
type capJump struct {
	what    string
	pattern []int
	jcc     int
}

// anyByte is a pattern entry matching any byte.
const anyByte = 0x100

// The feature checks, each found by its instructions around the jump
// (onnxruntime-node 1.30.0, linux x64):
//   - AVX-512F: test $0x10000, %r10d (CPUID.7.0:EBX bit 16); je; then the
//     XCR0 check of the AVX-512 state (mov %r8, %rax; not %rax; test $0xe0, %al);
//   - AVX-VNNI: mov $7, %eax; mov $1, %ecx; cpuid; test $0x10, %al
//     (CPUID.7.1:EAX bit 4); je;
//   - AVX-VNNI-INT8, right after the AVX-512 block's XCR0 test and its
//     je: test $0x10, %dl (CPUID.7.1:EDX bit 4); je. Its kernels are
//     integer GEMMs, of CPUs newer than the AVX-VNNI tier's first ones.
var (
	skipAVX512   = capJump{"AVX-512", []int{0x41, 0xf7, 0xc2, 0x00, 0x00, 0x01, 0x00, 0x74, anyByte, 0x4c, 0x89, 0xc0, 0x48, 0xf7, 0xd0, 0xa8, 0xe0}, 7}
	skipAVXVNNI  = capJump{"AVX-VNNI", []int{0xb8, 0x07, 0x00, 0x00, 0x00, 0xb9, 0x01, 0x00, 0x00, 0x00, 0x0f, 0xa2, 0xa8, 0x10, 0x74, anyByte}, 14}
	skipVNNIINT8 = capJump{"AVX-VNNI-INT8", []int{0xa8, 0xe0, 0x0f, 0x84, anyByte, anyByte, anyByte, anyByte, 0xf6, 0xc2, 0x10, 0x74, anyByte}, 11}
)

// Capped returns a tools directory (ort.js and node_modules, as Run takes)
// whose ONNX Runtime chooses its MLAS kernels as on a CPU of tier t: for
// avxvnni its AVX-512 kernels are never chosen, for avx2 neither those nor
// its AVX-VNNI and AVX-VNNI-INT8 ones. The copy of the library is patched in a temporary
// directory, which cleanup removes; toolsDir is not changed. So the engine
// capped by AIEVM_KERNELS is measured against the ORT such a CPU would run,
// on this CPU. For avx512 (no ceiling) it returns toolsDir itself; for avx
// and portable, which have no counterpart among MLAS's x86 choices that
// this patch reaches, it returns ErrNoCap.
func Capped(toolsDir string, t kernelcap.Tier) (dir string, cleanup func(), err error) {
	var jumps []capJump
	switch t {
	case kernelcap.AVX512:
		return toolsDir, func() {}, nil
	case kernelcap.AVXVNNI:
		jumps = []capJump{skipAVX512}
	case kernelcap.AVX2:
		jumps = []capJump{skipAVX512, skipAVXVNNI, skipVNNIINT8}
	default:
		return "", nil, fmt.Errorf("%w at %s: no such MLAS tier", ErrNoCap, t)
	}
	modules := filepath.Join(toolsDir, "node_modules")
	lib, err := os.ReadFile(filepath.Join(modules, "onnxruntime-node", ortLib))
	if err != nil {
		return "", nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	for _, j := range jumps {
		if lib, err = patchJump(lib, j); err != nil {
			return "", nil, err
		}
	}
	dir, err = os.MkdirTemp("", "ort-"+t.String())
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	if err := copyPeer(toolsDir, dir, lib); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("ORT capped at %s: %w", t, err)
	}
	return dir, cleanup, nil
}

// patchJump returns lib with j's jump made unconditional; it must match
// exactly once.
func patchJump(lib []byte, j capJump) ([]byte, error) {
	at := -1
	for i := indexPattern(lib, j.pattern, 0); i >= 0; i = indexPattern(lib, j.pattern, i+1) {
		if at >= 0 {
			return nil, fmt.Errorf("%w: the %s check matches twice (at %#x and %#x)", ErrNoCap, j.what, at, i)
		}
		at = i
	}
	if at < 0 {
		return nil, fmt.Errorf("%w: the %s check is not in the library (onnxruntime-node other than 1.30.0?)", ErrNoCap, j.what)
	}
	out := bytes.Clone(lib)
	out[at+j.jcc] = 0xeb // JMP rel8, same displacement
	return out, nil
}

// indexPattern is the first index >= from where p matches b, or -1.
func indexPattern(b []byte, p []int, from int) int {
	// The first two bytes of every pattern are literal: search for them.
	head := []byte{byte(p[0]), byte(p[1])}
	for from <= len(b)-len(p) {
		k := bytes.Index(b[from:], head)
		if k < 0 {
			return -1
		}
		i := from + k
		if i > len(b)-len(p) {
			return -1
		}
		ok := true
		for q, v := range p {
			if v != anyByte && b[i+q] != byte(v) {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
		from = i + 1
	}
	return -1
}

// copyPeer lays out dst as a tools directory: ort.js, and node_modules
// with every package of src's linked but onnxruntime-node, copied (its
// JavaScript requires its binding by a relative path, which a link would
// resolve into src) with lib as its library, and without the libraries of
// other platforms.
func copyPeer(src, dst string, lib []byte) error {
	js, err := os.ReadFile(filepath.Join(src, "ort.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "ort.js"), js, 0o644); err != nil {
		return err
	}
	modules := filepath.Join(src, "node_modules")
	ents, err := os.ReadDir(modules)
	if err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(dst, "node_modules"), 0o755); err != nil {
		return err
	}
	for _, e := range ents {
		if e.Name() == "onnxruntime-node" {
			continue
		}
		abs, err := filepath.Abs(filepath.Join(modules, e.Name()))
		if err != nil {
			return err
		}
		if err := os.Symlink(abs, filepath.Join(dst, "node_modules", e.Name())); err != nil {
			return err
		}
	}
	// The package itself may be a link (npm link): walk what it names, or
	// the walk would copy the link and the original library with it. (Its
	// dependency onnxruntime-common must be in src's node_modules, as npm
	// installs it.)
	pkg, err := filepath.EvalSymlinks(filepath.Join(modules, "onnxruntime-node"))
	if err == nil {
		pkg, err = filepath.Abs(pkg)
	}
	if err != nil {
		return err
	}
	return filepath.WalkDir(pkg, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(pkg, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, "node_modules", "onnxruntime-node", rel)
		sep, libDir := string(filepath.Separator), filepath.Dir(filepath.FromSlash(ortLib))
		inBin := rel == "bin" || strings.HasPrefix(rel, "bin"+sep)
		onPath := rel == libDir || strings.HasPrefix(libDir, rel+sep) || strings.HasPrefix(rel, libDir+sep)
		if d.IsDir() && inBin && !onPath {
			return fs.SkipDir // another platform's libraries
		}
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case rel == filepath.FromSlash(ortLib):
			return os.WriteFile(to, lib, 0o644)
		case d.Type()&fs.ModeSymlink != 0:
			// A link within the package stays relative (to the copy's
			// files, the patched library among them); one leaving it
			// points at the original.
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			if !filepath.IsAbs(target) {
				if in, err := filepath.Rel(pkg, filepath.Join(filepath.Dir(p), target)); err != nil || in == ".." || strings.HasPrefix(in, ".."+sep) {
					target = filepath.Join(filepath.Dir(p), target)
				}
			}
			return os.Symlink(target, to)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}
