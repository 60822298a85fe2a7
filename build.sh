#!/usr/bin/env bash
# copyspot's one entry point.
#
#   ./build.sh            set up what is missing, build everything, serve the demo on 127.0.0.1
#   ./build.sh setup      install what a fresh machine lacks (wasm32 target, pinned wasm-bindgen
#                         CLI, npm packages); later runs skip what is already there
#   ./build.sh build      CLI, wasm package, default reference pack; copied into extension/ and www/
#   ./build.sh test       every test: fmt, clippy, native, wasm (node)
#   ./build.sh serve      build, then serve www/ on http://127.0.0.1:${PORT:-8080}/
#   ./build.sh bench      benches: native stages (criterion), wasm under node, extraction
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

WASM_TARGET=wasm32-unknown-unknown
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
SHARED=${COPYSPOT_SHARED:-$ROOT/../shared}
OUT=$ROOT/target/copyspot
# Features Rust's wasm32 target enables by default, so wasm-opt accepts and keeps them.
WASM_FEATURES=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

step() { printf '\n== %s\n' "$*"; }

setup() {
  step "setup"
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    rustup target add "$WASM_TARGET"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (first run only, takes a few minutes)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
  echo "rust $(rustc --version | cut -d' ' -f2), $(wasm-bindgen --version), node $(node --version), $(wasm-opt --version)"
}

build_cli() {
  step "build: command line"
  cargo build --release --bin copyspot
}

build_wasm() {
  step "build: wasm package"
  cargo build --release --lib --target "$WASM_TARGET" --no-default-features
  rm -rf "$OUT/wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$OUT/wasm" --out-name copyspot \
    "target/$WASM_TARGET/release/copyspot.wasm"
  wasm-opt -Oz "${WASM_FEATURES[@]}" "$OUT/wasm/copyspot_bg.wasm" -o "$OUT/wasm/copyspot_bg.wasm"
  echo "wasm: $(wc -c < "$OUT/wasm/copyspot_bg.wasm") bytes, $(gzip -9c "$OUT/wasm/copyspot_bg.wasm" | wc -c) gzipped"
}

build_pack() {
  step "build: default reference pack"
  local inputs=(tests/fixtures/000_65db108d60c74e38.txt)
  if [ -d "$SHARED/corpus/bbc" ]; then
    inputs+=("$SHARED/corpus/bbc")
  else
    echo "note: $SHARED/corpus/bbc is absent; the default pack holds the seed original only"
  fi
  mkdir -p "$OUT/pack"
  target/release/copyspot pack build -o "$OUT/pack/default.cspk" "${inputs[@]}"
}

install_into_shells() {
  for shell in extension www; do
    rm -rf "$shell/wasm" "$shell/pack"
    cp -r "$OUT/wasm" "$shell/wasm"
    cp -r "$OUT/pack" "$shell/pack"
  done
  mkdir -p www/samples
  for seed in 000 001 002; do cp tests/fixtures/${seed}_*.txt "www/samples/$seed.txt"; done
  echo "extension (load unpacked): $ROOT/extension"
  echo "demo page: $ROOT/www"
}

build() {
  build_cli
  build_wasm
  build_pack
  install_into_shells
}

test_all() {
  step "test: formatting and lints"
  cargo fmt --all -- --check
  cargo clippy --all-targets -- -D warnings
  cargo clippy --lib --target "$WASM_TARGET" --no-default-features -- -D warnings

  step "test: native (unit, integration, doc)"
  cargo test

  step "test: wasm (wasm-bindgen-test under node)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$WASM_TARGET" --no-default-features --test wasm
}

bench() {
  step "bench: native core stages (criterion)"
  cargo bench --bench check
  step "bench: wasm under node"
  node benches/wasm.mjs
  step "bench: native extraction on the Readability test pages"
  if [ -d "$SHARED/corpus/readability-test-pages" ]; then
    target/release/copyspot eval-extraction "$SHARED/corpus/readability-test-pages"
  fi
}

serve() {
  local port=${PORT:-8080}
  step "serve"
  echo "demo: http://127.0.0.1:$port/   (Ctrl-C to stop)"
  echo "extension to load unpacked: $ROOT/extension"
  exec node tests/e2e/static-server.mjs www "$port"
}

case "${1:-all}" in
  all) setup; build; serve ;;
  setup) setup ;;
  build) setup; build ;;
  test) setup; build; test_all ;;
  serve) setup; build; serve ;;
  bench) setup; build; bench ;;
  *) echo "usage: ./build.sh [setup|build|test|serve|bench]" >&2; exit 2 ;;
esac
