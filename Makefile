# AI EVM rollup. `make run` starts the local node; `make test` runs the tests.
GO      ?= go
BIN     := bin
DATADIR ?= data

.PHONY: all build run test test-unit test-arm64 bench contracts fuzz vet clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

# run: builds the example models into $(DATADIR)/models and runs the demo
# inference through the engine (the full devnet arrives with the rollup).
run: build
	$(BIN)/aievm model build --out $(DATADIR)/models
	$(BIN)/aievm model run $(DATADIR)/models/mlp-iris.opml --input-hex 2a1c3f08

test: vet test-unit test-arm64

vet:
	$(GO) vet ./...

test-unit:
	$(GO) test -count=1 ./...

# Golden vectors again as an arm64 binary under qemu-user: the same model,
# input and output hashes on another architecture.
QEMU_ARM64 := $(shell command -v qemu-aarch64-static || command -v qemu-aarch64)
test-arm64:
	@if [ -z "$(QEMU_ARM64)" ]; then echo "qemu-user not installed: run 'apt-get install qemu-user-static' (.ci/run does)"; exit 1; fi
	@mkdir -p $(BIN)
	GOARCH=arm64 $(GO) test -c -o $(BIN)/opml-arm64.test ./opml/exec
	GOARCH=arm64 $(GO) test -c -o $(BIN)/softfloat-arm64.test ./opml/softfloat
	GOARCH=arm64 $(GO) test -c -o $(BIN)/fmath-arm64.test ./opml/fmath
	$(QEMU_ARM64) $(BIN)/softfloat-arm64.test -test.short
	$(QEMU_ARM64) $(BIN)/fmath-arm64.test -test.short
	cd opml/exec && $(QEMU_ARM64) ../../$(BIN)/opml-arm64.test -test.short -test.run 'Golden|FastMatchesReference' -test.v | grep -E '^(ok|PASS|FAIL|--- FAIL|    golden)' 

bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./opml/...

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 30s ./opml/model
	$(GO) test -run '^$$' -fuzz FuzzArithmetic -fuzztime 30s ./opml/softfloat

contracts:
	@echo "contracts: no Solidity sources yet (the AI EVM issue adds them)"

clean:
	rm -rf $(BIN)
