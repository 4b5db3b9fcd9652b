# piiscan — common tasks. `make test` is what CI runs (.ci/run).
GO      ?= go
PKGS    ?= ./...
TOOLS   := $(CURDIR)/.tools/bin
STATICCHECK_VERSION := v0.8.2

.PHONY: all build sample test test-short test-race lint bench fuzz clean

all: build

# The engine's widest loops use Go's experimental SIMD package (AVX-512,
# chosen at run time; other CPUs and builds without the experiment run the
# portable loops). Release builds and the benchmark turn it on; SIMD= turns
# it off. They are static (CGO_ENABLED=0): one binary for every Linux, and
# no dynamic loader at start-up.
SIMD ?= simd

build:
	CGO_ENABLED=0 GOEXPERIMENT=$(SIMD) $(GO) build -trimpath -o bin/piiscan ./cmd/piiscan

# The first of the README's two quick-start commands, for convenience.
sample:
	$(GO) run ./cmd/piiscan scan testcorpus/sample

# Unit, fuzz-seed, accuracy and end-to-end tests. The end-to-end tests need
# MinIO and the KMS test server; scripts/with-test-servers.sh installs (once,
# cached) and starts them on 127.0.0.1 and stops them afterwards.
# The engine, the decoders and the scanner run a second time built with the
# SIMD loops.
test:
	scripts/with-test-servers.sh $(GO) test -count=1 $(PKGS)
	GOEXPERIMENT=simd $(GO) test -count=1 ./detectors/... ./sources ./scanner/...

# The race detector over the packages that run goroutines (no servers needed).
RACE_PKGS ?= ./scanner ./findings/... ./jobs ./daemon ./sources/s3source
test-race:
	$(GO) test -race -count=1 $(RACE_PKGS)

# Without the servers: the end-to-end tests skip (they fail under CI=true).
test-short:
	$(GO) test -count=1 $(PKGS)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) mod tidy -diff || { echo 'go.mod or go.sum is not tidy: run go mod tidy'; exit 1; }
	$(GO) vet $(PKGS)
	@test -x $(TOOLS)/staticcheck || GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(TOOLS)/staticcheck $(PKGS)
	GOEXPERIMENT=simd $(GO) vet ./detectors/... ./sources/...
	GOEXPERIMENT=simd $(TOOLS)/staticcheck ./detectors/... ./sources/...
	@# The code and its tests build for the other systems Go runs on.
	GOOS=windows $(GO) vet $(PKGS)
	GOOS=darwin $(GO) vet $(PKGS)

# The benchmark table (throughput against ripgrep and the raw read rate).
bench:
	bench/run.sh

# A short coverage-guided run of every fuzz target (seeds also run in `make test`).
FUZZTIME ?= 15s
fuzz:
	@for pkg in $$($(GO) list $(PKGS)); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin .tools
