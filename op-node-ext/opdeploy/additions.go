package opdeploy

import (
	"bytes"
	"fmt"
	"math/big"

	"github.com/ethereum-optimism/optimism/op-chain-ops/genesis"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// OP's L2 address namespaces: predeploy proxies at 0x4200…0000-07ff, their
// implementations at the same low bytes under 0xc0d3…. L2Genesis puts an
// upgradable proxy, administered by the L2 ProxyAdmin, at every address of
// the predeploy range, the unused ones included.
var (
	predeployNamespace = common.HexToAddress("0x4200000000000000000000000000000000000000")
	codeNamespace      = common.HexToAddress("0xc0D3C0d3C0d3C0D3c0d3C0d3c0D3C0d3c0d30000")
)

// inNamespace reports whether a is one of the 2048 addresses of the namespace at prefix.
func inNamespace(a, prefix common.Address) bool {
	return bytes.Equal(a[:18], prefix[:18]) && a[18] < 0x08
}

// implementationOf is the code-namespace address of predeploy a.
func implementationOf(a common.Address) common.Address {
	out := codeNamespace
	out[18], out[19] = a[18], a[19]
	return out
}

// SetPredeploy makes code the implementation of the unused predeploy proxy
// at addr, as OP installs its own predeploys: the runtime code goes to the
// address's code-namespace counterpart, the proxy's EIP-1967 implementation
// slot points at it, and storage (the contract's initial state) goes into
// the proxy, which the code runs against. The L2 ProxyAdmin's owner can
// upgrade it like any other predeploy. The rollup config follows the new
// L2 genesis.
func (c *Chain) SetPredeploy(addr common.Address, code []byte, storage map[common.Hash]common.Hash) error {
	if !inNamespace(addr, predeployNamespace) {
		return fmt.Errorf("opdeploy: %s is outside OP's predeploy namespace", addr)
	}
	proxy, ok := c.L2.Alloc[addr]
	if !ok || len(proxy.Code) == 0 || proxy.Storage[genesis.AdminSlot] == (common.Hash{}) {
		return fmt.Errorf("opdeploy: no predeploy proxy at %s in the L2 genesis", addr)
	}
	impl := implementationOf(addr)
	if proxy.Storage[genesis.ImplementationSlot] != (common.Hash{}) || len(c.L2.Alloc[impl].Code) != 0 {
		return fmt.Errorf("opdeploy: predeploy %s is taken (implementation at %s)", addr, impl)
	}
	if len(code) == 0 {
		return fmt.Errorf("opdeploy: predeploy %s: no code", addr)
	}
	st := make(map[common.Hash]common.Hash, len(proxy.Storage)+len(storage))
	for k, v := range proxy.Storage {
		st[k] = v
	}
	for k, v := range storage {
		if _, taken := st[k]; taken || k == genesis.ImplementationSlot || k == genesis.AdminSlot {
			return fmt.Errorf("opdeploy: predeploy %s: storage slot %s is the proxy's", addr, k)
		}
		st[k] = v
	}
	st[genesis.ImplementationSlot] = common.BytesToHash(impl.Bytes())
	proxy.Storage = st
	c.L2.Alloc[addr] = proxy
	bal := c.L2.Alloc[impl].Balance
	if bal == nil {
		bal = new(big.Int) // a genesis file needs every account's balance
	}
	c.L2.Alloc[impl] = types.Account{Code: code, Balance: bal}
	c.reanchor()
	return nil
}

// AddAccounts adds accounts (dev funds, example contracts) to the L2
// genesis. It refuses an address the genesis already holds and any address
// in OP's predeploy or code namespaces, and any balance on a chain deployed
// to a live L1, where nothing on L1 would back it (BackL2Funds backs a dev
// L1's). The rollup config follows the new L2 genesis.
func (c *Chain) AddAccounts(alloc types.GenesisAlloc) error {
	for a, acc := range alloc {
		if c.L1 == nil && acc.Balance != nil && acc.Balance.Sign() != 0 {
			return fmt.Errorf("opdeploy: %s: a balance in the L2 genesis of a live L1's chain is ETH nothing backs", a)
		}
		if inNamespace(a, predeployNamespace) || inNamespace(a, codeNamespace) {
			return fmt.Errorf("opdeploy: %s is in an OP namespace (use SetPredeploy)", a)
		}
		if _, ok := c.L2.Alloc[a]; ok {
			return fmt.Errorf("opdeploy: %s is already in the L2 genesis", a)
		}
	}
	for a, acc := range alloc {
		if acc.Balance == nil {
			acc.Balance = new(big.Int)
		}
		c.L2.Alloc[a] = acc
	}
	c.reanchor()
	return nil
}

// BackL2Funds locks amount more ETH in OptimismPortal2 in the dev L1's
// genesis: the ETH that the L2 genesis mints for dev accounts, so that their
// withdrawals finalize (the portal pays a withdrawal from the deposits it
// holds; unbacked, the L1 call fails and the value is lost). The rollup
// config follows the new L1 genesis.
func (c *Chain) BackL2Funds(amount *big.Int) error {
	if c.L1 == nil {
		return fmt.Errorf("opdeploy: no dev L1 genesis to lock funds in (a live L1's portal holds real deposits)")
	}
	if amount.Sign() < 0 {
		return fmt.Errorf("opdeploy: negative amount %s", amount)
	}
	acc, ok := c.L1.Alloc[c.Contracts.OptimismPortal]
	if !ok || len(acc.Code) == 0 {
		return fmt.Errorf("opdeploy: no OptimismPortal2 at %s in the L1 genesis", c.Contracts.OptimismPortal)
	}
	bal := new(big.Int)
	if acc.Balance != nil {
		bal.Set(acc.Balance)
	}
	acc.Balance = bal.Add(bal, amount)
	c.L1.Alloc[c.Contracts.OptimismPortal] = acc
	c.Rollup.Genesis.L1.Hash = c.L1.ToBlock().Hash()
	return nil
}

// reanchor points the rollup config at the L2 genesis as it now is.
func (c *Chain) reanchor() {
	b := c.L2.ToBlock()
	c.Rollup.Genesis.L2.Hash = b.Hash()
	c.Rollup.Genesis.L2.Number = b.NumberU64()
}
