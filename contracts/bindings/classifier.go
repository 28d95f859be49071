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

// ClassifierMetaData contains all meta data concerning the Classifier contract.
var ClassifierMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"output\",\"type\":\"bytes\"}],\"name\":\"Inference\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"calls\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"inference\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"output\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastModel\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastOutput\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"predict\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Classifier",
	Bin: "0x6080604052348015600e575f5ffd5b506106e18061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c80630276d7c314610059578063305f72b71461008257806343c57f531461009957806397228a7e146100a2578063ba03006b146100aa575b5f5ffd5b61006c6100673660046103b9565b6100bd565b6040516100799190610465565b60405180910390f35b61008b60025481565b604051908152602001610079565b61008b60015481565b61006c610109565b61006c6100b83660046103b9565b610194565b60606101008585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250879250610244915050565b95945050505050565b5f80546101159061047e565b80601f01602080910402602001604051908101604052809291908181526020018280546101419061047e565b801561018c5780601f106101635761010080835404028352916020019161018c565b820191905f5260205f20905b81548152906001019060200180831161016f57829003601f168201915b505050505081565b60606101d78585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250879250610244915050565b90505f6101e48282610521565b50600185905560028054905f6101f9836105f4565b9190505550847fd95ef11471cb1f62d2c6f1cd42471c7d7a231d76e30578144204fef2904fd62785858585604051610234949392919061060c565b60405180910390a2949350505050565b60605f5f60a16001600160a01b031686858760405160200161026893929190610670565b60408051601f198184030181529082905261028291610687565b5f60405180830381855afa9150503d805f81146102ba576040519150601f19603f3d011682016040523d82523d5f602084013e6102bf565b606091505b5091509150816102d157805160208201fd5b6020815110156103375760405162461bcd60e51b815260206004820152602660248201527f41494c69623a206e6f20696e666572656e636520707265636f6d70696c65206160448201526574203078613160d01b60648201526084015b60405180910390fd5b602081015184811480156103555750610351816020610692565b8251145b6103ac5760405162461bcd60e51b815260206004820152602260248201527f41494c69623a206d616c666f726d656420707265636f6d70696c65206f7574706044820152611d5d60f21b606482015260840161032e565b5060200195945050505050565b5f5f5f5f606085870312156103cc575f5ffd5b84359350602085013567ffffffffffffffff8111156103e9575f5ffd5b8501601f810187136103f9575f5ffd5b803567ffffffffffffffff81111561040f575f5ffd5b876020828401011115610420575f5ffd5b949760209190910196509394604001359392505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6104776020830184610437565b9392505050565b600181811c9082168061049257607f821691505b6020821081036104b057634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52604160045260245ffd5b601f82111561051c578282111561051c57805f5260205f20601f840160051c60208510156104f557505f5b90810190601f840160051c035f5b81811015610518575f83820155600101610503565b5050505b505050565b815167ffffffffffffffff81111561053b5761053b6104b6565b61054f81610549845461047e565b846104ca565b6020601f821160018114610581575f831561056a5750848201515b5f19600385901b1c1916600184901b1784556105d9565b5f84815260208120601f198516915b828110156105b05787850151825560209485019460019092019101610590565b50848210156105cd57868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b634e487b7160e01b5f52601160045260245ffd5b5f60018201610605576106056105e0565b5060010190565b60608152836060820152838560808301375f608085830101525f601f19601f8601168201846020840152608083820301604084015261064e6080820185610437565b979650505050505050565b5f81518060208401855e5f93019283525090919050565b8381528260208201525f6101006040830184610659565b5f6104778284610659565b808201808211156106a5576106a56105e0565b9291505056fea2646970667358221220fcc32f2629a547132abffb129ce92cbaaf00863d558be041a4c3ddedf7c2b8ce64736f6c63430008250033",
}

// Classifier is an auto generated Go binding around an Ethereum contract.
type Classifier struct {
	abi abi.ABI
}

// NewClassifier creates a new instance of Classifier.
func NewClassifier() *Classifier {
	parsed, err := ClassifierMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Classifier{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Classifier) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackCalls is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x305f72b7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function calls() view returns(uint256)
func (classifier *Classifier) PackCalls() []byte {
	enc, err := classifier.abi.Pack("calls")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCalls is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x305f72b7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function calls() view returns(uint256)
func (classifier *Classifier) TryPackCalls() ([]byte, error) {
	return classifier.abi.Pack("calls")
}

// UnpackCalls is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x305f72b7.
//
// Solidity: function calls() view returns(uint256)
func (classifier *Classifier) UnpackCalls(data []byte) (*big.Int, error) {
	out, err := classifier.abi.Unpack("calls", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackInference is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba03006b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function inference(bytes32 model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) PackInference(model [32]byte, input []byte, outputSize *big.Int) []byte {
	enc, err := classifier.abi.Pack("inference", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInference is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba03006b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function inference(bytes32 model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) TryPackInference(model [32]byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return classifier.abi.Pack("inference", model, input, outputSize)
}

// UnpackInference is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xba03006b.
//
// Solidity: function inference(bytes32 model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) UnpackInference(data []byte) ([]byte, error) {
	out, err := classifier.abi.Unpack("inference", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackLastModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43c57f53.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastModel() view returns(bytes32)
func (classifier *Classifier) PackLastModel() []byte {
	enc, err := classifier.abi.Pack("lastModel")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x43c57f53.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastModel() view returns(bytes32)
func (classifier *Classifier) TryPackLastModel() ([]byte, error) {
	return classifier.abi.Pack("lastModel")
}

// UnpackLastModel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x43c57f53.
//
// Solidity: function lastModel() view returns(bytes32)
func (classifier *Classifier) UnpackLastModel(data []byte) ([32]byte, error) {
	out, err := classifier.abi.Unpack("lastModel", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLastOutput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97228a7e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastOutput() view returns(bytes)
func (classifier *Classifier) PackLastOutput() []byte {
	enc, err := classifier.abi.Pack("lastOutput")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastOutput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x97228a7e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastOutput() view returns(bytes)
func (classifier *Classifier) TryPackLastOutput() ([]byte, error) {
	return classifier.abi.Pack("lastOutput")
}

// UnpackLastOutput is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x97228a7e.
//
// Solidity: function lastOutput() view returns(bytes)
func (classifier *Classifier) UnpackLastOutput(data []byte) ([]byte, error) {
	out, err := classifier.abi.Unpack("lastOutput", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackPredict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0276d7c3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function predict(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) PackPredict(model [32]byte, input []byte, outputSize *big.Int) []byte {
	enc, err := classifier.abi.Pack("predict", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPredict is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0276d7c3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function predict(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) TryPackPredict(model [32]byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return classifier.abi.Pack("predict", model, input, outputSize)
}

// UnpackPredict is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0276d7c3.
//
// Solidity: function predict(bytes32 model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) UnpackPredict(data []byte) ([]byte, error) {
	out, err := classifier.abi.Unpack("predict", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// ClassifierInference represents a Inference event raised by the Classifier contract.
type ClassifierInference struct {
	Model      [32]byte
	Input      []byte
	OutputSize *big.Int
	Output     []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const ClassifierInferenceEventName = "Inference"

// ContractEventName returns the user-defined event name.
func (ClassifierInference) ContractEventName() string {
	return ClassifierInferenceEventName
}

// UnpackInferenceEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Inference(bytes32 indexed model, bytes input, uint256 outputSize, bytes output)
func (classifier *Classifier) UnpackInferenceEvent(log *types.Log) (*ClassifierInference, error) {
	event := "Inference"
	if len(log.Topics) == 0 || log.Topics[0] != classifier.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ClassifierInference)
	if len(log.Data) > 0 {
		if err := classifier.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range classifier.abi.Events[event].Inputs {
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
