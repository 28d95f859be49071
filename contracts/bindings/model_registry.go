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

// ModelRegistryAttestation is an auto generated low-level Go binding around an user-defined struct.
type ModelRegistryAttestation struct {
	Commitment *big.Int
	Verifier   common.Address
	InputSize  uint32
	OutputSize uint32
}

// ModelRegistryModel is an auto generated low-level Go binding around an user-defined struct.
type ModelRegistryModel struct {
	Cid          string
	Size         uint64
	Macs         uint64
	FloatOps     uint64
	IntOps       uint64
	Registrant   common.Address
	RegisteredAt uint64
}

// ModelRegistryMetaData contains all meta data concerning the ModelRegistry contract.
var ModelRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"InvalidModel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"NotRegistrant\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"name\":\"AttestationSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"registrant\",\"type\":\"address\"}],\"name\":\"ModelRegistered\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"attestationOf\",\"outputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"internalType\":\"structModelRegistry.Attestation\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"get\",\"outputs\":[{\"components\":[{\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"registrant\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"registeredAt\",\"type\":\"uint64\"}],\"internalType\":\"structModelRegistry.Model\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"isRegistered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"i\",\"type\":\"uint256\"}],\"name\":\"modelAt\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"}],\"name\":\"register\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"name\":\"setAttestation\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ModelRegistry",
	Bin: "0x6080604052348015600e575f5ffd5b50610cfc8061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c806373b950101161005857806373b95010146100e75780638eaa6ac0146100fa578063b174a9c41461011a578063dc5a47e7146101e4575f5ffd5b8063046482011461007e57806306661abd1461009357806327258b22146100aa575b5f5ffd5b61009161008c3660046108e8565b6101f7565b005b6001545b6040519081526020015b60405180910390f35b6100d76100b836600461099e565b5f908152602081905260409020600101546001600160401b0316151590565b60405190151581526020016100a1565b6100976100f536600461099e565b6104e5565b61010d61010836600461099e565b610509565b6040516100a191906109b5565b61019e61012836600461099e565b60408051608080820183525f80835260208084018290528385018290526060938401829052948152600285528390208351918201845280548252600101546001600160a01b0381169482019490945263ffffffff600160a01b8504811693820193909352600160c01b9093049091169082015290565b60408051825181526020808401516001600160a01b0316908201528282015163ffffffff90811692820192909252606092830151909116918101919091526080016100a1565b6100916101f2366004610a8d565b610652565b866102395760405163f2b451db60e01b815260206004820152600c60248201526b7a65726f206164647265737360a01b60448201526064015b60405180910390fd5b8415806102465750608085115b156102815760405163f2b451db60e01b815260206004820152600a6024820152690c6d2c840d8cadccee8d60b31b6044820152606401610230565b836001600160401b03165f036102c65760405163f2b451db60e01b81526020600482015260096024820152687a65726f2073697a6560b81b6044820152606401610230565b5f878152602081905260409020600101546001600160401b03161561030157604051633be57b3960e11b815260048101889052602401610230565b6040518060e0016040528087878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201829052509385525050506001600160401b03808816602080850191909152878216604080860191909152878316606086015286831660808601523360a08601524390921660c0909401939093528a825291819052208151819061039c9082610b90565b50602082015160018083018054604080870151606088015160808901516001600160401b03908116600160c01b026001600160c01b03928216600160801b02929092166fffffffffffffffffffffffffffffffff938216600160401b026fffffffffffffffffffffffffffffffff19909616988216989098179490941791909116959095179490941790915560a08501516002909401805460c090960151909116600160a01b026001600160e01b03199095166001600160a01b039094169390931793909317909155815480830183555f929092527fb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf69091018890555187907f3ead227b7126397b4d99e71ce95fb3e938b1059ad56e2b0ba6d8eb015f7e2556906104d4908990899089908990899089903390610c4e565b60405180910390a250505050505050565b5f600182815481106104f9576104f9610cb2565b905f5260205f2001549050919050565b6040805160e08101825260608082525f6020830181905292820183905281018290526080810182905260a0810182905260c08101919091525f8281526020819052604090819020815160e0810190925280548290829061056890610b01565b80601f016020809104026020016040519081016040528092919081815260200182805461059490610b01565b80156105df5780601f106105b6576101008083540402835291602001916105df565b820191905f5260205f20905b8154815290600101906020018083116105c257829003601f168201915b505050918352505060018201546001600160401b038082166020840152600160401b820481166040840152600160801b820481166060840152600160c01b909104811660808301526002909201546001600160a01b03811660a0830152600160a01b900490911660c09091015292915050565b5f858152602081905260408120600181015490916001600160401b0390911690036106b15760405163f2b451db60e01b815260206004820152600e60248201526d1b9bdd081c9959da5cdd195c995960921b6044820152606401610230565b60028101546001600160a01b031633146106e1576040516325c98f4560e01b815260048101879052602401610230565b5f868152600260205260409020600101546001600160a01b03161561071c57604051633be57b3960e11b815260048101879052602401610230565b836001600160a01b03163b5f0361076d5760405163f2b451db60e01b8152602060048201526014602482015273766572696669657220686173206e6f20636f646560601b6044820152606401610230565b84158061077e575063ffffffff8316155b8061078d575063ffffffff8216155b156107cf5760405163f2b451db60e01b815260206004820152601160248201527032b6b83a3c9030ba3a32b9ba30ba34b7b760791b6044820152606401610230565b604080516080810182528681526001600160a01b03808716602080840191825263ffffffff808916858701908152888216606087019081525f8e815260029094529287902095518655925160019095018054935192518216600160c01b0263ffffffff60c01b1993909216600160a01b026001600160c01b0319909416959094169490941791909117169190911790555186907ffc5fbb67c08bc2bf3b295485f40cf1d5ea351f1cc39bd618771ff2949942c146906108bd9088908890889088909384526001600160a01b0392909216602084015263ffffffff908116604084015216606082015260800190565b60405180910390a2505050505050565b80356001600160401b03811681146108e3575f5ffd5b919050565b5f5f5f5f5f5f5f60c0888a0312156108fe575f5ffd5b8735965060208801356001600160401b0381111561091a575f5ffd5b8801601f81018a1361092a575f5ffd5b80356001600160401b0381111561093f575f5ffd5b8a6020828401011115610950575f5ffd5b60209190910196509450610966604089016108cd565b9350610974606089016108cd565b9250610982608089016108cd565b915061099060a089016108cd565b905092959891949750929550565b5f602082840312156109ae575f5ffd5b5035919050565b602081525f825160e06020840152805180610100850152806020830161012086015e5f848201610120015260208501516001600160401b0381166040860152915060408501516001600160401b0381166060860152915060608501516001600160401b0381166080860152915060808501516001600160401b03811660a0860152915060a08501516001600160a01b03811660c0860152915060c08501516001600160401b03811660e08601529150601f01601f191692909201610120019392505050565b803563ffffffff811681146108e3575f5ffd5b5f5f5f5f5f60a08688031215610aa1575f5ffd5b853594506020860135935060408601356001600160a01b0381168114610ac5575f5ffd5b9250610ad360608701610a7a565b9150610ae160808701610a7a565b90509295509295909350565b634e487b7160e01b5f52604160045260245ffd5b600181811c90821680610b1557607f821691505b602082108103610b3357634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610b8b5782821115610b8b57805f5260205f20601f840160051c6020851015610b6457505f5b90810190601f840160051c035f5b81811015610b87575f83820155600101610b72565b5050505b505050565b81516001600160401b03811115610ba957610ba9610aed565b610bbd81610bb78454610b01565b84610b39565b6020601f821160018114610bef575f8315610bd85750848201515b5f19600385901b1c1916600184901b178455610c47565b5f84815260208120601f198516915b82811015610c1e5787850151825560209485019460019092019101610bfe565b5084821015610c3b57868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b60c081528660c0820152868860e08301375f60e08883018101919091526001600160401b03968716602083015294861660408201529285166060840152931660808201526001600160a01b0390921660a0830152601f909201601f19160101919050565b634e487b7160e01b5f52603260045260245ffdfea26469706673582212208c9e68260b1f32094f32fed9f04abba3fd3c06e4e67e6e875b90ae2ba35f887d64736f6c63430008250033",
}

// ModelRegistry is an auto generated Go binding around an Ethereum contract.
type ModelRegistry struct {
	abi abi.ABI
}

// NewModelRegistry creates a new instance of ModelRegistry.
func NewModelRegistry() *ModelRegistry {
	parsed, err := ModelRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ModelRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ModelRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAttestationOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb174a9c4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attestationOf(bytes32 model) view returns((uint256,address,uint32,uint32))
func (modelRegistry *ModelRegistry) PackAttestationOf(model [32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("attestationOf", model)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttestationOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb174a9c4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attestationOf(bytes32 model) view returns((uint256,address,uint32,uint32))
func (modelRegistry *ModelRegistry) TryPackAttestationOf(model [32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("attestationOf", model)
}

// UnpackAttestationOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb174a9c4.
//
// Solidity: function attestationOf(bytes32 model) view returns((uint256,address,uint32,uint32))
func (modelRegistry *ModelRegistry) UnpackAttestationOf(data []byte) (ModelRegistryAttestation, error) {
	out, err := modelRegistry.abi.Unpack("attestationOf", data)
	if err != nil {
		return *new(ModelRegistryAttestation), err
	}
	out0 := *abi.ConvertType(out[0], new(ModelRegistryAttestation)).(*ModelRegistryAttestation)
	return out0, nil
}

// PackCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06661abd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function count() view returns(uint256)
func (modelRegistry *ModelRegistry) PackCount() []byte {
	enc, err := modelRegistry.abi.Pack("count")
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
func (modelRegistry *ModelRegistry) TryPackCount() ([]byte, error) {
	return modelRegistry.abi.Pack("count")
}

// UnpackCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06661abd.
//
// Solidity: function count() view returns(uint256)
func (modelRegistry *ModelRegistry) UnpackCount(data []byte) (*big.Int, error) {
	out, err := modelRegistry.abi.Unpack("count", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8eaa6ac0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function get(bytes32 model) view returns((string,uint64,uint64,uint64,uint64,address,uint64))
func (modelRegistry *ModelRegistry) PackGet(model [32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("get", model)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8eaa6ac0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function get(bytes32 model) view returns((string,uint64,uint64,uint64,uint64,address,uint64))
func (modelRegistry *ModelRegistry) TryPackGet(model [32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("get", model)
}

// UnpackGet is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8eaa6ac0.
//
// Solidity: function get(bytes32 model) view returns((string,uint64,uint64,uint64,uint64,address,uint64))
func (modelRegistry *ModelRegistry) UnpackGet(data []byte) (ModelRegistryModel, error) {
	out, err := modelRegistry.abi.Unpack("get", data)
	if err != nil {
		return *new(ModelRegistryModel), err
	}
	out0 := *abi.ConvertType(out[0], new(ModelRegistryModel)).(*ModelRegistryModel)
	return out0, nil
}

// PackIsRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27258b22.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isRegistered(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) PackIsRegistered(model [32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("isRegistered", model)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27258b22.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isRegistered(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) TryPackIsRegistered(model [32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("isRegistered", model)
}

// UnpackIsRegistered is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x27258b22.
//
// Solidity: function isRegistered(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) UnpackIsRegistered(data []byte) (bool, error) {
	out, err := modelRegistry.abi.Unpack("isRegistered", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackModelAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73b95010.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function modelAt(uint256 i) view returns(bytes32)
func (modelRegistry *ModelRegistry) PackModelAt(i *big.Int) []byte {
	enc, err := modelRegistry.abi.Pack("modelAt", i)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackModelAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73b95010.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function modelAt(uint256 i) view returns(bytes32)
func (modelRegistry *ModelRegistry) TryPackModelAt(i *big.Int) ([]byte, error) {
	return modelRegistry.abi.Pack("modelAt", i)
}

// UnpackModelAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x73b95010.
//
// Solidity: function modelAt(uint256 i) view returns(bytes32)
func (modelRegistry *ModelRegistry) UnpackModelAt(data []byte) ([32]byte, error) {
	out, err := modelRegistry.abi.Unpack("modelAt", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x04648201.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function register(bytes32 model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps) returns()
func (modelRegistry *ModelRegistry) PackRegister(model [32]byte, cid string, size uint64, macs uint64, floatOps uint64, intOps uint64) []byte {
	enc, err := modelRegistry.abi.Pack("register", model, cid, size, macs, floatOps, intOps)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegister is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x04648201.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function register(bytes32 model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps) returns()
func (modelRegistry *ModelRegistry) TryPackRegister(model [32]byte, cid string, size uint64, macs uint64, floatOps uint64, intOps uint64) ([]byte, error) {
	return modelRegistry.abi.Pack("register", model, cid, size, macs, floatOps, intOps)
}

// PackSetAttestation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdc5a47e7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setAttestation(bytes32 model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize) returns()
func (modelRegistry *ModelRegistry) PackSetAttestation(model [32]byte, commitment *big.Int, verifier common.Address, inputSize uint32, outputSize uint32) []byte {
	enc, err := modelRegistry.abi.Pack("setAttestation", model, commitment, verifier, inputSize, outputSize)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetAttestation is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdc5a47e7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setAttestation(bytes32 model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize) returns()
func (modelRegistry *ModelRegistry) TryPackSetAttestation(model [32]byte, commitment *big.Int, verifier common.Address, inputSize uint32, outputSize uint32) ([]byte, error) {
	return modelRegistry.abi.Pack("setAttestation", model, commitment, verifier, inputSize, outputSize)
}

// ModelRegistryAttestationSet represents a AttestationSet event raised by the ModelRegistry contract.
type ModelRegistryAttestationSet struct {
	Model      [32]byte
	Commitment *big.Int
	Verifier   common.Address
	InputSize  uint32
	OutputSize uint32
	Raw        *types.Log // Blockchain specific contextual infos
}

const ModelRegistryAttestationSetEventName = "AttestationSet"

// ContractEventName returns the user-defined event name.
func (ModelRegistryAttestationSet) ContractEventName() string {
	return ModelRegistryAttestationSetEventName
}

// UnpackAttestationSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AttestationSet(bytes32 indexed model, uint256 commitment, address verifier, uint32 inputSize, uint32 outputSize)
func (modelRegistry *ModelRegistry) UnpackAttestationSetEvent(log *types.Log) (*ModelRegistryAttestationSet, error) {
	event := "AttestationSet"
	if len(log.Topics) == 0 || log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ModelRegistryAttestationSet)
	if len(log.Data) > 0 {
		if err := modelRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range modelRegistry.abi.Events[event].Inputs {
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

// ModelRegistryModelRegistered represents a ModelRegistered event raised by the ModelRegistry contract.
type ModelRegistryModelRegistered struct {
	Model      [32]byte
	Cid        string
	Size       uint64
	Macs       uint64
	FloatOps   uint64
	IntOps     uint64
	Registrant common.Address
	Raw        *types.Log // Blockchain specific contextual infos
}

const ModelRegistryModelRegisteredEventName = "ModelRegistered"

// ContractEventName returns the user-defined event name.
func (ModelRegistryModelRegistered) ContractEventName() string {
	return ModelRegistryModelRegisteredEventName
}

// UnpackModelRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ModelRegistered(bytes32 indexed model, string cid, uint64 size, uint64 macs, uint64 floatOps, uint64 intOps, address registrant)
func (modelRegistry *ModelRegistry) UnpackModelRegisteredEvent(log *types.Log) (*ModelRegistryModelRegistered, error) {
	event := "ModelRegistered"
	if len(log.Topics) == 0 || log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ModelRegistryModelRegistered)
	if len(log.Data) > 0 {
		if err := modelRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range modelRegistry.abi.Events[event].Inputs {
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
func (modelRegistry *ModelRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["AlreadyRegistered"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["InvalidModel"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackInvalidModelError(raw[4:])
	}
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["NotRegistrant"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackNotRegistrantError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ModelRegistryAlreadyRegistered represents a AlreadyRegistered error raised by the ModelRegistry contract.
type ModelRegistryAlreadyRegistered struct {
	Model [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRegistered(bytes32 model)
func ModelRegistryAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0x77caf672214035207a45708060aa1e2e66841e1b2dbaefae83058807272a7a8a")
}

// UnpackAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRegistered(bytes32 model)
func (modelRegistry *ModelRegistry) UnpackAlreadyRegisteredError(raw []byte) (*ModelRegistryAlreadyRegistered, error) {
	out := new(ModelRegistryAlreadyRegistered)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "AlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryInvalidModel represents a InvalidModel error raised by the ModelRegistry contract.
type ModelRegistryInvalidModel struct {
	Reason string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidModel(string reason)
func ModelRegistryInvalidModelErrorID() common.Hash {
	return common.HexToHash("0xf2b451db1f0f84cb627ec110cfeefbcbde6d0ae8a44989a8ed5414a7bc197bc0")
}

// UnpackInvalidModelError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidModel(string reason)
func (modelRegistry *ModelRegistry) UnpackInvalidModelError(raw []byte) (*ModelRegistryInvalidModel, error) {
	out := new(ModelRegistryInvalidModel)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "InvalidModel", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ModelRegistryNotRegistrant represents a NotRegistrant error raised by the ModelRegistry contract.
type ModelRegistryNotRegistrant struct {
	Model [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRegistrant(bytes32 model)
func ModelRegistryNotRegistrantErrorID() common.Hash {
	return common.HexToHash("0x25c98f45f9ef92ded7c8f6476e5e6ef6155af804d48e1293a963fad255817118")
}

// UnpackNotRegistrantError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRegistrant(bytes32 model)
func (modelRegistry *ModelRegistry) UnpackNotRegistrantError(raw []byte) (*ModelRegistryNotRegistrant, error) {
	out := new(ModelRegistryNotRegistrant)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "NotRegistrant", raw); err != nil {
		return nil, err
	}
	return out, nil
}
