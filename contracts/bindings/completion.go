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

// CompletionMetaData contains all meta data concerning the Completion contract.
var CompletionMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model_\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"seq_\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"eos_\",\"type\":\"uint32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint32[]\",\"name\":\"completion\",\"type\":\"uint32[]\"}],\"name\":\"Finished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"Started\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"token\",\"type\":\"uint32\"}],\"name\":\"Token\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"CONTEXT_FULL\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"END_OF_TEXT\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_TOKENS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RUNNING\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"completion\",\"outputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"},{\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eos\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"}],\"name\":\"input\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"b\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"model\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"seq\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"start\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"n\",\"type\":\"uint256\"}],\"name\":\"step\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"appended\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "Completion",
	Bin: "0x60e060405234801561000f575f5ffd5b5060405161144038038061144083398101604081905261002e916100a6565b5f8211801561003f57506110008211155b61008f5760405162461bcd60e51b815260206004820152601c60248201527f436f6d706c6574696f6e3a20736571206f7574206f662072616e676500000000604482015260640160405180910390fd5b60809290925260a05263ffffffff1660c0526100e4565b5f5f5f606084860312156100b8575f5ffd5b8351925060208401519150604084015163ffffffff811681146100d9575f5ffd5b809150509250925092565b60805160a05160c05161130261013e5f395f8181610166015261077501525f81816101370152818161036901528181610524015281816105990152818161065a015261088501525f818160d601526109cd01526113025ff3fe608060405234801561000f575f5ffd5b50600436106100b1575f3560e01c8063913cf5ca1161006e578063913cf5ca1461016157806395be797f1461019d578063a38cdb25146101a5578063b6d003a8146101b8578063c3ea1f13146101d8578063f47c84c5146101eb575f5ffd5b806306661abd146100b55780630ad9d052146100d15780634af355a2146100f85780634fc7f153146101115780636857ab40146101325780637aaeced714610159575b5f5ffd5b6100be60015481565b6040519081526020015b60405180910390f35b6100be7f000000000000000000000000000000000000000000000000000000000000000081565b6100ff5f81565b60405160ff90911681526020016100c8565b61012461011f366004610dda565b6101f3565b6040516100c8929190610e31565b6100be7f000000000000000000000000000000000000000000000000000000000000000081565b6100ff600381565b6101887f000000000000000000000000000000000000000000000000000000000000000081565b60405163ffffffff90911681526020016100c8565b6100ff600281565b6100be6101b3366004610e74565b61035c565b6101cb6101c6366004610f0a565b610515565b6040516100c89190610fd5565b6100be6101e636600461100a565b610698565b6100ff600181565b60605f600154831061024c5760405162461bcd60e51b815260206004820152601e60248201527f436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e000060448201526064015b60405180910390fd5b5f8381526020819052604090208054600182015461027791600160a01b900463ffffffff169061103e565b67ffffffffffffffff81111561028f5761028f610ef6565b6040519080825280602002602001820160405280156102b8578160200160208202803683370190505b5092505f5b835181101561034857815460018301906102e5908390600160a01b900463ffffffff16611057565b815481106102f5576102f561106a565b905f5260205f2090600891828204019190066004029054906101000a900463ffffffff1684828151811061032b5761032b61106a565b63ffffffff909216602092830291909101909101526001016102bd565b50549193600160e01b90920460ff16925050565b5f821580159061038c57507f00000000000000000000000000000000000000000000000000000000000000008311155b6103eb5760405162461bcd60e51b815260206004820152602a60248201527f436f6d706c6574696f6e3a2070726f6d7074206d757374206265203120746f2060448201526973657120746f6b656e7360b01b6064820152608401610243565b5f8263ffffffff161161044f5760405162461bcd60e51b815260206004820152602660248201527f436f6d706c6574696f6e3a206d6178546f6b656e73206d75737420626520706f60448201526573697469766560d01b6064820152608401610243565b60018054905f61045e8361107e565b909155505f818152602081905260409020805463ffffffff858116600160c01b0263ffffffff60c01b19918816600160a01b0263ffffffff60a01b1933166001600160c01b0319909416939093179290921716178155909150600181016104c685878361113d565b50336001600160a01b0316827f3eaea548f4defa056c772a3cd716a903e19b4100a1845a0a3b6612f60b2ce5da8787876040516105059392919061120f565b60405180910390a3509392505050565b60605f825111801561054857507f0000000000000000000000000000000000000000000000000000000000000000825111155b6105945760405162461bcd60e51b815260206004820152601b60248201527f436f6d706c6574696f6e3a203120746f2073657120746f6b656e7300000000006044820152606401610243565b6105bf7f00000000000000000000000000000000000000000000000000000000000000006001611057565b6105ca906004611096565b67ffffffffffffffff8111156105e2576105e2610ef6565b6040519080825280601f01601f19166020018201604052801561060c576020820181803683370190505b5090505f5b82518110156106505761064882610629836004611096565b85848151811061063b5761063b61106a565b60200260200101516108d2565b600101610611565b50610693816106807f00000000000000000000000000000000000000000000000000000000000000006004611096565b6001855161068e919061103e565b6108d2565b919050565b5f60015483106106ea5760405162461bcd60e51b815260206004820152601e60248201527f436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e00006044820152606401610243565b5f8381526020819052604090208054600160e01b900460ff16156107475760405162461bcd60e51b815260206004820152601460248201527310dbdb5c1b195d1a5bdb8e88199a5b9a5cda195960621b6044820152606401610243565b828210801561075f57508054600160e01b900460ff16155b156108cb575f610771826001016109c6565b90507f000000000000000000000000000000000000000000000000000000000000000063ffffffff168163ffffffff16036107b8576107b285836002610b1a565b506108cb565b6001828101805491820181555f818152602081206008840401805460079094166004026101000a63ffffffff818102199095168686169190910217905584549154909261080d92600160a01b9004169061103e565b9050857f17fd61d2cc04b58d0daa9f80e76c0f14575f6aa788e5db2cfff5cd6cec6ad69861083c60018461103e565b6040805191825263ffffffff861660208301520160405180910390a28254600160c01b900463ffffffff16810361087e5761087986846001610b1a565b6108b6565b60018301547f000000000000000000000000000000000000000000000000000000000000000010156108b6576108b686846003610b1a565b505081806108c39061107e565b925050610747565b5092915050565b8060f81b8383815181106108e8576108e861106a565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960f082901b1683610919846001611057565b815181106109295761092961106a565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e882901b168361095a846002611057565b8151811061096a5761096a61106a565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e082901b168361099b846003611057565b815181106109ab576109ab61106a565b60200101906001600160f81b03191690815f1a905350505050565b5f5f610a747f0000000000000000000000000000000000000000000000000000000000000000610a6d85805480602002602001604051908101604052809291908181526020018280548015610a6357602002820191905f5260205f20905f905b82829054906101000a900463ffffffff1663ffffffff1681526020019060040190602082600301049283019260010382029150808411610a265790505b5050505050610515565b6004610c62565b9050601881600381518110610a8b57610a8b61106a565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b601082600281518110610ab957610ab961106a565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b600883600181518110610ae757610ae761106a565b0160200151845160f89190911c90911b9084905f90610b0857610b0861106a565b016020015160f81c1717179392505050565b815460ff60e01b1916600160e01b60ff8316021780835560018301545f91610b5091600160a01b90910463ffffffff169061103e565b67ffffffffffffffff811115610b6857610b68610ef6565b604051908082528060200260200182016040528015610b91578160200160208202803683370190505b5090505f5b8151811015610c215783546001850190610bbe908390600160a01b900463ffffffff16611057565b81548110610bce57610bce61106a565b905f5260205f2090600891828204019190066004029054906101000a900463ffffffff16828281518110610c0457610c0461106a565b63ffffffff90921660209283029190910190910152600101610b96565b50837fd7fbb28847d2e3d4340dcc7adf3c10204aacc572a86ec4b196555e0d6f54830b8383604051610c54929190611268565b60405180910390a250505050565b6060610c9360a1858486604051602001610c7e9392919061129a565b60405160208183030381529060405284610c9b565b949350505050565b60605f5f856001600160a01b031685604051610cb791906112ba565b5f60405180830381855afa9150503d805f8114610cef576040519150601f19603f3d011682016040523d82523d5f602084013e610cf4565b606091505b509150915081610d0657805160208201fd5b602081511015610d585760405162461bcd60e51b815260206004820152601e60248201527f41494c69623a206e6f20696e666572656e636520707265636f6d70696c6500006044820152606401610243565b60208101518481148015610d765750610d72816020611057565b8251145b610dcd5760405162461bcd60e51b815260206004820152602260248201527f41494c69623a206d616c666f726d656420707265636f6d70696c65206f7574706044820152611d5d60f21b6064820152608401610243565b5060200195945050505050565b5f60208284031215610dea575f5ffd5b5035919050565b5f8151808452602084019350602083015f5b82811015610e2757815163ffffffff16865260209586019590910190600101610e03565b5093949350505050565b604081525f610e436040830185610df1565b905060ff831660208301529392505050565b63ffffffff81168114610e66575f5ffd5b50565b803561069381610e55565b5f5f5f60408486031215610e86575f5ffd5b833567ffffffffffffffff811115610e9c575f5ffd5b8401601f81018613610eac575f5ffd5b803567ffffffffffffffff811115610ec2575f5ffd5b8660208260051b8401011115610ed6575f5ffd5b602091820194509250840135610eeb81610e55565b809150509250925092565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610f1a575f5ffd5b813567ffffffffffffffff811115610f30575f5ffd5b8201601f81018413610f40575f5ffd5b803567ffffffffffffffff811115610f5a57610f5a610ef6565b8060051b604051601f19603f830116810181811067ffffffffffffffff82111715610f8757610f87610ef6565b604052918252602081840181019290810187841115610fa4575f5ffd5b6020850194505b83851015610fca57610fbc85610e69565b815260209485019401610fab565b509695505050505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f6040838503121561101b575f5ffd5b50508035926020909101359150565b634e487b7160e01b5f52601160045260245ffd5b818103818111156110515761105161102a565b92915050565b808201808211156110515761105161102a565b634e487b7160e01b5f52603260045260245ffd5b5f6001820161108f5761108f61102a565b5060010190565b80820281158282048414176110515761105161102a565b680100000000000000008211156110c6576110c6610ef6565b80548282558083101561112c576007830160031c825f528060205f2001601c8560021b168015611105575f19820180545f198360200360031b1c168155505b50816007840160031c0391505f5b82811015611128575f82820155600101611113565b5050505b505050565b5f813561105181610e55565b67ffffffffffffffff83111561115557611155610ef6565b61115f83826110ad565b5f8181526020902082908460031c5f5b818110156111c7575f5f5b60088110156111ba576111a961118f87611131565b63ffffffff908116600584901b90811b91901b1984161790565b60209690960195915060010161117a565b508382015560010161116f565b506007198616808703818814611205575f5f5b828110156111ff576111ee61118f88611131565b6020979097019691506001016111da565b50848401555b5050505050505050565b604080825281018390525f8460608301825b8681101561124e57823561123481610e55565b63ffffffff16825260209283019290910190600101611221565b50809250505063ffffffff83166020830152949350505050565b60ff83168152604060208201525f610c936040830184610df1565b5f81518060208401855e5f93019283525090919050565b8381528260208201525f6112b16040830184611283565b95945050505050565b5f6112c58284611283565b939250505056fea2646970667358221220bfd72d563ffad7dc736ae06c24743ebde0f4c2e428f1001634befc77dc450e7864736f6c63430008250033",
}

// Completion is an auto generated Go binding around an Ethereum contract.
type Completion struct {
	abi abi.ABI
}

// NewCompletion creates a new instance of Completion.
func NewCompletion() *Completion {
	parsed, err := CompletionMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Completion{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Completion) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(bytes32 model_, uint256 seq_, uint32 eos_) returns()
func (completion *Completion) PackConstructor(model_ [32]byte, seq_ *big.Int, eos_ uint32) []byte {
	enc, err := completion.abi.Pack("", model_, seq_, eos_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackCONTEXTFULL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7aaeced7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function CONTEXT_FULL() view returns(uint8)
func (completion *Completion) PackCONTEXTFULL() []byte {
	enc, err := completion.abi.Pack("CONTEXT_FULL")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCONTEXTFULL is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7aaeced7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function CONTEXT_FULL() view returns(uint8)
func (completion *Completion) TryPackCONTEXTFULL() ([]byte, error) {
	return completion.abi.Pack("CONTEXT_FULL")
}

// UnpackCONTEXTFULL is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7aaeced7.
//
// Solidity: function CONTEXT_FULL() view returns(uint8)
func (completion *Completion) UnpackCONTEXTFULL(data []byte) (uint8, error) {
	out, err := completion.abi.Unpack("CONTEXT_FULL", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackENDOFTEXT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95be797f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function END_OF_TEXT() view returns(uint8)
func (completion *Completion) PackENDOFTEXT() []byte {
	enc, err := completion.abi.Pack("END_OF_TEXT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackENDOFTEXT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95be797f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function END_OF_TEXT() view returns(uint8)
func (completion *Completion) TryPackENDOFTEXT() ([]byte, error) {
	return completion.abi.Pack("END_OF_TEXT")
}

// UnpackENDOFTEXT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95be797f.
//
// Solidity: function END_OF_TEXT() view returns(uint8)
func (completion *Completion) UnpackENDOFTEXT(data []byte) (uint8, error) {
	out, err := completion.abi.Unpack("END_OF_TEXT", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMAXTOKENS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf47c84c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_TOKENS() view returns(uint8)
func (completion *Completion) PackMAXTOKENS() []byte {
	enc, err := completion.abi.Pack("MAX_TOKENS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXTOKENS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf47c84c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_TOKENS() view returns(uint8)
func (completion *Completion) TryPackMAXTOKENS() ([]byte, error) {
	return completion.abi.Pack("MAX_TOKENS")
}

// UnpackMAXTOKENS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf47c84c5.
//
// Solidity: function MAX_TOKENS() view returns(uint8)
func (completion *Completion) UnpackMAXTOKENS(data []byte) (uint8, error) {
	out, err := completion.abi.Unpack("MAX_TOKENS", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackRUNNING is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4af355a2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function RUNNING() view returns(uint8)
func (completion *Completion) PackRUNNING() []byte {
	enc, err := completion.abi.Pack("RUNNING")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRUNNING is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4af355a2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function RUNNING() view returns(uint8)
func (completion *Completion) TryPackRUNNING() ([]byte, error) {
	return completion.abi.Pack("RUNNING")
}

// UnpackRUNNING is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4af355a2.
//
// Solidity: function RUNNING() view returns(uint8)
func (completion *Completion) UnpackRUNNING(data []byte) (uint8, error) {
	out, err := completion.abi.Unpack("RUNNING", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackCompletion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4fc7f153.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function completion(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (completion *Completion) PackCompletion(id *big.Int) []byte {
	enc, err := completion.abi.Pack("completion", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCompletion is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4fc7f153.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function completion(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (completion *Completion) TryPackCompletion(id *big.Int) ([]byte, error) {
	return completion.abi.Pack("completion", id)
}

// CompletionOutput serves as a container for the return parameters of contract
// method Completion.
type CompletionOutput struct {
	Tokens []uint32
	Stop   uint8
}

// UnpackCompletion is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4fc7f153.
//
// Solidity: function completion(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (completion *Completion) UnpackCompletion(data []byte) (CompletionOutput, error) {
	out, err := completion.abi.Unpack("completion", data)
	outstruct := new(CompletionOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Tokens = *abi.ConvertType(out[0], new([]uint32)).(*[]uint32)
	outstruct.Stop = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06661abd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function count() view returns(uint256)
func (completion *Completion) PackCount() []byte {
	enc, err := completion.abi.Pack("count")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06661abd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function count() view returns(uint256)
func (completion *Completion) TryPackCount() ([]byte, error) {
	return completion.abi.Pack("count")
}

// UnpackCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06661abd.
//
// Solidity: function count() view returns(uint256)
func (completion *Completion) UnpackCount(data []byte) (*big.Int, error) {
	out, err := completion.abi.Unpack("count", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackEos is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x913cf5ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eos() view returns(uint32)
func (completion *Completion) PackEos() []byte {
	enc, err := completion.abi.Pack("eos")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEos is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x913cf5ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eos() view returns(uint32)
func (completion *Completion) TryPackEos() ([]byte, error) {
	return completion.abi.Pack("eos")
}

// UnpackEos is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x913cf5ca.
//
// Solidity: function eos() view returns(uint32)
func (completion *Completion) UnpackEos(data []byte) (uint32, error) {
	out, err := completion.abi.Unpack("eos", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackInput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6d003a8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function input(uint32[] tokens) view returns(bytes b)
func (completion *Completion) PackInput(tokens []uint32) []byte {
	enc, err := completion.abi.Pack("input", tokens)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6d003a8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function input(uint32[] tokens) view returns(bytes b)
func (completion *Completion) TryPackInput(tokens []uint32) ([]byte, error) {
	return completion.abi.Pack("input", tokens)
}

// UnpackInput is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb6d003a8.
//
// Solidity: function input(uint32[] tokens) view returns(bytes b)
func (completion *Completion) UnpackInput(data []byte) ([]byte, error) {
	out, err := completion.abi.Unpack("input", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ad9d052.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function model() view returns(bytes32)
func (completion *Completion) PackModel() []byte {
	enc, err := completion.abi.Pack("model")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackModel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ad9d052.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function model() view returns(bytes32)
func (completion *Completion) TryPackModel() ([]byte, error) {
	return completion.abi.Pack("model")
}

// UnpackModel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0ad9d052.
//
// Solidity: function model() view returns(bytes32)
func (completion *Completion) UnpackModel(data []byte) ([32]byte, error) {
	out, err := completion.abi.Unpack("model", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6857ab40.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function seq() view returns(uint256)
func (completion *Completion) PackSeq() []byte {
	enc, err := completion.abi.Pack("seq")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSeq is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6857ab40.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function seq() view returns(uint256)
func (completion *Completion) TryPackSeq() ([]byte, error) {
	return completion.abi.Pack("seq")
}

// UnpackSeq is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6857ab40.
//
// Solidity: function seq() view returns(uint256)
func (completion *Completion) UnpackSeq(data []byte) (*big.Int, error) {
	out, err := completion.abi.Unpack("seq", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackStart is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa38cdb25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function start(uint32[] prompt, uint32 maxTokens) returns(uint256 id)
func (completion *Completion) PackStart(prompt []uint32, maxTokens uint32) []byte {
	enc, err := completion.abi.Pack("start", prompt, maxTokens)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStart is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa38cdb25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function start(uint32[] prompt, uint32 maxTokens) returns(uint256 id)
func (completion *Completion) TryPackStart(prompt []uint32, maxTokens uint32) ([]byte, error) {
	return completion.abi.Pack("start", prompt, maxTokens)
}

// UnpackStart is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa38cdb25.
//
// Solidity: function start(uint32[] prompt, uint32 maxTokens) returns(uint256 id)
func (completion *Completion) UnpackStart(data []byte) (*big.Int, error) {
	out, err := completion.abi.Unpack("start", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackStep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc3ea1f13.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function step(uint256 id, uint256 n) returns(uint256 appended)
func (completion *Completion) PackStep(id *big.Int, n *big.Int) []byte {
	enc, err := completion.abi.Pack("step", id, n)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStep is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc3ea1f13.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function step(uint256 id, uint256 n) returns(uint256 appended)
func (completion *Completion) TryPackStep(id *big.Int, n *big.Int) ([]byte, error) {
	return completion.abi.Pack("step", id, n)
}

// UnpackStep is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc3ea1f13.
//
// Solidity: function step(uint256 id, uint256 n) returns(uint256 appended)
func (completion *Completion) UnpackStep(data []byte) (*big.Int, error) {
	out, err := completion.abi.Unpack("step", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// CompletionFinished represents a Finished event raised by the Completion contract.
type CompletionFinished struct {
	Id         *big.Int
	Stop       uint8
	Completion []uint32
	Raw        *types.Log // Blockchain specific contextual infos
}

const CompletionFinishedEventName = "Finished"

// ContractEventName returns the user-defined event name.
func (CompletionFinished) ContractEventName() string {
	return CompletionFinishedEventName
}

// UnpackFinishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Finished(uint256 indexed id, uint8 stop, uint32[] completion)
func (completion *Completion) UnpackFinishedEvent(log *types.Log) (*CompletionFinished, error) {
	event := "Finished"
	if len(log.Topics) == 0 || log.Topics[0] != completion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CompletionFinished)
	if len(log.Data) > 0 {
		if err := completion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range completion.abi.Events[event].Inputs {
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

// CompletionStarted represents a Started event raised by the Completion contract.
type CompletionStarted struct {
	Id        *big.Int
	Owner     common.Address
	Prompt    []uint32
	MaxTokens uint32
	Raw       *types.Log // Blockchain specific contextual infos
}

const CompletionStartedEventName = "Started"

// ContractEventName returns the user-defined event name.
func (CompletionStarted) ContractEventName() string {
	return CompletionStartedEventName
}

// UnpackStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Started(uint256 indexed id, address indexed owner, uint32[] prompt, uint32 maxTokens)
func (completion *Completion) UnpackStartedEvent(log *types.Log) (*CompletionStarted, error) {
	event := "Started"
	if len(log.Topics) == 0 || log.Topics[0] != completion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CompletionStarted)
	if len(log.Data) > 0 {
		if err := completion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range completion.abi.Events[event].Inputs {
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

// CompletionToken represents a Token event raised by the Completion contract.
type CompletionToken struct {
	Id    *big.Int
	Index *big.Int
	Token uint32
	Raw   *types.Log // Blockchain specific contextual infos
}

const CompletionTokenEventName = "Token"

// ContractEventName returns the user-defined event name.
func (CompletionToken) ContractEventName() string {
	return CompletionTokenEventName
}

// UnpackTokenEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Token(uint256 indexed id, uint256 index, uint32 token)
func (completion *Completion) UnpackTokenEvent(log *types.Log) (*CompletionToken, error) {
	event := "Token"
	if len(log.Topics) == 0 || log.Topics[0] != completion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(CompletionToken)
	if len(log.Data) > 0 {
		if err := completion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range completion.abi.Events[event].Inputs {
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
