package settle

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/contracts/bindings"
	"github.com/aievm/aievm/opml/model"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// verifierABI is the function every gnark-exported verifier has.
var verifierABI, _ = abi.JSON(strings.NewReader(`[{"type":"function","name":"verifyProof","stateMutability":"view",
"inputs":[{"name":"proof","type":"bytes"},{"name":"input","type":"uint256[2]"}],"outputs":[]}]`))

// VerifyOnChain calls verifier.verifyProof for p and returns the gas of the
// call as a transaction (intrinsic and calldata gas included); it fails if
// the verifier rejects the proof.
func VerifyOnChain(ctx context.Context, c Client, verifier common.Address, p *attest.Proof) (uint64, error) {
	commit, ok := new(big.Int).SetString(strings.TrimPrefix(p.Commitment, "0x"), 16)
	if !ok {
		return 0, fmt.Errorf("bad commitment %q", p.Commitment)
	}
	data, err := verifierABI.Pack("verifyProof", p.Solidity, [2]*big.Int{commit, attest.IOHash(p.Input, p.Output)})
	if err != nil {
		return 0, err
	}
	return c.EstimateGas(ctx, ethereum.CallMsg{To: &verifier, Data: data})
}

// Figures are one attestable model's measurements.
type Figures struct {
	Model        string
	Constraints  int
	Setup        time.Duration
	Prove        time.Duration // median of the proofs made
	ProofBytes   int           // as the verifier contract takes it
	VerifyGas    uint64        // verifyProof as a transaction
	PerResultGas map[int]uint64
}

// Measure sets up m's keys under keysRoot (reusing cached ones; Setup is
// then the recorded time), proves four inputs, deploys the verifier on a
// Sim and settles batches of each size, reporting gas per result.
func Measure(ctx context.Context, toolsDir, keysRoot string, m *model.Model, sizes []int) (*Figures, error) {
	a, err := attest.FromModel(m)
	if err != nil {
		return nil, err
	}
	k, _, err := attest.LoadOrSetup(keysRoot, a)
	if err != nil {
		return nil, err
	}
	f := &Figures{Model: m.Name, Constraints: k.Info.Constraints, Setup: time.Duration(k.Info.SetupSecs * float64(time.Second)),
		PerResultGas: map[int]uint64{}}
	var proofs []*attest.Proof
	var times []time.Duration
	for i := 0; i < 4; i++ {
		x := make([]byte, a.Spec.Inputs())
		for j := range x {
			x[j] = byte(i*37 + j*11)
		}
		t := time.Now()
		p, err := k.Prove(a, x)
		if err != nil {
			return nil, err
		}
		times = append(times, time.Since(t))
		proofs = append(proofs, p)
	}
	f.Prove = median(times)
	f.ProofBytes = len(proofs[0].Solidity)
	s, err := NewSim(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Chain.Close()
	verifier, err := DeployVerifier(ctx, s.Chain.Client(), s.Owner, toolsDir, attest.Dir(keysRoot, a.Address))
	if err != nil {
		return nil, err
	}
	if f.VerifyGas, err = VerifyOnChain(ctx, s.Chain.Client(), verifier, proofs[0]); err != nil {
		return nil, err
	}
	if err := s.Publish(ctx, m, a, verifier); err != nil {
		return nil, err
	}
	// One settled result first, so the batches below pay warm balances as a
	// running network does.
	for _, size := range append([]int{1}, sizes...) {
		var batch []bindings.SettlementResult
		for i := 0; i < size; i++ {
			p := proofs[i%len(proofs)]
			id, err := s.Request(ctx, m.Address(), p.Input)
			if err != nil {
				return nil, err
			}
			r, err := s.Signed(id, p, 2+i%2)
			if err != nil {
				return nil, err
			}
			batch = append(batch, r)
		}
		r, err := s.Send(ctx, s.Node, st.PackSettle(batch), nil)
		if err != nil {
			return nil, fmt.Errorf("settle %d: %w (%s)", size, err, ErrorName(err))
		}
		f.PerResultGas[size] = r.GasUsed / uint64(size)
	}
	return f, nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
