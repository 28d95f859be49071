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

// FailureModesMetaData contains all meta data concerning the FailureModes contract.
var FailureModesMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"attempt\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"run\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "FailureModes",
	Bin: "0x6080604052348015600e575f5ffd5b5061068d8061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610034575f3560e01c80633dd41c4c14610038578063a3eee25214610062575b5f5ffd5b61004b610046366004610366565b610082565b604051610059929190610412565b60405180910390f35b610075610070366004610366565b61019d565b604051610059919061042c565b6040516351f7712960e11b81525f90606090309063a3eee252906100b0908990899089908990600401610445565b5f60405180830381865afa9250505080156100ec57506040513d5f823e601f3d908101601f191682016040526100e991908101906104c4565b60015b61017f576100f861055c565b806308c379a003610121575061010c610575565b806101175750610123565b5f92509050610194565b505b3d80801561014c576040519150601f19603f3d011682016040523d82523d5f602084013e610151565b606091505b505f604051806040016040528060098152602001683737903932b0b9b7b760b91b8152509250925050610194565b505060408051602081019091525f8152600191505b94509492505050565b60606101e08585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508792506101e9915050565b95945050505050565b606061021a60a185848660405160200161020593929190610610565b60405160208183030381529060405284610222565b949350505050565b60605f5f856001600160a01b03168560405161023e9190610627565b5f60405180830381855afa9150503d805f8114610276576040519150601f19603f3d011682016040523d82523d5f602084013e61027b565b606091505b50915091508161028d57805160208201fd5b6020815110156102e45760405162461bcd60e51b815260206004820152601e60248201527f41494c69623a206e6f20696e666572656e636520707265636f6d70696c65000060448201526064015b60405180910390fd5b6020810151848114801561030257506102fe816020610632565b8251145b6103595760405162461bcd60e51b815260206004820152602260248201527f41494c69623a206d616c666f726d656420707265636f6d70696c65206f7574706044820152611d5d60f21b60648201526084016102db565b5060200195945050505050565b5f5f5f5f60608587031215610379575f5ffd5b84359350602085013567ffffffffffffffff811115610396575f5ffd5b8501601f810187136103a6575f5ffd5b803567ffffffffffffffff8111156103bc575f5ffd5b8760208284010111156103cd575f5ffd5b949760209190910196509394604001359392505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b8215158152604060208201525f61021a60408301846103e4565b602081525f61043e60208301846103e4565b9392505050565b84815260606020820152826060820152828460808301375f608084830101525f6080601f19601f860116830101905082604083015295945050505050565b634e487b7160e01b5f52604160045260245ffd5b601f8201601f1916810167ffffffffffffffff811182821017156104bd576104bd610483565b6040525050565b5f602082840312156104d4575f5ffd5b815167ffffffffffffffff8111156104ea575f5ffd5b8201601f810184136104fa575f5ffd5b805167ffffffffffffffff81111561051457610514610483565b60405161052b601f8301601f191660200182610497565b81815285602083850101111561053f575f5ffd5b8160208401602083015e5f91810160200191909152949350505050565b5f60033d11156105725760045f5f3e505f5160e01c5b90565b5f60443d10156105825790565b6040513d600319016004823e80513d602482011167ffffffffffffffff821117156105ac57505090565b808201805167ffffffffffffffff8111156105c8575050505090565b3d84016003190182820160200111156105e2575050505090565b6105f160208285010185610497565b509392505050565b5f81518060208401855e5f93019283525090919050565b8381528260208201525f6101e060408301846105f9565b5f61043e82846105f9565b8082018082111561065157634e487b7160e01b5f52601160045260245ffd5b9291505056fea26469706673582212206e8a518e4d95861d17cbc408c521563a1a976ab543daedc263f2564a7f7a625764736f6c63430008250033",
}

// FailureModes is an auto generated Go binding around an Ethereum contract.
type FailureModes struct {
	abi abi.ABI
}

// NewFailureModes creates a new instance of FailureModes.
func NewFailureModes() *FailureModes {
	parsed, err := FailureModesMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &FailureModes{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *FailureModes) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAttempt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3dd41c4c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attempt(bytes32 model, bytes input, uint256 outputSize) view returns(bool ok, string reason)
func (failureModes *FailureModes) PackAttempt(model [32]byte, input []byte, outputSize *big.Int) []byte {
	enc, err := failureModes.abi.Pack("attempt", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttempt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3dd41c4c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attempt(bytes32 model, bytes input, uint256 outputSize) view returns(bool ok, string reason)
func (failureModes *FailureModes) TryPackAttempt(model [32]byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return failureModes.abi.Pack("attempt", model, input, outputSize)
}

// AttemptOutput serves as a container for the return parameters of contract
// method Attempt.
type AttemptOutput struct {
	Ok     bool
	Reason string
}

// UnpackAttempt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3dd41c4c.
//
// Solidity: function attempt(bytes32 model, bytes input, uint256 outputSize) view returns(bool ok, string reason)
func (failureModes *FailureModes) UnpackAttempt(data []byte) (AttemptOutput, error) {
	out, err := failureModes.abi.Unpack("attempt", data)
	outstruct := new(AttemptOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Ok = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Reason = *abi.ConvertType(out[1], new(string)).(*string)
	return *outstruct, nil
}

// PackRun is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa3eee252.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function run(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (failureModes *FailureModes) PackRun(model [32]byte, input []byte, outputSize *big.Int) []byte {
	enc, err := failureModes.abi.Pack("run", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRun is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa3eee252.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function run(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (failureModes *FailureModes) TryPackRun(model [32]byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return failureModes.abi.Pack("run", model, input, outputSize)
}

// UnpackRun is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa3eee252.
//
// Solidity: function run(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (failureModes *FailureModes) UnpackRun(data []byte) ([]byte, error) {
	out, err := failureModes.abi.Unpack("run", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}
