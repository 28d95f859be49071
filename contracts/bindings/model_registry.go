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
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"BadChunk\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"reason\",\"type\":\"string\"}],\"name\":\"InvalidModel\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"NotRegistrant\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"name\":\"AttestationSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"ChunkPublished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"chunks\",\"type\":\"uint256\"}],\"name\":\"ModelAvailable\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"registrant\",\"type\":\"address\"}],\"name\":\"ModelRegistered\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"CHUNK_HEIGHT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"LEAF_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MODEL_SIZE\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"attestationOf\",\"outputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"internalType\":\"structModelRegistry.Attestation\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"}],\"name\":\"chunkLayout\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"chunkHeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"chunkBytes\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"chunks\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"treeHeight\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"chunkPublishedAt\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"get\",\"outputs\":[{\"components\":[{\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"registrant\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"registeredAt\",\"type\":\"uint64\"}],\"internalType\":\"structModelRegistry.Model\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"isAvailable\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"isRegistered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"i\",\"type\":\"uint256\"}],\"name\":\"modelAt\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"}],\"name\":\"publication\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"chunks\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"published\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"completedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"publish\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"cid\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"size\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"macs\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"floatOps\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"intOps\",\"type\":\"uint64\"}],\"name\":\"register\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"model\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"inputSize\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"outputSize\",\"type\":\"uint32\"}],\"name\":\"setAttestation\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ModelRegistry",
	Bin: "0x6080604052348015600e575f5ffd5b50611ac98061001c5f395ff3fe608060405234801561000f575f5ffd5b50600436106100f0575f3560e01c806389b6f02711610093578063b174a9c411610063578063b174a9c414610227578063c0e15949146102f1578063dc5a47e7146102fa578063f1d81f141461030d575f5ffd5b806389b6f027146101ae5780638eaa6ac0146101c1578063abd62059146101e1578063ad1f411114610214575f5ffd5b80631d9efeb1116100ce5780631d9efeb11461012857806327258b221461014b578063297bb81c1461018857806373b950101461019b575f5ffd5b806304648201146100f457806306661abd14610109578063099081df14610120575b5f5ffd5b610107610102366004611431565b61033b565b005b6001545b6040519081526020015b60405180910390f35b61010d600681565b610133631000000081565b6040516001600160401b039091168152602001610117565b6101786101593660046114ba565b5f908152602081905260409020600101546001600160401b0316151590565b6040519015158152602001610117565b61010d6101963660046114d1565b610687565b61010d6101a93660046114ba565b6106a7565b6101786101bc3660046114ba565b6106cb565b6101d46101cf3660046114ba565b610707565b60405161011791906114f1565b6101f46101ef3660046115b6565b610850565b604080519485526020850193909352918301526060820152608001610117565b6101076102223660046115cf565b6108f0565b6102ab6102353660046114ba565b60408051608080820183525f80835260208084018290528385018290526060938401829052948152600285528390208351918201845280548252600101546001600160a01b0381169482019490945263ffffffff600160a01b8504811693820193909352600160c01b9093049091169082015290565b60408051825181526020808401516001600160a01b0316908201528282015163ffffffff9081169282019290925260609283015190911691810191909152608001610117565b61010d61040081565b6101076103083660046116a3565b610b60565b61032061031b3660046114ba565b610ddb565b60408051938452602084019290925290820152606001610117565b8661037d5760405163f2b451db60e01b815260206004820152600c60248201526b7a65726f206164647265737360a01b60448201526064015b60405180910390fd5b84158061038a5750608085115b156103c55760405163f2b451db60e01b815260206004820152600a6024820152690c6d2c840d8cadccee8d60b31b6044820152606401610374565b836001600160401b03165f0361040a5760405163f2b451db60e01b81526020600482015260096024820152687a65726f2073697a6560b81b6044820152606401610374565b63100000006001600160401b03851611156104685760405163f2b451db60e01b815260206004820152601a60248201527f6c6172676572207468616e204d41585f4d4f44454c5f53495a450000000000006044820152606401610374565b5f878152602081905260409020600101546001600160401b0316156104a357604051633be57b3960e11b815260048101889052602401610374565b6040518060e0016040528087878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201829052509385525050506001600160401b03808816602080850191909152878216604080860191909152878316606086015286831660808601523360a08601524390921660c0909401939093528a825291819052208151819061053e90826117a6565b50602082015160018083018054604080870151606088015160808901516001600160401b03908116600160c01b026001600160c01b03928216600160801b02929092166fffffffffffffffffffffffffffffffff938216600160401b026fffffffffffffffffffffffffffffffff19909616988216989098179490941791909116959095179490941790915560a08501516002909401805460c090960151909116600160a01b026001600160e01b03199095166001600160a01b039094169390931793909317909155815480830183555f929092527fb10e2d527612073b26eecdfd717e6a320cf44b4afac2b0732d9fcbe2b7fa0cf69091018890555187907f3ead227b7126397b4d99e71ce95fb3e938b1059ad56e2b0ba6d8eb015f7e25569061067690899089908990899089908990339061188c565b60405180910390a250505050505050565b5f8281526004602090815260408083208484529091529020545b92915050565b5f600182815481106106bb576106bb6118e1565b905f5260205f2001549050919050565b5f81815260036020526040812054600160401b90046001600160401b03168015801590610700575043816001600160401b0316105b9392505050565b6040805160e08101825260608082525f6020830181905292820183905281018290526080810182905260a0810182905260c08101919091525f8281526020819052604090819020815160e0810190925280548290829061076690611717565b80601f016020809104026020016040519081016040528092919081815260200182805461079290611717565b80156107dd5780601f106107b4576101008083540402835291602001916107dd565b820191905f5260205f20905b8154815290600101906020018083116107c057829003601f168201915b505050918352505060018201546001600160401b038082166020840152600160401b820481166040840152600160801b820481166060840152600160c01b909104811660808301526002909201546001600160a01b03811660a0830152600160a01b900490911660c09091015292915050565b5f80808080610400600161086d826001600160401b038a16611909565b610877919061191c565b610881919061192f565b90505b80826001901b10156108a2578161089a8161194e565b925050610884565b600682106108b15760066108b3565b815b9450610400851b93508360016108d2826001600160401b038a16611909565b6108dc919061191c565b6108e6919061192f565b9250509193509193565b5f878152602081905260408120600181015490916001600160401b039091169003610963576040516331deb7c960e11b815260048101899052602481018790526060604482015260146064820152731b5bd9195b081b9bdd081c9959da5cdd195c995960621b608482015260a401610374565b6001600160401b0387161580610985575063100000006001600160401b038816115b156109d5576040516331deb7c960e11b8152600481018990526024810187905260606044820152601160648201527073697a65206f7574206f662072616e676560781b608482015260a401610374565b5f6109e589898989898989610e64565b60018301549091506001600160401b03898116911614610a1e5760018201805467ffffffffffffffff19166001600160401b038a161790555b5f8981526004602090815260408083208a845290915290205415610a43575050610b57565b5f8981526004602090815260408083208a845282528083204390558b835260039091528120805490916001600160401b03909116908290610a8383611966565b91906101000a8154816001600160401b0302191690836001600160401b0316021790555050878a7f0c1ed0227708d8b3dd9189ef3be3962942761ad91724fdf6e983dfe6260e867e8989604051610adb929190611990565b60405180910390a380546001600160401b0316829003610b535780546fffffffffffffffff00000000000000001916600160401b436001600160401b0316021781556040518281528a907f3d9131333d2204c753af26de6cb321167a6927a17b8a0cea8dfd4d4bf5eab2db9060200160405180910390a25b5050505b50505050505050565b5f858152602081905260408120600181015490916001600160401b039091169003610bbf5760405163f2b451db60e01b815260206004820152600e60248201526d1b9bdd081c9959da5cdd195c995960921b6044820152606401610374565b60028101546001600160a01b03163314610bef576040516325c98f4560e01b815260048101879052602401610374565b5f868152600260205260409020600101546001600160a01b031615610c2a57604051633be57b3960e11b815260048101879052602401610374565b836001600160a01b03163b5f03610c7b5760405163f2b451db60e01b8152602060048201526014602482015273766572696669657220686173206e6f20636f646560601b6044820152606401610374565b841580610c8c575063ffffffff8316155b80610c9b575063ffffffff8216155b15610cdd5760405163f2b451db60e01b815260206004820152601160248201527032b6b83a3c9030ba3a32b9ba30ba34b7b760791b6044820152606401610374565b604080516080810182528681526001600160a01b03808716602080840191825263ffffffff808916858701908152888216606087019081525f8e815260029094529287902095518655925160019095018054935192518216600160c01b0263ffffffff60c01b1993909216600160a01b026001600160c01b0319909416959094169490941791909117169190911790555186907ffc5fbb67c08bc2bf3b295485f40cf1d5ea351f1cc39bd618771ff2949942c14690610dcb9088908890889088909384526001600160a01b0392909216602084015263ffffffff908116604084015216606082015260800190565b60405180910390a2505050505050565b5f81815260208190526040812060010154819081906001600160401b0316808203610e0f575f5f5f93509350935050610e5d565b610e1881610850565b505f888152600360209081526040918290208251808401909352546001600160401b03808216808552600160401b909204169290910182905291975090955093505050505b9193909250565b5f5f5f5f5f610e728b610850565b9350935093509350818a10610ecd576040516331deb7c960e11b8152600481018d9052602481018b9052606060448201526012606482015271696e646578206f7574206f662072616e676560701b608482015260a401610374565b81610ed98b6001611909565b10610f0057610ee8838b6119ab565b610efb906001600160401b038d1661191c565b610f02565b825b8814610f4e576040516331deb7c960e11b8152600481018d9052602481018b905260606044820152600c60648201526b0eee4dedcce40d8cadccee8d60a31b608482015260a401610374565b610f58848261191c565b8614610faa576040516331deb7c960e11b8152600481018d9052602481018b90526060604482015260126064820152710eee4dedcce40e0e4dedecc40d8cadccee8d60731b608482015260a401610374565b5f610fb68a8a8761111c565b90505f5b8781101561106b5760018c821c161561101957600160f81b898983818110610fe457610fe46118e1565b9050602002013583604051602001610ffe939291906119c2565b60405160208183030381529060405280519060200120611061565b600160f81b828a8a84818110611031576110316118e1565b9050602002013560405160200161104a939291906119c2565b604051602081830303815290604052805190602001205b9150600101610fba565b50604051600160f91b60208201526001600160c01b031960c08e901b166021820152602981018290528d90604901604051602081830303815290604052805190602001201461110b576040516331deb7c960e11b8152600481018e9052602481018c905260606044820152601e60648201527f6e6f7420696e20746865206d6f64656c2773204d65726b6c6520747265650000608482015260a401610374565b50909b9a5050505050505050505050565b5f6001821b81816001600160401b0381111561113a5761113a611703565b604051908082528060200260200182016040528015611163578160200160208202803683370190505b5090505f805b838110156112db575f61117e610400836119ab565b90505f61118d61040083611909565b90508881116111ee575f6111a382848c8e6119e4565b6040516020016111b593929190611a0b565b604051602081830303815290604052805190602001208584815181106111dd576111dd6118e1565b6020026020010181815250506112d1565b88821015611262575f6112038a84818e6119e4565b61120d8c8561191c565b6001600160401b0381111561122457611224611703565b6040519080825280601f01601f19166020018201604052801561124e576020820181803683370190505b506040516020016111b59493929190611a45565b836112b1576040805161040080825261042082019092525f91602082018180368337505060405161129893929150602001611a78565b6040516020818303038152906040528051906020012093505b838584815181106112c4576112c46118e1565b6020026020010181815250505b5050600101611169565b50825b60018111156113ab575f5b6112f460028361192f565b8110156113a257600160f81b8461130c8360026119ab565b8151811061131c5761131c6118e1565b60200260200101518583600261133291906119ab565b61133d906001611909565b8151811061134d5761134d6118e1565b6020026020010151604051602001611367939291906119c2565b6040516020818303038152906040528051906020012084828151811061138f5761138f6118e1565b60209081029190910101526001016112e9565b5060011c6112de565b50815f815181106113be576113be6118e1565b602002602001015193505050509392505050565b5f5f83601f8401126113e2575f5ffd5b5081356001600160401b038111156113f8575f5ffd5b60208301915083602082850101111561140f575f5ffd5b9250929050565b80356001600160401b038116811461142c575f5ffd5b919050565b5f5f5f5f5f5f5f60c0888a031215611447575f5ffd5b8735965060208801356001600160401b03811115611463575f5ffd5b61146f8a828b016113d2565b9097509550611482905060408901611416565b935061149060608901611416565b925061149e60808901611416565b91506114ac60a08901611416565b905092959891949750929550565b5f602082840312156114ca575f5ffd5b5035919050565b5f5f604083850312156114e2575f5ffd5b50508035926020909101359150565b602081525f825160e06020840152805180610100850152806020830161012086015e5f848201610120015260208501516001600160401b0381166040860152915060408501516001600160401b0381166060860152915060608501516001600160401b0381166080860152915060808501516001600160401b03811660a0860152915060a08501516001600160a01b03811660c0860152915060c08501516001600160401b03811660e08601529150601f01601f191692909201610120019392505050565b5f602082840312156115c6575f5ffd5b61070082611416565b5f5f5f5f5f5f5f60a0888a0312156115e5575f5ffd5b873596506115f560208901611416565b95506040880135945060608801356001600160401b03811115611616575f5ffd5b6116228a828b016113d2565b90955093505060808801356001600160401b03811115611640575f5ffd5b8801601f81018a13611650575f5ffd5b80356001600160401b03811115611665575f5ffd5b8a60208260051b8401011115611679575f5ffd5b602082019350809250505092959891949750929550565b803563ffffffff8116811461142c575f5ffd5b5f5f5f5f5f60a086880312156116b7575f5ffd5b853594506020860135935060408601356001600160a01b03811681146116db575f5ffd5b92506116e960608701611690565b91506116f760808701611690565b90509295509295909350565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061172b57607f821691505b60208210810361174957634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156117a157828211156117a157805f5260205f20601f840160051c602085101561177a57505f5b90810190601f840160051c035f5b8181101561179d575f83820155600101611788565b5050505b505050565b81516001600160401b038111156117bf576117bf611703565b6117d3816117cd8454611717565b8461174f565b6020601f821160018114611805575f83156117ee5750848201515b5f19600385901b1c1916600184901b17845561185d565b5f84815260208120601f198516915b828110156118345787850151825560209485019460019092019101611814565b508482101561185157868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b60c081525f61189f60c08301898b611864565b6001600160401b0397881660208401529587166040830152509285166060840152931660808201526001600160a01b0390921660a09092019190915292915050565b634e487b7160e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b808201808211156106a1576106a16118f5565b818103818111156106a1576106a16118f5565b5f8261194957634e487b7160e01b5f52601260045260245ffd5b500490565b5f6001820161195f5761195f6118f5565b5060010190565b5f6001600160401b0382166001600160401b038103611987576119876118f5565b60010192915050565b602081525f6119a3602083018486611864565b949350505050565b80820281158282048414176106a1576106a16118f5565b6001600160f81b03199390931683526001830191909152602182015260410190565b5f5f858511156119f2575f5ffd5b838611156119fe575f5ffd5b5050820193919092039150565b6001600160f81b031984168152818360018301375f910160010190815292915050565b5f81518060208401855e5f93019283525090919050565b6001600160f81b031985168152828460018301375f6001848301015f8152611a6d8185611a2e565b979650505050505050565b6001600160f81b0319831681525f6119a36001830184611a2e56fea2646970667358221220cf60eeb89816e17d819d0f22f45e5791c825d496fbac3f2b71d27130512275b064736f6c63430008250033",
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

// PackCHUNKHEIGHT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x099081df.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function CHUNK_HEIGHT() view returns(uint256)
func (modelRegistry *ModelRegistry) PackCHUNKHEIGHT() []byte {
	enc, err := modelRegistry.abi.Pack("CHUNK_HEIGHT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCHUNKHEIGHT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x099081df.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function CHUNK_HEIGHT() view returns(uint256)
func (modelRegistry *ModelRegistry) TryPackCHUNKHEIGHT() ([]byte, error) {
	return modelRegistry.abi.Pack("CHUNK_HEIGHT")
}

// UnpackCHUNKHEIGHT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x099081df.
//
// Solidity: function CHUNK_HEIGHT() view returns(uint256)
func (modelRegistry *ModelRegistry) UnpackCHUNKHEIGHT(data []byte) (*big.Int, error) {
	out, err := modelRegistry.abi.Unpack("CHUNK_HEIGHT", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLEAFSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc0e15949.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function LEAF_SIZE() view returns(uint256)
func (modelRegistry *ModelRegistry) PackLEAFSIZE() []byte {
	enc, err := modelRegistry.abi.Pack("LEAF_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLEAFSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc0e15949.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function LEAF_SIZE() view returns(uint256)
func (modelRegistry *ModelRegistry) TryPackLEAFSIZE() ([]byte, error) {
	return modelRegistry.abi.Pack("LEAF_SIZE")
}

// UnpackLEAFSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc0e15949.
//
// Solidity: function LEAF_SIZE() view returns(uint256)
func (modelRegistry *ModelRegistry) UnpackLEAFSIZE(data []byte) (*big.Int, error) {
	out, err := modelRegistry.abi.Unpack("LEAF_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXMODELSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d9efeb1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_MODEL_SIZE() view returns(uint64)
func (modelRegistry *ModelRegistry) PackMAXMODELSIZE() []byte {
	enc, err := modelRegistry.abi.Pack("MAX_MODEL_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXMODELSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d9efeb1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_MODEL_SIZE() view returns(uint64)
func (modelRegistry *ModelRegistry) TryPackMAXMODELSIZE() ([]byte, error) {
	return modelRegistry.abi.Pack("MAX_MODEL_SIZE")
}

// UnpackMAXMODELSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1d9efeb1.
//
// Solidity: function MAX_MODEL_SIZE() view returns(uint64)
func (modelRegistry *ModelRegistry) UnpackMAXMODELSIZE(data []byte) (uint64, error) {
	out, err := modelRegistry.abi.Unpack("MAX_MODEL_SIZE", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
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

// PackChunkLayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabd62059.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function chunkLayout(uint64 size) pure returns(uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight)
func (modelRegistry *ModelRegistry) PackChunkLayout(size uint64) []byte {
	enc, err := modelRegistry.abi.Pack("chunkLayout", size)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChunkLayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabd62059.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function chunkLayout(uint64 size) pure returns(uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight)
func (modelRegistry *ModelRegistry) TryPackChunkLayout(size uint64) ([]byte, error) {
	return modelRegistry.abi.Pack("chunkLayout", size)
}

// ChunkLayoutOutput serves as a container for the return parameters of contract
// method ChunkLayout.
type ChunkLayoutOutput struct {
	ChunkHeight *big.Int
	ChunkBytes  *big.Int
	Chunks      *big.Int
	TreeHeight  *big.Int
}

// UnpackChunkLayout is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xabd62059.
//
// Solidity: function chunkLayout(uint64 size) pure returns(uint256 chunkHeight, uint256 chunkBytes, uint256 chunks, uint256 treeHeight)
func (modelRegistry *ModelRegistry) UnpackChunkLayout(data []byte) (ChunkLayoutOutput, error) {
	out, err := modelRegistry.abi.Unpack("chunkLayout", data)
	outstruct := new(ChunkLayoutOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.ChunkHeight = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.ChunkBytes = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.Chunks = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	outstruct.TreeHeight = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackChunkPublishedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x297bb81c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function chunkPublishedAt(bytes32 model, uint256 index) view returns(uint256)
func (modelRegistry *ModelRegistry) PackChunkPublishedAt(model [32]byte, index *big.Int) []byte {
	enc, err := modelRegistry.abi.Pack("chunkPublishedAt", model, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChunkPublishedAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x297bb81c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function chunkPublishedAt(bytes32 model, uint256 index) view returns(uint256)
func (modelRegistry *ModelRegistry) TryPackChunkPublishedAt(model [32]byte, index *big.Int) ([]byte, error) {
	return modelRegistry.abi.Pack("chunkPublishedAt", model, index)
}

// UnpackChunkPublishedAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x297bb81c.
//
// Solidity: function chunkPublishedAt(bytes32 model, uint256 index) view returns(uint256)
func (modelRegistry *ModelRegistry) UnpackChunkPublishedAt(data []byte) (*big.Int, error) {
	out, err := modelRegistry.abi.Unpack("chunkPublishedAt", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
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

// PackIsAvailable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89b6f027.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isAvailable(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) PackIsAvailable(model [32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("isAvailable", model)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsAvailable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x89b6f027.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isAvailable(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) TryPackIsAvailable(model [32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("isAvailable", model)
}

// UnpackIsAvailable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x89b6f027.
//
// Solidity: function isAvailable(bytes32 model) view returns(bool)
func (modelRegistry *ModelRegistry) UnpackIsAvailable(data []byte) (bool, error) {
	out, err := modelRegistry.abi.Unpack("isAvailable", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
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

// PackPublication is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1d81f14.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publication(bytes32 model) view returns(uint256 chunks, uint256 published, uint256 completedAt)
func (modelRegistry *ModelRegistry) PackPublication(model [32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("publication", model)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublication is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1d81f14.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publication(bytes32 model) view returns(uint256 chunks, uint256 published, uint256 completedAt)
func (modelRegistry *ModelRegistry) TryPackPublication(model [32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("publication", model)
}

// PublicationOutput serves as a container for the return parameters of contract
// method Publication.
type PublicationOutput struct {
	Chunks      *big.Int
	Published   *big.Int
	CompletedAt *big.Int
}

// UnpackPublication is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf1d81f14.
//
// Solidity: function publication(bytes32 model) view returns(uint256 chunks, uint256 published, uint256 completedAt)
func (modelRegistry *ModelRegistry) UnpackPublication(data []byte) (PublicationOutput, error) {
	out, err := modelRegistry.abi.Unpack("publication", data)
	outstruct := new(PublicationOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Chunks = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Published = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.CompletedAt = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackPublish is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad1f4111.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publish(bytes32 model, uint64 size, uint256 index, bytes data, bytes32[] proof) returns()
func (modelRegistry *ModelRegistry) PackPublish(model [32]byte, size uint64, index *big.Int, data []byte, proof [][32]byte) []byte {
	enc, err := modelRegistry.abi.Pack("publish", model, size, index, data, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublish is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad1f4111.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publish(bytes32 model, uint64 size, uint256 index, bytes data, bytes32[] proof) returns()
func (modelRegistry *ModelRegistry) TryPackPublish(model [32]byte, size uint64, index *big.Int, data []byte, proof [][32]byte) ([]byte, error) {
	return modelRegistry.abi.Pack("publish", model, size, index, data, proof)
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

// ModelRegistryChunkPublished represents a ChunkPublished event raised by the ModelRegistry contract.
type ModelRegistryChunkPublished struct {
	Model [32]byte
	Index *big.Int
	Data  []byte
	Raw   *types.Log // Blockchain specific contextual infos
}

const ModelRegistryChunkPublishedEventName = "ChunkPublished"

// ContractEventName returns the user-defined event name.
func (ModelRegistryChunkPublished) ContractEventName() string {
	return ModelRegistryChunkPublishedEventName
}

// UnpackChunkPublishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChunkPublished(bytes32 indexed model, uint256 indexed index, bytes data)
func (modelRegistry *ModelRegistry) UnpackChunkPublishedEvent(log *types.Log) (*ModelRegistryChunkPublished, error) {
	event := "ChunkPublished"
	if len(log.Topics) == 0 || log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ModelRegistryChunkPublished)
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

// ModelRegistryModelAvailable represents a ModelAvailable event raised by the ModelRegistry contract.
type ModelRegistryModelAvailable struct {
	Model  [32]byte
	Chunks *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const ModelRegistryModelAvailableEventName = "ModelAvailable"

// ContractEventName returns the user-defined event name.
func (ModelRegistryModelAvailable) ContractEventName() string {
	return ModelRegistryModelAvailableEventName
}

// UnpackModelAvailableEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ModelAvailable(bytes32 indexed model, uint256 chunks)
func (modelRegistry *ModelRegistry) UnpackModelAvailableEvent(log *types.Log) (*ModelRegistryModelAvailable, error) {
	event := "ModelAvailable"
	if len(log.Topics) == 0 || log.Topics[0] != modelRegistry.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ModelRegistryModelAvailable)
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
	if bytes.Equal(raw[:4], modelRegistry.abi.Errors["BadChunk"].ID.Bytes()[:4]) {
		return modelRegistry.UnpackBadChunkError(raw[4:])
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

// ModelRegistryBadChunk represents a BadChunk error raised by the ModelRegistry contract.
type ModelRegistryBadChunk struct {
	Model  [32]byte
	Index  *big.Int
	Reason string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadChunk(bytes32 model, uint256 index, string reason)
func ModelRegistryBadChunkErrorID() common.Hash {
	return common.HexToHash("0x63bd6f923d87f36af3dcb46c52d0cb318de4df6113829df30329e19111ecc529")
}

// UnpackBadChunkError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadChunk(bytes32 model, uint256 index, string reason)
func (modelRegistry *ModelRegistry) UnpackBadChunkError(raw []byte) (*ModelRegistryBadChunk, error) {
	out := new(ModelRegistryBadChunk)
	if err := modelRegistry.abi.UnpackIntoInterface(out, "BadChunk", raw); err != nil {
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
