# supportkb — the two commands a new machine needs: `make run` and `make test`.
# Every target installs what it needs when it is missing (apt packages, npm packages, cargo tools).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: all build run test test-engine lint deps-build bench fmt

all: build

## System packages the engine needs to build (a C toolchain; pkg-config for -sys crates).
deps-build:
	@./scripts/ensure-apt.sh build-essential pkg-config

## Release binaries.
build: deps-build
	$(CARGO) build --release -p supportkb

## Opens the app on the embedded corpus.
run: build
	./target/release/supportkb interactive

## Every test: formatting, lints, engine tests (unit, integration, relevance, snapshots).
test: deps-build lint test-engine

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p supportkb --all-targets -- -D warnings

test-engine:
	$(CARGO) test -p supportkb

bench:
	$(CARGO) bench -p supportkb

fmt:
	$(CARGO) fmt --all
