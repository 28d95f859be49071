package fraudproof

import (
	"bytes"
	"container/list"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum-optimism/optimism/op-service/txmgr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof/evm"
	"github.com/aievm/aievm/fraudproof/prove"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/opml/model"
)

// Chain is what a player needs of an L1 node (*ethclient.Client; the
// simulated chain's simchain.Client in tests).
type Chain interface {
	l1tx.Backend
	ethereum.LogFilterer
}

// Models gives a model by its address (a model store, a fetcher).
type Models interface {
	Model(ctx context.Context, addr model.Address) (*model.Model, error)
}

// Game phases as the oracle numbers them.
const (
	phaseNodes = 1
	phaseSteps = 2
	phaseDone  = 3
)

// Config configures a Player.
type Config struct {
	Chain  Chain
	Oracle common.Address
	Key    *ecdsa.PrivateKey
	Models Models
	// StatePath is the JSON file the player keeps its games in, so that a
	// restart resumes them ("" keeps them in memory only).
	StatePath string
	Log       *slog.Logger
	// DefendOnly makes the player challenge nobody: it plays the games of
	// its own claims and those it opened with Challenge (a proposer's
	// daemon, or a party in a test).
	DefendOnly bool
	// Behaviour, for tests of the game only: a dishonest player. Nil plays
	// honestly.
	Behaviour *Behaviour
	// MaxRuns bounds the claim re-runs the player keeps in memory (each
	// holds the model file, its Merkle tree and the run's trace); a game
	// whose run was dropped re-runs its claim. 0: DefaultMaxRuns.
	MaxRuns int
	// ClaimBudget bounds the time a Tick spends checking new claims, after
	// its moves: spam cannot hold a move back longer than this and one
	// claim's re-run. Claims not reached wait for the next tick.
	// 0: DefaultClaimBudget.
	ClaimBudget time.Duration
	// LogRange bounds the blocks of one eth_getLogs query (providers cap
	// ranges). 0: DefaultLogRange.
	LogRange uint64
	// Tx tunes the transaction manager the player sends with (op-service's
	// txmgr: fee bumping, resubmission, nonces); zero values are
	// op-challenger's defaults.
	Tx l1tx.Options
}

// Defaults of Config.
const (
	DefaultMaxRuns     = 8
	DefaultClaimBudget = 2 * time.Second
	DefaultLogRange    = 2000
)

// Behaviour makes a player dishonest in chosen ways (tests show that an
// honest opponent beats each).
type Behaviour struct {
	// Post replaces the root the player posts at mid of phase (1 nodes, 2 steps).
	Post func(phase uint8, mid uint64, honest [32]byte) [32]byte
	// Vote replaces the challenger's verdict.
	Vote func(phase uint8, mid uint64, honest bool) bool
	// BadStep tampers with the final step's witness before sending it.
	BadStep bool
	// Silent makes the player stop moving in its games.
	Silent bool
}

// Stats are the player's counters (also exported as metrics).
type Stats struct {
	Open, Won, Lost int
	AtStake         *big.Int // bonds of open games the player posted
}

type gameRec struct {
	Claim      uint64 `json:"claim"`
	ClaimBlock uint64 `json:"claimBlock,omitempty"` // the block of the claim's Proposed event (its input)
	Proposer   bool   `json:"proposer"`             // our role
	Done       bool   `json:"done"`
	Won        bool   `json:"won"`
	// Bond is what we put up in this game as its challenger (nil as proposer).
	Bond *big.Int `json:"bond,omitempty"`
}

type persisted struct {
	NextClaim uint64              `json:"nextClaim"`
	NextGame  uint64              `json:"nextGame"`
	Games     map[uint64]*gameRec `json:"games"`
	// LogBlock is the last block whose Proposed events were read.
	LogBlock uint64 `json:"logBlock"`
	// Retry are claims to check again next tick (their model could not be
	// had yet, or their check failed) while their window is open.
	Retry []uint64 `json:"retry,omitempty"`
}

// proposal is what a Proposed event tells: the claim's input and block.
type proposal struct {
	block uint64
	input []byte
}

// Player is a challenger and defender of the opML game.
type Player struct {
	cfg    Config
	me     common.Address
	oracle *bindings.InferenceOracle
	vm     *evm.EVM
	log    *slog.Logger
	tx     *txmgr.SimpleTxManager

	mu        sync.Mutex
	scanMu    sync.Mutex // one scanGames at a time
	st        persisted
	runs      *runCache           // claim re-runs, bounded
	proposals map[uint64]proposal // inputs of claims read from logs and not yet checked
}

// ErrBadClaim marks a claim the player cannot re-run (unknown model, input
// that does not fit it).
var ErrBadClaim = errors.New("claim cannot be run")

// NewPlayer loads the player's state (if any) and prepares its verifier EVM.
func NewPlayer(cfg Config) (*Player, error) {
	vm, err := evm.New()
	if err != nil {
		return nil, err
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = DefaultMaxRuns
	}
	if cfg.ClaimBudget <= 0 {
		cfg.ClaimBudget = DefaultClaimBudget
	}
	if cfg.LogRange == 0 {
		cfg.LogRange = DefaultLogRange
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tx, err := l1tx.New(ctx, "challenger", cfg.Chain, cfg.Key, cfg.Tx)
	if err != nil {
		return nil, err
	}
	p := &Player{cfg: cfg, me: crypto.PubkeyToAddress(cfg.Key.PublicKey), oracle: bindings.NewInferenceOracle(), vm: vm,
		log: cfg.Log, runs: newRunCache(cfg.MaxRuns), proposals: map[uint64]proposal{}, st: persisted{Games: map[uint64]*gameRec{}}, tx: tx}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if cfg.StatePath != "" {
		b, err := os.ReadFile(cfg.StatePath)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("read player state: %w", err)
		default:
			if err := json.Unmarshal(b, &p.st); err != nil {
				return nil, fmt.Errorf("player state %s: %w", cfg.StatePath, err)
			}
			if p.st.Games == nil {
				p.st.Games = map[uint64]*gameRec{}
			}
			p.log.Info("resumed", "games", len(p.st.Games), "nextClaim", p.st.NextClaim)
		}
	}
	return p, nil
}

// Close stops the player's transaction manager (sends in flight fail).
func (p *Player) Close() { p.tx.Close() }

// Address is the player's account.
func (p *Player) Address() common.Address { return p.me }

func (p *Player) save() error {
	if p.cfg.StatePath == "" {
		return nil
	}
	b, err := json.MarshalIndent(p.st, "", "  ")
	if err != nil {
		return err
	}
	tmp := p.cfg.StatePath + ".tmp"
	if err := os.MkdirAll(filepath.Dir(p.cfg.StatePath), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p.cfg.StatePath)
}

// Stats returns the player's counters.
func (p *Player) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := Stats{AtStake: new(big.Int)}
	for _, g := range p.st.Games {
		switch {
		case !g.Done:
			s.Open++
			if g.Bond != nil {
				s.AtStake.Add(s.AtStake, g.Bond)
			}
		case g.Won:
			s.Won++
		default:
			s.Lost++
		}
	}
	return s
}

func (p *Player) call(ctx context.Context, data []byte) ([]byte, error) {
	return p.cfg.Chain.CallContract(ctx, ethereum.CallMsg{From: p.me, To: &p.cfg.Oracle, Data: data}, nil)
}

func (p *Player) send(ctx context.Context, what string, data []byte, value *big.Int) (*types.Receipt, error) {
	// A transaction past an L1 pool's size is refused at once rather than
	// handed to the transaction manager, which would retry it for a minute
	// while the moves of other games waited (valid models' moves fit:
	// model.L1CallBytes).
	if n := len(data) + model.L1TxEnvelope; n > model.MaxL1TxBytes {
		return nil, fmt.Errorf("%s: %w: %d bytes of calldata", what, ErrTxTooLarge, len(data))
	}
	// A move adds the time since the turn began to the mover's clock: zero
	// when estimated against the head, a fresh storage write once included.
	r, err := l1tx.Send(ctx, p.tx, p.cfg.Chain, &p.cfg.Oracle, data, value, 30_000)
	if err != nil {
		return r, fmt.Errorf("%s: %w", what, err)
	}
	p.log.Info("sent", "what", what, "gas", r.GasUsed, "block", r.BlockNumber)
	return r, nil
}

// ErrTxTooLarge marks a transaction an L1 pool would refuse for its size
// (model.MaxL1TxBytes).
var ErrTxTooLarge = errors.New("transaction larger than an L1 pool accepts")

// Propose runs model on input and claims the result in the oracle. run, if
// not nil, is what to claim instead (tests claim wrong results with it).
func (p *Player) Propose(ctx context.Context, m *model.Model, input []byte, run *prove.Run) (uint64, error) {
	var err error
	if run == nil {
		if run, err = prove.NewRun(m, input); err != nil {
			return 0, err
		}
		if run.Refused != nil { // no result to claim
			return 0, fmt.Errorf("propose: %w", run.Refused)
		}
	}
	bond, err := p.uint(ctx, p.oracle.PackProposeBond())
	if err != nil {
		return 0, err
	}
	r, err := p.send(ctx, "propose", p.oracle.PackPropose(m.Address(), input, run.Output, run.Trace.Root, uint64(run.Nodes())), bond)
	if err != nil {
		return 0, err
	}
	for _, l := range r.Logs {
		if ev, err := p.oracle.UnpackProposedEvent(l); err == nil {
			id := ev.Claim.Uint64()
			p.runs.put(id, run, true) // what we claimed: kept while we may defend it
			return id, nil
		}
	}
	return 0, errors.New("propose: no Proposed event")
}

func (p *Player) uint(ctx context.Context, data []byte) (*big.Int, error) {
	out, err := p.call(ctx, data)
	if err != nil {
		return nil, err
	}
	return new(big.Int).SetBytes(out), nil
}

// Tick does one round of work: records new games, moves in every open
// game where it is the player's turn (or its opponent ran out of time),
// then checks new claims for at most ClaimBudget. Moves come first: claims
// arriving faster than they can be re-run wait, games do not.
func (p *Player) Tick(ctx context.Context) error {
	// Games first: a player restarted after challenging, but before saving
	// that, finds its game and does not challenge the claim twice.
	if err := p.scanGames(ctx); err != nil {
		return err
	}
	errs := []error{p.moves(ctx)}
	if err := p.scanClaims(ctx, time.Now().Add(p.cfg.ClaimBudget)); err != nil {
		errs = append(errs, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.save(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// moves works out and sends the player's move in every open game.
func (p *Player) moves(ctx context.Context) error {
	p.mu.Lock()
	ids := make([]uint64, 0, len(p.st.Games))
	for id, g := range p.st.Games {
		if !g.Done {
			ids = append(ids, id)
		}
	}
	p.mu.Unlock()
	// Moves are worked out one game at a time (the engine and the verifier
	// EVM are the player's alone) and sent together: a tick takes about one
	// block however many games are open, which the chess clocks reward.
	var (
		errs  []error
		errMu sync.Mutex
		wg    sync.WaitGroup
	)
	fail := func(id uint64, err error) {
		errMu.Lock()
		errs = append(errs, fmt.Errorf("game %d: %w", id, err))
		errMu.Unlock()
	}
	for _, id := range ids {
		m, err := p.play(ctx, id)
		if err != nil {
			fail(id, err)
		}
		if m == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.send(ctx, m.what, m.data, nil); err != nil {
				fail(id, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// move is a transaction to the oracle that a game calls for.
type move struct {
	what string // for logs and errors
	data []byte
}

// Run plays until ctx ends: every interval it records new games and makes
// its moves; new claims are checked meanwhile in a loop of their own, so
// that no claim's re-run, however long, holds a move back.
func (p *Player) Run(ctx context.Context, interval time.Duration) error {
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for ctx.Err() == nil {
			if err := p.scanClaims(ctx, time.Now().Add(p.cfg.ClaimBudget)); err != nil && ctx.Err() == nil {
				p.log.Warn("claims", "err", err)
			}
			select {
			case <-ctx.Done():
			case <-t.C:
			}
		}
	}()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		err := p.scanGames(ctx)
		if err == nil {
			err = p.moves(ctx)
		}
		p.mu.Lock()
		if serr := p.save(); err == nil {
			err = serr
		}
		p.mu.Unlock()
		if err != nil && ctx.Err() == nil {
			p.log.Warn("moves", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// scanProposed reads the Proposed events since the last block read, in
// queries of at most LogRange blocks, keeping each claim's input until the
// claim is checked.
func (p *Player) scanProposed(ctx context.Context) error {
	head, err := p.cfg.Chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	for from := p.st.LogBlock + 1; from <= head.Number.Uint64(); {
		to := min(from+p.cfg.LogRange-1, head.Number.Uint64())
		got, err := p.proposed(ctx, from, to, nil, p.cfg.Chain.FilterLogs)
		if err != nil && to > from && ctx.Err() == nil {
			// Providers cap ranges (and say so in many ways): ask for less.
			// Nothing is skipped: the cursor moves only past blocks read.
			p.cfg.LogRange = max(1, (to-from+1)/2)
			p.log.Debug("narrowing log queries", "blocks", p.cfg.LogRange, "err", err)
			continue
		}
		if err != nil {
			return err
		}
		from = to + 1
		p.mu.Lock()
		for id, pr := range got {
			if id >= p.st.NextClaim {
				p.proposals[id] = pr
			}
		}
		p.st.LogBlock = to
		p.mu.Unlock()
	}
	return nil
}

// proposed reads the Proposed events of blocks [from, to] (of claim id
// only, if not nil) with filter.
func (p *Player) proposed(ctx context.Context, from, to uint64, id *uint64, filter func(context.Context, ethereum.FilterQuery) ([]types.Log, error)) (map[uint64]proposal, error) {
	topic, err := proposedTopic()
	if err != nil {
		return nil, err
	}
	q := ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{p.cfg.Oracle}, Topics: [][]common.Hash{{topic}}}
	if id != nil {
		q.Topics = append(q.Topics, []common.Hash{common.BigToHash(new(big.Int).SetUint64(*id))})
	}
	logs, err := filter(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("Proposed events of blocks %d-%d: %w", from, to, err)
	}
	out := map[uint64]proposal{}
	for _, l := range logs {
		if e, err := p.oracle.UnpackProposedEvent(&l); err == nil {
			out[e.Claim.Uint64()] = proposal{block: l.BlockNumber, input: e.Input}
		}
	}
	return out, nil
}

// claimInput is a claim's input: read with the Proposed events, or read
// again from the claim's block (a game whose run was dropped, a claim the
// player did not scan), found by its time if not known.
func (p *Player) claimInput(ctx context.Context, id uint64) (proposal, error) {
	p.mu.Lock()
	pr, ok := p.proposals[id]
	block := uint64(0)
	for _, g := range p.st.Games {
		if g.Claim == id && g.ClaimBlock != 0 {
			block = g.ClaimBlock
		}
	}
	p.mu.Unlock()
	if ok {
		return pr, nil
	}
	if block == 0 {
		var err error
		if block, err = p.claimBlock(ctx, id); err != nil {
			return proposal{}, err
		}
	}
	// A claim's own block: retried, as the log index may lag the head.
	got, err := p.proposed(ctx, block, block, &id, func(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
		return ethtx.FilterLogs(ctx, p.cfg.Chain, q)
	})
	if err != nil {
		return proposal{}, err
	}
	if pr, ok = got[id]; !ok {
		return proposal{}, fmt.Errorf("claim %d: no Proposed event in block %d", id, block)
	}
	return pr, nil
}

// claimBlock finds the block claim id was proposed in: the first block at
// or after its deadline less the oracle's window (block times increase).
func (p *Player) claimBlock(ctx context.Context, id uint64) (uint64, error) {
	c, err := p.Claim(ctx, id)
	if err != nil {
		return 0, err
	}
	window, err := p.uint(ctx, p.oracle.PackWindow())
	if err != nil {
		return 0, err
	}
	at := c.Deadline - window.Uint64()
	head, err := p.cfg.Chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, err
	}
	lo, hi := uint64(0), head.Number.Uint64()
	for lo < hi {
		mid := (lo + hi) / 2
		h, err := p.cfg.Chain.HeaderByNumber(ctx, new(big.Int).SetUint64(mid))
		if err != nil {
			return 0, err
		}
		if h.Time < at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	p.mu.Lock()
	for _, g := range p.st.Games {
		if g.Claim == id {
			g.ClaimBlock = lo
		}
	}
	p.mu.Unlock()
	return lo, nil
}

// Claim reads claim id from the oracle.
func (p *Player) Claim(ctx context.Context, id uint64) (bindings.InferenceOracleClaim, error) {
	out, err := p.call(ctx, p.oracle.PackGetClaim(new(big.Int).SetUint64(id)))
	if err != nil {
		return bindings.InferenceOracleClaim{}, err
	}
	return p.oracle.UnpackGetClaim(out)
}

func (p *Player) game(ctx context.Context, id uint64) (bindings.InferenceOracleGame, error) {
	out, err := p.call(ctx, p.oracle.PackGetGame(new(big.Int).SetUint64(id)))
	if err != nil {
		return bindings.InferenceOracleGame{}, err
	}
	return p.oracle.UnpackGetGame(out)
}

// Reasons a claim cannot be re-run (both wrap ErrBadClaim).
var (
	// errNoModel: the model cannot be had (yet): the claim is checked again.
	errNoModel = fmt.Errorf("%w: model not available", ErrBadClaim)
	// errMisfit: input, output or node count do not fit the model: the
	// claim is wrong, and proveOutput shows it at once.
	errMisfit = fmt.Errorf("%w: input, output or node count do not fit the model", ErrBadClaim)
)

// honestRun re-runs a claim (cached, within MaxRuns). A claim whose model
// is unknown yields errNoModel; one that does not fit its model errMisfit;
// an input the engine refuses partway a run with Refused set (a trace up to
// the refusal); any other engine failure ErrBadClaim.
func (p *Player) honestRun(ctx context.Context, id uint64, c bindings.InferenceOracleClaim) (*prove.Run, error) {
	if r := p.runs.get(id); r != nil {
		return r, nil
	}
	m, err := p.cfg.Models.Model(ctx, c.Model)
	if err != nil {
		return nil, fmt.Errorf("%w: model 0x%x: %v", errNoModel, c.Model, err)
	}
	pr, err := p.claimInput(ctx, id)
	if err != nil {
		return nil, err
	}
	if !prove.Fits(m, pr.input, c.Output, c.Nodes) {
		return nil, errMisfit
	}
	r, err := prove.NewRun(m, pr.input)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadClaim, err)
	}
	p.runs.put(id, r, false)
	return r, nil
}

// scanClaims checks new claims (and claims to retry) until deadline.
func (p *Player) scanClaims(ctx context.Context, deadline time.Time) error {
	if p.cfg.DefendOnly {
		p.mu.Lock()
		defer p.mu.Unlock()
		n, err := p.uint(ctx, p.oracle.PackClaimCount())
		if err == nil {
			p.st.NextClaim = n.Uint64()
		}
		return err
	}
	if err := p.scanProposed(ctx); err != nil {
		return err
	}
	n, err := p.uint(ctx, p.oracle.PackClaimCount())
	if err != nil {
		return err
	}
	p.mu.Lock()
	retry := p.st.Retry
	p.st.Retry = nil
	p.mu.Unlock()
	var errs []error
	for i, id := range retry {
		if !time.Now().Before(deadline) { // the rest wait for the next tick
			p.mu.Lock()
			p.st.Retry = append(p.st.Retry, retry[i:]...)
			p.mu.Unlock()
			break
		}
		if err := p.checkClaim(ctx, id); err != nil {
			errs = append(errs, p.retryLater(ctx, id, err))
		}
	}
	for id := p.st.NextClaim; id < n.Uint64() && time.Now().Before(deadline); id++ {
		if err := p.checkClaim(ctx, id); err != nil {
			// One claim's failure (a challenge that reverted, a node that
			// did not answer) holds back no other claim.
			errs = append(errs, p.retryLater(ctx, id, err))
		}
		p.mu.Lock()
		p.st.NextClaim = id + 1
		p.mu.Unlock()
	}
	// Inputs of claims checked and not to retry are dropped (a game re-reads
	// its claim's input from the claim's block).
	p.mu.Lock()
	for id := range p.proposals {
		if id < p.st.NextClaim && !slices.Contains(p.st.Retry, id) {
			delete(p.proposals, id)
		}
	}
	p.mu.Unlock()
	return errors.Join(errs...)
}

// retryLater queues claim id to be checked again next tick while its window
// is open, and returns err for the log.
func (p *Player) retryLater(ctx context.Context, id uint64, err error) error {
	c, cerr := p.Claim(ctx, id)
	head, herr := p.cfg.Chain.HeaderByNumber(ctx, nil)
	// Dropped only when known to be settled or past its window (a node that
	// does not answer now is no reason to drop it).
	if cerr != nil || herr != nil || c.Status == 1 && head.Time < c.Deadline {
		p.mu.Lock()
		if !slices.Contains(p.st.Retry, id) {
			p.st.Retry = append(p.st.Retry, id)
		}
		p.mu.Unlock()
	}
	return fmt.Errorf("claim %d: %w", id, err)
}

// checkClaim checks claim id if it is someone else's and still open.
func (p *Player) checkClaim(ctx context.Context, id uint64) error {
	c, err := p.Claim(ctx, id)
	if err != nil {
		return err
	}
	if c.Proposer == p.me || c.Status != 1 {
		return nil
	}
	head, err := p.cfg.Chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	if head.Time >= c.Deadline {
		p.log.Warn("claim's window closed before it was checked", "claim", id)
		return nil
	}
	return p.check(ctx, id, c)
}

// check re-runs a claim of someone else and challenges it if it is wrong.
func (p *Player) check(ctx context.Context, id uint64, c bindings.InferenceOracleClaim) error {
	r, err := p.honestRun(ctx, id, c)
	switch {
	case errors.Is(err, errNoModel):
		head, herr := p.cfg.Chain.HeaderByNumber(ctx, nil)
		if herr == nil && head.Time < c.Deadline {
			p.log.Warn("claim's model not available; checking again next tick", "claim", id, "err", err)
			p.mu.Lock()
			p.st.Retry = append(p.st.Retry, id)
			p.mu.Unlock()
		}
		return nil
	case errors.Is(err, errMisfit):
		// Wrong on its face: challenged, and proveOutput ends the game.
	case errors.Is(err, ErrBadClaim):
		p.log.Warn("claim cannot be re-run; not challenged", "claim", id, "err", err)
		return nil
	case err != nil:
		return err
	case r.Trace.Root == c.TraceRoot && bytes.Equal(r.Output, c.Output) && uint64(r.Nodes()) == c.Nodes:
		p.log.Info("claim is right", "claim", id)
		return nil
	}
	p.mu.Lock()
	for _, g := range p.st.Games {
		if g.Claim == id && !g.Proposer {
			p.mu.Unlock()
			return nil // challenged before a restart
		}
	}
	p.mu.Unlock()
	if err := p.Challenge(ctx, id); err != nil {
		return err
	}
	// Saved at once, so that a restart does not challenge the claim again.
	if err := p.scanGames(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.st.NextClaim = max(p.st.NextClaim, id+1)
	return p.save()
}

// Challenge opens a game against claim id with the oracle's bond. The
// player challenges wrong claims by itself; this is for disputing a claim
// on purpose (a test of a dishonest challenger, say).
func (p *Player) Challenge(ctx context.Context, id uint64) error {
	bond, err := p.uint(ctx, p.oracle.PackChallengeBond())
	if err != nil {
		return err
	}
	rc, err := p.send(ctx, fmt.Sprintf("challenge claim %d", id), p.oracle.PackChallenge(new(big.Int).SetUint64(id)), bond)
	if err != nil {
		return err
	}
	p.log.Info("challenged", "claim", id, "block", rc.BlockNumber)
	return nil
}

// scanGames records new games in which the player is a party.
func (p *Player) scanGames(ctx context.Context) error {
	p.scanMu.Lock() // the claim loop scans after a challenge too
	defer p.scanMu.Unlock()
	n, err := p.uint(ctx, p.oracle.PackGameCount())
	if err != nil {
		return err
	}
	for id := p.st.NextGame; id < n.Uint64(); id++ {
		g, err := p.game(ctx, id)
		if err != nil {
			return err
		}
		c, err := p.Claim(ctx, g.Claim.Uint64())
		if err != nil {
			return err
		}
		p.mu.Lock()
		if g.Challenger == p.me || c.Proposer == p.me {
			rec := &gameRec{Claim: g.Claim.Uint64(), Proposer: c.Proposer == p.me, ClaimBlock: p.proposals[g.Claim.Uint64()].block}
			if !rec.Proposer {
				rec.Bond = g.Bond
			}
			p.st.Games[id] = rec
			p.log.Info("game", "id", id, "claim", g.Claim, "proposer", c.Proposer == p.me)
		}
		p.st.NextGame = id + 1
		p.mu.Unlock()
	}
	return nil
}

// play works out the player's move in game id, if it has one (nil if not).
func (p *Player) play(ctx context.Context, id uint64) (*move, error) {
	p.mu.Lock()
	rec := *p.st.Games[id]
	p.mu.Unlock()
	g, err := p.game(ctx, id)
	if err != nil {
		return nil, err
	}
	gid := new(big.Int).SetUint64(id)
	if g.Phase == phaseDone {
		p.mu.Lock()
		p.st.Games[id].Done, p.st.Games[id].Won = true, g.Winner == p.me
		p.mu.Unlock()
		p.runs.unpin(rec.Claim)
		p.log.Info("game over", "id", id, "won", g.Winner == p.me)
		return nil, nil
	}
	if p.cfg.Behaviour != nil && p.cfg.Behaviour.Silent {
		return nil, nil
	}
	c, err := p.Claim(ctx, rec.Claim)
	if err != nil {
		return nil, err
	}
	myTurn := g.ChallengerTurn != rec.Proposer
	// A party out of time can no longer move, only lose: the other ends it.
	if out, err := p.outOfTime(ctx, g); err != nil || out {
		if err != nil || myTurn {
			return nil, err
		}
		return &move{fmt.Sprintf("timeout game %s", gid), p.oracle.PackTimeout(gid)}, nil
	}
	r, err := p.honestRun(ctx, rec.Claim, c)
	if err == nil {
		p.runs.pin(rec.Claim) // kept while the game lasts: no re-run per move
	}
	// A claim wrong on its face (misfit, or a right trace with another
	// output) is refuted by proveOutput, sent again each tick until the game
	// ends: never by bisection, whose honest states the claim's trace shares.
	if errors.Is(err, errMisfit) && !rec.Proposer {
		return p.proveMisfit(ctx, gid, id, rec.Claim, c)
	}
	if err != nil {
		return nil, err
	}
	if g.Phase == phaseSteps && g.Hi-g.Lo == 1 {
		if f := r.Refused; f != nil && int(g.Node) == f.Node && g.Lo == f.Step {
			return nil, nil // no one can run the refused step: the proposer runs out of time
		}
		// Either party may run the last step: the verifier decides.
		return p.step(gid, r, int(g.Node), g.Lo)
	}
	// (A refused run has no output to prove against: it bisects.)
	if !rec.Proposer && r.Refused == nil && r.Trace.Root == c.TraceRoot && !bytes.Equal(r.Output, c.Output) {
		// The trace is right but the output is not what it commits to.
		return p.proveOutput(gid, id, c, r)
	}
	if !myTurn {
		return nil, nil
	}
	mid := (g.Lo + g.Hi) / 2
	switch {
	case rec.Proposer && g.Phase == phaseNodes && g.Hi-g.Lo == 1:
		b, err := r.Binding(int(g.Lo))
		if err != nil {
			return nil, err
		}
		return &move{fmt.Sprintf("bind game %d node %d", id, g.Lo), p.oracle.PackBind(gid, b)}, nil
	case rec.Proposer:
		root, err := p.answer(r, g.Phase, int(g.Node), mid)
		if err != nil {
			return nil, err
		}
		if b := p.cfg.Behaviour; b != nil && b.Post != nil {
			root = b.Post(g.Phase, mid, root)
		}
		return &move{fmt.Sprintf("post game %d phase %d mid %d", id, g.Phase, mid), p.oracle.PackPost(gid, root)}, nil
	default:
		root, err := p.answer(r, g.Phase, int(g.Node), mid)
		if err != nil {
			return nil, err
		}
		agree := root == g.MidHash
		if b := p.cfg.Behaviour; b != nil && b.Vote != nil {
			agree = b.Vote(g.Phase, mid, agree)
		}
		return &move{fmt.Sprintf("vote game %d phase %d mid %d agree %v", id, g.Phase, mid, agree), p.oracle.PackVote(gid, agree)}, nil
	}
}

// answer is the honest state at mid: S_mid in phase 1, the commitment of
// the node's state after mid steps in phase 2.
func (p *Player) answer(r *prove.Run, phase uint8, node int, mid uint64) ([32]byte, error) {
	// No state exists past a refused step (nor a prefix past its node): the
	// zero root, which no opening can match, disputes whatever is posted.
	f := r.Refused
	if phase == phaseNodes {
		if f != nil && mid > uint64(f.Node) {
			return [32]byte{}, nil
		}
		return r.Prefix(int(mid)), nil
	}
	if f != nil && (node > f.Node || node == f.Node && mid > f.Step) {
		return [32]byte{}, nil
	}
	s, err := r.State(node, mid)
	if err != nil {
		return [32]byte{}, err
	}
	return s.Commitment(), nil
}

func (p *Player) step(gid *big.Int, r *prove.Run, node int, lo uint64) (*move, error) {
	w, err := r.StepWitness(p.vm, node, lo)
	if err != nil {
		return nil, err
	}
	if b := p.cfg.Behaviour; b != nil && b.BadStep && len(w.Leaves) > 0 {
		bad := append([]byte(nil), w.Leaves[0].Data...)
		bad[0] ^= 1
		w.Leaves[0].Data = bad
	}
	return &move{fmt.Sprintf("step game %s node %d step %d", gid, node, lo), p.oracle.PackStep(gid, w.Info, w.Pre, w.Leaves)}, nil
}

// proveMisfit shows that the claim's input, output or node count do not fit
// its model (the oracle checks them against the model's graph).
func (p *Player) proveMisfit(ctx context.Context, gid *big.Int, id, claim uint64, c bindings.InferenceOracleClaim) (*move, error) {
	m, err := p.cfg.Models.Model(ctx, c.Model)
	if err != nil {
		return nil, err
	}
	fp, err := prove.GraphProof(m)
	if err != nil {
		return nil, err
	}
	return &move{fmt.Sprintf("prove misfit of game %d", id), p.oracle.PackProveOutput(gid, fp, big.NewInt(0), nil)}, nil
}

// proveOutput shows that the claim's output is not what its trace commits to.
func (p *Player) proveOutput(gid *big.Int, id uint64, c bindings.InferenceOracleClaim, r *prove.Run) (*move, error) {
	k, off := 0, 0
	for i, s := range r.Model.Outputs {
		n := s.Bytes()
		if off+n > len(c.Output) || off+n > len(r.Output) || !bytes.Equal(r.Output[off:off+n], c.Output[off:off+n]) {
			k = i
			break
		}
		off += n
	}
	fp, proof, err := r.OutputProof(k)
	if err != nil {
		return nil, err
	}
	return &move{fmt.Sprintf("prove output of game %d", id), p.oracle.PackProveOutput(gid, fp, big.NewInt(int64(k)), proof)}, nil
}

// outOfTime reports whether the party on turn in g has used up its clock
// by the head block's time.
func (p *Player) outOfTime(ctx context.Context, g bindings.InferenceOracleGame) (bool, error) {
	clock, err := p.uint(ctx, p.oracle.PackClock())
	if err != nil {
		return false, err
	}
	head, err := p.cfg.Chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return false, err
	}
	side := 0
	if g.ChallengerTurn {
		side = 1
	}
	return head.Time >= g.TurnStart && g.Used[side]+head.Time-g.TurnStart > clock.Uint64(), nil
}

// Finalize accepts claim id once its window is over.
func (p *Player) Finalize(ctx context.Context, id uint64) error {
	_, err := p.send(ctx, fmt.Sprintf("finalize claim %d", id), p.oracle.PackFinalize(new(big.Int).SetUint64(id)), nil)
	return err
}

// proposedTopic is the Proposed event's signature hash, from the binding's ABI.
func proposedTopic() (common.Hash, error) {
	a, err := bindings.InferenceOracleMetaData.ParseABI()
	if err != nil {
		return common.Hash{}, err
	}
	return a.Events[bindings.InferenceOracleProposedEventName].ID, nil
}

// runCache keeps claim re-runs, least recently used dropped first beyond
// max; pinned runs (claims the player made with a run of its own, which it
// could not re-derive) are never dropped.
type runCache struct {
	mu     sync.Mutex
	max    int
	order  *list.List // of uint64 claim ids, front most recent
	items  map[uint64]*list.Element
	runs   map[uint64]*prove.Run
	pinned map[uint64]bool
}

func newRunCache(max int) *runCache {
	return &runCache{max: max, order: list.New(), items: map[uint64]*list.Element{}, runs: map[uint64]*prove.Run{}, pinned: map[uint64]bool{}}
}

func (c *runCache) get(id uint64) *prove.Run {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[id]; ok {
		c.order.MoveToFront(el)
	}
	return c.runs[id]
}

func (c *runCache) put(id uint64, r *prove.Run, pin bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.runs[id] = r
	if pin {
		c.pinned[id] = true
		return
	}
	if el, ok := c.items[id]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.items[id] = c.order.PushFront(id)
	for c.order.Len() > c.max {
		el := c.order.Back()
		c.order.Remove(el)
		old := el.Value.(uint64)
		delete(c.items, old)
		if !c.pinned[old] {
			delete(c.runs, old)
		}
	}
}

// pin keeps the run of claim id (if held) until unpin.
func (c *runCache) pin(id uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.runs[id]; ok {
		c.pinned[id] = true
	}
}

// unpin lets the run of claim id go like any other.
func (c *runCache) unpin(id uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pinned, id)
	if _, listed := c.items[id]; !listed {
		delete(c.runs, id)
	}
}

// len is how many runs are held.
func (c *runCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.runs)
}
