package chain

import (
	"bytes"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum-optimism/optimism/op-node/rollup/derive"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/aievm/aievm/contracts/bindings"
)

// TestL1Contracts runs the rollup's L1 contracts on an L1 chain: deposits
// decode with op-node's own deposit-log parser, bad deposits revert, and
// the output oracle accepts only the proposer's increasing, past outputs.
func TestL1Contracts(t *testing.T) {
	t.Parallel()
	key, proposerKey := DevKey("test", Deployer), DevKey("test", Proposer)
	from, proposer := Address(key), Address(proposerKey)
	gspec := &core.Genesis{Config: params.MergedTestChainConfig, GasLimit: 30_000_000, BaseFee: big.NewInt(1e9), Difficulty: new(big.Int),
		Alloc: types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}, proposer: {Balance: big.NewInt(1e18)}}}
	signer := types.LatestSigner(gspec.Config)
	nonces := map[common.Address]uint64{}
	tx := func(pk *ecdsa.PrivateKey, to *common.Address, value int64, data []byte) *types.Transaction {
		a := Address(pk)
		t := types.MustSignNewTx(pk, signer, &types.DynamicFeeTx{ChainID: gspec.Config.ChainID, Nonce: nonces[a],
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: 3_000_000, To: to, Value: big.NewInt(value), Data: data})
		nonces[a]++
		return t
	}
	portalAddr, oracleAddr := crypto.CreateAddress(from, 0), crypto.CreateAddress(from, 1)
	portal, oracle := bindings.NewOptimismPortal(), bindings.NewL2OutputOracle()
	to := common.HexToAddress("0x1234")
	payload := []byte("inference please")
	start := gspec.Timestamp
	root := common.HexToHash("0xaa")
	type want struct {
		ok   bool
		what string
	}
	steps := []struct {
		tx *types.Transaction
		want
	}{
		{tx(key, nil, 0, common.FromHex(bindings.OptimismPortalMetaData.Bin)), want{true, "deploy portal"}},
		{tx(key, nil, 0, append(common.FromHex(bindings.L2OutputOracleMetaData.Bin), oracle.PackConstructor(proposer, new(big.Int).SetUint64(start), big.NewInt(2))...)), want{true, "deploy oracle"}},
		{tx(key, &portalAddr, 777, portal.PackDepositTransaction(to, big.NewInt(555), 100_000, false, payload)), want{true, "deposit"}},
		{tx(key, &portalAddr, 0, portal.PackDepositTransaction(to, big.NewInt(0), 21_000, false, payload)), want{false, "deposit gas below its calldata's minimum"}},
		{tx(key, &portalAddr, 0, portal.PackDepositTransaction(to, big.NewInt(0), 100_000, true, nil)), want{false, "creation to a non-zero address"}},
		{tx(key, &portalAddr, 0, portal.PackDepositTransaction(to, big.NewInt(0), 21_000_000, false, nil)), want{false, "more deposit gas than an L1 block may buy"}},
		{tx(key, &oracleAddr, 0, oracle.PackProposeL2Output(root, big.NewInt(1))), want{false, "proposal by a non-proposer"}},
		{tx(proposerKey, &oracleAddr, 0, oracle.PackProposeL2Output(root, big.NewInt(10))), want{true, "proposal"}},
		{tx(proposerKey, &oracleAddr, 0, oracle.PackProposeL2Output(root, big.NewInt(10))), want{false, "proposal not after the latest"}},
		{tx(proposerKey, &oracleAddr, 0, oracle.PackProposeL2Output(root, big.NewInt(1000))), want{false, "proposal of a future block"}},
	}
	_, _, receipts := core.GenerateChainWithGenesis(gspec, beacon.New(ethash.NewFaker()), len(steps), func(i int, g *core.BlockGen) {
		g.AddTx(steps[i].tx)
	})
	for i, s := range steps {
		r := receipts[i][0]
		if ok := r.Status == types.ReceiptStatusSuccessful; ok != s.ok {
			t.Errorf("%s: success %v, want %v", s.what, ok, s.ok)
		}
	}
	dep, err := derive.UnmarshalDepositLogEvent(receipts[2][0].Logs[0])
	if err != nil {
		t.Fatalf("op-node cannot parse the portal's deposit event: %v", err)
	}
	if dep.From != from || dep.To == nil || *dep.To != to || dep.Mint.Int64() != 777 || dep.Value.Int64() != 555 ||
		dep.Gas != 100_000 || dep.IsSystemTransaction || !bytes.Equal(dep.Data, payload) {
		t.Fatalf("deposit as op-node derives it: %+v", dep)
	}
	ev, err := oracle.UnpackOutputProposedEvent(receipts[7][0].Logs[0])
	if err != nil || ev.OutputRoot != root || ev.L2BlockNumber.Int64() != 10 || ev.L2OutputIndex.Sign() != 0 {
		t.Fatalf("OutputProposed %+v (%v)", ev, err)
	}
}
