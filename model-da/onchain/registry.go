package onchain

import (
	"encoding/binary"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/aievm/aievm/opml/model"
)

// ModelRegistry's storage layout (contracts/src/ModelRegistry.sol): the
// slots of its mappings. The precompile reads them from the executing
// block's state, so the contract must keep them where they are.
const (
	modelsSlot       = 0 // mapping(bytes32 => Model): slot 1 of a record packs size | macs | floatOps | intOps
	availabilitySlot = 3 // mapping(bytes32 => Availability): published | completedAt << 64
	chunkAtSlot      = 4 // mapping(bytes32 => mapping(uint256 => uint256)): block of each chunk
)

// StateReader reads one storage slot of an account (vm.StateDB.GetState).
type StateReader func(common.Address, common.Hash) common.Hash

func mappingSlot(key []byte, slot uint64) *big.Int {
	return new(big.Int).SetBytes(crypto.Keccak256(common.LeftPadBytes(key, 32), common.BigToHash(new(big.Int).SetUint64(slot)).Bytes()))
}

// SizeSlot is the slot whose low 8 bytes hold a registered model's size
// (non-zero once registered).
func SizeSlot(m model.Address) common.Hash {
	return common.BigToHash(new(big.Int).Add(mappingSlot(m[:], modelsSlot), big.NewInt(1)))
}

// AvailabilitySlot is the slot of a model's publication progress.
func AvailabilitySlot(m model.Address) common.Hash {
	return common.BigToHash(mappingSlot(m[:], availabilitySlot))
}

// ChunkSlot is the slot holding the block in which chunk i of a model was
// first published.
func ChunkSlot(m model.Address, i int) common.Hash {
	inner := mappingSlot(m[:], chunkAtSlot)
	return common.BytesToHash(crypto.Keccak256(common.BigToHash(big.NewInt(int64(i))).Bytes(), common.BigToHash(inner).Bytes()))
}

// Status is a model's record as of some block.
type Status struct {
	Size        uint64 // file bytes; 0: not registered
	Published   uint64 // chunks published so far
	CompletedAt uint64 // block of the last chunk; 0 while incomplete
}

// ReadStatus reads a model's registration and publication from the
// registry's storage.
func ReadStatus(get StateReader, registry common.Address, m model.Address) Status {
	size := get(registry, SizeSlot(m))
	av := get(registry, AvailabilitySlot(m))
	return Status{
		Size:        binary.BigEndian.Uint64(size[24:]),
		Published:   binary.BigEndian.Uint64(av[24:]),
		CompletedAt: binary.BigEndian.Uint64(av[16:24]),
	}
}

// Registered reports whether the model is registered.
func (s Status) Registered() bool { return s.Size != 0 }

// AvailableIn reports whether the precompile runs the model in block number:
// every chunk came in in an earlier block (so every node holds the receipts
// that carry them before it executes a call).
func (s Status) AvailableIn(number uint64) bool { return s.CompletedAt != 0 && s.CompletedAt < number }

// ChunkBlock returns the block in which chunk i was first published (0: not yet).
func ChunkBlock(get StateReader, registry common.Address, m model.Address, i int) uint64 {
	v := get(registry, ChunkSlot(m, i))
	if !new(big.Int).SetBytes(v[:]).IsUint64() {
		return 0
	}
	return binary.BigEndian.Uint64(v[24:])
}

// Event topics of ModelRegistry.
var (
	TopicModelRegistered = crypto.Keccak256Hash([]byte("ModelRegistered(bytes32,string,uint64,uint64,uint64,uint64,address)"))
	TopicChunkPublished  = crypto.Keccak256Hash([]byte("ChunkPublished(bytes32,uint256,bytes)"))
	TopicModelAvailable  = crypto.Keccak256Hash([]byte("ModelAvailable(bytes32,uint256)"))
)

// ParseChunk decodes a ChunkPublished log of the registry: the model, the
// chunk index and its bytes. ok is false for any other log or malformed data.
func ParseChunk(l *types.Log, registry common.Address) (m model.Address, index uint64, data []byte, ok bool) {
	if l.Address != registry || len(l.Topics) != 3 || l.Topics[0] != TopicChunkPublished {
		return m, 0, nil, false
	}
	idx := new(big.Int).SetBytes(l.Topics[2][:])
	d := l.Data // abi: offset (0x20), length, bytes
	if !idx.IsUint64() || len(d) < 64 || new(big.Int).SetBytes(d[:32]).Cmp(big.NewInt(32)) != 0 {
		return m, 0, nil, false
	}
	n := new(big.Int).SetBytes(d[32:64])
	if !n.IsUint64() || n.Uint64() > uint64(len(d)-64) {
		return m, 0, nil, false
	}
	return model.Address(l.Topics[1]), idx.Uint64(), d[64 : 64+n.Uint64()], true
}

// maxCID is ModelRegistry's bound on a CID's length.
const maxCID = 128

// ReadCID reads the IPFS CID a model was registered with from the
// registry's storage (a Solidity string in slot 0 of its record); "" if
// unregistered or malformed.
func ReadCID(get StateReader, registry common.Address, m model.Address) string {
	slot := common.BigToHash(mappingSlot(m[:], modelsSlot))
	v := get(registry, slot)
	if v[31]&1 == 0 { // short string: bytes inline, 2*len in the last byte
		n := int(v[31] / 2)
		if n > 31 {
			return ""
		}
		return string(v[:n])
	}
	l := new(big.Int).SetBytes(v[:])
	if !l.IsUint64() || (l.Uint64()-1)/2 > maxCID {
		return ""
	}
	n := int((l.Uint64() - 1) / 2)
	data := new(big.Int).SetBytes(crypto.Keccak256(slot[:]))
	out := make([]byte, 0, n)
	for i := 0; len(out) < n; i++ {
		w := get(registry, common.BigToHash(new(big.Int).Add(data, big.NewInt(int64(i)))))
		out = append(out, w[:min(32, n-len(out))]...)
	}
	return string(out)
}
