# Berth: two commands on a fresh machine.
#
#   make serve   installs what is missing, builds, serves on http://127.0.0.1:8080
#   make test    installs what is missing, runs every check and test
#
# Both are idempotent: a tool already at the right version is left alone, silently.
# Tools come only from package registries: crates.io (Trunk, wasm-bindgen-cli), npm
# (binaryen's wasm-opt, playwright-core) and Debian (chromium, chromium-driver).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Cargo installs into its default root (~/.cargo/bin), never into the repository: a clean clone
# must not rebuild the tools. node_modules/.bin gives Trunk its wasm-opt.
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

TRUNK_VERSION := 0.21.14
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, or the build fails.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help serve build test tools browser-tools fmt-check clippy cargo-test lessons e2e wasm-size

help:
	@echo "make serve   build Berth and serve it on http://127.0.0.1:8080"
	@echo "make test    run every check and test (installs what is missing)"

serve: tools
	trunk serve --release

build: tools
	trunk build --release

test: tools browser-tools fmt-check clippy cargo-test lessons build wasm-size e2e

# ── what the build needs ──────────────────────────────────────────────────────────────────────
tools: node_modules/.installed
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
	@[ "$$(trunk --version 2>/dev/null)" = "trunk $(TRUNK_VERSION)" ] \
	  || cargo install --locked trunk --version $(TRUNK_VERSION)
	@# --locked can fail when the CLI's own lockfile names a crate version the registry lacks;
	@# the unlocked install then resolves afresh (see ../shared/TOOLCHAIN.md).
	@[ "$$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] \
	  || cargo install --locked wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) \
	  || cargo install --force wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium and its driver, for the browser tests. Never `npx playwright install`.
browser-tools:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

# ── checks and tests ──────────────────────────────────────────────────────────────────────────
fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --quiet --all-targets -- -D warnings
	cargo clippy --quiet --no-default-features --all-targets -- -D warnings
	cargo clippy --quiet --target wasm32-unknown-unknown --lib --bin berth-web -- -D warnings

# Both builds: the browser's (`web`, the default) and the native one `berth` uses.
cargo-test:
	cargo test
	cargo test --no-default-features

# The trainers' checker over every lesson: lint, replay, translations.
lessons:
	cargo run --quiet --no-default-features --bin berth -- lesson check

e2e:
	node --test e2e/

wasm-size:
	@wasm=$$(ls dist/*.wasm); \
	  printf 'release wasm: %s bytes raw, %s bytes gzipped (%s)\n' \
	    "$$(wc -c < $$wasm)" "$$(gzip -9 -c $$wasm | wc -c)" "$$wasm"
