package devnet

import (
	"bytes"
	"fmt"
	"math/big"

	opflags "github.com/ethereum-optimism/optimism/op-node/flags"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/log"

	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/op-node-ext/opdeploy"
)

// ownKeys are explicit keys for every L1 role (test values).
const ownKeys = "deployer_key = \"0x01\"\nbatcher_key = \"0x02\"\nproposer_key = \"0x03\"\nchallenger_key = \"0x04\"\nsequencer_key = \"0x05\"\n"

func TestConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tok := filepath.Join(dir, "tok.gguf")
	writeTokenizer(t, tok)
	notTok := filepath.Join(dir, "not-a-tokenizer.gguf")
	if err := os.WriteFile(notTok, []byte("not a GGUF file"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := "0x" + strings.Repeat("ab", 32)
	gen := func(name, addr string, seq int, tok string) string {
		return fmt.Sprintf("[[dapp_generation]]\nname = %q\naddress = %q\nseq = %d\ntokenizer = %q\n", name, addr, seq, tok)
	}
	for _, c := range []struct {
		name, toml, err string
		check           func(Config) bool
	}{
		{"overrides", "l2_chain_id = 4242\n[ports]\nl1_rpc = 0\n", "", func(c Config) bool { return c.L2ChainID == 4242 && c.Ports.L1RPC == 0 && c.L1ChainID == 900 }},
		{"unknown key", "l2_chain = 1\n", `unknown key "l2_chain"`, nil},
		{"same chain ids", "l1_chain_id = 5\nl2_chain_id = 5\n", "distinct", nil},
		{"external L1 without beacon", "l1_rpc = \"http://127.0.0.1:1\"\n", "beacon", nil},
		{"bad toml", "l1_chain_id = \n", "devnet config", nil},
		{"oracle and challenger", "oracle_window = 60\noracle_clock = 600\nchallenger = false\n", "",
			func(c Config) bool { return c.OracleWindow == 60 && c.OracleClock == 600 && !c.Challenger }},
		{"oracle clock sized", "oracle_clock = 0\n", "", func(c Config) bool { return c.oracleParams().Clock == fraudproof.ClockFor(2*time.Second) }},
		{"oracle clock too short for the longest game", "oracle_clock = 120\n", "shorter than the longest game", nil},
		{"external L1 with seed keys", "l1_rpc = \"http://127.0.0.1:1\"\nl1_beacon = \"http://127.0.0.1:2\"\n", "keys of its own", nil},
		{"external L1 with dev accounts", "l1_rpc = \"http://127.0.0.1:1\"\nl1_beacon = \"http://127.0.0.1:2\"\n" + ownKeys, "users = 0", nil},
		{"external L1 with own keys", "l1_rpc = \"http://127.0.0.1:1\"\nl1_beacon = \"http://127.0.0.1:2\"\nusers = 0\nattest = false\n" + ownKeys, "",
			func(c Config) bool { return c.SequencerKey != "" }},
		{"public host", "host = \"0.0.0.0\"\n", "not a loopback address", nil},
		{"public host, meant", "host = \"0.0.0.0\"\nexpose = true\n", "", func(c Config) bool { return c.Expose }},
		{"localhost", "host = \"localhost\"\n", "", func(c Config) bool { return c.Host == "localhost" }},
		{"1-second dev L1", "l1_block_time = 1\n", "2 s or more", nil},
		{"external L1, no challenger key, challenger off", "l1_rpc = \"http://127.0.0.1:1\"\nl1_beacon = \"http://127.0.0.1:2\"\nusers = 0\nattest = false\nchallenger = false\n" +
			strings.ReplaceAll(ownKeys, "challenger_key = \"0x04\"\n", ""), "keys of its own", nil},
		{"game delays", "[games]\nmax_clock_duration = 60\nclock_extension = 5\nproof_maturity_delay = 7\nfinality_delay = 3\npreimage_challenge_period = 5\nwithdrawal_delay = 9\n", "",
			func(c Config) bool { return c.Games.MaxClockDuration == 60 && c.Games.ProofMaturityDelay == 7 }},
		{"game clock under two extensions", "[games]\nmax_clock_duration = 3\nclock_extension = 2\n", "max clock duration", nil},
		{"no op-contracts", "op_contracts = \"\"\n", "op_contracts", nil},
		{"output bond", "output_bond = \"1000000000000000\"\n", "", func(c Config) bool { return c.outputBond().Cmp(big.NewInt(1e15)) == 0 }},
		{"output bond not wei", "output_bond = \"0.01\"\n", "not an amount of wei", nil},
		{"dapp generation model", gen("SmolLM2", addr, 16, tok), "", func(c Config) bool { return len(c.DappGeneration) == 1 && c.DappGeneration[0].Seq == 16 }},
		{"dapp generation model, short address", gen("g", "0xab", 16, tok), `dapp_generation "g": address`, nil},
		{"dapp generation model, no name", gen("", addr, 16, tok), "no name", nil},
		{"dapp generation model, no seq", gen("g", addr, 0, tok), "seq 0: want 1 to 32767", nil},
		{"dapp generation model, huge seq", gen("g", addr, 1<<20, tok), "seq 1048576", nil},
		{"dapp generation model, no tokenizer", gen("g", addr, 4, ""), "no tokenizer file", nil},
		{"dapp generation model, missing tokenizer", gen("g", addr, 4, filepath.Join(dir, "missing.gguf")), "tokenizer:", nil},
		{"dapp generation model, not a tokenizer", gen("g", addr, 4, notTok), "tokenizer:", nil},
		{"dapp generation model, input past the engine's bound", gen("g", addr, 32768, tok), "seq 32768: want 1 to 32767", nil},
		{"dapp generation model twice", gen("a", addr, 4, tok) + gen("b", "0x"+strings.ToUpper(addr[2:]), 4, tok), "listed twice", nil},
	} {
		p := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".toml")
		if err := os.WriteFile(p, []byte(c.toml), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := Default()
		cfg.GethCommand = []string{"ai-geth"}
		err := LoadTOML(p, &cfg)
		if err == nil {
			err = cfg.check()
		}
		if c.err == "" && (err != nil || !c.check(cfg)) {
			t.Errorf("%s: %v, %+v", c.name, err, cfg)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.err)
		}
	}
}

// TestJWTSecret: the Engine API secret is random (not derived from the
// public seed), written with mode 0600 on first start and kept afterwards; a
// damaged file is refused.
func TestJWTSecret(t *testing.T) {
	t.Parallel()
	secret := func(dir string) ([32]byte, error) {
		d := &Devnet{cfg: Config{DataDir: dir, Seed: Default().Seed}, log: log.New()}
		err := d.writeJWT()
		return d.jwt, err
	}
	a, b := t.TempDir(), t.TempDir()
	s1, err := secret(a)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := secret(a); err != nil || again != s1 {
		t.Fatalf("restart: %x (%v), want the first secret %x", again, err, s1)
	}
	if other, _ := secret(b); other == s1 {
		t.Fatal("two devnets got the same secret: it is derived, not random")
	}
	if st, err := os.Stat(filepath.Join(a, "jwt.hex")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("jwt.hex mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
	os.WriteFile(filepath.Join(a, "jwt.hex"), []byte("0x1234"), 0o600)
	if _, err := secret(a); err == nil {
		t.Fatal("a damaged secret accepted")
	}
	// A data dir from before: the seed-derived secret is replaced.
	old := crypto.Keccak256([]byte(Default().Seed + "/jwt"))
	os.WriteFile(filepath.Join(a, "jwt.hex"), []byte(hexutil.Encode(old)), 0o644)
	if s, err := secret(a); err != nil || bytes.Equal(s[:], old) {
		t.Fatalf("seed-derived secret kept: %x (%v)", s, err)
	}
}

// TestForExternalL1: on a public L1 the devnet's fast defaults give way to
// safe ones, field by field; values a config changed stay; the local devnet
// is untouched.
func TestForExternalL1(t *testing.T) {
	t.Parallel()
	local := Default()
	local.ForExternalL1()
	if !reflect.DeepEqual(local, Default()) {
		t.Fatal("ForExternalL1 changed the local devnet's config")
	}
	c := Default()
	c.L1RPC, c.OracleWindow = "http://127.0.0.1:1", 900
	c.Games.FinalityDelay = 60 // set by the operator: kept
	c.ForExternalL1()
	std := opdeploy.StandardGames()
	std.FinalityDelay = 60
	if c.Games != std || c.ProposalInterval != 1800 || c.L1BlockTime != 12 || c.BatchInterval != 25 || c.OracleWindow != 900 {
		t.Fatalf("external L1 config: %+v", c)
	}
	again := c
	again.ForExternalL1()
	if !reflect.DeepEqual(again, c) {
		t.Fatal("ForExternalL1 is not idempotent")
	}
}

// TestWithoutEnv: none of op-node's flags, as the devnet parses them, reads
// the environment; op-node's own flags keep theirs.
func TestWithoutEnv(t *testing.T) {
	withEnv := 0
	for _, f := range opflags.Flags {
		env, ok := f.(interface{ GetEnvVars() []string })
		if !ok {
			continue
		}
		before := len(env.GetEnvVars())
		withEnv += min(before, 1)
		cp := withoutEnv(f)
		if e, ok := cp.(interface{ GetEnvVars() []string }); !ok || len(e.GetEnvVars()) != 0 {
			t.Errorf("flag %s: the copy still reads %v", f.Names()[0], e.GetEnvVars())
		}
		if len(env.GetEnvVars()) != before {
			t.Errorf("flag %s: the original lost its environment variables", f.Names()[0])
		}
	}
	if withEnv < 50 {
		t.Fatalf("only %d of op-node's flags read the environment: not op-node's flag set?", withEnv)
	}
}
