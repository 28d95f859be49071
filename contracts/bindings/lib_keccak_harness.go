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

// LibKeccakStateMatrix is an auto generated low-level Go binding around an user-defined struct.
type LibKeccakStateMatrix struct {
	State [25]uint64
}

// LibKeccakHarnessMetaData contains all meta data concerning the LibKeccakHarness contract.
var LibKeccakHarnessMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"components\":[{\"internalType\":\"uint64[25]\",\"name\":\"state\",\"type\":\"uint64[25]\"}],\"internalType\":\"structLibKeccak.StateMatrix\",\"name\":\"_stateMatrix\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"_input\",\"type\":\"bytes\"}],\"name\":\"absorbPermute\",\"outputs\":[{\"components\":[{\"internalType\":\"uint64[25]\",\"name\":\"state\",\"type\":\"uint64[25]\"}],\"internalType\":\"structLibKeccak.StateMatrix\",\"name\":\"\",\"type\":\"tuple\"},{\"internalType\":\"bytes32\",\"name\":\"commitment_\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"_data\",\"type\":\"bytes\"}],\"name\":\"hash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"_data\",\"type\":\"bytes\"}],\"name\":\"hashMemory\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"_data\",\"type\":\"bytes\"}],\"name\":\"pad\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"_data\",\"type\":\"bytes\"}],\"name\":\"padMemory\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64[25]\",\"name\":\"_state\",\"type\":\"uint64[25]\"}],\"name\":\"permute\",\"outputs\":[{\"internalType\":\"uint64[25]\",\"name\":\"\",\"type\":\"uint64[25]\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64[25]\",\"name\":\"state\",\"type\":\"uint64[25]\"}],\"internalType\":\"structLibKeccak.StateMatrix\",\"name\":\"_stateMatrix\",\"type\":\"tuple\"}],\"name\":\"squeeze\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"}]",
	ID:  "LibKeccakHarness",
	Bin: "0x6080604052348015600e575f5ffd5b506110e08061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c8063bf085e9411610058578063bf085e94146100e8578063caf11d16146100fb578063ddd001711461011c578063e8f34eb51461012f575f5ffd5b80636d4524971461007e5780638769d306146100a7578063aa1e84de146100c7575b5f5ffd5b61009161008c366004610d56565b610142565b60405161009e9190610d94565b60405180910390f35b6100ba6100b5366004610e8d565b610157565b60405161009e9190610ea8565b6100da6100d5366004610d56565b61017d565b60405190815260200161009e565b6100da6100f6366004610ee2565b610190565b61010e610109366004610fbf565b61019d565b60405161009e929190611044565b61009161012a366004610ee2565b610220565b6100da61013d366004611061565b61022b565b606061014e8383610235565b90505b92915050565b61015f610cdb565b604080516020810190915282815261017681610249565b5192915050565b5f61014e61018b8484610235565b610919565b5f61015161018b836109bd565b6101a5610cfa565b5f6101e58585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506109f292505050565b6101ee85610249565b846040516020016101ff919061107c565b60408051601f19818403018152919052805160209091012094959350505050565b6060610151826109bd565b5f61015182610b8c565b604051818360208301376101518183610c97565b610782565b5f5f5f5f5f6102808601516101e087015161014088015160a08901518951181818186102a087015161020088015161016089015160c08a015160208b0151181818186102c08801516102208901516101808a015160e08b015160408c0151181818186102e08901516102408a01516101a08b01516101008c015160608d0151181818186103008a01516102608b01516101c08c01516101208d015160808e0151181818186103146001856001600160401b01026040919091031c6001600160401b031690565b811899506001600160401b036001600160401b018402603f1c16851898506001600160401b036001600160401b018302603f1c16841897506001600160401b036001600160401b018202603f1c1683189650506001600160401b036001600160401b018502603f1c16811894505050505091939590929450565b6103978161024e565b848651186103c3602c8660c08a0151186001600160401b01026040919091031c6001600160401b031690565b61018088015185186001600160401b010260151c6001600160401b031661024089015185186001600160401b0102602b1c6001600160401b03166103008a015185186001600160401b010260321c6001600160401b03168319831685188d188c5282198216841860208d01528119811690921860408c015281198416186060808c0191909152921990911618608089015286015182186001600160401b010260241c6001600160401b031661012087015182186001600160401b0102602c1c6001600160401b031661014088015187186001600160401b0102603d1c6001600160401b031661020089015187186001600160401b010260131c6001600160401b03166102c08a015187186001600160401b010260031c6001600160401b031683198316851860a08d015282198216841860c08d01528119811690921860e08c015281198416186101008b015291191618610120880152602086015184186001600160401b0102603f1c6001600160401b031660e087015184186001600160401b0102603a1c6001600160401b03166101a088015184186001600160401b010260271c6001600160401b031661026089015184186001600160401b010260381c6001600160401b03166102808a015189186001600160401b0102602e1c6001600160401b03168319831685186101408d01528219821684186101608d0152811981169092186101808c015281198416186101a08b0152911916186101c0880152608086015181186001600160401b010260251c6001600160401b031660a087015186186001600160401b0102601c1c6001600160401b031661016088015186186001600160401b010260361c6001600160401b031661022089015186186001600160401b010260311c6001600160401b03166102e08a015186186001600160401b010260081c6001600160401b03168319831685186101e08d01528219821684186102008d0152811981169092186102208c015281198416186102408b015291191618610260880152604086015183186001600160401b010260021c6001600160401b031661010087015183186001600160401b010260091c6001600160401b03166101c088015183186001600160401b010260191c6001600160401b03166101e089015188186001600160401b010260171c6001600160401b03166102a08a015188186001600160401b0102603e1c6001600160401b03168319831685186102808d01528219821684186102a08d0152811981169092186102c08c015281198416186102e08b0152911916186103009097019690965250505050505050565b80516040516107936001828461038e565b6107a0618082838361038e565b6107b367800000000000808a828461038e565b6107c6678000000080008000838361038e565b6107d361808b828461038e565b6107e26380000001838361038e565b6107f5678000000080008081828461038e565b610808678000000000008009838361038e565b610814608a828461038e565b6108206088838361038e565b61082f6380008009828461038e565b61083e638000000a838361038e565b61084d638000808b828461038e565b61086067800000000000008b838361038e565b610873678000000000008089828461038e565b610886678000000000008003838361038e565b610899678000000000008002828461038e565b6108ac678000000000000080838361038e565b6108b961800a828461038e565b6108cc67800000008000000a838361038e565b6108df678000000080008081828461038e565b6108f2678000000000008080838361038e565b6109016380000001828461038e565b610914678000000080008008838361038e565b505050565b5f610922610cfa565b60408051608880825260c082019092525f916020820181803683370190505090505f5b84518110156109ab57806020860101602083018151815260208201516020820152604082015160408201526060820151606082015260808201516080820152505061099083836109f2565b61099983610249565b6109a460888261108b565b9050610945565b506109b582610b8c565b949350505050565b60405181515f5b818110156109e0576020818501810151848301820152016109c4565b50506109ed818351610c97565b919050565b60888151146109ff575f5ffd5b8151602082015f5b6004811015610a8057610a1f8160051b830151610aa3565b8160071b84018160c01c81511881526001600160401b038260801c1660208201511860208201526001600160401b038260401c1660408201511860408201526001600160401b03821660608201511860608201525050600181019050610a07565b5061020082019150610a956080820151610aa3565b60c01c825118825250505050565b5f7eff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff821660081b7fff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00831660081c1790507dffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff811660101b7fffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000821660101c1790507bffffffff00000000ffffffff00000000ffffffff00000000ffffffff811660201b7bffffffff00000000ffffffff00000000ffffffff00000000ffffffff19821660201c179050919050565b5f81516060810151604082015160401b17602082015160801b825160c01b171790507eff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff811660081b7fff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00821660081c1790507dffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff811660101b7fffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000821660101c1790507bffffffff00000000ffffffff00000000ffffffff00000000ffffffff811660201b7bffffffff00000000ffffffff00000000ffffffff00000000ffffffff19821660201c17915050919050565b6088600160888304010260208301601f19601f8301168101838201810336858401376001848301536001830382019150608082515f1a178253919093526040525050565b6040518061032001604052806019906020820280368337509192915050565b6040518060200160405280610d0d610cdb565b905290565b5f5f83601f840112610d22575f5ffd5b5081356001600160401b03811115610d38575f5ffd5b602083019150836020828501011115610d4f575f5ffd5b9250929050565b5f5f60208385031215610d67575f5ffd5b82356001600160401b03811115610d7c575f5ffd5b610d8885828601610d12565b90969095509350505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b0381118282101715610e0557610e05610dc9565b604052919050565b5f82601f830112610e1c575f5ffd5b60405161032081016001600160401b0381118282101715610e3f57610e3f610dc9565b60405280610320840185811115610e54575f5ffd5b845b81811015610e825780356001600160401b0381168114610e74575f5ffd5b835260209283019201610e56565b509195945050505050565b5f6103208284031215610e9e575f5ffd5b61014e8383610e0d565b610320810181835f5b6019811015610ed95781516001600160401b0316835260209283019290910190600101610eb1565b50505092915050565b5f60208284031215610ef2575f5ffd5b81356001600160401b03811115610f07575f5ffd5b8201601f81018413610f17575f5ffd5b80356001600160401b03811115610f3057610f30610dc9565b610f43601f8201601f1916602001610ddd565b818152856020838501011115610f57575f5ffd5b816020840160208301375f91810160200191909152949350505050565b5f6103208284031215610f85575f5ffd5b604051602081016001600160401b0381118282101715610fa757610fa7610dc9565b604052905080610fb78484610e0d565b905292915050565b5f5f5f6103408486031215610fd2575f5ffd5b610fdc8585610f74565b92506103208401356001600160401b03811115610ff7575f5ffd5b61100386828701610d12565b9497909650939450505050565b8051825f5b601981101561103d5782516001600160401b0316825260209283019290910190600101611015565b5050505050565b61034081016110538285611010565b826103208301529392505050565b5f6103208284031215611072575f5ffd5b61014e8383610f74565b61032081016101518284611010565b8082018082111561015157634e487b7160e01b5f52601160045260245ffdfea2646970667358221220719c41f45d11a0228e6b15522d2f901f0596684f38276ea3b3f6da3d6e21443e64736f6c63430008250033",
}

// LibKeccakHarness is an auto generated Go binding around an Ethereum contract.
type LibKeccakHarness struct {
	abi abi.ABI
}

// NewLibKeccakHarness creates a new instance of LibKeccakHarness.
func NewLibKeccakHarness() *LibKeccakHarness {
	parsed, err := LibKeccakHarnessMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &LibKeccakHarness{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *LibKeccakHarness) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAbsorbPermute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf11d16.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function absorbPermute((uint64[25]) _stateMatrix, bytes _input) pure returns((uint64[25]), bytes32 commitment_)
func (libKeccakHarness *LibKeccakHarness) PackAbsorbPermute(stateMatrix LibKeccakStateMatrix, input []byte) []byte {
	enc, err := libKeccakHarness.abi.Pack("absorbPermute", stateMatrix, input)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAbsorbPermute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf11d16.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function absorbPermute((uint64[25]) _stateMatrix, bytes _input) pure returns((uint64[25]), bytes32 commitment_)
func (libKeccakHarness *LibKeccakHarness) TryPackAbsorbPermute(stateMatrix LibKeccakStateMatrix, input []byte) ([]byte, error) {
	return libKeccakHarness.abi.Pack("absorbPermute", stateMatrix, input)
}

// AbsorbPermuteOutput serves as a container for the return parameters of contract
// method AbsorbPermute.
type AbsorbPermuteOutput struct {
	Arg0       LibKeccakStateMatrix
	Commitment [32]byte
}

// UnpackAbsorbPermute is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcaf11d16.
//
// Solidity: function absorbPermute((uint64[25]) _stateMatrix, bytes _input) pure returns((uint64[25]), bytes32 commitment_)
func (libKeccakHarness *LibKeccakHarness) UnpackAbsorbPermute(data []byte) (AbsorbPermuteOutput, error) {
	out, err := libKeccakHarness.abi.Unpack("absorbPermute", data)
	outstruct := new(AbsorbPermuteOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Arg0 = *abi.ConvertType(out[0], new(LibKeccakStateMatrix)).(*LibKeccakStateMatrix)
	outstruct.Commitment = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa1e84de.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hash(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) PackHash(data []byte) []byte {
	enc, err := libKeccakHarness.abi.Pack("hash", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa1e84de.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hash(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) TryPackHash(data []byte) ([]byte, error) {
	return libKeccakHarness.abi.Pack("hash", data)
}

// UnpackHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaa1e84de.
//
// Solidity: function hash(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) UnpackHash(data []byte) ([32]byte, error) {
	out, err := libKeccakHarness.abi.Unpack("hash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackHashMemory is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbf085e94.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashMemory(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) PackHashMemory(data []byte) []byte {
	enc, err := libKeccakHarness.abi.Pack("hashMemory", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashMemory is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbf085e94.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashMemory(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) TryPackHashMemory(data []byte) ([]byte, error) {
	return libKeccakHarness.abi.Pack("hashMemory", data)
}

// UnpackHashMemory is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbf085e94.
//
// Solidity: function hashMemory(bytes _data) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) UnpackHashMemory(data []byte) ([32]byte, error) {
	out, err := libKeccakHarness.abi.Unpack("hashMemory", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPad is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d452497.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pad(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) PackPad(data []byte) []byte {
	enc, err := libKeccakHarness.abi.Pack("pad", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPad is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6d452497.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pad(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) TryPackPad(data []byte) ([]byte, error) {
	return libKeccakHarness.abi.Pack("pad", data)
}

// UnpackPad is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6d452497.
//
// Solidity: function pad(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) UnpackPad(data []byte) ([]byte, error) {
	out, err := libKeccakHarness.abi.Unpack("pad", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackPadMemory is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddd00171.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function padMemory(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) PackPadMemory(data []byte) []byte {
	enc, err := libKeccakHarness.abi.Pack("padMemory", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPadMemory is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddd00171.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function padMemory(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) TryPackPadMemory(data []byte) ([]byte, error) {
	return libKeccakHarness.abi.Pack("padMemory", data)
}

// UnpackPadMemory is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xddd00171.
//
// Solidity: function padMemory(bytes _data) pure returns(bytes)
func (libKeccakHarness *LibKeccakHarness) UnpackPadMemory(data []byte) ([]byte, error) {
	out, err := libKeccakHarness.abi.Unpack("padMemory", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackPermute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8769d306.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function permute(uint64[25] _state) pure returns(uint64[25])
func (libKeccakHarness *LibKeccakHarness) PackPermute(state [25]uint64) []byte {
	enc, err := libKeccakHarness.abi.Pack("permute", state)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPermute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8769d306.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function permute(uint64[25] _state) pure returns(uint64[25])
func (libKeccakHarness *LibKeccakHarness) TryPackPermute(state [25]uint64) ([]byte, error) {
	return libKeccakHarness.abi.Pack("permute", state)
}

// UnpackPermute is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8769d306.
//
// Solidity: function permute(uint64[25] _state) pure returns(uint64[25])
func (libKeccakHarness *LibKeccakHarness) UnpackPermute(data []byte) ([25]uint64, error) {
	out, err := libKeccakHarness.abi.Unpack("permute", data)
	if err != nil {
		return *new([25]uint64), err
	}
	out0 := *abi.ConvertType(out[0], new([25]uint64)).(*[25]uint64)
	return out0, nil
}

// PackSqueeze is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8f34eb5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function squeeze((uint64[25]) _stateMatrix) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) PackSqueeze(stateMatrix LibKeccakStateMatrix) []byte {
	enc, err := libKeccakHarness.abi.Pack("squeeze", stateMatrix)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSqueeze is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8f34eb5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function squeeze((uint64[25]) _stateMatrix) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) TryPackSqueeze(stateMatrix LibKeccakStateMatrix) ([]byte, error) {
	return libKeccakHarness.abi.Pack("squeeze", stateMatrix)
}

// UnpackSqueeze is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe8f34eb5.
//
// Solidity: function squeeze((uint64[25]) _stateMatrix) pure returns(bytes32)
func (libKeccakHarness *LibKeccakHarness) UnpackSqueeze(data []byte) ([32]byte, error) {
	out, err := libKeccakHarness.abi.Unpack("squeeze", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}
