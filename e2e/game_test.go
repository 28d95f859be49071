package e2e

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/fraudproof/prove"
	aicli "github.com/aievm/aievm/internal/cli"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/devnet"
	"github.com/aievm/aievm/opml/model"
)

// challengerEnv makes this test binary `aievm challenger` (a child process
// the test kills and restarts).
const challengerEnv = "AIEVM_E2E_CHALLENGER"

func runChallengerChild() int {
	app := &cli.App{Name: "aievm", Commands: []*cli.Command{aicli.ChallengerCommand}}
	if err := app.Run(append([]string{"aievm"}, os.Args[1:]...)); err != nil {
		fmt.Fprintln(os.Stderr, "aievm:", err)
		return 1
	}
	return 0
}

// Claim states of the oracle.
const (
	accepted = 2
	rejected = 3
)

// challengerProc is `aievm challenger` running as a child process.
type challengerProc struct {
	t       *testing.T
	args    []string
	log     string
	metrics string
	cmd     *exec.Cmd
}

func startChallengerProc(t *testing.T, d *devnet.Devnet, key *ecdsa.PrivateKey) *challengerProc {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	c := &challengerProc{t: t, log: filepath.Join(dir, "challenger.log"), metrics: fmt.Sprintf("http://127.0.0.1:%d/metrics", port),
		args: []string{"challenger", "--l1-eth-rpc", d.L1RPC(), "--oracle", d.State().Oracle.Oracle.Hex(),
			"--private-key", hexutil.Encode(crypto.FromECDSA(key)), "--datadir", dir, "--ai.peers", d.ModelGateway(),
			"--metrics.enabled", "--metrics.port", strconv.Itoa(port)}}
	c.start()
	t.Cleanup(func() {
		c.kill()
		if t.Failed() {
			b, _ := os.ReadFile(c.log)
			if len(b) > 6000 {
				b = b[len(b)-6000:]
			}
			t.Logf("aievm challenger log (tail):\n%s", b)
		}
	})
	return c
}

func (c *challengerProc) start() {
	f, err := os.OpenFile(c.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	c.cmd = exec.Command(os.Args[0], c.args...)
	c.cmd.Env = append(os.Environ(), challengerEnv+"=1")
	c.cmd.Stdout, c.cmd.Stderr = f, f
	if err := c.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
}

// kill stops the process with SIGKILL: no chance to save anything.
func (c *challengerProc) kill() {
	if c.cmd != nil && c.cmd.Process != nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
		c.cmd = nil
	}
}

// games scrapes the games gauge by state (nil if the process does not answer).
func (c *challengerProc) games() map[string]int {
	resp, err := http.Get(c.metrics)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var state string
		var n int
		if _, err := fmt.Sscanf(strings.Replace(sc.Text(), `"} `, `" `, 1), `aievm_challenger_games{state=%q %d`, &state, &n); err == nil {
			out[state] = n
		}
	}
	return out
}

// logWriter sends a player's log lines to the test log while the test runs.
type logWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *logWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Logf("%s", strings.TrimSpace(string(b)))
	}
	return len(b), nil
}

// Users of the game test: after one proposer per case, a dishonest
// challenger and the account of `aievm challenger`.
const (
	gameCases     = 7
	dishonestUser = gameCases
	cliUser       = gameCases + 1
)

// testDisputeGame plays the opML game on the devnet's L1: the devnet's own
// challenger (in process) and `aievm challenger` (a child process, killed
// with SIGKILL mid-game and restarted) against claims that lie in different
// ways, and an honest proposer against a dishonest challenger.
func testDisputeGame(t *testing.T, ctx context.Context, d *devnet.Devnet) {
	st := d.State()
	l1 := dial(t, ctx, d.L1RPC())
	ms, closeStore, err := models.Open(t.TempDir(), []string{d.ModelGateway()}, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStore()
	byName := map[string]*model.Model{}
	for _, m := range st.Models {
		a, err := store.ParseAddress(m.Address)
		if err != nil {
			t.Fatal(err)
		}
		if byName[m.Name], err = ms.Model(ctx, a); err != nil {
			t.Fatalf("model %s from the devnet gateway: %v", m.Name, err)
		}
	}
	cli := startChallengerProc(t, d, d.UserKey(cliUser))

	lw := &logWriter{t: t}
	pctx, stopPlayers := context.WithCancel(ctx)
	var running sync.WaitGroup
	defer func() {
		stopPlayers()
		running.Wait()
		lw.mu.Lock()
		lw.done = true
		lw.mu.Unlock()
	}()
	player := func(user int, b *fraudproof.Behaviour) *fraudproof.Player {
		p, err := fraudproof.NewPlayer(fraudproof.Config{Chain: l1, Oracle: st.Oracle.Oracle, Key: d.UserKey(user), Models: ms,
			Behaviour: b, DefendOnly: true, Log: slog.New(slog.NewTextHandler(lw, &slog.HandlerOptions{Level: slog.LevelWarn})).With("user", user),
			Tx: l1tx.Options{NumConfirmations: 1, ReceiptQueryInterval: 200 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		running.Add(1)
		go func() {
			defer running.Done()
			p.Run(pctx, time.Second)
		}()
		return p
	}
	flip := func(_ uint8, mid uint64, _ bool) bool { return mid%2 == 0 }
	cases := []struct {
		name    string
		model   string
		lieFrom int // -1: the claim is right
		prop    *fraudproof.Behaviour
		cha     *fraudproof.Behaviour // a dishonest challenger of a right claim
		want    uint8
	}{
		{name: "wrong output, lying from the first node", model: "iris", lieFrom: 0, want: rejected},
		{name: "wrong output, lying only at the last node", model: "mlp", lieFrom: 5, want: rejected},
		{name: "wrong output, proposer lies only in phase 2", model: "mlp", lieFrom: 5, want: rejected,
			prop: &fraudproof.Behaviour{Post: func(ph uint8, mid uint64, h [32]byte) [32]byte {
				if ph == 2 && mid > 1 {
					return crypto.Keccak256Hash([]byte("phase 2 lie"))
				}
				return h
			}}},
		{name: "wrong output, proposer sends a bad one-step proof", model: "iris", lieFrom: 2, prop: &fraudproof.Behaviour{BadStep: true}, want: rejected},
		{name: "wrong output, proposer goes silent (clock)", model: "iris", lieFrom: 1, prop: &fraudproof.Behaviour{Silent: true}, want: rejected},
		{name: "wrong output of a right trace", model: "iris", lieFrom: 99, want: rejected},
		{name: "right output, challenger switches its answers", model: "iris", lieFrom: -1, cha: &fraudproof.Behaviour{Vote: flip}, want: accepted},
	}
	type claim struct {
		id       uint64
		proposer *fraudproof.Player
		cha      *fraudproof.Player
		want     uint8
	}
	if len(cases) != gameCases {
		t.Fatalf("%d cases, the devnet has users for %d", len(cases), gameCases)
	}
	claims := make([]claim, len(cases))
	wrong := 0
	for i, tc := range cases {
		m := byName[tc.model]
		var input []byte
		for _, dm := range st.Models {
			if dm.Name == tc.model {
				input = hexutil.MustDecode("0x" + dm.Sample)
			}
		}
		run, err := prove.NewRun(m, input)
		if err != nil {
			t.Fatal(err)
		}
		if tc.lieFrom >= 0 {
			run = prove.Forge(run, tc.lieFrom)
			wrong++
		}
		p := player(i, tc.prop)
		id, err := p.Propose(ctx, m, input, run)
		if err != nil {
			t.Fatalf("%s: propose: %v", tc.name, err)
		}
		claims[i] = claim{id: id, proposer: p, want: tc.want}
		if tc.cha != nil {
			claims[i].cha = player(dishonestUser, tc.cha)
			if err := claims[i].cha.Challenge(ctx, id); err != nil {
				t.Fatalf("%s: challenge: %v", tc.name, err)
			}
		}
		t.Logf("claim %d: %s", id, tc.name)
	}

	// Kill `aievm challenger` once it is in its games, then restart it on
	// the same data dir: it resumes them from its state file.
	deadline := time.Now().Add(90 * time.Second)
	for g := cli.games(); g == nil || g["open"] < wrong-2; g = cli.games() {
		if time.Now().After(deadline) {
			t.Fatalf("aievm challenger did not take up the wrong claims: %v", g)
		}
		time.Sleep(time.Second)
	}
	atKill := cli.games()
	t.Logf("killing aievm challenger mid-game: %v", atKill)
	cli.kill()
	time.Sleep(4 * time.Second)
	cli.start()

	// Wait for every claim to end; finalize the right ones after the window.
	start := time.Now()
	for i := range claims {
		c := &claims[i]
		for {
			cl, err := c.proposer.Claim(ctx, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if cl.Status != 1 && cl.OpenGames == 0 {
				break
			}
			head, err := l1.HeaderByNumber(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cl.Status == 1 && cl.OpenGames == 0 && head.Time > cl.Deadline {
				if err := c.proposer.Finalize(ctx, c.id); err != nil {
					t.Fatalf("finalize claim %d: %v", c.id, err)
				}
				continue
			}
			if time.Since(start) > 6*time.Minute {
				t.Fatalf("claim %d (%s) still open: status %d, %d games", c.id, cases[i].name, cl.Status, cl.OpenGames)
			}
			time.Sleep(time.Second)
		}
	}
	t.Logf("all claims ended %s after the restart", time.Since(start).Round(time.Second))
	for i, c := range claims {
		cl, _ := c.proposer.Claim(ctx, c.id)
		if cl.Status != c.want {
			t.Errorf("%s: claim status %d, want %d", cases[i].name, cl.Status, c.want)
		}
		s := c.proposer.Stats()
		if c.want == accepted && s.Lost > 0 || c.want == rejected && s.Won > 0 {
			t.Errorf("%s: proposer won %d, lost %d games", cases[i].name, s.Won, s.Lost)
		}
		if c.cha != nil {
			if s := c.cha.Stats(); s.Won > 0 || s.Lost != 1 {
				t.Errorf("%s: dishonest challenger won %d, lost %d", cases[i].name, s.Won, s.Lost)
			}
		}
	}
	// The honest challengers won every game they played: the restarted one
	// at least those it was killed in. (A claim that one of them settles at
	// once, like a wrong output of a right trace, may be over before the
	// other challenges it.)
	waitFor(t, 30*time.Second, func() string {
		g := cli.games()
		if g["won"] < atKill["won"]+atKill["open"] || g["lost"] != 0 || g["open"] != 0 {
			return fmt.Sprintf("aievm challenger: %v, killed in %v", g, atKill)
		}
		if s := d.ChallengerStats(); s.Won < wrong-1 || s.Lost != 0 || s.Open != 0 {
			return fmt.Sprintf("devnet challenger: %+v, want %d won", s, wrong-1)
		}
		if g["won"]+d.ChallengerStats().Won < wrong {
			return fmt.Sprintf("the challengers won %d and %d games of %d wrong claims", g["won"], d.ChallengerStats().Won, wrong)
		}
		return ""
	})
}

// waitFor polls cond until it returns "" or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, cond func() string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msg := cond()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
