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

// AITensorHarnessMetaData contains all meta data concerning the AITensorHarness contract.
var AITensorHarnessMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"t\",\"type\":\"bytes\"}],\"name\":\"argmaxF32\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"t\",\"type\":\"bytes\"}],\"name\":\"argmaxI8\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"bits\",\"type\":\"uint32[]\"}],\"name\":\"encodeF32\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"int8[]\",\"name\":\"values\",\"type\":\"int8[]\"}],\"name\":\"encodeI8\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"t\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"i\",\"type\":\"uint256\"}],\"name\":\"f32At\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"t\",\"type\":\"bytes\"}],\"name\":\"f32Length\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"bits\",\"type\":\"uint32\"},{\"internalType\":\"uint8\",\"name\":\"decimals\",\"type\":\"uint8\"}],\"name\":\"f32ToFixed\",\"outputs\":[{\"internalType\":\"int256\",\"name\":\"\",\"type\":\"int256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"t\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"i\",\"type\":\"uint256\"}],\"name\":\"int8At\",\"outputs\":[{\"internalType\":\"int8\",\"name\":\"\",\"type\":\"int8\"}],\"stateMutability\":\"pure\",\"type\":\"function\"}]",
	ID:  "AITensorHarness",
	Bin: "0x6080604052348015600e575f5ffd5b50610ec68061001c5f395ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c8063964d793e11610058578063964d793e146100f5578063b6e38c5514610108578063d69d1eb01461011b578063db45e6bc14610143575f5ffd5b8063097ef22f146100895780634c5a25ff146100af5780637234d7c9146100c25780638694c93d146100e2575b5f5ffd5b61009c610097366004610a4d565b610168565b6040519081526020015b60405180910390f35b61009c6100bd366004610a9f565b610178565b6100d56100d0366004610afc565b61018a565b6040516100a69190610bc7565b61009c6100f0366004610a4d565b610195565b6100d5610103366004610bd9565b61019f565b61009c610116366004610a4d565b6101aa565b61012e610129366004610c6d565b6101b4565b60405163ffffffff90911681526020016100a6565b610156610151366004610c6d565b6101bf565b6040515f9190910b81526020016100a6565b5f610172826101ca565b92915050565b5f61018383836102ee565b9392505050565b606061017282610516565b5f610172826106be565b606061017282610734565b5f610172826107d5565b5f610183838361088c565b5f610183838361091f565b5f5f6101d5836106be565b9050805f036102245760405162461bcd60e51b815260206004820152601660248201527520a4aa32b739b7b91d1032b6b83a3c903a32b739b7b960511b60448201526064015b60405180910390fd5b5f805b828110156102e6575f61023a868361088c565b9050637f800000637fffffff821611156102965760405162461bcd60e51b815260206004820152601a60248201527f414954656e736f723a204e614e20696e206172676d6178463332000000000000604482015260640161021b565b5f6380000000821681036102b0578163ffffffff166102bf565b6102bf637fffffff8316610cc3565b90508215806102cd57508381135b156102dc579194509091508390825b5050600101610227565b505050919050565b5f60ff601784901c811690627fffff85169082900361038f57801561033f576040518060400160405280601481526020017320a4aa32b739b7b91d103319991034b9902730a760611b815250610376565b6040518060400160405280601981526020017f414954656e736f723a2066333220697320696e66696e697465000000000000008152505b60405162461bcd60e51b815260040161021b9190610bc7565b604d8460ff1611156103e35760405162461bcd60e51b815260206004820152601f60248201527f414954656e736f723a206d6f7265207468616e20373720646563696d616c7300604482015260640161021b565b811580156103ef575080155b156103fe575f92505050610172565b609419821561041e5762800000919091179061041b609684610cdd565b90505b5f61042d60ff87166005610de6565b6104379084610df1565b90505f61044760ff881684610e08565b90505f5f82126104cd5760ff8212801561046e57506104678260ff610cdd565b6001901b83105b6104c45760405162461bcd60e51b815260206004820152602160248201527f414954656e736f723a20663332206f7574206f6620696e743235362072616e676044820152606560f81b606482015260840161021b565b5081811b6104ed565b60ff198213156104e8576104e082610cc3565b83901c6104ea565b5f5b90505b638000000089165f036105005780610509565b61050981610cc3565b9998505050505050505050565b6060815160046105269190610df1565b67ffffffffffffffff81111561053e5761053e61099c565b6040519080825280601f01601f191660200182016040528015610568576020820181803683370190505b5090505f5b82518110156106b8575f83828151811061058957610589610e2f565b602002602001015190508060f81b838360046105a59190610df1565b815181106105b5576105b5610e2f565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960f082901b16836105e6846004610df1565b6105f1906001610e43565b8151811061060157610601610e2f565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e882901b1683610632846004610df1565b61063d906002610e43565b8151811061064d5761064d610e2f565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e082901b168361067e846004610df1565b610689906003610e43565b8151811061069957610699610e2f565b60200101906001600160f81b03191690815f1a9053505060010161056d565b50919050565b5f600482516106cd9190610e6a565b156107265760405162461bcd60e51b8152602060048201526024808201527f414954656e736f723a206c656e677468206e6f742061206d756c7469706c65206044820152631bd9880d60e21b606482015260840161021b565b600482516101729190610e7d565b6060815167ffffffffffffffff8111156107505761075061099c565b6040519080825280601f01601f19166020018201604052801561077a576020820181803683370190505b5090505f5b82518110156106b85782818151811061079a5761079a610e2f565b602002602001015160f81b8282815181106107b7576107b7610e2f565b60200101906001600160f81b03191690815f1a90535060010161077f565b5f81515f0361081f5760405162461bcd60e51b815260206004820152601660248201527520a4aa32b739b7b91d1032b6b83a3c903a32b739b7b960511b604482015260640161021b565b5f825f8151811061083257610832610e2f565b016020015160f81c905060015b8351811015610885575f84828151811061085b5761085b610e2f565b016020015160f881811c92505f85900b91901d131561087c57909250905081815b5060010161083f565b5050919050565b5f6004835161089b9190610e7d565b82106108e95760405162461bcd60e51b815260206004820181905260248201527f414954656e736f723a2066333220696e646578206f7574206f662072616e6765604482015260640161021b565b50600402016020015160f881901c61ff0060e883901c161762ff000060d883901c161763ff00000060c89290921c919091161790565b5f8251821061097a5760405162461bcd60e51b815260206004820152602160248201527f414954656e736f723a20696e743820696e646578206f7574206f662072616e676044820152606560f81b606482015260840161021b565b82828151811061098c5761098c610e2f565b016020015160f81c905092915050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f1916810167ffffffffffffffff811182821017156109d9576109d961099c565b604052919050565b5f82601f8301126109f0575f5ffd5b813567ffffffffffffffff811115610a0a57610a0a61099c565b610a1d601f8201601f19166020016109b0565b818152846020838601011115610a31575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f60208284031215610a5d575f5ffd5b813567ffffffffffffffff811115610a73575f5ffd5b610a7f848285016109e1565b949350505050565b803563ffffffff81168114610a9a575f5ffd5b919050565b5f5f60408385031215610ab0575f5ffd5b610ab983610a87565b9150602083013560ff81168114610ace575f5ffd5b809150509250929050565b5f67ffffffffffffffff821115610af257610af261099c565b5060051b60200190565b5f60208284031215610b0c575f5ffd5b813567ffffffffffffffff811115610b22575f5ffd5b8201601f81018413610b32575f5ffd5b8035610b45610b4082610ad9565b6109b0565b8082825260208201915060208360051b850101925086831115610b66575f5ffd5b6020840193505b82841015610b8f57610b7e84610a87565b825260209384019390910190610b6d565b9695505050505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6101836020830184610b99565b5f60208284031215610be9575f5ffd5b813567ffffffffffffffff811115610bff575f5ffd5b8201601f81018413610c0f575f5ffd5b8035610c1d610b4082610ad9565b8082825260208201915060208360051b850101925086831115610c3e575f5ffd5b6020840193505b82841015610b8f578335805f0b8114610c5c575f5ffd5b825260209384019390910190610c45565b5f5f60408385031215610c7e575f5ffd5b823567ffffffffffffffff811115610c94575f5ffd5b610ca0858286016109e1565b95602094909401359450505050565b634e487b7160e01b5f52601160045260245ffd5b5f600160ff1b8201610cd757610cd7610caf565b505f0390565b8181035f831280158383131683831282161715610cfc57610cfc610caf565b5092915050565b6001815b6001841115610d3e57808504811115610d2257610d22610caf565b6001841615610d3057908102905b60019390931c928002610d07565b935093915050565b5f82610d5457506001610172565b81610d6057505f610172565b8160018114610d765760028114610d8057610d9c565b6001915050610172565b60ff841115610d9157610d91610caf565b50506001821b610172565b5060208310610133831016604e8410600b8410161715610dbf575081810a610172565b610dcb5f198484610d03565b805f1904821115610dde57610dde610caf565b029392505050565b5f6101838383610d46565b808202811582820484141761017257610172610caf565b8082018281125f831280158216821582161715610e2757610e27610caf565b505092915050565b634e487b7160e01b5f52603260045260245ffd5b8082018082111561017257610172610caf565b634e487b7160e01b5f52601260045260245ffd5b5f82610e7857610e78610e56565b500690565b5f82610e8b57610e8b610e56565b50049056fea264697066735822122086990a3ff5e02266edecdceadd91ff62fa0ba708b088d857e3d3f3843b49c86864736f6c63430008250033",
}

// AITensorHarness is an auto generated Go binding around an Ethereum contract.
type AITensorHarness struct {
	abi abi.ABI
}

// NewAITensorHarness creates a new instance of AITensorHarness.
func NewAITensorHarness() *AITensorHarness {
	parsed, err := AITensorHarnessMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AITensorHarness{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AITensorHarness) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackArgmaxF32 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x097ef22f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function argmaxF32(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) PackArgmaxF32(t []byte) []byte {
	enc, err := aITensorHarness.abi.Pack("argmaxF32", t)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackArgmaxF32 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x097ef22f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function argmaxF32(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) TryPackArgmaxF32(t []byte) ([]byte, error) {
	return aITensorHarness.abi.Pack("argmaxF32", t)
}

// UnpackArgmaxF32 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x097ef22f.
//
// Solidity: function argmaxF32(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) UnpackArgmaxF32(data []byte) (*big.Int, error) {
	out, err := aITensorHarness.abi.Unpack("argmaxF32", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackArgmaxI8 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6e38c55.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function argmaxI8(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) PackArgmaxI8(t []byte) []byte {
	enc, err := aITensorHarness.abi.Pack("argmaxI8", t)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackArgmaxI8 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6e38c55.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function argmaxI8(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) TryPackArgmaxI8(t []byte) ([]byte, error) {
	return aITensorHarness.abi.Pack("argmaxI8", t)
}

// UnpackArgmaxI8 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb6e38c55.
//
// Solidity: function argmaxI8(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) UnpackArgmaxI8(data []byte) (*big.Int, error) {
	out, err := aITensorHarness.abi.Unpack("argmaxI8", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEncodeF32 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7234d7c9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function encodeF32(uint32[] bits) pure returns(bytes)
func (aITensorHarness *AITensorHarness) PackEncodeF32(bits []uint32) []byte {
	enc, err := aITensorHarness.abi.Pack("encodeF32", bits)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEncodeF32 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7234d7c9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function encodeF32(uint32[] bits) pure returns(bytes)
func (aITensorHarness *AITensorHarness) TryPackEncodeF32(bits []uint32) ([]byte, error) {
	return aITensorHarness.abi.Pack("encodeF32", bits)
}

// UnpackEncodeF32 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7234d7c9.
//
// Solidity: function encodeF32(uint32[] bits) pure returns(bytes)
func (aITensorHarness *AITensorHarness) UnpackEncodeF32(data []byte) ([]byte, error) {
	out, err := aITensorHarness.abi.Unpack("encodeF32", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackEncodeI8 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x964d793e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function encodeI8(int8[] values) pure returns(bytes)
func (aITensorHarness *AITensorHarness) PackEncodeI8(values []int8) []byte {
	enc, err := aITensorHarness.abi.Pack("encodeI8", values)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEncodeI8 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x964d793e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function encodeI8(int8[] values) pure returns(bytes)
func (aITensorHarness *AITensorHarness) TryPackEncodeI8(values []int8) ([]byte, error) {
	return aITensorHarness.abi.Pack("encodeI8", values)
}

// UnpackEncodeI8 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x964d793e.
//
// Solidity: function encodeI8(int8[] values) pure returns(bytes)
func (aITensorHarness *AITensorHarness) UnpackEncodeI8(data []byte) ([]byte, error) {
	out, err := aITensorHarness.abi.Unpack("encodeI8", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackF32At is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd69d1eb0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function f32At(bytes t, uint256 i) pure returns(uint32)
func (aITensorHarness *AITensorHarness) PackF32At(t []byte, i *big.Int) []byte {
	enc, err := aITensorHarness.abi.Pack("f32At", t, i)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackF32At is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd69d1eb0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function f32At(bytes t, uint256 i) pure returns(uint32)
func (aITensorHarness *AITensorHarness) TryPackF32At(t []byte, i *big.Int) ([]byte, error) {
	return aITensorHarness.abi.Pack("f32At", t, i)
}

// UnpackF32At is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd69d1eb0.
//
// Solidity: function f32At(bytes t, uint256 i) pure returns(uint32)
func (aITensorHarness *AITensorHarness) UnpackF32At(data []byte) (uint32, error) {
	out, err := aITensorHarness.abi.Unpack("f32At", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackF32Length is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8694c93d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function f32Length(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) PackF32Length(t []byte) []byte {
	enc, err := aITensorHarness.abi.Pack("f32Length", t)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackF32Length is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8694c93d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function f32Length(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) TryPackF32Length(t []byte) ([]byte, error) {
	return aITensorHarness.abi.Pack("f32Length", t)
}

// UnpackF32Length is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8694c93d.
//
// Solidity: function f32Length(bytes t) pure returns(uint256)
func (aITensorHarness *AITensorHarness) UnpackF32Length(data []byte) (*big.Int, error) {
	out, err := aITensorHarness.abi.Unpack("f32Length", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackF32ToFixed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c5a25ff.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function f32ToFixed(uint32 bits, uint8 decimals) pure returns(int256)
func (aITensorHarness *AITensorHarness) PackF32ToFixed(bits uint32, decimals uint8) []byte {
	enc, err := aITensorHarness.abi.Pack("f32ToFixed", bits, decimals)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackF32ToFixed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c5a25ff.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function f32ToFixed(uint32 bits, uint8 decimals) pure returns(int256)
func (aITensorHarness *AITensorHarness) TryPackF32ToFixed(bits uint32, decimals uint8) ([]byte, error) {
	return aITensorHarness.abi.Pack("f32ToFixed", bits, decimals)
}

// UnpackF32ToFixed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4c5a25ff.
//
// Solidity: function f32ToFixed(uint32 bits, uint8 decimals) pure returns(int256)
func (aITensorHarness *AITensorHarness) UnpackF32ToFixed(data []byte) (*big.Int, error) {
	out, err := aITensorHarness.abi.Unpack("f32ToFixed", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackInt8At is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdb45e6bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function int8At(bytes t, uint256 i) pure returns(int8)
func (aITensorHarness *AITensorHarness) PackInt8At(t []byte, i *big.Int) []byte {
	enc, err := aITensorHarness.abi.Pack("int8At", t, i)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInt8At is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdb45e6bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function int8At(bytes t, uint256 i) pure returns(int8)
func (aITensorHarness *AITensorHarness) TryPackInt8At(t []byte, i *big.Int) ([]byte, error) {
	return aITensorHarness.abi.Pack("int8At", t, i)
}

// UnpackInt8At is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdb45e6bc.
//
// Solidity: function int8At(bytes t, uint256 i) pure returns(int8)
func (aITensorHarness *AITensorHarness) UnpackInt8At(data []byte) (int8, error) {
	out, err := aITensorHarness.abi.Unpack("int8At", data)
	if err != nil {
		return *new(int8), err
	}
	out0 := *abi.ConvertType(out[0], new(int8)).(*int8)
	return out0, nil
}
