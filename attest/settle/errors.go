package settle

import (
	"bytes"
	"errors"

	"github.com/aievm/aievm/contracts/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rpc"
)

// codes maps the Settlement's errors to the codes users of inference
// meshes know; the others keep their Solidity names.
var codes = map[string]string{
	"FeeExceeded":         "ERR_FEE_EXCEEDED",
	"ModelUnavailable":    "ERR_MODEL_UNAVAILABLE",
	"InsufficientBalance": "ERR_INSUFFICIENT_BALANCE",
	"QuorumFailed":        "ERR_QUORUM_FAILED",
}

var settlementABI, _ = bindings.SettlementMetaData.ParseABI()

// ErrorName is the name of the Settlement error a call or an estimate
// reverted with ("FeeExceeded", ...), or "" if err carries none.
func ErrorName(err error) string {
	var de rpc.DataError
	if err == nil || !errors.As(err, &de) {
		return ""
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return ""
	}
	data := common.FromHex(s)
	if len(data) < 4 {
		return ""
	}
	for name, e := range settlementABI.Errors {
		if bytes.Equal(e.ID[:4], data[:4]) {
			return name
		}
	}
	return ""
}

// Code is ErrorName as a mesh error code where one exists
// (ERR_FEE_EXCEEDED, ERR_MODEL_UNAVAILABLE, ERR_INSUFFICIENT_BALANCE,
// ERR_QUORUM_FAILED).
func Code(err error) string {
	n := ErrorName(err)
	if c, ok := codes[n]; ok {
		return c
	}
	return n
}
