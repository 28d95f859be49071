package settle

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/fraudproof"
	"github.com/aievm/aievm/internal/ethtx"
	"github.com/aievm/aievm/internal/simchain"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Sim is a Settlement on a simulated chain under the rollup's rules, with a
// ModelRegistry, an InferenceOracle as the result source (1-minute window),
// one staked node, three staked validators (quorum 2), a funded user and an
// unstaked stranger: for tests and `aievm attest bench`.
type Sim struct {
	Chain      *simchain.SimChain
	Owner      *ecdsa.PrivateKey // deployer, registrant, fee setter
	Node       *ecdsa.PrivateKey
	Validators []*ecdsa.PrivateKey
	User       *ecdsa.PrivateKey
	Stranger   *ecdsa.PrivateKey
	Treasury   common.Address
	Registry   common.Address
	Oracle     common.Address
	Settlement common.Address
	ChainID    *big.Int
}

// SimFee is the fee Sim sets for published models: 12% of it does not split
// evenly in three, so the treasury gets rounding dust.
const SimFee = 1_000_000_000_000_017

var st, reg = bindings.NewSettlement(), bindings.NewModelRegistry()

// NewSim deploys and stakes everything. Close the chain when done.
func NewSim(ctx context.Context) (*Sim, error) {
	c := simchain.New(8, simchain.WithoutTxGasCap)
	s := &Sim{Chain: c, Owner: c.Keys[0], Node: c.Keys[1], Validators: c.Keys[2:5], User: c.Keys[5], Stranger: c.Keys[6],
		Treasury: common.HexToAddress("0x7ea5")}
	err := s.deploy(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	return s, nil
}

func ether(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func (s *Sim) deploy(ctx context.Context) error {
	cl := s.Chain.Client()
	var err error
	if s.Registry, err = ethtx.Deploy(ctx, cl, s.Owner, "ModelRegistry", bindings.ModelRegistryMetaData.Bin, nil); err != nil {
		return err
	}
	p := fraudproof.DefaultParams()
	p.Window = time.Minute
	fc, err := fraudproof.Deploy(ctx, cl, s.Owner, p)
	if err != nil {
		return err
	}
	s.Oracle = fc.Oracle
	if s.Settlement, err = Deploy(ctx, cl, s.Owner, Params{Registry: s.Registry, Results: s.Oracle, Treasury: s.Treasury,
		MinStake: ether(1), UnbondingDelay: time.Hour, RequestTimeout: 10 * time.Minute, Quorum: 2}); err != nil {
		return err
	}
	if s.ChainID, err = cl.ChainID(ctx); err != nil {
		return err
	}
	if _, err := s.Send(ctx, s.Node, st.PackStake(RoleNode), ether(1)); err != nil {
		return err
	}
	for _, v := range s.Validators {
		if _, err := s.Send(ctx, v, st.PackStake(RoleValidator), ether(2)); err != nil {
			return err
		}
	}
	_, err = s.Send(ctx, s.User, st.PackDeposit(), ether(1))
	return err
}

// Send sends data to the Settlement from key.
func (s *Sim) Send(ctx context.Context, key *ecdsa.PrivateKey, data []byte, value *big.Int) (*types.Receipt, error) {
	return s.SendTo(ctx, key, s.Settlement, data, value)
}

// SendTo sends data to a contract from key.
func (s *Sim) SendTo(ctx context.Context, key *ecdsa.PrivateKey, to common.Address, data []byte, value *big.Int) (*types.Receipt, error) {
	return ethtx.Send(ctx, s.Chain.Client(), key, ethtx.Tx{To: &to, Data: data, Value: value}, time.Minute)
}

// Call makes a view call.
func (s *Sim) Call(ctx context.Context, to common.Address, data []byte) ([]byte, error) {
	return s.Chain.Client().CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
}

// Balance is who's Settlement balance.
func (s *Sim) Balance(ctx context.Context, who common.Address) (*big.Int, error) {
	out, err := s.Call(ctx, s.Settlement, st.PackBalanceOf(who))
	if err != nil {
		return nil, err
	}
	return st.UnpackBalanceOf(out)
}

// Publish registers m, records an attestation for it with the commitment of
// a (normally m's own; a dishonest registrant may record another's) and the
// given verifier, and offers it at SimFee.
func (s *Sim) Publish(ctx context.Context, m *model.Model, a *attest.Model, verifier common.Address) error {
	if _, err := s.SendTo(ctx, s.Owner, s.Registry, reg.PackRegister(m.Address(), "bafy-sim", uint64(len(m.Encode())), 1, 0, 1), nil); err != nil {
		return fmt.Errorf("register: %w", err)
	}
	data := reg.PackSetAttestation(m.Address(), a.Commitment(), verifier, uint32(a.Spec.Inputs()), uint32(a.Spec.Outputs()))
	if _, err := s.SendTo(ctx, s.Owner, s.Registry, data, nil); err != nil {
		return fmt.Errorf("set attestation: %w", err)
	}
	_, err := s.Send(ctx, s.Owner, st.PackSetFee(m.Address(), big.NewInt(SimFee)), nil)
	return err
}

// Request files model(input) from the user at SimFee and returns its id.
func (s *Sim) Request(ctx context.Context, m model.Address, input []byte) (*big.Int, error) {
	r, err := s.Send(ctx, s.User, st.PackRequest(m, input, big.NewInt(SimFee)), nil)
	if err != nil {
		return nil, err
	}
	return RequestID(r)
}

// RequestID is the id in a request transaction's Requested event.
func RequestID(r *types.Receipt) (*big.Int, error) {
	for _, l := range r.Logs {
		if ev, err := st.UnpackRequestedEvent(l); err == nil {
			return ev.Id, nil
		}
	}
	return nil, errors.New("no Requested event")
}

// Signed is a batch entry for p co-signed by the first k validators.
func (s *Sim) Signed(id *big.Int, p *attest.Proof, k int) (bindings.SettlementResult, error) {
	var sigs []Signature
	for _, v := range s.Validators[:k] {
		sig, err := Sign(v, Digest(s.ChainID, s.Settlement, id, p.Output))
		if err != nil {
			return bindings.SettlementResult{}, err
		}
		sigs = append(sigs, Signature{Signer: crypto.PubkeyToAddress(v.PublicKey), Sig: sig})
	}
	return Result(id, p, sigs), nil
}
