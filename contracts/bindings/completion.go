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
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model_\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"seq_\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"vocab_\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"eos_\",\"type\":\"uint32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tokens\",\"type\":\"uint256\"}],\"name\":\"Finished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"Started\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"token\",\"type\":\"uint32\"}],\"name\":\"Token\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"CONTEXT_FULL\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"END_OF_TEXT\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_TOKENS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RUNNING\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"completion\",\"outputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"},{\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eos\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"}],\"name\":\"input\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"b\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"model\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"seq\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"start\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"n\",\"type\":\"uint256\"}],\"name\":\"step\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"appended\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"vocab\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Completion",
	Bin: "0x610100604052348015610010575f5ffd5b506040516115b63803806115b683398101604081905261002f91610134565b5f8311801561004057506110008311155b6100915760405162461bcd60e51b815260206004820152601c60248201527f436f6d706c6574696f6e3a20736571206f7574206f662072616e67650000000060448201526064015b60405180910390fd5b5f8263ffffffff161180156100b05750637fffffff63ffffffff831611155b6100fc5760405162461bcd60e51b815260206004820152601e60248201527f436f6d706c6574696f6e3a20766f636162206f7574206f662072616e676500006044820152606401610088565b60809390935260a09190915263ffffffff90811660c0521660e052610177565b805163ffffffff8116811461012f575f5ffd5b919050565b5f5f5f5f60808587031215610147575f5ffd5b845193506020850151925061015e6040860161011c565b915061016c6060860161011c565b905092959194509250565b60805160a05160c05160e0516113ce6101e85f395f8181610180015261091e01525f81816101d7015261048e01525f81816101510152818161039c015281816105fc015281816106710152818161073201528181610a2d0152610a8801525f818160f00152610bd401526113ce5ff3fe608060405234801561000f575f5ffd5b50600436106100cb575f3560e01c8063913cf5ca11610088578063aba37ec011610063578063aba37ec0146101d2578063b6d003a8146101f9578063c3ea1f1314610219578063f47c84c51461022c575f5ffd5b8063913cf5ca1461017b57806395be797f146101b7578063a38cdb25146101bf575f5ffd5b806306661abd146100cf5780630ad9d052146100eb5780634af355a2146101125780634fc7f1531461012b5780636857ab401461014c5780637aaeced714610173575b5f5ffd5b6100d860015481565b6040519081526020015b60405180910390f35b6100d87f000000000000000000000000000000000000000000000000000000000000000081565b6101195f81565b60405160ff90911681526020016100e2565b61013e610139366004610e9a565b610234565b6040516100e2929190610eb1565b6100d87f000000000000000000000000000000000000000000000000000000000000000081565b610119600381565b6101a27f000000000000000000000000000000000000000000000000000000000000000081565b60405163ffffffff90911681526020016100e2565b610119600281565b6100d86101cd366004610f26565b61038f565b6101a27f000000000000000000000000000000000000000000000000000000000000000081565b61020c610207366004610fbc565b6105ed565b6040516100e29190611087565b6100d86102273660046110bc565b610770565b610119600181565b60605f600154831061028d5760405162461bcd60e51b815260206004820152601e60248201527f436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e000060448201526064015b60405180910390fd5b5f838152602081905260409020805460018201546102b19163ffffffff16906110f0565b67ffffffffffffffff8111156102c9576102c9610fa8565b6040519080825280602002602001820160405280156102f2578160200160208202803683370190505b5092505f5b835181101561037b578154600183019061031890839063ffffffff16611109565b815481106103285761032861111c565b905f5260205f2090600891828204019190066004029054906101000a900463ffffffff1684828151811061035e5761035e61111c565b63ffffffff909216602092830291909101909101526001016102f7565b50549193600160401b90920460ff16925050565b5f82158015906103bf57507f00000000000000000000000000000000000000000000000000000000000000008311155b61041e5760405162461bcd60e51b815260206004820152602a60248201527f436f6d706c6574696f6e3a2070726f6d7074206d757374206265203120746f2060448201526973657120746f6b656e7360b01b6064820152608401610284565b5f8263ffffffff16116104825760405162461bcd60e51b815260206004820152602660248201527f436f6d706c6574696f6e3a206d6178546f6b656e73206d75737420626520706f60448201526573697469766560d01b6064820152608401610284565b5f5b83811015610546577f000000000000000000000000000000000000000000000000000000000000000063ffffffff168585838181106104c5576104c561111c565b90506020020160208101906104da9190611130565b63ffffffff161061053e5760405162461bcd60e51b815260206004820152602860248201527f436f6d706c6574696f6e3a20746f6b656e20696420706173742074686520766f604482015267636162756c61727960c01b6064820152608401610284565b600101610484565b5060018054905f61055683611152565b909155505f818152602081905260409020805463ffffffff8581166401000000000267ffffffffffffffff19909216908716171781559091506001810161059e85878361120c565b50336001600160a01b0316827f3eaea548f4defa056c772a3cd716a903e19b4100a1845a0a3b6612f60b2ce5da8787876040516105dd939291906112de565b60405180910390a3509392505050565b60605f825111801561062057507f0000000000000000000000000000000000000000000000000000000000000000825111155b61066c5760405162461bcd60e51b815260206004820152601b60248201527f436f6d706c6574696f6e3a203120746f2073657120746f6b656e7300000000006044820152606401610284565b6106977f00000000000000000000000000000000000000000000000000000000000000006001611109565b6106a290600461116a565b67ffffffffffffffff8111156106ba576106ba610fa8565b6040519080825280601f01601f1916602001820160405280156106e4576020820181803683370190505b5090505f5b8251811015610728576107208261070183600461116a565b8584815181106107135761071361111c565b6020026020010151610ad9565b6001016106e9565b5061076b816107587f0000000000000000000000000000000000000000000000000000000000000000600461116a565b6001855161076691906110f0565b610ad9565b919050565b5f60015483106107c25760405162461bcd60e51b815260206004820152601e60248201527f436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e00006044820152606401610284565b5f8381526020819052604090208054600160401b900460ff161561081f5760405162461bcd60e51b815260206004820152601460248201527310dbdb5c1b195d1a5bdb8e88199a5b9a5cda195960621b6044820152606401610284565b5f6108a48260010180548060200260200160405190810160405280929190818152602001828054801561089a57602002820191905f5260205f20905f905b82829054906101000a900463ffffffff1663ffffffff168152602001906004019060208260030104928301926001038202915080841161085d5790505b50505050506105ed565b60018301549091505f5b85851080156108c657508354600160401b900460ff16155b15610acf575f851180156108fb5750620186a06108e4603f83611337565b6108ee9083611109565b6108f89190611109565b5a105b610acf575f5a90505f61090d85610bcd565b90505a61091a90836110f0565b92507f000000000000000000000000000000000000000000000000000000000000000063ffffffff168163ffffffff16036109625761095b89876002610ca1565b5050610acf565b6001868101805491820181555f908152602081206008830401805460079093166004026101000a63ffffffff818102199094168585169190910217905587549091166109ad86611152565b95506109b990866110f0565b9050897f17fd61d2cc04b58d0daa9f80e76c0f14575f6aa788e5db2cfff5cd6cec6ad6986109e86001846110f0565b6040805191825263ffffffff861660208301520160405180910390a28654640100000000900463ffffffff168103610a2b57610a268a886001610ca1565b610ab9565b7f0000000000000000000000000000000000000000000000000000000000000000851115610a5f57610a268a886003610ca1565b610a7f86610a6e6001886110f0565b610a7990600461116a565b84610ad9565b610ab986610aae7f0000000000000000000000000000000000000000000000000000000000000000600461116a565b6107666001896110f0565b5050508480610ac790611152565b9550506108ae565b5050505092915050565b8060f81b838381518110610aef57610aef61111c565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960f082901b1683610b20846001611109565b81518110610b3057610b3061111c565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e882901b1683610b61846002611109565b81518110610b7157610b7161111c565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e082901b1683610ba2846003611109565b81518110610bb257610bb261111c565b60200101906001600160f81b03191690815f1a905350505050565b5f5f610bfb7f0000000000000000000000000000000000000000000000000000000000000000846004610d22565b9050601881600381518110610c1257610c1261111c565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b601082600281518110610c4057610c4061111c565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b600883600181518110610c6e57610c6e61111c565b0160200151845160f89190911c90911b9084905f90610c8f57610c8f61111c565b016020015160f81c1717179392505050565b815460ff8216600160401b0268ff000000000000000019821681178455600184015485927f5f779636907af2eced15b7f0715abeb9b4f262d82085bc73416e1382dae17ce5928592610d019263ffffffff928316921691909117906110f0565b6040805160ff909316835260208301919091520160405180910390a2505050565b6060610d5360a1858486604051602001610d3e9392919061136d565b60405160208183030381529060405284610d5b565b949350505050565b60605f5f856001600160a01b031685604051610d77919061138d565b5f60405180830381855afa9150503d805f8114610daf576040519150601f19603f3d011682016040523d82523d5f602084013e610db4565b606091505b509150915081610dc657805160208201fd5b602081511015610e185760405162461bcd60e51b815260206004820152601e60248201527f41494c69623a206e6f20696e666572656e636520707265636f6d70696c6500006044820152606401610284565b60208101518481148015610e365750610e32816020611109565b8251145b610e8d5760405162461bcd60e51b815260206004820152602260248201527f41494c69623a206d616c666f726d656420707265636f6d70696c65206f7574706044820152611d5d60f21b6064820152608401610284565b5060200195945050505050565b5f60208284031215610eaa575f5ffd5b5035919050565b604080825283519082018190525f9060208501906060840190835b81811015610ef057835163ffffffff16835260209384019390920191600101610ecc565b5050809250505060ff831660208301529392505050565b63ffffffff81168114610f18575f5ffd5b50565b803561076b81610f07565b5f5f5f60408486031215610f38575f5ffd5b833567ffffffffffffffff811115610f4e575f5ffd5b8401601f81018613610f5e575f5ffd5b803567ffffffffffffffff811115610f74575f5ffd5b8660208260051b8401011115610f88575f5ffd5b602091820194509250840135610f9d81610f07565b809150509250925092565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610fcc575f5ffd5b813567ffffffffffffffff811115610fe2575f5ffd5b8201601f81018413610ff2575f5ffd5b803567ffffffffffffffff81111561100c5761100c610fa8565b8060051b604051601f19603f830116810181811067ffffffffffffffff8211171561103957611039610fa8565b604052918252602081840181019290810187841115611056575f5ffd5b6020850194505b8385101561107c5761106e85610f1b565b81526020948501940161105d565b509695505050505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f604083850312156110cd575f5ffd5b50508035926020909101359150565b634e487b7160e01b5f52601160045260245ffd5b81810381811115611103576111036110dc565b92915050565b80820180821115611103576111036110dc565b634e487b7160e01b5f52603260045260245ffd5b5f60208284031215611140575f5ffd5b813561114b81610f07565b9392505050565b5f60018201611163576111636110dc565b5060010190565b8082028115828204841417611103576111036110dc565b600160401b82111561119557611195610fa8565b8054828255808310156111fb576007830160031c825f528060205f2001601c8560021b1680156111d4575f19820180545f198360200360031b1c168155505b50816007840160031c0391505f5b828110156111f7575f828201556001016111e2565b5050505b505050565b5f813561110381610f07565b67ffffffffffffffff83111561122457611224610fa8565b61122e8382611181565b5f8181526020902082908460031c5f5b81811015611296575f5f5b60088110156112895761127861125e87611200565b63ffffffff908116600584901b90811b91901b1984161790565b602096909601959150600101611249565b508382015560010161123e565b5060071986168087038188146112d4575f5f5b828110156112ce576112bd61125e88611200565b6020979097019691506001016112a9565b50848401555b5050505050505050565b604080825281018390525f8460608301825b8681101561131d57823561130381610f07565b63ffffffff168252602092830192909101906001016112f0565b50809250505063ffffffff83166020830152949350505050565b5f8261135157634e487b7160e01b5f52601260045260245ffd5b500490565b5f81518060208401855e5f93019283525090919050565b8381528260208201525f6113846040830184611356565b95945050505050565b5f61114b828461135656fea2646970667358221220150dff8a5a881171d0449bac12c7b21ee34488fa1e186bf7782de7666a0b605c64736f6c63430008250033",
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
// Solidity: constructor(bytes32 model_, uint256 seq_, uint32 vocab_, uint32 eos_) returns()
func (completion *Completion) PackConstructor(model_ [32]byte, seq_ *big.Int, vocab_ uint32, eos_ uint32) []byte {
	enc, err := completion.abi.Pack("", model_, seq_, vocab_, eos_)
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

// PackVocab is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaba37ec0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function vocab() view returns(uint32)
func (completion *Completion) PackVocab() []byte {
	enc, err := completion.abi.Pack("vocab")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVocab is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaba37ec0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function vocab() view returns(uint32)
func (completion *Completion) TryPackVocab() ([]byte, error) {
	return completion.abi.Pack("vocab")
}

// UnpackVocab is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaba37ec0.
//
// Solidity: function vocab() view returns(uint32)
func (completion *Completion) UnpackVocab(data []byte) (uint32, error) {
	out, err := completion.abi.Unpack("vocab", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// CompletionFinished represents a Finished event raised by the Completion contract.
type CompletionFinished struct {
	Id     *big.Int
	Stop   uint8
	Tokens *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const CompletionFinishedEventName = "Finished"

// ContractEventName returns the user-defined event name.
func (CompletionFinished) ContractEventName() string {
	return CompletionFinishedEventName
}

// UnpackFinishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Finished(uint256 indexed id, uint8 stop, uint256 tokens)
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
