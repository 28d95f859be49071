package precompile

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
)

// BlockResult is the measured import of one block full of inference calls.
type BlockResult struct {
	Calls    int
	GasUsed  uint64
	GasLimit uint64
	Import   time.Duration // full block import: execution, state root, commit
}

// OPGenesis is a development OP Stack genesis with every fork through
// Isthmus active at 0 (Jovian off: it needs real L1-info deposits, which the
// devnet provides), the given gas limit and allocations. Tests and benches
// build their chains on it; blocks must carry GenesisExtra in their extra
// data (Holocene EIP-1559 parameters).
func OPGenesis(gasLimit uint64, alloc types.GenesisAlloc) *core.Genesis {
	cfg := *params.OptimismTestConfig
	cfg.JovianTime = nil
	return &core.Genesis{Config: &cfg, GasLimit: gasLimit, BaseFee: big.NewInt(params.InitialBaseFee),
		Difficulty: big.NewInt(0), ExtraData: GenesisExtra, Alloc: alloc}
}

// GenesisExtra is the Holocene extra data (denominator 250, elasticity 6).
var GenesisExtra = eip1559.EncodeHoloceneExtraData(250, 6)

// BlockFull builds an OP (Isthmus) block of gasLimit gas filled with
// transactions that call p (already registered at Address) with input,
// imports it into a fresh node and times the import.
func BlockFull(p vm.PrecompiledContract, input []byte, gasLimit uint64) (*BlockResult, error) {
	key, _ := crypto.HexToECDSA("45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8")
	from := crypto.PubkeyToAddress(key.PublicKey)
	gspec := OPGenesis(gasLimit, types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(1e18), big.NewInt(1000))}})
	cfg, extra := gspec.Config, GenesisExtra
	// Gas per call: intrinsic (calldata) + the precompile, measured by a dry run.
	per := txGas(input) + p.RequiredGas(input)
	calls := int((gasLimit - 100_000) / per)
	if calls < 1 {
		return nil, fmt.Errorf("block bench: one call needs %d gas, more than the block's %d", per, gasLimit)
	}
	signer := types.LatestSigner(cfg)
	to := Address
	_, blocks, receipts := core.GenerateChainWithGenesis(gspec, beacon.New(ethash.NewFaker()), 1, func(_ int, g *core.BlockGen) {
		g.SetExtra(extra)
		g.AddTx(l1InfoDeposit())
		for i := 0; i < calls; i++ {
			g.AddTx(signed(key, signer, cfg, uint64(i), &to, per, input))
		}
	})
	res := &BlockResult{Calls: calls, GasLimit: gasLimit, GasUsed: blocks[0].GasUsed()}
	for _, r := range receipts[0][1:] {
		if r.Status != types.ReceiptStatusSuccessful {
			return nil, fmt.Errorf("block bench: an inference call failed")
		}
	}
	bc, err := core.NewBlockChain(rawdb.NewMemoryDatabase(), gspec, beacon.New(ethash.NewFaker()), core.DefaultConfig())
	if err != nil {
		return nil, err
	}
	defer bc.Stop()
	start := time.Now()
	if _, err := bc.InsertChain(blocks); err != nil {
		return nil, err
	}
	res.Import = time.Since(start)
	return res, nil
}

func txGas(data []byte) uint64 {
	g := params.TxGas
	for _, b := range data {
		if b == 0 {
			g += params.TxDataZeroGas
		} else {
			g += params.TxDataNonZeroGasEIP2028
		}
	}
	return g + 10_000 // floor-cost and call overhead margin
}

func signed(key *ecdsa.PrivateKey, s types.Signer, cfg *params.ChainConfig, nonce uint64, to *common.Address, gas uint64, data []byte) *types.Transaction {
	return types.MustSignNewTx(key, s, &types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: nonce,
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e10), Gas: gas, To: to, Data: data})
}

// l1InfoDeposit is the L1-attributes deposit an OP block starts with (all
// fees zero: an Isthmus selector with zeroed fields).
func l1InfoDeposit() *types.Transaction {
	data := append(append([]byte(nil), types.IsthmusL1AttributesSelector...), make([]byte, 172)...)
	to := types.L1BlockAddr
	return types.NewTx(&types.DepositTx{SourceHash: common.Hash{1}, From: common.HexToAddress("0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001"),
		To: &to, Value: big.NewInt(0), Gas: 1_000_000, IsSystemTransaction: false, Data: data})
}
