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

// KVCompletionMetaData contains all meta data concerning the KVCompletion contract.
var KVCompletionMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"models_\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint256[]\",\"name\":\"layers_\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256\",\"name\":\"positions_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"dim_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"kvWidth_\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"vocab_\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"eos_\",\"type\":\"uint32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"tokens\",\"type\":\"uint256\"}],\"name\":\"Finished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"Started\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"token\",\"type\":\"uint32\"}],\"name\":\"Token\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"CONTEXT_FULL\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"END_OF_TEXT\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_POSITIONS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_STAGES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_TOKENS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_WIDTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RUNNING\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"count\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"dim\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eos\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"generated\",\"outputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"},{\"internalType\":\"uint8\",\"name\":\"stop\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"kvWidth\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"tokens\",\"type\":\"uint32[]\"}],\"name\":\"nextToken\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"token\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"positions\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stages\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"models\",\"type\":\"bytes32[]\"},{\"internalType\":\"uint256[]\",\"name\":\"layers\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32[]\",\"name\":\"prompt\",\"type\":\"uint32[]\"},{\"internalType\":\"uint32\",\"name\":\"maxTokens\",\"type\":\"uint32\"}],\"name\":\"start\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"n\",\"type\":\"uint256\"}],\"name\":\"step\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"appended\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"vocab\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "KVCompletion",
	Bin: "0x610120604052348015610010575f5ffd5b5060405161204438038061204483398101604081905261002f91610422565b5f875111801561004157506040875111155b61009e5760405162461bcd60e51b8152602060048201526024808201527f4b56436f6d706c6574696f6e3a203120746f204d41585f5354414745532073746044820152636167657360e01b60648201526084015b60405180910390fd5b86518651146100fd5760405162461bcd60e51b815260206004820152602560248201527f4b56436f6d706c6574696f6e3a2061206c6179657220636f756e742070657220604482015264737461676560d81b6064820152608401610095565b5f8511801561010e57506110008511155b6101665760405162461bcd60e51b8152602060048201526024808201527f4b56436f6d706c6574696f6e3a20706f736974696f6e73206f7574206f662072604482015263616e676560e01b6064820152608401610095565b5f841180156101785750620100008411155b801561018357505f83115b80156101925750620100008311155b6101de5760405162461bcd60e51b815260206004820181905260248201527f4b56436f6d706c6574696f6e3a207769647468206f7574206f662072616e67656044820152606401610095565b5f8263ffffffff161180156101fd5750637fffffff63ffffffff831611155b6102495760405162461bcd60e51b815260206004820181905260248201527f4b56436f6d706c6574696f6e3a20766f636162206f7574206f662072616e67656044820152606401610095565b5f5b86518110156102f9575f8782815181106102675761026761051c565b6020026020010151118015610297575061010087828151811061028c5761028c61051c565b602002602001015111155b6102f15760405162461bcd60e51b815260206004820152602560248201527f4b56436f6d706c6574696f6e3a203120746f20323536206c6179657273206120604482015264737461676560d81b6064820152608401610095565b60010161024b565b505f6103058882610530565b5060016103128782610530565b5060809490945260a09290925260c05263ffffffff90811660e0521661010052506105d09050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156103765761037661033a565b604052919050565b5f6001600160401b038211156103965761039661033a565b5060051b60200190565b5f82601f8301126103af575f5ffd5b81516103c26103bd8261037e565b61034e565b8082825260208201915060208360051b8601019250858311156103e3575f5ffd5b602085015b838110156104005780518352602092830192016103e8565b5095945050505050565b805163ffffffff8116811461041d575f5ffd5b919050565b5f5f5f5f5f5f5f60e0888a031215610438575f5ffd5b87516001600160401b0381111561044d575f5ffd5b8801601f81018a1361045d575f5ffd5b805161046b6103bd8261037e565b8082825260208201915060208360051b85010192508c83111561048c575f5ffd5b6020840193505b828410156104ae578351825260209384019390910190610493565b60208c0151909a50925050506001600160401b038111156104cd575f5ffd5b6104d98a828b016103a0565b60408a015160608b015160808c015192995090975095509350610500905060a0890161040a565b915061050e60c0890161040a565b905092959891949750929550565b634e487b7160e01b5f52603260045260245ffd5b81516001600160401b038111156105495761054961033a565b680100000000000000008111156105625761056261033a565b81548183558082101561059657825f528160205f20018282035f5b81811015610592575f8382015560010161057d565b5050505b50602083016105aa835f9081526020902090565b5f5b838110156105c8578251828201556020909201916001016105ac565b505050505050565b60805160a05160c05160e051610100516119dc6106685f395f818161016d015261079201525f81816101c4015281816104810152610aed01525f818161021201528181610c5301528181610cbc0152610e7801525f81816102a3015281816111db015261121b01525f81816101eb01528181610380015281816108a101528181610a5701528181610cdd0152610f9101526119dc5ff3fe608060405234801561000f575f5ffd5b5060043610610111575f3560e01c8063c10b5a121161009e578063e04023c71161006e578063e04023c714610259578063f47c84c51461027a578063f7b24e0814610282578063fd9ff22f1461028b578063fe4cc4781461029e575f5ffd5b8063c10b5a121461020d578063c3ea1f1314610234578063c620033f14610247578063df5e769514610251575f5ffd5b8063913cf5ca116100e4578063913cf5ca1461016857806395be797f146101a4578063a38cdb25146101ac578063aba37ec0146101bf578063ba5b7982146101e6575f5ffd5b806306661abd1461011557806347d20373146101315780634af355a2146101475780637aaeced714610160575b5f5ffd5b61011e60035481565b6040519081526020015b60405180910390f35b6101396102c5565b6040516101289291906114dd565b61014e5f81565b60405160ff9091168152602001610128565b61014e600381565b61018f7f000000000000000000000000000000000000000000000000000000000000000081565b60405163ffffffff9091168152602001610128565b61014e600281565b61011e6101ba3660046115b9565b610373565b61018f7f000000000000000000000000000000000000000000000000000000000000000081565b61011e7f000000000000000000000000000000000000000000000000000000000000000081565b61011e7f000000000000000000000000000000000000000000000000000000000000000081565b61011e61024236600461160c565b61059f565b61011e6201000081565b61011e604081565b61026c61026736600461162c565b6108f4565b604051610128929190611643565b61014e600181565b61011e61100081565b61018f610299366004611699565b610a4a565b61011e7f000000000000000000000000000000000000000000000000000000000000000081565b6060805f60018180548060200260200160405190810160405280929190818152602001828054801561031457602002820191905f5260205f20905b815481526020019060010190808311610300575b505050505091508080548060200260200160405190810160405280929190818152602001828054801561036457602002820191905f5260205f20905b815481526020019060010190808311610350575b50505050509050915091509091565b5f82158015906103a357507f00000000000000000000000000000000000000000000000000000000000000008311155b61040f5760405162461bcd60e51b815260206004820152603260248201527f4b56436f6d706c6574696f6e3a2070726f6d7074206d757374206265203120746044820152716f20706f736974696f6e7320746f6b656e7360701b60648201526084015b60405180910390fd5b5f8263ffffffff16116104755760405162461bcd60e51b815260206004820152602860248201527f4b56436f6d706c6574696f6e3a206d6178546f6b656e73206d75737420626520604482015267706f73697469766560c01b6064820152608401610406565b5f5b838110156104f8577f000000000000000000000000000000000000000000000000000000000000000063ffffffff168585838181106104b8576104b86116d8565b90506020020160208101906104cd91906116ec565b63ffffffff16106104f05760405162461bcd60e51b81526004016104069061170e565b600101610477565b5060038054905f6105088361176c565b909155505f818152600260205260409020805463ffffffff8581166401000000000267ffffffffffffffff199092169087161717815590915060018101610550858783611836565b50336001600160a01b0316827f3eaea548f4defa056c772a3cd716a903e19b4100a1845a0a3b6612f60b2ce5da87878760405161058f93929190611908565b60405180910390a3509392505050565b5f60035483106105f15760405162461bcd60e51b815260206004820181905260248201527f4b56436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e6044820152606401610406565b5f8381526002602052604090208054600160401b900460ff16156106505760405162461bcd60e51b815260206004820152601660248201527512d590dbdb5c1b195d1a5bdb8e88199a5b9a5cda195960521b6044820152606401610406565b5f5f61065a610ba1565b600185015491935091505f5b81610672826001611961565b10156106cf576106bc8484876001018481548110610692576106926116d8565b905f5260205f2090600891828204019190066004029054906101000a900463ffffffff1684610e60565b50806106c78161176c565b915050610666565b505f5b86861080156106ea57508454600160401b900460ff16155b156108e9575f8611801561071f5750620186a0610708603f83611974565b6107129083611961565b61071c9190611961565b5a105b6108e9575f5a90505f61078186868960010160018861073e9190611993565b8154811061074e5761074e6116d8565b5f918252602090912060088204015460079091166004026101000a900463ffffffff1661077c600189611993565b610e60565b90505a61078e9083611993565b92507f000000000000000000000000000000000000000000000000000000000000000063ffffffff168163ffffffff16036107d6576107cf8a886002611140565b50506108e9565b6001878101805491820181555f908152602081206008830401805460079093166004026101000a63ffffffff818102199094168585169190910217905588549091166108218661176c565b955061082d9086611993565b90508a7f17fd61d2cc04b58d0daa9f80e76c0f14575f6aa788e5db2cfff5cd6cec6ad69861085c600184611993565b6040805191825263ffffffff861660208301520160405180910390a28754640100000000900463ffffffff16810361089f5761089a8b896001611140565b6108d3565b7f00000000000000000000000000000000000000000000000000000000000000008511156108d3576108d38b896003611140565b50505085806108e19061176c565b9650506106d2565b505050505092915050565b60605f60035483106109485760405162461bcd60e51b815260206004820181905260248201527f4b56436f6d706c6574696f6e3a206e6f207375636820636f6d706c6574696f6e6044820152606401610406565b5f8381526002602052604090208054600182015461096c9163ffffffff1690611993565b67ffffffffffffffff81111561098457610984611784565b6040519080825280602002602001820160405280156109ad578160200160208202803683370190505b5092505f5b8351811015610a3657815460018301906109d390839063ffffffff16611961565b815481106109e3576109e36116d8565b905f5260205f2090600891828204019190066004029054906101000a900463ffffffff16848281518110610a1957610a196116d8565b63ffffffff909216602092830291909101909101526001016109b2565b50549193600160401b90920460ff16925050565b5f8115801590610a7a57507f00000000000000000000000000000000000000000000000000000000000000008211155b610ad25760405162461bcd60e51b815260206004820152602360248201527f4b56436f6d706c6574696f6e3a203120746f20706f736974696f6e7320746f6b604482015262656e7360e81b6064820152608401610406565b5f5f610adc610ba1565b90925090505f5b84811015610b98577f000000000000000000000000000000000000000000000000000000000000000063ffffffff16868683818110610b2457610b246116d8565b9050602002016020810190610b3991906116ec565b63ffffffff1610610b5c5760405162461bcd60e51b81526004016104069061170e565b610b8e8383888885818110610b7357610b736116d8565b9050602002016020810190610b8891906116ec565b84610e60565b9350600101610ae3565b50505092915050565b5f5460609081908067ffffffffffffffff811115610bc157610bc1611784565b604051908082528060200260200182016040528015610bf457816020015b6060815260200190600190039081610bdf5790505b5092508067ffffffffffffffff811115610c1057610c10611784565b604051908082528060200260200182016040528015610c4357816020015b6060815260200190600190039081610c2e5790505b5091505f5b81811015610e5a575f7f000000000000000000000000000000000000000000000000000000000000000060018381548110610c8557610c856116d8565b905f5260205f2001546008610c9a9190611798565b610ca49190611798565b610cad836111c1565b610cb79190611961565b90505f7f00000000000000000000000000000000000000000000000000000000000000007f000000000000000000000000000000000000000000000000000000000000000060018581548110610d0f57610d0f6116d8565b905f5260205f2001546008610d249190611798565b610d2e9190611798565b610d389190611798565b610d418461120f565b610d4c906040611961565b610d57906004611961565b610d619190611961565b67ffffffffffffffff811115610d7957610d79611784565b6040519080825280601f01601f191660200182016040528015610da3576020820181803683370190505b5090505f5f8481548110610db957610db96116d8565b905f5260205f200154905080602083015282604083015281878581518110610de357610de36116d8565b60200260200101819052508267ffffffffffffffff811115610e0757610e07611784565b6040519080825280601f01601f191660200182016040528015610e31576020820181803683370190505b50868581518110610e4457610e446116d8565b6020908102919091010152505050600101610c48565b50509091565b5f5f60018651610e709190611993565b90505f610e9e7f00000000000000000000000000000000000000000000000000000000000000006004611798565b9050610ec5875f81518110610eb557610eb56116d8565b6020026020010151604087611241565b5f5b8281116110ef575f888281518110610ee157610ee16116d8565b602002602001015190505f888381518110610efe57610efe6116d8565b602002602001015190505f610f128461120f565b610f1d906040611961565b9050610f2a83828a611241565b610f348383611335565b5f610f3e856111c1565b90505f5b60018681548110610f5557610f556116d8565b905f5260205f2001546002610f6a9190611798565b811015610fed57610fe584610f7f8984611798565b610f899085611961565b878a8e610fb67f000000000000000000000000000000000000000000000000000000000000000088611798565b610fc09190611961565b610fca9190611798565b610fd5886004611961565b610fdf9190611961565b8b611458565b600101610f42565b508685101561102c57611027835f8e611007896001611961565b81518110611017576110176116d8565b6020026020010151604085611458565b6110d8565b601883600381518110611041576110416116d8565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b60108460028151811061106f5761106f6116d8565b602001015160f81c60f81b60f81c60ff1663ffffffff16901b60088560018151811061109d5761109d6116d8565b0160200151865160f89190911c90911b9086905f906110be576110be6116d8565b016020015160f81c17171797506111389650505050505050565b5050505080806110e79061176c565b915050610ec7565b5060405162461bcd60e51b815260206004820152601960248201527f4b56436f6d706c6574696f6e3a20756e726561636861626c65000000000000006044820152606401610406565b949350505050565b815460ff8216600160401b0268ff000000000000000019821681178455600184015485927f5f779636907af2eced15b7f0715abeb9b4f262d82085bc73416e1382dae17ce59285926111a09263ffffffff92831692169190911790611993565b6040805160ff909316835260208301919091520160405180910390a2505050565b5f80546111d090600190611993565b8214611206576112017f00000000000000000000000000000000000000000000000000000000000000006004611798565b611209565b60045b92915050565b5f8115611206576112017f00000000000000000000000000000000000000000000000000000000000000006004611798565b8060f81b838381518110611257576112576116d8565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960f082901b1683611288846001611961565b81518110611298576112986116d8565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e882901b16836112c9846002611961565b815181106112d9576112d96116d8565b60200101906001600160f81b03191690815f1a9053506001600160f81b031960e082901b168361130a846003611961565b8151811061131a5761131a6116d8565b60200101906001600160f81b03191690815f1a905350505050565b5f60a190505f5f5f5f865160208801865afa91503d90508161135c57604051815f823e8181fd5b8351611369906020611961565b81146113dd5760405162461bcd60e51b815260206004820152603c60248201527f4b56436f6d706c6574696f6e3a206e6f20696e666572656e636520707265636f60448201527f6d70696c652c206f722061206d616c666f726d6564206f7574707574000000006064820152608401610406565b5f60205f5f3e505f51845160208087013e845181146114505760405162461bcd60e51b815260206004820152602960248201527f4b56436f6d706c6574696f6e3a206d616c666f726d656420707265636f6d70696044820152681b19481bdd5d1c1d5d60ba1b6064820152608401610406565b505050505050565b84516114648286611961565b1115801561147c575082516114798284611961565b11155b6114c85760405162461bcd60e51b815260206004820181905260248201527f4b56436f6d706c6574696f6e3a20636f7079206f7574206f6620626f756e64736044820152606401610406565b808460208701018360208601015e5050505050565b604080825283519082018190525f9060208501906060840190835b818110156115165783518352602093840193909201916001016114f8565b5050838103602080860191909152855180835291810192508501905f5b81811015611551578251845260209384019390920191600101611533565b50919695505050505050565b5f5f83601f84011261156d575f5ffd5b50813567ffffffffffffffff811115611584575f5ffd5b6020830191508360208260051b850101111561159e575f5ffd5b9250929050565b63ffffffff811681146115b6575f5ffd5b50565b5f5f5f604084860312156115cb575f5ffd5b833567ffffffffffffffff8111156115e1575f5ffd5b6115ed8682870161155d565b9094509250506020840135611601816115a5565b809150509250925092565b5f5f6040838503121561161d575f5ffd5b50508035926020909101359150565b5f6020828403121561163c575f5ffd5b5035919050565b604080825283519082018190525f9060208501906060840190835b8181101561168257835163ffffffff1683526020938401939092019160010161165e565b5050809250505060ff831660208301529392505050565b5f5f602083850312156116aa575f5ffd5b823567ffffffffffffffff8111156116c0575f5ffd5b6116cc8582860161155d565b90969095509350505050565b634e487b7160e01b5f52603260045260245ffd5b5f602082840312156116fc575f5ffd5b8135611707816115a5565b9392505050565b6020808252602a908201527f4b56436f6d706c6574696f6e3a20746f6b656e20696420706173742074686520604082015269766f636162756c61727960b01b606082015260800190565b634e487b7160e01b5f52601160045260245ffd5b5f6001820161177d5761177d611758565b5060010190565b634e487b7160e01b5f52604160045260245ffd5b808202811582820484141761120957611209611758565b600160401b8211156117c3576117c3611784565b805482825580831015611825576007830160031c825f528060205f2001601c8560021b168015611802575f19820180545f198360200360031b1c168155505b50816007840160031c0391505f5b82811015611450575f82820155600101611810565b505050565b5f8135611209816115a5565b67ffffffffffffffff83111561184e5761184e611784565b61185883826117af565b5f8181526020902082908460031c5f5b818110156118c0575f5f5b60088110156118b3576118a26118888761182a565b63ffffffff908116600584901b90811b91901b1984161790565b602096909601959150600101611873565b5083820155600101611868565b5060071986168087038188146118fe575f5f5b828110156118f8576118e76118888861182a565b6020979097019691506001016118d3565b50848401555b5050505050505050565b604080825281018390525f8460608301825b8681101561194757823561192d816115a5565b63ffffffff1682526020928301929091019060010161191a565b50809250505063ffffffff83166020830152949350505050565b8082018082111561120957611209611758565b5f8261198e57634e487b7160e01b5f52601260045260245ffd5b500490565b818103818111156112095761120961175856fea2646970667358221220b95f79293ec6c75a9dbbf3e7430825de8e34c0d6624ec5b0f0c50ac100e5766d64736f6c63430008250033",
}

// KVCompletion is an auto generated Go binding around an Ethereum contract.
type KVCompletion struct {
	abi abi.ABI
}

// NewKVCompletion creates a new instance of KVCompletion.
func NewKVCompletion() *KVCompletion {
	parsed, err := KVCompletionMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &KVCompletion{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *KVCompletion) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(bytes32[] models_, uint256[] layers_, uint256 positions_, uint256 dim_, uint256 kvWidth_, uint32 vocab_, uint32 eos_) returns()
func (kVCompletion *KVCompletion) PackConstructor(models_ [][32]byte, layers_ []*big.Int, positions_ *big.Int, dim_ *big.Int, kvWidth_ *big.Int, vocab_ uint32, eos_ uint32) []byte {
	enc, err := kVCompletion.abi.Pack("", models_, layers_, positions_, dim_, kvWidth_, vocab_, eos_)
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
func (kVCompletion *KVCompletion) PackCONTEXTFULL() []byte {
	enc, err := kVCompletion.abi.Pack("CONTEXT_FULL")
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
func (kVCompletion *KVCompletion) TryPackCONTEXTFULL() ([]byte, error) {
	return kVCompletion.abi.Pack("CONTEXT_FULL")
}

// UnpackCONTEXTFULL is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7aaeced7.
//
// Solidity: function CONTEXT_FULL() view returns(uint8)
func (kVCompletion *KVCompletion) UnpackCONTEXTFULL(data []byte) (uint8, error) {
	out, err := kVCompletion.abi.Unpack("CONTEXT_FULL", data)
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
func (kVCompletion *KVCompletion) PackENDOFTEXT() []byte {
	enc, err := kVCompletion.abi.Pack("END_OF_TEXT")
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
func (kVCompletion *KVCompletion) TryPackENDOFTEXT() ([]byte, error) {
	return kVCompletion.abi.Pack("END_OF_TEXT")
}

// UnpackENDOFTEXT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95be797f.
//
// Solidity: function END_OF_TEXT() view returns(uint8)
func (kVCompletion *KVCompletion) UnpackENDOFTEXT(data []byte) (uint8, error) {
	out, err := kVCompletion.abi.Unpack("END_OF_TEXT", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMAXPOSITIONS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7b24e08.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_POSITIONS() view returns(uint256)
func (kVCompletion *KVCompletion) PackMAXPOSITIONS() []byte {
	enc, err := kVCompletion.abi.Pack("MAX_POSITIONS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXPOSITIONS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7b24e08.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_POSITIONS() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackMAXPOSITIONS() ([]byte, error) {
	return kVCompletion.abi.Pack("MAX_POSITIONS")
}

// UnpackMAXPOSITIONS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf7b24e08.
//
// Solidity: function MAX_POSITIONS() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackMAXPOSITIONS(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("MAX_POSITIONS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXSTAGES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf5e7695.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_STAGES() view returns(uint256)
func (kVCompletion *KVCompletion) PackMAXSTAGES() []byte {
	enc, err := kVCompletion.abi.Pack("MAX_STAGES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXSTAGES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdf5e7695.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_STAGES() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackMAXSTAGES() ([]byte, error) {
	return kVCompletion.abi.Pack("MAX_STAGES")
}

// UnpackMAXSTAGES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdf5e7695.
//
// Solidity: function MAX_STAGES() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackMAXSTAGES(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("MAX_STAGES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXTOKENS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf47c84c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_TOKENS() view returns(uint8)
func (kVCompletion *KVCompletion) PackMAXTOKENS() []byte {
	enc, err := kVCompletion.abi.Pack("MAX_TOKENS")
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
func (kVCompletion *KVCompletion) TryPackMAXTOKENS() ([]byte, error) {
	return kVCompletion.abi.Pack("MAX_TOKENS")
}

// UnpackMAXTOKENS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf47c84c5.
//
// Solidity: function MAX_TOKENS() view returns(uint8)
func (kVCompletion *KVCompletion) UnpackMAXTOKENS(data []byte) (uint8, error) {
	out, err := kVCompletion.abi.Unpack("MAX_TOKENS", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMAXWIDTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc620033f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_WIDTH() view returns(uint256)
func (kVCompletion *KVCompletion) PackMAXWIDTH() []byte {
	enc, err := kVCompletion.abi.Pack("MAX_WIDTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXWIDTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc620033f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_WIDTH() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackMAXWIDTH() ([]byte, error) {
	return kVCompletion.abi.Pack("MAX_WIDTH")
}

// UnpackMAXWIDTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc620033f.
//
// Solidity: function MAX_WIDTH() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackMAXWIDTH(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("MAX_WIDTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackRUNNING is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4af355a2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function RUNNING() view returns(uint8)
func (kVCompletion *KVCompletion) PackRUNNING() []byte {
	enc, err := kVCompletion.abi.Pack("RUNNING")
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
func (kVCompletion *KVCompletion) TryPackRUNNING() ([]byte, error) {
	return kVCompletion.abi.Pack("RUNNING")
}

// UnpackRUNNING is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4af355a2.
//
// Solidity: function RUNNING() view returns(uint8)
func (kVCompletion *KVCompletion) UnpackRUNNING(data []byte) (uint8, error) {
	out, err := kVCompletion.abi.Unpack("RUNNING", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06661abd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function count() view returns(uint256)
func (kVCompletion *KVCompletion) PackCount() []byte {
	enc, err := kVCompletion.abi.Pack("count")
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
func (kVCompletion *KVCompletion) TryPackCount() ([]byte, error) {
	return kVCompletion.abi.Pack("count")
}

// UnpackCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06661abd.
//
// Solidity: function count() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackCount(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("count", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe4cc478.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function dim() view returns(uint256)
func (kVCompletion *KVCompletion) PackDim() []byte {
	enc, err := kVCompletion.abi.Pack("dim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe4cc478.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function dim() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackDim() ([]byte, error) {
	return kVCompletion.abi.Pack("dim")
}

// UnpackDim is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfe4cc478.
//
// Solidity: function dim() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackDim(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("dim", data)
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
func (kVCompletion *KVCompletion) PackEos() []byte {
	enc, err := kVCompletion.abi.Pack("eos")
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
func (kVCompletion *KVCompletion) TryPackEos() ([]byte, error) {
	return kVCompletion.abi.Pack("eos")
}

// UnpackEos is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x913cf5ca.
//
// Solidity: function eos() view returns(uint32)
func (kVCompletion *KVCompletion) UnpackEos(data []byte) (uint32, error) {
	out, err := kVCompletion.abi.Unpack("eos", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackGenerated is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe04023c7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function generated(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (kVCompletion *KVCompletion) PackGenerated(id *big.Int) []byte {
	enc, err := kVCompletion.abi.Pack("generated", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGenerated is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe04023c7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function generated(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (kVCompletion *KVCompletion) TryPackGenerated(id *big.Int) ([]byte, error) {
	return kVCompletion.abi.Pack("generated", id)
}

// GeneratedOutput serves as a container for the return parameters of contract
// method Generated.
type GeneratedOutput struct {
	Tokens []uint32
	Stop   uint8
}

// UnpackGenerated is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe04023c7.
//
// Solidity: function generated(uint256 id) view returns(uint32[] tokens, uint8 stop)
func (kVCompletion *KVCompletion) UnpackGenerated(data []byte) (GeneratedOutput, error) {
	out, err := kVCompletion.abi.Unpack("generated", data)
	outstruct := new(GeneratedOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Tokens = *abi.ConvertType(out[0], new([]uint32)).(*[]uint32)
	outstruct.Stop = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackKvWidth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc10b5a12.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function kvWidth() view returns(uint256)
func (kVCompletion *KVCompletion) PackKvWidth() []byte {
	enc, err := kVCompletion.abi.Pack("kvWidth")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackKvWidth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc10b5a12.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function kvWidth() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackKvWidth() ([]byte, error) {
	return kVCompletion.abi.Pack("kvWidth")
}

// UnpackKvWidth is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc10b5a12.
//
// Solidity: function kvWidth() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackKvWidth(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("kvWidth", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackNextToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfd9ff22f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextToken(uint32[] tokens) view returns(uint32 token)
func (kVCompletion *KVCompletion) PackNextToken(tokens []uint32) []byte {
	enc, err := kVCompletion.abi.Pack("nextToken", tokens)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfd9ff22f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextToken(uint32[] tokens) view returns(uint32 token)
func (kVCompletion *KVCompletion) TryPackNextToken(tokens []uint32) ([]byte, error) {
	return kVCompletion.abi.Pack("nextToken", tokens)
}

// UnpackNextToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfd9ff22f.
//
// Solidity: function nextToken(uint32[] tokens) view returns(uint32 token)
func (kVCompletion *KVCompletion) UnpackNextToken(data []byte) (uint32, error) {
	out, err := kVCompletion.abi.Unpack("nextToken", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackPositions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba5b7982.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function positions() view returns(uint256)
func (kVCompletion *KVCompletion) PackPositions() []byte {
	enc, err := kVCompletion.abi.Pack("positions")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPositions is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba5b7982.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function positions() view returns(uint256)
func (kVCompletion *KVCompletion) TryPackPositions() ([]byte, error) {
	return kVCompletion.abi.Pack("positions")
}

// UnpackPositions is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xba5b7982.
//
// Solidity: function positions() view returns(uint256)
func (kVCompletion *KVCompletion) UnpackPositions(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("positions", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackStages is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47d20373.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stages() view returns(bytes32[] models, uint256[] layers)
func (kVCompletion *KVCompletion) PackStages() []byte {
	enc, err := kVCompletion.abi.Pack("stages")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStages is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x47d20373.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stages() view returns(bytes32[] models, uint256[] layers)
func (kVCompletion *KVCompletion) TryPackStages() ([]byte, error) {
	return kVCompletion.abi.Pack("stages")
}

// StagesOutput serves as a container for the return parameters of contract
// method Stages.
type StagesOutput struct {
	Models [][32]byte
	Layers []*big.Int
}

// UnpackStages is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x47d20373.
//
// Solidity: function stages() view returns(bytes32[] models, uint256[] layers)
func (kVCompletion *KVCompletion) UnpackStages(data []byte) (StagesOutput, error) {
	out, err := kVCompletion.abi.Unpack("stages", data)
	outstruct := new(StagesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Models = *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	outstruct.Layers = *abi.ConvertType(out[1], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackStart is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa38cdb25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function start(uint32[] prompt, uint32 maxTokens) returns(uint256 id)
func (kVCompletion *KVCompletion) PackStart(prompt []uint32, maxTokens uint32) []byte {
	enc, err := kVCompletion.abi.Pack("start", prompt, maxTokens)
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
func (kVCompletion *KVCompletion) TryPackStart(prompt []uint32, maxTokens uint32) ([]byte, error) {
	return kVCompletion.abi.Pack("start", prompt, maxTokens)
}

// UnpackStart is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa38cdb25.
//
// Solidity: function start(uint32[] prompt, uint32 maxTokens) returns(uint256 id)
func (kVCompletion *KVCompletion) UnpackStart(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("start", data)
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
func (kVCompletion *KVCompletion) PackStep(id *big.Int, n *big.Int) []byte {
	enc, err := kVCompletion.abi.Pack("step", id, n)
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
func (kVCompletion *KVCompletion) TryPackStep(id *big.Int, n *big.Int) ([]byte, error) {
	return kVCompletion.abi.Pack("step", id, n)
}

// UnpackStep is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc3ea1f13.
//
// Solidity: function step(uint256 id, uint256 n) returns(uint256 appended)
func (kVCompletion *KVCompletion) UnpackStep(data []byte) (*big.Int, error) {
	out, err := kVCompletion.abi.Unpack("step", data)
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
func (kVCompletion *KVCompletion) PackVocab() []byte {
	enc, err := kVCompletion.abi.Pack("vocab")
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
func (kVCompletion *KVCompletion) TryPackVocab() ([]byte, error) {
	return kVCompletion.abi.Pack("vocab")
}

// UnpackVocab is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaba37ec0.
//
// Solidity: function vocab() view returns(uint32)
func (kVCompletion *KVCompletion) UnpackVocab(data []byte) (uint32, error) {
	out, err := kVCompletion.abi.Unpack("vocab", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// KVCompletionFinished represents a Finished event raised by the KVCompletion contract.
type KVCompletionFinished struct {
	Id     *big.Int
	Stop   uint8
	Tokens *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const KVCompletionFinishedEventName = "Finished"

// ContractEventName returns the user-defined event name.
func (KVCompletionFinished) ContractEventName() string {
	return KVCompletionFinishedEventName
}

// UnpackFinishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Finished(uint256 indexed id, uint8 stop, uint256 tokens)
func (kVCompletion *KVCompletion) UnpackFinishedEvent(log *types.Log) (*KVCompletionFinished, error) {
	event := "Finished"
	if len(log.Topics) == 0 || log.Topics[0] != kVCompletion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(KVCompletionFinished)
	if len(log.Data) > 0 {
		if err := kVCompletion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range kVCompletion.abi.Events[event].Inputs {
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

// KVCompletionStarted represents a Started event raised by the KVCompletion contract.
type KVCompletionStarted struct {
	Id        *big.Int
	Owner     common.Address
	Prompt    []uint32
	MaxTokens uint32
	Raw       *types.Log // Blockchain specific contextual infos
}

const KVCompletionStartedEventName = "Started"

// ContractEventName returns the user-defined event name.
func (KVCompletionStarted) ContractEventName() string {
	return KVCompletionStartedEventName
}

// UnpackStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Started(uint256 indexed id, address indexed owner, uint32[] prompt, uint32 maxTokens)
func (kVCompletion *KVCompletion) UnpackStartedEvent(log *types.Log) (*KVCompletionStarted, error) {
	event := "Started"
	if len(log.Topics) == 0 || log.Topics[0] != kVCompletion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(KVCompletionStarted)
	if len(log.Data) > 0 {
		if err := kVCompletion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range kVCompletion.abi.Events[event].Inputs {
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

// KVCompletionToken represents a Token event raised by the KVCompletion contract.
type KVCompletionToken struct {
	Id    *big.Int
	Index *big.Int
	Token uint32
	Raw   *types.Log // Blockchain specific contextual infos
}

const KVCompletionTokenEventName = "Token"

// ContractEventName returns the user-defined event name.
func (KVCompletionToken) ContractEventName() string {
	return KVCompletionTokenEventName
}

// UnpackTokenEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Token(uint256 indexed id, uint256 index, uint32 token)
func (kVCompletion *KVCompletion) UnpackTokenEvent(log *types.Log) (*KVCompletionToken, error) {
	event := "Token"
	if len(log.Topics) == 0 || log.Topics[0] != kVCompletion.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(KVCompletionToken)
	if len(log.Data) > 0 {
		if err := kVCompletion.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range kVCompletion.abi.Events[event].Inputs {
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
