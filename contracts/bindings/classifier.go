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
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"output\",\"type\":\"bytes\"}],\"name\":\"Inference\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"calls\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"inference\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"output\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"model\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"inferenceOnnx\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"output\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastModel\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastOutput\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"predict\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"model\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"input\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"outputSize\",\"type\":\"uint256\"}],\"name\":\"predictOnnx\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Classifier",
	Bin: "0x6080604052348015600e575f5ffd5b5061098b8061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c80636bd53783116100585780636bd53783146100c75780638241f82f146100da57806397228a7e146100ed578063ba03006b146100f5575f5ffd5b80630276d7c31461007e578063305f72b7146100a757806343c57f53146100be575b5f5ffd5b61009161008c3660046105f0565b610108565b60405161009e919061066d565b60405180910390f35b6100b060025481565b60405190815260200161009e565b6100b060015481565b6100916100d5366004610686565b610154565b6100916100e8366004610686565b610254565b6100916102d3565b6100916101033660046105f0565b61035e565b606061014b8585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525087925061040e915050565b95945050505050565b60606101c986868080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f8a0181900481028201810190925288815292508891508790819084018382808284375f92019190915250879250610447915050565b90505f86866040516101dc9291906106f9565b60405190819003902090505f6101f283826107ab565b50600181905560028054905f6102078361087e565b9190505550807fd95ef11471cb1f62d2c6f1cd42471c7d7a231d76e30578144204fef2904fd627868686866040516102429493929190610896565b60405180910390a25095945050505050565b60606102c986868080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f8a0181900481028201810190925288815292508891508790819084018382808284375f92019190915250879250610447915050565b9695505050505050565b5f80546102df9061071c565b80601f016020809104026020016040519081016040528092919081815260200182805461030b9061071c565b80156103565780601f1061032d57610100808354040283529160200191610356565b820191905f5260205f20905b81548152906001019060200180831161033957829003601f168201915b505050505081565b60606103a18585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525087925061040e915050565b90505f6103ae82826107ab565b50600185905560028054905f6103c38361087e565b9190505550847fd95ef11471cb1f62d2c6f1cd42471c7d7a231d76e30578144204fef2904fd627858585856040516103fe9493929190610896565b60405180910390a2949350505050565b606061043f60a185848660405160200161042a939291906108fa565b60405160208183030381529060405284610467565b949350505050565b606061043f60a085518551878760405160200161042a9493929190610911565b60605f5f856001600160a01b0316856040516104839190610931565b5f60405180830381855afa9150503d805f81146104bb576040519150601f19603f3d011682016040523d82523d5f602084013e6104c0565b606091505b5091509150816104d257805160208201fd5b6020815110156105295760405162461bcd60e51b815260206004820152601e60248201527f41494c69623a206e6f20696e666572656e636520707265636f6d70696c65000060448201526064015b60405180910390fd5b60208101518481148015610547575061054381602061093c565b8251145b61059e5760405162461bcd60e51b815260206004820152602260248201527f41494c69623a206d616c666f726d656420707265636f6d70696c65206f7574706044820152611d5d60f21b6064820152608401610520565b5060200195945050505050565b5f5f83601f8401126105bb575f5ffd5b50813567ffffffffffffffff8111156105d2575f5ffd5b6020830191508360208285010111156105e9575f5ffd5b9250929050565b5f5f5f5f60608587031215610603575f5ffd5b84359350602085013567ffffffffffffffff811115610620575f5ffd5b61062c878288016105ab565b9598909750949560400135949350505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f61067f602083018461063f565b9392505050565b5f5f5f5f5f6060868803121561069a575f5ffd5b853567ffffffffffffffff8111156106b0575f5ffd5b6106bc888289016105ab565b909650945050602086013567ffffffffffffffff8111156106db575f5ffd5b6106e7888289016105ab565b96999598509660400135949350505050565b818382375f9101908152919050565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061073057607f821691505b60208210810361074e57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156107a657828211156107a657805f5260205f20601f840160051c602085101561077f57505f5b90810190601f840160051c035f5b818110156107a2575f8382015560010161078d565b5050505b505050565b815167ffffffffffffffff8111156107c5576107c5610708565b6107d9816107d3845461071c565b84610754565b6020601f82116001811461080b575f83156107f45750848201515b5f19600385901b1c1916600184901b178455610863565b5f84815260208120601f198516915b8281101561083a578785015182556020948501946001909201910161081a565b508482101561085757868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b634e487b7160e01b5f52601160045260245ffd5b5f6001820161088f5761088f61086a565b5060010190565b60608152836060820152838560808301375f608085830101525f601f19601f860116820184602084015260808382030160408401526108d8608082018561063f565b979650505050505050565b5f81518060208401855e5f93019283525090919050565b8381528260208201525f61014b60408301846108e3565b8481528360208201525f6102c961092b60408401866108e3565b846108e3565b5f61067f82846108e3565b8082018082111561094f5761094f61086a565b9291505056fea264697066735822122064d84a4fb023aa3d80310dc7b70a3d4318ddba2ddeb86f0a4b162d09927c4e4564736f6c63430008250033",
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

// PackInferenceOnnx is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6bd53783.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function inferenceOnnx(bytes model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) PackInferenceOnnx(model []byte, input []byte, outputSize *big.Int) []byte {
	enc, err := classifier.abi.Pack("inferenceOnnx", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInferenceOnnx is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6bd53783.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function inferenceOnnx(bytes model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) TryPackInferenceOnnx(model []byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return classifier.abi.Pack("inferenceOnnx", model, input, outputSize)
}

// UnpackInferenceOnnx is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6bd53783.
//
// Solidity: function inferenceOnnx(bytes model, bytes input, uint256 outputSize) returns(bytes output)
func (classifier *Classifier) UnpackInferenceOnnx(data []byte) ([]byte, error) {
	out, err := classifier.abi.Unpack("inferenceOnnx", data)
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

// PackPredictOnnx is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8241f82f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function predictOnnx(bytes model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) PackPredictOnnx(model []byte, input []byte, outputSize *big.Int) []byte {
	enc, err := classifier.abi.Pack("predictOnnx", model, input, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPredictOnnx is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8241f82f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function predictOnnx(bytes model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) TryPackPredictOnnx(model []byte, input []byte, outputSize *big.Int) ([]byte, error) {
	return classifier.abi.Pack("predictOnnx", model, input, outputSize)
}

// UnpackPredictOnnx is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8241f82f.
//
// Solidity: function predictOnnx(bytes model, bytes input, uint256 outputSize) view returns(bytes)
func (classifier *Classifier) UnpackPredictOnnx(data []byte) ([]byte, error) {
	out, err := classifier.abi.Unpack("predictOnnx", data)
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
