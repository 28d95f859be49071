package svcbin

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMakeServicesBuildsEveryPackage checks that `make services` builds every
// binary the tests locate in $AIEVM_BIN: `make test` sets AIEVM_BIN to bin/
// after `make services` only, so a binary missing from the target fails
// the tests on a clean clone (where bin/ holds nothing else).
func TestMakeServicesBuildsEveryPackage(t *testing.T) {
	b, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	recipe := servicesRecipe(t, string(b))
	built := map[string]bool{}
	for _, m := range regexp.MustCompile(`-o \$\(BIN\)/([A-Za-z0-9_-]+)`).FindAllStringSubmatch(recipe, -1) {
		built[m[1]] = true
	}
	for name := range Packages {
		if !built[name] {
			t.Errorf("make services does not build bin/%s (recipe:\n%s)", name, recipe)
		}
	}
}

// servicesRecipe returns the command lines of the Makefile's services target.
func servicesRecipe(t *testing.T, makefile string) string {
	t.Helper()
	var out []string
	in := false
	for _, line := range strings.Split(makefile, "\n") {
		switch {
		case strings.HasPrefix(line, "services:"):
			in = true
		case in && strings.HasPrefix(line, "\t"):
			out = append(out, line)
		case in:
			if len(out) == 0 {
				t.Fatal("Makefile: services target has no recipe")
			}
			return strings.Join(out, "\n")
		}
	}
	t.Fatal("Makefile: no services target")
	return ""
}
