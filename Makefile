# supportkb — the two commands a new machine needs: `make run` and `make test`.
# Every target installs what it needs when it is missing (apt packages, npm packages, cargo tools).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: all build run test test-engine lint deps-build bench fmt fuzz
.PHONY: deps-desktop deps-e2e ui-deps ui-build desktop-debug test-ui test-desktop test-e2e screenshots bindings desktop-figures
.PHONY: package deps-package test-package

all: build

## System packages the engine needs to build (a C toolchain; pkg-config for -sys crates).
deps-build:
	@./scripts/ensure-apt.sh build-essential pkg-config

## Release binaries: the CLI and the desktop app (which embeds the UI built by Vite).
build: deps-build deps-desktop ui-build
	$(CARGO) build --release -p supportkb -p supportkb-desktop

## Opens the desktop window on the embedded corpus.
run: build
	./target/release/supportkb-desktop

## Every test: formatting, lints, engine tests (unit, integration, relevance, snapshots), UI unit tests,
## desktop unit tests + TypeScript bindings staleness, end-to-end tests in a real window under Xvfb, and the
## .deb built and tried (the only release build of the run).
test: deps-build lint test-engine test-ui test-desktop test-e2e test-package

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy -p supportkb --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p supportkb

test-engine:
	$(CARGO) test -p supportkb

bench:
	$(CARGO) bench -p supportkb

## Fuzzing on the stable toolchain (tests/fuzz.rs): every target for FUZZ_SECONDS each, from its seeds
## (fuzz/corpus/) and past failures (fuzz/regressions/); new failures are saved in target/fuzz-findings/.
## `make test` runs the same test for 2 s per target in the debug build (within test-engine), replaying
## both folders. FUZZ_SEED=N repeats a run; FUZZ_TARGETS=render,markdown runs only those.
FUZZ_SECONDS ?= 600
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(CARGO) test -p supportkb --release --test tests \
		fuzz::hostile_inputs -- --nocapture

fmt:
	$(CARGO) fmt --all

# ---- Desktop (src-tauri/, ui/, e2e/) -------------------------------------------------------------

## System packages for the Tauri window (WebKitGTK pulls in GTK, libsoup, the GL and font packages).
deps-desktop: deps-build
	@./scripts/ensure-apt.sh libwebkit2gtk-4.1-dev

## What the end-to-end tests need: a virtual display, WebKitWebDriver, and tauri-driver.
deps-e2e: deps-desktop
	@./scripts/ensure-apt.sh xvfb xauth webkit2gtk-driver
	@command -v tauri-driver >/dev/null || [ -x "$$HOME/.cargo/bin/tauri-driver" ] \
		|| $(CARGO) install tauri-driver --locked --version ^2

## npm packages: `npm ci` when ui/node_modules is missing or older than package-lock.json. The lock was made
## against a registry mirror that only had rollup's linux-x64 binaries, so a full registry may find its
## other optional platform packages missing from the lock; `npm install` (same pinned versions) then runs.
ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	@command -v npm >/dev/null || { echo "Node.js 20.19+ with npm is needed to build the UI" >&2; exit 2; }
	cd ui && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }
	@touch $@

ui-deps: ui/node_modules/.package-lock.json

## The UI bundle (type-checked, then built by Vite into ui/dist, which the desktop binary embeds).
ui-build: ui-deps
	cd ui && npm run build

## The desktop debug binary the end-to-end tests drive.
desktop-debug: deps-desktop ui-build
	$(CARGO) build -p supportkb-desktop

## UI unit tests (Vitest).
test-ui: ui-deps
	cd ui && npm test

## Desktop crates: lints, unit tests, and the TypeScript bindings staleness check.
test-desktop: deps-desktop ui-build
	$(CARGO) clippy -p supportkb-desktop -p supportkb-e2e --all-targets --no-deps -- -D warnings
	$(CARGO) test -p supportkb-desktop

## End-to-end tests: the real app in a real WebKitGTK window under Xvfb, driven through WebDriver.
## Saves screenshots of the main views to e2e-artifacts/screenshots/ (untracked).
test-e2e: desktop-debug deps-e2e
	PATH="$$HOME/.cargo/bin:$$PATH" xvfb-run -a -s "-screen 0 1280x800x24" \
		$(CARGO) test -p supportkb-e2e -- --test-threads=1

## Refreshes the README's screenshots (docs/screenshots/) from an e2e run.
screenshots: desktop-debug deps-e2e
	PATH="$$HOME/.cargo/bin:$$PATH" SUPPORTKB_SCREENSHOTS="$(CURDIR)/docs/screenshots" \
		xvfb-run -a -s "-screen 0 1280x800x24" \
		$(CARGO) test -p supportkb-e2e --test desktop main_journeys -- --test-threads=1

## Regenerates ui/src/bindings/ from the Rust types and ui/src/fixtures/engine.json (the engine's answers the
## UI's unit tests read) from the engine.
bindings: deps-desktop ui-build
	UPDATE_BINDINGS=1 $(CARGO) test -p supportkb-desktop bindings
	UPDATE_FIXTURES=1 $(CARGO) test -p supportkb --test tests ui_fixtures

## Desktop figures for docs/benchmarks.md: start time, keystroke-to-paint latency, idle memory vs an
## empty Tauri 2 window (release builds).
desktop-figures: build deps-e2e
	$(CARGO) build --release -p supportkb-desktop --example empty_window
	PATH="$$HOME/.cargo/bin:$$PATH" xvfb-run -a -s "-screen 0 1280x800x24" \
		$(CARGO) run --release -p supportkb-e2e --bin desktop-figures

# ---- Packages (.deb, .rpm) --------------------------------------------------------------------------

PACKAGE_FILES := target/package-files
BUNDLE_DIR := target/release/bundle

## The .deb and .rpm in target/release/bundle/{deb,rpm}: the desktop app with its launcher entry, icons and
## the supportkb:// scheme, the supportkb CLI in /usr/bin, its man pages and bash/zsh/fish completions
## (written by the CLI from its clap definitions). The Tauri bundler (npm @tauri-apps/cli, offline)
## packages the release binaries of `make build`, which are built once.
package: build
	rm -rf $(PACKAGE_FILES) $(BUNDLE_DIR)/deb $(BUNDLE_DIR)/rpm
	./target/release/supportkb package-files $(PACKAGE_FILES)
	gzip -9n $(PACKAGE_FILES)/man/*.1
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --bundles deb,rpm
	@ls -l $(BUNDLE_DIR)/deb/*.deb $(BUNDLE_DIR)/rpm/*.rpm

## What the package test runs: man, a virtual display, xdotool (waits for the window), desktop-file-validate,
## a D-Bus session (a second launch hands its link to the first).
deps-package: deps-desktop
	@./scripts/ensure-apt.sh man-db xvfb xauth xdotool desktop-file-utils dbus

## Builds the packages and tries the .deb in a temporary root (scripts/test-package.sh).
test-package: package deps-package
	./scripts/test-package.sh $(BUNDLE_DIR)
