package ortpeer

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aievm/aievm/opml/examples/floatnets"
	"github.com/aievm/aievm/opml/kernelcap"
)

// TestPatchJump: a check found once has its JE made a JMP with the same
// displacement, whatever the displacement; a check found twice or not at
// all is refused, never guessed.
func TestPatchJump(t *testing.T) {
	site := []byte{0x41, 0xf7, 0xc2, 0x00, 0x00, 0x01, 0x00, 0x74, 0x0e, 0x4c, 0x89, 0xc0, 0x48, 0xf7, 0xd0, 0xa8, 0xe0}
	other := bytes.Clone(site)
	other[8] = 0x3a // another displacement
	near := bytes.Clone(site)
	near[16] = 0xe1 // one byte off: not the check
	pad := bytes.Repeat([]byte{0x90}, 40)
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, tc := range []struct {
		name string
		lib  []byte
		at   int // offset of the JE, or -1 for an error
	}{
		{"once", cat(pad, site, pad), len(pad) + 7},
		{"once, at the start", cat(site, pad), 7},
		{"once, at the end", cat(pad, site), len(pad) + 7},
		{"another displacement", cat(pad, other), len(pad) + 7},
		{"beside a near miss", cat(near, pad, site), len(near) + len(pad) + 7},
		{"twice", cat(site, pad, other), -1},
		{"absent", cat(pad, near, pad), -1},
		{"cut short", cat(pad, site[:len(site)-1]), -1},
	} {
		got, err := patchJump(tc.lib, skipAVX512)
		if tc.at < 0 {
			if !errors.Is(err, ErrNoCap) {
				t.Errorf("%s: err %v, want ErrNoCap", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := bytes.Clone(tc.lib)
		want[tc.at] = 0xeb
		if !bytes.Equal(got, want) {
			t.Errorf("%s: patched wrong (byte at %d: %#x)", tc.name, tc.at, got[tc.at])
		}
		if tc.lib[tc.at] != 0x74 {
			t.Errorf("%s: the input was changed", tc.name)
		}
	}
}

// TestCapped patches the installed ONNX Runtime (make tools) for each tier
// MLAS has: the copy differs from the library in exactly its checks' jumps,
// JE made JMP, and it runs, giving mlp784's probabilities as the uncapped
// library does (other kernels, so equal within float rounding); also where
// the package is a link (npm link), which must not carry the original
// library into the copy. avx512 is the library itself; portable and avx
// have no MLAS counterpart.
func TestCapped(t *testing.T) {
	const installed = "../../tools"
	linked := t.TempDir()
	js, err := os.ReadFile(filepath.Join(installed, "ort.js"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(linked, "ort.js"), js, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(linked, "node_modules"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"onnxruntime-node", "onnxruntime-common"} {
		abs, err := filepath.Abs(filepath.Join(installed, "node_modules", p))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(abs, filepath.Join(linked, "node_modules", p)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tools := range []string{installed, linked} {
		testCapped(t, tools)
	}
}

func testCapped(t *testing.T, tools string) {
	orig, err := os.ReadFile(filepath.Join(tools, "node_modules", "onnxruntime-node", ortLib))
	if err != nil {
		t.Fatalf("%v (make tools installs it)", err)
	}
	mlp := floatnets.MLP784().Encode()
	ramp, half := make([]float32, 784), make([]float32, 784)
	for i := range ramp {
		ramp[i], half[i] = float32(i)/784, 0.5
	}
	req := Request{Input: "pixels", Shape: []int{1, 784}, Samples: [][]float32{ramp, half}}
	want, err := Run(tools, mlp, req)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tier    kernelcap.Tier
		patched int
	}{{kernelcap.AVXVNNI, 1}, {kernelcap.AVX2, 3}} {
		dir, cleanup, err := Capped(tools, tc.tier)
		if err != nil {
			t.Fatalf("%s: %v", tc.tier, err)
		}
		t.Cleanup(cleanup)
		libPath := filepath.Join(dir, "node_modules", "onnxruntime-node", ortLib)
		realLib, err1 := filepath.EvalSymlinks(libPath)
		realDir, err2 := filepath.EvalSymlinks(dir)
		if err := errors.Join(err1, err2); err != nil || !strings.HasPrefix(realLib, realDir+string(filepath.Separator)) {
			t.Fatalf("%s, %s: the library ORT loads, %s, is not in the copy %s (%v)", tools, tc.tier, realLib, realDir, err)
		}
		lib, err := os.ReadFile(libPath)
		if err != nil {
			t.Fatal(err)
		}
		if len(lib) != len(orig) {
			t.Fatalf("%s: %d bytes, the library has %d", tc.tier, len(lib), len(orig))
		}
		diff := 0
		for i := range lib {
			if lib[i] != orig[i] {
				if orig[i] != 0x74 || lib[i] != 0xeb {
					t.Fatalf("%s: byte %#x is %#x, was %#x: not a JE made JMP", tc.tier, i, lib[i], orig[i])
				}
				diff++
			}
		}
		if diff != tc.patched {
			t.Fatalf("%s, %s: %d jumps patched, want %d", tools, tc.tier, diff, tc.patched)
		}
		if _, err := os.Stat(filepath.Join(dir, "node_modules", "onnxruntime-node", "bin", "napi-v6", "win32")); !os.IsNotExist(err) {
			t.Errorf("%s: other platforms' libraries copied (%v)", tc.tier, err)
		}
		got, err := Run(dir, mlp, req)
		if err != nil {
			t.Fatalf("%s: %v", tc.tier, err)
		}
		for i := range want.Outputs {
			for j, v := range want.Outputs[i] {
				if d := math.Abs(float64(got.Outputs[i][j] - v)); d > 1e-5 {
					t.Fatalf("%s: sample %d output %d: %v, uncapped %v", tc.tier, i, j, got.Outputs[i][j], v)
				}
			}
		}
		cleanup()
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%s: %s left after cleanup (%v)", tc.tier, dir, err)
		}
	}
	if dir, _, err := Capped(tools, kernelcap.AVX512); err != nil || dir != tools {
		t.Errorf("avx512: %q, %v; want the tools directory itself", dir, err)
	}
	for _, tier := range []kernelcap.Tier{kernelcap.Portable, kernelcap.AVX} {
		if _, _, err := Capped(tools, tier); !errors.Is(err, ErrNoCap) {
			t.Errorf("%s: err %v, want ErrNoCap", tier, err)
		}
	}
}
