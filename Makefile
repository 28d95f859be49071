# AI EVM rollup. Quick start: `make run`, `make test`. See README.md.
GO      ?= go
BIN     := bin
DATADIR ?= data
# AVX2 integer kernels on amd64 (Go's simd experiment). Results are
# bit-identical without it; `make test` checks both builds.
export GOEXPERIMENT ?= simd

.PHONY: all build run test vet test-unit test-portable test-arm64 bench fuzz contracts clean

all: build

build:
	$(GO) build -o $(BIN)/ ./cmd/...

# run: builds the example models into $(DATADIR)/models, prints their
# addresses, and runs the demo classifier through the engine. (The local
# devnet takes over this target when the rollup lands.)
run: build
	$(BIN)/aievm model build --out $(DATADIR)/models
	$(BIN)/aievm model run --input-hex 2a1c3f08 $(DATADIR)/models/mlp.opml
	$(BIN)/aievm model run --show 8 $(DATADIR)/models/decoder.opml

test: vet test-unit test-portable test-arm64

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt wants changes in:"; gofmt -l .; exit 1; }

test-unit:
	$(GO) test -count=1 ./...

# The same engine tests with the portable integer kernels.
test-portable:
	GOEXPERIMENT= $(GO) test -count=1 ./opml/exec

# Golden vectors and soft-float checks again as arm64 binaries under
# qemu-user: the same models, inputs and output hashes on another CPU.
QEMU_ARM64 := $(shell command -v qemu-aarch64-static || command -v qemu-aarch64)
ARM64_PKGS := opml/exec opml/softfloat opml/fmath opml/model
test-arm64:
	@if [ -z "$(QEMU_ARM64)" ]; then echo "qemu-user missing: apt-get install qemu-user-static (.ci/run does)"; exit 1; fi
	@mkdir -p $(BIN)/arm64
	@for p in $(ARM64_PKGS); do \
		GOARCH=arm64 $(GO) test -c -o $(BIN)/arm64/$$(basename $$p).test ./$$p || exit 1; done
	@for p in $(ARM64_PKGS); do \
		short=-test.short; [ $$p = opml/exec ] && short=; \
		echo "arm64 (qemu): $$p $$short"; \
		(cd $$p && $(QEMU_ARM64) $(CURDIR)/$(BIN)/arm64/$$(basename $$p).test $$short) || exit 1; done

# bench: the reference/fast table per example model, then Go benchmarks.
bench: build
	$(BIN)/aievm model bench
	$(GO) test -run '^$$' -bench . -benchtime 5x ./opml/exec

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./opml/model
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 60s ./opml/gguf
	$(GO) test -run '^$$' -fuzz FuzzFastMatchesReference -fuzztime 60s ./opml/exec
	$(GO) test -run '^$$' -fuzz FuzzArithmetic -fuzztime 60s ./opml/softfloat

contracts:
	@echo "contracts: no Solidity sources yet (they arrive with the AI EVM issue)"

clean:
	rm -rf $(BIN)
