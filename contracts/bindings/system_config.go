// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// SystemConfigMetaData contains all meta data concerning the SystemConfig contract.
var SystemConfigMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"unsafeBlockSigner_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"batcher_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"UNSAFE_BLOCK_SIGNER_SLOT\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batcher\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unsafeBlockSigner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SystemConfig",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516101ca3803806101ca833981016040819052602b916077565b6001600160a01b03166080527f65a7ed542fb37fe237fdfbdd70b31598523fe5b32879e307bae27a0bd9581c085560a3565b80516001600160a01b03811681146072575f5ffd5b919050565b5f5f604083850312156087575f5ffd5b608e83605d565b9150609a60208401605d565b90509250929050565b6080516101106100ba5f395f604201526101105ff3fe6080604052348015600e575f5ffd5b5060043610603a575f3560e01c8063025a3a2914603e5780631fd19ee11460815780634f16540b1460a7575b5f5ffd5b60647f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b7f65a7ed542fb37fe237fdfbdd70b31598523fe5b32879e307bae27a0bd9581c08546064565b60cd7f65a7ed542fb37fe237fdfbdd70b31598523fe5b32879e307bae27a0bd9581c0881565b604051908152602001607856fea2646970667358221220a5d2d408f6071a7f88317cde89def9f919a982bf52f537c6c6cf5c68a510a43964736f6c63430008250033",
}

// SystemConfig is an auto generated Go binding around an Ethereum contract.
type SystemConfig struct {
	abi abi.ABI
}

// NewSystemConfig creates a new instance of SystemConfig.
func NewSystemConfig() *SystemConfig {
	parsed, err := SystemConfigMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SystemConfig{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SystemConfig) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address unsafeBlockSigner_, address batcher_) returns()
func (systemConfig *SystemConfig) PackConstructor(unsafeBlockSigner_ common.Address, batcher_ common.Address) []byte {
	enc, err := systemConfig.abi.Pack("", unsafeBlockSigner_, batcher_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackUNSAFEBLOCKSIGNERSLOT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f16540b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UNSAFE_BLOCK_SIGNER_SLOT() view returns(bytes32)
func (systemConfig *SystemConfig) PackUNSAFEBLOCKSIGNERSLOT() []byte {
	enc, err := systemConfig.abi.Pack("UNSAFE_BLOCK_SIGNER_SLOT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUNSAFEBLOCKSIGNERSLOT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f16540b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UNSAFE_BLOCK_SIGNER_SLOT() view returns(bytes32)
func (systemConfig *SystemConfig) TryPackUNSAFEBLOCKSIGNERSLOT() ([]byte, error) {
	return systemConfig.abi.Pack("UNSAFE_BLOCK_SIGNER_SLOT")
}

// UnpackUNSAFEBLOCKSIGNERSLOT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4f16540b.
//
// Solidity: function UNSAFE_BLOCK_SIGNER_SLOT() view returns(bytes32)
func (systemConfig *SystemConfig) UnpackUNSAFEBLOCKSIGNERSLOT(data []byte) ([32]byte, error) {
	out, err := systemConfig.abi.Unpack("UNSAFE_BLOCK_SIGNER_SLOT", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatcher is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x025a3a29.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batcher() view returns(address)
func (systemConfig *SystemConfig) PackBatcher() []byte {
	enc, err := systemConfig.abi.Pack("batcher")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatcher is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x025a3a29.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batcher() view returns(address)
func (systemConfig *SystemConfig) TryPackBatcher() ([]byte, error) {
	return systemConfig.abi.Pack("batcher")
}

// UnpackBatcher is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x025a3a29.
//
// Solidity: function batcher() view returns(address)
func (systemConfig *SystemConfig) UnpackBatcher(data []byte) (common.Address, error) {
	out, err := systemConfig.abi.Unpack("batcher", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackUnsafeBlockSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fd19ee1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function unsafeBlockSigner() view returns(address signer)
func (systemConfig *SystemConfig) PackUnsafeBlockSigner() []byte {
	enc, err := systemConfig.abi.Pack("unsafeBlockSigner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUnsafeBlockSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fd19ee1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function unsafeBlockSigner() view returns(address signer)
func (systemConfig *SystemConfig) TryPackUnsafeBlockSigner() ([]byte, error) {
	return systemConfig.abi.Pack("unsafeBlockSigner")
}

// UnpackUnsafeBlockSigner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1fd19ee1.
//
// Solidity: function unsafeBlockSigner() view returns(address signer)
func (systemConfig *SystemConfig) UnpackUnsafeBlockSigner(data []byte) (common.Address, error) {
	out, err := systemConfig.abi.Unpack("unsafeBlockSigner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}
