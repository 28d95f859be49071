package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/node"
	"github.com/aievm/aievm/attest/settle"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/l1tx"
	"github.com/aievm/aievm/model-da/models"
	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/op-node-ext/chain"
)

// AttestState is the devnet's attestation path on L2: a Settlement whose
// result source is the inference precompile, and the attestable example
// model offered at Fee wei.
type AttestState struct {
	Settlement common.Address `json:"settlement"`
	Results    common.Address `json:"results"`
	Verifier   common.Address `json:"verifier"`
	Model      string         `json:"model"`
	Fee        *big.Int       `json:"fee"`
	Treasury   common.Address `json:"treasury"`
}

// attestFee is what the devnet charges per attested inference: 0.001 ETH.
var attestFee = big.NewInt(1e15)

// validators the devnet runs; the Settlement's quorum is two of them.
const attestValidators = 3

// attestSvc is the devnet's running attestation node and validators.
type attestSvc struct {
	cancel  context.CancelFunc
	done    chan struct{}
	servers []*http.Server
	urls    []string
}

// ValidatorURLs are the devnet validators' base URLs (none if it runs no
// attestation).
func (d *Devnet) ValidatorURLs() []string {
	if d.attest == nil {
		return nil
	}
	return d.attest.urls
}

// AttestKeys is where the devnet keeps the attestable models' Groth16 keys.
func (d *Devnet) AttestKeys() string { return d.path("attest/keys") }

// startAttestation deploys the attestation contracts on L2 on first start,
// then runs three validators and a node in process, as outside operators
// would run `aievm attest validator` and `aievm attest node`.
func (d *Devnet) startAttestation(ctx context.Context) error {
	if !d.cfg.Attest {
		return nil
	}
	lg := slog.New(d.log.New("svc", "attest").Handler())
	l2, err := ethclient.DialContext(ctx, d.Sequencer.HTTP())
	if err != nil {
		return fmt.Errorf("attest: %w", err)
	}
	if d.state.Attest == nil {
		if err := d.deployAttestation(ctx, l2); err != nil {
			l2.Close()
			if errors.Is(err, errNoAttestModel) {
				lg.Warn("No attestation path in this chain (created before it existed)")
				return nil
			}
			return fmt.Errorf("attest: %w", err)
		}
	}
	st := d.state.Attest
	svc := &attestSvc{done: make(chan struct{})}
	for i := 0; i < attestValidators; i++ {
		v := &node.Validator{Chain: l2, Settlement: st.Settlement, Key: chain.DevKey(d.cfg.Seed, chain.Validator(i)),
			KeysRoot: d.AttestKeys(), Log: lg.With("validator", i)}
		ln, err := net.Listen("tcp", net.JoinHostPort(d.cfg.Host, "0"))
		if err != nil {
			svc.stop()
			l2.Close()
			return fmt.Errorf("attest validator: %w", err)
		}
		srv := &http.Server{Handler: v, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		svc.servers = append(svc.servers, srv)
		svc.urls = append(svc.urls, "http://"+ln.Addr().String())
	}
	ms, closeStore, err := models.Open(d.path("attest/models"), []string{d.ModelGateway()}, 256<<20)
	if err != nil {
		svc.stop()
		l2.Close()
		return fmt.Errorf("attest: %w", err)
	}
	ms.WithChain(onchain.RPCSource(l2, d.state.Registry))
	head, err := l2.BlockNumber(ctx)
	if err != nil {
		head = 0
	}
	n, err := node.New(ctx, node.Config{Chain: l2, Settlement: st.Settlement, Key: chain.DevKey(d.cfg.Seed, chain.AttestNode),
		Models: ms, KeysRoot: d.AttestKeys(), Validators: svc.urls, BatchWait: 2 * time.Second, FromBlock: head, Log: lg,
		Tx: l1tx.Options{NumConfirmations: 1, ReceiptQueryInterval: 500 * time.Millisecond, Log: d.log.New("svc", "attest-tx")}})
	if err != nil {
		closeStore()
		svc.stop()
		l2.Close()
		return fmt.Errorf("attest: %w", err)
	}
	cctx, cancel := context.WithCancel(context.Background())
	svc.cancel = cancel
	go func() {
		defer close(svc.done)
		defer l2.Close()
		defer closeStore()
		n.Run(cctx, 500*time.Millisecond)
	}()
	d.attest = svc
	return nil
}

var errNoAttestModel = errors.New("the chain has no attestable model")

// deployAttestation sets the attestation path up on L2 once: the model's
// keys, its verifier and attestation record, PrecompileResults, the
// Settlement with the model's fee, and the stakes of the node and the
// validators (funded at genesis).
func (d *Devnet) deployAttestation(ctx context.Context, l2 *ethclient.Client) error {
	m, a, _, err := attest.Example("")
	if err != nil {
		return err
	}
	// The model must be among the chain's genesis models (registered by
	// the deployer, so the deployer may record its attestation).
	if !slices.ContainsFunc(d.state.Models, func(em Model) bool { return em.Address == store.FormatAddress(m.Address()) }) {
		return errNoAttestModel
	}
	d.log.Info("Setting up Groth16 keys of the attestable model (once)", "model", m.Name)
	if _, _, err := attest.LoadOrSetup(d.AttestKeys(), a); err != nil {
		return err
	}
	dep := d.keys.deployer
	verifier, err := settle.DeployVerifier(ctx, l2, dep, d.cfg.Tools, attest.Dir(d.AttestKeys(), a.Address))
	if err != nil {
		return err
	}
	if err := settle.RecordAttestation(ctx, l2, dep, d.state.Registry, a, verifier); err != nil {
		return err
	}
	results, err := ethtx.Deploy(ctx, l2, dep, "PrecompileResults", bindings.PrecompileResultsBin, common.LeftPadBytes(d.state.Registry.Bytes(), 32))
	if err != nil {
		return err
	}
	treasury := chain.Address(chain.DevKey(d.cfg.Seed, chain.Treasury))
	one := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	s, err := settle.Deploy(ctx, l2, dep, settle.Params{Registry: d.state.Registry, Results: results, Treasury: treasury,
		MinStake: one, UnbondingDelay: time.Hour, RequestTimeout: 10 * time.Minute, Quorum: 2})
	if err != nil {
		return err
	}
	st := bindings.NewSettlement()
	send := func(key *ecdsa.PrivateKey, data []byte, value *big.Int) error {
		_, err := ethtx.Send(ctx, l2, key, ethtx.Tx{To: &s, Data: data, Value: value}, time.Minute)
		return err
	}
	if err := send(dep, st.PackSetFee(m.Address(), attestFee), nil); err != nil {
		return fmt.Errorf("set fee: %w", err)
	}
	if err := send(chain.DevKey(d.cfg.Seed, chain.AttestNode), st.PackStake(settle.RoleNode), one); err != nil {
		return fmt.Errorf("stake node: %w", err)
	}
	for i := 0; i < attestValidators; i++ {
		if err := send(chain.DevKey(d.cfg.Seed, chain.Validator(i)), st.PackStake(settle.RoleValidator), one); err != nil {
			return fmt.Errorf("stake validator %d: %w", i, err)
		}
	}
	d.state.Attest = &AttestState{Settlement: s, Results: results, Verifier: verifier, Model: fmt.Sprintf("0x%x", m.Address()),
		Fee: attestFee, Treasury: treasury}
	return writeJSON(d.path(stateFile), d.state)
}

func (s *attestSvc) stop() {
	if s == nil {
		return
	}
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
	for _, srv := range s.servers {
		srv.Close()
	}
}

// attestAccounts are the L2 accounts the attestation path funds at genesis:
// the deployer (who deploys and configures its contracts), the node and the
// validators.
func attestAccounts(seed string, deployer *ecdsa.PrivateKey) []common.Address {
	out := []common.Address{chain.Address(deployer), chain.Address(chain.DevKey(seed, chain.AttestNode))}
	for i := 0; i < attestValidators; i++ {
		out = append(out, chain.Address(chain.DevKey(seed, chain.Validator(i))))
	}
	return out
}
