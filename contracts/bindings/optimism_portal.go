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

// OptimismPortalMetaData contains all meta data concerning the OptimismPortal contract.
var OptimismPortalMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"BadDeposit\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"version\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"opaqueData\",\"type\":\"bytes\"}],\"name\":\"TransactionDeposited\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"DEPOSIT_VERSION\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_DATA\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_RESOURCE_LIMIT\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositBlock\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositGasInBlock\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"gasLimit\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"isCreation\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"depositTransaction\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"byteCount\",\"type\":\"uint64\"}],\"name\":\"minimumGasLimit\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "OptimismPortal",
	Bin: "0x6080604052348015600e575f5ffd5b506106778061001c5f395ff3fe608060405260043610610071575f3560e01c806364b792081161004c57806364b792081461010b578063a0b0607f14610122578063a35d99df14610138578063e9e05c4214610157575f5ffd5b806313cdd8b71461009a5780631e20ad09146100c0578063440de6bb146100f7575f5ffd5b36610096576100943334620186a05f60405180602001604052805f815250610165565b005b5f5ffd5b3480156100a5575f5ffd5b506100ad5f81565b6040519081526020015b60405180910390f35b3480156100cb575f5ffd5b506001546100df906001600160401b031681565b6040516001600160401b0390911681526020016100b7565b348015610102575f5ffd5b506100ad5f5481565b348015610116575f5ffd5b506100df6301312d0081565b34801561012d575f5ffd5b506100ad6201d4c081565b348015610143575f5ffd5b506100df61015236600461041e565b6103e5565b610094610165366004610452565b81801561017a57506001600160a01b03851615155b156101cd576040516332a992e560e21b815260206004820152601f60248201527f6372656174696f6e206d7573742074617267657420616464726573732830290060448201526064015b60405180910390fd5b6201d4c081511115610217576040516332a992e560e21b815260206004820152601260248201527163616c6c6461746120746f6f206c6172676560701b60448201526064016101c4565b61022181516103e5565b6001600160401b0316836001600160401b03161015610279576040516332a992e560e21b815260206004820152601360248201527219d85cc81b1a5b5a5d081d1bdbc81cdb585b1b606a1b60448201526064016101c4565b5f54431461029657435f556001805467ffffffffffffffff191690555b6001546301312d00906102b5906001600160401b038681169116610568565b1115610304576040516332a992e560e21b815260206004820152601e60248201527f4c3120626c6f636b206465706f7369742067617320657868617573746564000060448201526064016101c4565b600180548491905f906103219084906001600160401b031661057b565b82546001600160401b039182166101009390930a92830291909202199091161790555033328114610365575033731111000000000000000000000000000000001111015b5f348686868660405160200161037f95949392919061059a565b60405160208183030381529060405290505f876001600160a01b0316836001600160a01b03167fb3813568d9991fc951961fcb4c784893574240a28925604d09fc577c55bb7c32846040516103d491906105e3565b60405180910390a450505050505050565b5f6103f1826028610618565b6103fd9061520861057b565b92915050565b80356001600160401b0381168114610419575f5ffd5b919050565b5f6020828403121561042e575f5ffd5b61043782610403565b9392505050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f5f60a08688031215610466575f5ffd5b85356001600160a01b038116811461047c575f5ffd5b94506020860135935061049160408701610403565b9250606086013580151581146104a5575f5ffd5b915060808601356001600160401b038111156104bf575f5ffd5b86015f601f820189136104d0575f5ffd5b81356001600160401b038111156104e9576104e961043e565b604051601f8201601f19908116603f011681016001600160401b03811182821017156105175761051761043e565b6040528181528382016020018b101561052e575f5ffd5b816020850160208301375f60208383010152809250809450505050509295509295909350565b634e487b7160e01b5f52601160045260245ffd5b808201808211156103fd576103fd610554565b6001600160401b0381811683821601908111156103fd576103fd610554565b8581528460208201526001600160401b0360c01b8460c01b16604082015282151560f81b60488201525f82518060208501604985015e5f92016049019182525095945050505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b6001600160401b03818116838216029081169081811461063a5761063a610554565b509291505056fea2646970667358221220cb99740c73f41b9d2119215c7b28d6fb2b2700290b77f8cce000a53f19b8e4a364736f6c63430008250033",
}

// OptimismPortal is an auto generated Go binding around an Ethereum contract.
type OptimismPortal struct {
	abi abi.ABI
}

// NewOptimismPortal creates a new instance of OptimismPortal.
func NewOptimismPortal() *OptimismPortal {
	parsed, err := OptimismPortalMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &OptimismPortal{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *OptimismPortal) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackDEPOSITVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13cdd8b7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function DEPOSIT_VERSION() view returns(uint256)
func (optimismPortal *OptimismPortal) PackDEPOSITVERSION() []byte {
	enc, err := optimismPortal.abi.Pack("DEPOSIT_VERSION")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDEPOSITVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x13cdd8b7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function DEPOSIT_VERSION() view returns(uint256)
func (optimismPortal *OptimismPortal) TryPackDEPOSITVERSION() ([]byte, error) {
	return optimismPortal.abi.Pack("DEPOSIT_VERSION")
}

// UnpackDEPOSITVERSION is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x13cdd8b7.
//
// Solidity: function DEPOSIT_VERSION() view returns(uint256)
func (optimismPortal *OptimismPortal) UnpackDEPOSITVERSION(data []byte) (*big.Int, error) {
	out, err := optimismPortal.abi.Unpack("DEPOSIT_VERSION", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXDATA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa0b0607f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_DATA() view returns(uint256)
func (optimismPortal *OptimismPortal) PackMAXDATA() []byte {
	enc, err := optimismPortal.abi.Pack("MAX_DATA")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXDATA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa0b0607f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_DATA() view returns(uint256)
func (optimismPortal *OptimismPortal) TryPackMAXDATA() ([]byte, error) {
	return optimismPortal.abi.Pack("MAX_DATA")
}

// UnpackMAXDATA is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa0b0607f.
//
// Solidity: function MAX_DATA() view returns(uint256)
func (optimismPortal *OptimismPortal) UnpackMAXDATA(data []byte) (*big.Int, error) {
	out, err := optimismPortal.abi.Unpack("MAX_DATA", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXRESOURCELIMIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64b79208.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_RESOURCE_LIMIT() view returns(uint64)
func (optimismPortal *OptimismPortal) PackMAXRESOURCELIMIT() []byte {
	enc, err := optimismPortal.abi.Pack("MAX_RESOURCE_LIMIT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXRESOURCELIMIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64b79208.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_RESOURCE_LIMIT() view returns(uint64)
func (optimismPortal *OptimismPortal) TryPackMAXRESOURCELIMIT() ([]byte, error) {
	return optimismPortal.abi.Pack("MAX_RESOURCE_LIMIT")
}

// UnpackMAXRESOURCELIMIT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x64b79208.
//
// Solidity: function MAX_RESOURCE_LIMIT() view returns(uint64)
func (optimismPortal *OptimismPortal) UnpackMAXRESOURCELIMIT(data []byte) (uint64, error) {
	out, err := optimismPortal.abi.Unpack("MAX_RESOURCE_LIMIT", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDepositBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x440de6bb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositBlock() view returns(uint256)
func (optimismPortal *OptimismPortal) PackDepositBlock() []byte {
	enc, err := optimismPortal.abi.Pack("depositBlock")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x440de6bb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositBlock() view returns(uint256)
func (optimismPortal *OptimismPortal) TryPackDepositBlock() ([]byte, error) {
	return optimismPortal.abi.Pack("depositBlock")
}

// UnpackDepositBlock is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x440de6bb.
//
// Solidity: function depositBlock() view returns(uint256)
func (optimismPortal *OptimismPortal) UnpackDepositBlock(data []byte) (*big.Int, error) {
	out, err := optimismPortal.abi.Unpack("depositBlock", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDepositGasInBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1e20ad09.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositGasInBlock() view returns(uint64)
func (optimismPortal *OptimismPortal) PackDepositGasInBlock() []byte {
	enc, err := optimismPortal.abi.Pack("depositGasInBlock")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositGasInBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1e20ad09.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositGasInBlock() view returns(uint64)
func (optimismPortal *OptimismPortal) TryPackDepositGasInBlock() ([]byte, error) {
	return optimismPortal.abi.Pack("depositGasInBlock")
}

// UnpackDepositGasInBlock is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1e20ad09.
//
// Solidity: function depositGasInBlock() view returns(uint64)
func (optimismPortal *OptimismPortal) UnpackDepositGasInBlock(data []byte) (uint64, error) {
	out, err := optimismPortal.abi.Unpack("depositGasInBlock", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDepositTransaction is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe9e05c42.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositTransaction(address to, uint256 value, uint64 gasLimit, bool isCreation, bytes data) payable returns()
func (optimismPortal *OptimismPortal) PackDepositTransaction(to common.Address, value *big.Int, gasLimit uint64, isCreation bool, data []byte) []byte {
	enc, err := optimismPortal.abi.Pack("depositTransaction", to, value, gasLimit, isCreation, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositTransaction is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe9e05c42.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositTransaction(address to, uint256 value, uint64 gasLimit, bool isCreation, bytes data) payable returns()
func (optimismPortal *OptimismPortal) TryPackDepositTransaction(to common.Address, value *big.Int, gasLimit uint64, isCreation bool, data []byte) ([]byte, error) {
	return optimismPortal.abi.Pack("depositTransaction", to, value, gasLimit, isCreation, data)
}

// PackMinimumGasLimit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa35d99df.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minimumGasLimit(uint64 byteCount) pure returns(uint64)
func (optimismPortal *OptimismPortal) PackMinimumGasLimit(byteCount uint64) []byte {
	enc, err := optimismPortal.abi.Pack("minimumGasLimit", byteCount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinimumGasLimit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa35d99df.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minimumGasLimit(uint64 byteCount) pure returns(uint64)
func (optimismPortal *OptimismPortal) TryPackMinimumGasLimit(byteCount uint64) ([]byte, error) {
	return optimismPortal.abi.Pack("minimumGasLimit", byteCount)
}

// UnpackMinimumGasLimit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa35d99df.
//
// Solidity: function minimumGasLimit(uint64 byteCount) pure returns(uint64)
func (optimismPortal *OptimismPortal) UnpackMinimumGasLimit(data []byte) (uint64, error) {
	out, err := optimismPortal.abi.Unpack("minimumGasLimit", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// OptimismPortalTransactionDeposited represents a TransactionDeposited event raised by the OptimismPortal contract.
type OptimismPortalTransactionDeposited struct {
	From       common.Address
	To         common.Address
	Version    *big.Int
	OpaqueData []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const OptimismPortalTransactionDepositedEventName = "TransactionDeposited"

// ContractEventName returns the user-defined event name.
func (OptimismPortalTransactionDeposited) ContractEventName() string {
	return OptimismPortalTransactionDepositedEventName
}

// UnpackTransactionDepositedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)
func (optimismPortal *OptimismPortal) UnpackTransactionDepositedEvent(log *types.Log) (*OptimismPortalTransactionDeposited, error) {
	event := "TransactionDeposited"
	if len(log.Topics) == 0 || log.Topics[0] != optimismPortal.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(OptimismPortalTransactionDeposited)
	if len(log.Data) > 0 {
		if err := optimismPortal.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range optimismPortal.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (optimismPortal *OptimismPortal) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], optimismPortal.abi.Errors["BadDeposit"].ID.Bytes()[:4]) {
		return optimismPortal.UnpackBadDepositError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// OptimismPortalBadDeposit represents a BadDeposit error raised by the OptimismPortal contract.
type OptimismPortalBadDeposit struct {
	Reason string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadDeposit(string reason)
func OptimismPortalBadDepositErrorID() common.Hash {
	return common.HexToHash("0xcaa64b94fa208b418173552e036149927f13989006b2a9ef8e6cd75730962603")
}

// UnpackBadDepositError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadDeposit(string reason)
func (optimismPortal *OptimismPortal) UnpackBadDepositError(raw []byte) (*OptimismPortalBadDeposit, error) {
	out := new(OptimismPortalBadDeposit)
	if err := optimismPortal.abi.UnpackIntoInterface(out, "BadDeposit", raw); err != nil {
		return nil, err
	}
	return out, nil
}
