package contracts_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"

	"github.com/aievm/aievm/contracts/bindings"
)

// abiEntry is one ABI item without internalType (which names the Solidity
// struct: IModelRegistry.Model and ModelRegistry.Model are the same tuple).
type abiEntry struct {
	Type            string     `json:"type"`
	Name            string     `json:"name"`
	Inputs          []abiParam `json:"inputs"`
	Outputs         []abiParam `json:"outputs"`
	StateMutability string     `json:"stateMutability"`
	Anonymous       bool       `json:"anonymous"`
}

type abiParam struct {
	Name       string     `json:"name"`
	Type       string     `json:"type"`
	Indexed    bool       `json:"indexed"`
	Components []abiParam `json:"components"`
}

func readABI(t *testing.T, name string) []abiEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("abi", name+".json"))
	if err != nil {
		t.Fatalf("read %s's ABI (make contracts writes contracts/abi): %v", name, err)
	}
	var entries []abiEntry
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatalf("parse abi/%s.json: %v", name, err)
	}
	if _, err := abi.JSON(bytes.NewReader(b)); err != nil {
		t.Fatalf("abi/%s.json is not an ABI go-ethereum reads: %v", name, err)
	}
	return entries
}

// TestModelRegistryConformsToInterface: ModelRegistry's ABI is exactly
// IModelRegistry's (functions, events, errors, parameter names and types,
// state mutability), so the interface users import calls the predeploy as it
// is, and a function added to one must be added to the other.
func TestModelRegistryConformsToInterface(t *testing.T) {
	t.Parallel()
	key := func(e abiEntry) string {
		b, _ := json.Marshal(e)
		return string(b)
	}
	set := func(name string) []string {
		var keys []string
		for _, e := range readABI(t, name) {
			keys = append(keys, key(e))
		}
		sort.Strings(keys)
		return keys
	}
	impl, iface := set("ModelRegistry"), set("IModelRegistry")
	if strings.Join(impl, "\n") != strings.Join(iface, "\n") {
		t.Fatalf("ModelRegistry's ABI differs from IModelRegistry's:\nModelRegistry:\n%s\nIModelRegistry:\n%s", strings.Join(impl, "\n"), strings.Join(iface, "\n"))
	}
	// Every committed ABI file parses, and the bindings' ABIs are the same.
	for name, bound := range map[string]string{"ModelRegistry": bindings.ModelRegistryMetaData.ABI, "Classifier": bindings.ClassifierMetaData.ABI} {
		var a, b []abiEntry
		if err := json.Unmarshal([]byte(bound), &a); err != nil {
			t.Fatal(err)
		}
		b = readABI(t, name)
		if ka, kb := mustJSON(a), mustJSON(b); ka != kb {
			t.Errorf("abi/%s.json differs from its binding's ABI: run make contracts", name)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
