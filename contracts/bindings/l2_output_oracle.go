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

// L2OutputOracleOutputProposal is an auto generated low-level Go binding around an user-defined struct.
type L2OutputOracleOutputProposal struct {
	OutputRoot    [32]byte
	Timestamp     *big.Int
	L2BlockNumber *big.Int
}

// L2OutputOracleMetaData contains all meta data concerning the L2OutputOracle contract.
var L2OutputOracleMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"proposer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"startingTimestamp_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"l2BlockTime_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"BadProposal\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProposer\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"l2OutputIndex\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"l2BlockNumber\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"l1Timestamp\",\"type\":\"uint256\"}],\"name\":\"OutputProposed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"getL2Output\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint128\",\"name\":\"timestamp\",\"type\":\"uint128\"},{\"internalType\":\"uint128\",\"name\":\"l2BlockNumber\",\"type\":\"uint128\"}],\"internalType\":\"structL2OutputOracle.OutputProposal\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2BlockTime\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"latestBlockNumber\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextOutputIndex\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"l2BlockNumber\",\"type\":\"uint256\"}],\"name\":\"proposeL2Output\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proposer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"startingTimestamp\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "L2OutputOracle",
	Bin: "0x60e060405234801561000f575f5ffd5b5060405161073f38038061073f83398101604081905261002e9161009a565b5f81116100815760405162461bcd60e51b815260206004820152601360248201527f6c32426c6f636b54696d65206973207a65726f00000000000000000000000000604482015260640160405180910390fd5b6001600160a01b0390921660805260a05260c0526100d9565b5f5f5f606084860312156100ac575f5ffd5b83516001600160a01b03811681146100c2575f5ffd5b602085015160409095015190969495509392505050565b60805160a05160c0516106296101165f395f818160e1015261032b01525f818160ba015261035601525f818161014e01526101f201526106295ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c8063887862721161005857806388786272146100b557806393991af3146100dc578063a25ae55714610103578063a8e4fb9014610149575f5ffd5b80634599c7881461007e5780635f5060e4146100995780636abcf563146100ae575b5f5ffd5b610086610188565b6040519081526020015b60405180910390f35b6100ac6100a7366004610551565b6101e7565b005b5f54610086565b6100867f000000000000000000000000000000000000000000000000000000000000000081565b6100867f000000000000000000000000000000000000000000000000000000000000000081565b610116610111366004610571565b610496565b60408051825181526020808401516001600160801b03908116918301919091529282015190921690820152606001610090565b6101707f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610090565b5f8054156101d7575f805461019f9060019061059c565b815481106101af576101af6105b5565b905f5260205f20906002020160010160109054906101000a90046001600160801b03166101d9565b5f5b6001600160801b0316905090565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461023057604051637d1b73b960e01b815260040160405180910390fd5b8161027957604051600162a282e360e01b0319815260206004820152601060248201526f1e995c9bc81bdd5d1c1d5d081c9bdbdd60821b60448201526064015b60405180910390fd5b5f54158015906102ca57505f80546102939060019061059c565b815481106102a3576102a36105b5565b5f918252602090912060029091020160010154600160801b90046001600160801b03168111155b1561032557604051600162a282e360e01b0319815260206004820152602160248201527f626c6f636b206e6f7420616674657220746865206c6174657374206f757470756044820152601d60fa1b6064820152608401610270565b426103507f0000000000000000000000000000000000000000000000000000000000000000836105c9565b61037a907f00000000000000000000000000000000000000000000000000000000000000006105e0565b106103c457604051600162a282e360e01b03198152602060048201526016602482015275626c6f636b20697320696e207468652066757475726560501b6044820152606401610270565b5f5460405142815282919084907fa7aaf2512769da4e444e3de247be2564225c2e7a8f74cfe528e46e17d24868e29060200160405180910390a4604080516060810182529283526001600160801b03428116602085019081529281169184019182525f8054600181018255908052935160029094027f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563810194909455915190518216600160801b029116177f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56490910155565b604080516060810182525f80825260208201819052918101829052905482106104f25760405162461bcd60e51b815260206004820152600e60248201526d1b9bc81cdd58da081bdd5d1c1d5d60921b6044820152606401610270565b5f8281548110610504576105046105b5565b5f91825260209182902060408051606081018252600290930290910180548352600101546001600160801b0380821694840194909452600160801b90049092169181019190915292915050565b5f5f60408385031215610562575f5ffd5b50508035926020909101359150565b5f60208284031215610581575f5ffd5b5035919050565b634e487b7160e01b5f52601160045260245ffd5b818103818111156105af576105af610588565b92915050565b634e487b7160e01b5f52603260045260245ffd5b80820281158282048414176105af576105af610588565b808201808211156105af576105af61058856fea2646970667358221220441f40499a535a97133111ee8d7ef8d1bb270b16261a7bea212d86082b78d15064736f6c63430008250033",
}

// L2OutputOracle is an auto generated Go binding around an Ethereum contract.
type L2OutputOracle struct {
	abi abi.ABI
}

// NewL2OutputOracle creates a new instance of L2OutputOracle.
func NewL2OutputOracle() *L2OutputOracle {
	parsed, err := L2OutputOracleMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &L2OutputOracle{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *L2OutputOracle) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address proposer_, uint256 startingTimestamp_, uint256 l2BlockTime_) returns()
func (l2OutputOracle *L2OutputOracle) PackConstructor(proposer_ common.Address, startingTimestamp_ *big.Int, l2BlockTime_ *big.Int) []byte {
	enc, err := l2OutputOracle.abi.Pack("", proposer_, startingTimestamp_, l2BlockTime_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackGetL2Output is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa25ae557.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getL2Output(uint256 index) view returns((bytes32,uint128,uint128))
func (l2OutputOracle *L2OutputOracle) PackGetL2Output(index *big.Int) []byte {
	enc, err := l2OutputOracle.abi.Pack("getL2Output", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetL2Output is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa25ae557.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getL2Output(uint256 index) view returns((bytes32,uint128,uint128))
func (l2OutputOracle *L2OutputOracle) TryPackGetL2Output(index *big.Int) ([]byte, error) {
	return l2OutputOracle.abi.Pack("getL2Output", index)
}

// UnpackGetL2Output is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa25ae557.
//
// Solidity: function getL2Output(uint256 index) view returns((bytes32,uint128,uint128))
func (l2OutputOracle *L2OutputOracle) UnpackGetL2Output(data []byte) (L2OutputOracleOutputProposal, error) {
	out, err := l2OutputOracle.abi.Unpack("getL2Output", data)
	if err != nil {
		return *new(L2OutputOracleOutputProposal), err
	}
	out0 := *abi.ConvertType(out[0], new(L2OutputOracleOutputProposal)).(*L2OutputOracleOutputProposal)
	return out0, nil
}

// PackL2BlockTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x93991af3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function l2BlockTime() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) PackL2BlockTime() []byte {
	enc, err := l2OutputOracle.abi.Pack("l2BlockTime")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackL2BlockTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x93991af3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function l2BlockTime() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) TryPackL2BlockTime() ([]byte, error) {
	return l2OutputOracle.abi.Pack("l2BlockTime")
}

// UnpackL2BlockTime is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x93991af3.
//
// Solidity: function l2BlockTime() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) UnpackL2BlockTime(data []byte) (*big.Int, error) {
	out, err := l2OutputOracle.abi.Unpack("l2BlockTime", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLatestBlockNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4599c788.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestBlockNumber() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) PackLatestBlockNumber() []byte {
	enc, err := l2OutputOracle.abi.Pack("latestBlockNumber")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestBlockNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4599c788.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestBlockNumber() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) TryPackLatestBlockNumber() ([]byte, error) {
	return l2OutputOracle.abi.Pack("latestBlockNumber")
}

// UnpackLatestBlockNumber is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4599c788.
//
// Solidity: function latestBlockNumber() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) UnpackLatestBlockNumber(data []byte) (*big.Int, error) {
	out, err := l2OutputOracle.abi.Unpack("latestBlockNumber", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackNextOutputIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6abcf563.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextOutputIndex() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) PackNextOutputIndex() []byte {
	enc, err := l2OutputOracle.abi.Pack("nextOutputIndex")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextOutputIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6abcf563.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextOutputIndex() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) TryPackNextOutputIndex() ([]byte, error) {
	return l2OutputOracle.abi.Pack("nextOutputIndex")
}

// UnpackNextOutputIndex is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6abcf563.
//
// Solidity: function nextOutputIndex() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) UnpackNextOutputIndex(data []byte) (*big.Int, error) {
	out, err := l2OutputOracle.abi.Unpack("nextOutputIndex", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposeL2Output is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f5060e4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposeL2Output(bytes32 outputRoot, uint256 l2BlockNumber) returns()
func (l2OutputOracle *L2OutputOracle) PackProposeL2Output(outputRoot [32]byte, l2BlockNumber *big.Int) []byte {
	enc, err := l2OutputOracle.abi.Pack("proposeL2Output", outputRoot, l2BlockNumber)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposeL2Output is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f5060e4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposeL2Output(bytes32 outputRoot, uint256 l2BlockNumber) returns()
func (l2OutputOracle *L2OutputOracle) TryPackProposeL2Output(outputRoot [32]byte, l2BlockNumber *big.Int) ([]byte, error) {
	return l2OutputOracle.abi.Pack("proposeL2Output", outputRoot, l2BlockNumber)
}

// PackProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8e4fb90.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposer() view returns(address)
func (l2OutputOracle *L2OutputOracle) PackProposer() []byte {
	enc, err := l2OutputOracle.abi.Pack("proposer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8e4fb90.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposer() view returns(address)
func (l2OutputOracle *L2OutputOracle) TryPackProposer() ([]byte, error) {
	return l2OutputOracle.abi.Pack("proposer")
}

// UnpackProposer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa8e4fb90.
//
// Solidity: function proposer() view returns(address)
func (l2OutputOracle *L2OutputOracle) UnpackProposer(data []byte) (common.Address, error) {
	out, err := l2OutputOracle.abi.Unpack("proposer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackStartingTimestamp is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88786272.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function startingTimestamp() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) PackStartingTimestamp() []byte {
	enc, err := l2OutputOracle.abi.Pack("startingTimestamp")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStartingTimestamp is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88786272.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function startingTimestamp() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) TryPackStartingTimestamp() ([]byte, error) {
	return l2OutputOracle.abi.Pack("startingTimestamp")
}

// UnpackStartingTimestamp is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x88786272.
//
// Solidity: function startingTimestamp() view returns(uint256)
func (l2OutputOracle *L2OutputOracle) UnpackStartingTimestamp(data []byte) (*big.Int, error) {
	out, err := l2OutputOracle.abi.Unpack("startingTimestamp", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// L2OutputOracleOutputProposed represents a OutputProposed event raised by the L2OutputOracle contract.
type L2OutputOracleOutputProposed struct {
	OutputRoot    [32]byte
	L2OutputIndex *big.Int
	L2BlockNumber *big.Int
	L1Timestamp   *big.Int
	Raw           *types.Log // Blockchain specific contextual infos
}

const L2OutputOracleOutputProposedEventName = "OutputProposed"

// ContractEventName returns the user-defined event name.
func (L2OutputOracleOutputProposed) ContractEventName() string {
	return L2OutputOracleOutputProposedEventName
}

// UnpackOutputProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)
func (l2OutputOracle *L2OutputOracle) UnpackOutputProposedEvent(log *types.Log) (*L2OutputOracleOutputProposed, error) {
	event := "OutputProposed"
	if len(log.Topics) == 0 || log.Topics[0] != l2OutputOracle.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(L2OutputOracleOutputProposed)
	if len(log.Data) > 0 {
		if err := l2OutputOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range l2OutputOracle.abi.Events[event].Inputs {
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
func (l2OutputOracle *L2OutputOracle) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], l2OutputOracle.abi.Errors["BadProposal"].ID.Bytes()[:4]) {
		return l2OutputOracle.UnpackBadProposalError(raw[4:])
	}
	if bytes.Equal(raw[:4], l2OutputOracle.abi.Errors["NotProposer"].ID.Bytes()[:4]) {
		return l2OutputOracle.UnpackNotProposerError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// L2OutputOracleBadProposal represents a BadProposal error raised by the L2OutputOracle contract.
type L2OutputOracleBadProposal struct {
	Reason string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProposal(string reason)
func L2OutputOracleBadProposalErrorID() common.Hash {
	return common.HexToHash("0xff5d7d1dfe1d89df2423e9540171f50540c57368a0ad04eb6c0d60a0c4f3005b")
}

// UnpackBadProposalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProposal(string reason)
func (l2OutputOracle *L2OutputOracle) UnpackBadProposalError(raw []byte) (*L2OutputOracleBadProposal, error) {
	out := new(L2OutputOracleBadProposal)
	if err := l2OutputOracle.abi.UnpackIntoInterface(out, "BadProposal", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// L2OutputOracleNotProposer represents a NotProposer error raised by the L2OutputOracle contract.
type L2OutputOracleNotProposer struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotProposer()
func L2OutputOracleNotProposerErrorID() common.Hash {
	return common.HexToHash("0x7d1b73b9e4d2de7c54c7f525eb1bb198f28468e4744a3abe465a704d5a4c471f")
}

// UnpackNotProposerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotProposer()
func (l2OutputOracle *L2OutputOracle) UnpackNotProposerError(raw []byte) (*L2OutputOracleNotProposer, error) {
	out := new(L2OutputOracleNotProposer)
	if err := l2OutputOracle.abi.UnpackIntoInterface(out, "NotProposer", raw); err != nil {
		return nil, err
	}
	return out, nil
}
