#!/usr/bin/env bash
# copyspot's one entry point.
#
#   ./build.sh            set up what is missing, build everything, serve the demo on 127.0.0.1
#   ./build.sh setup      install what a fresh machine lacks (wasm32 target, pinned wasm-bindgen
#                         CLI, npm packages); later runs skip what is already there
#   ./build.sh build      CLI, wasm package, default reference pack; copied into extension/ and www/
#   ./build.sh test       every test: wording, fmt, clippy, native, wasm (node), the Python
#                         package (pytest), detection floors, a warcio-written WARC scanned, browsers
#                         (the real-page suite on every second template in Chromium, every third
#                         in Firefox)
#   ./build.sh e2e        build, then only the browser end-to-end tests (Chromium and Firefox,
#                         the real-page suite on every template in both)
#   ./build.sh python     the Python package into target/py-venv (maturin develop), then pytest
#   ./build.sh spark-test the Spark jobs (spark/) in local mode against the CLI, then their
#                         throughput against `copyspot scan` (Java from Debian, pyspark from PyPI)
#   ./build.sh fuzz [S]   every cargo-fuzz target for S seconds (default 60; nightly toolchain)
#   ./build.sh serve      build, then serve www/ on http://127.0.0.1:${PORT:-8080}/
#   ./build.sh package    dist/copyspot-chrome.zip and dist/copyspot-firefox.zip
#   ./build.sh eval       detection quality on test sets made from the BBC corpus, passage
#                         alignment on the PAN 2013 training corpus (tables + JSON)
#   ./build.sh bench      one table: native stages (criterion), wasm under node, datasketch peer,
#                         10k/100k packs, Chromium cold start (target/copyspot/bench/bench.json)
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

# Each step says when it began (seconds since the script started): where CI time goes.
step() { printf '\n== %s (at %d s)\n' "$*" "$SECONDS"; }

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
  # What the extension and the demo say about the bundled pack; dated by the last commit, so
  # the same sources give the same files.
  local sources='"The seed original (tests/fixtures)"'
  [ -d "$SHARED/corpus/bbc" ] && sources+=', "BBC News articles 2004–05 (Greene & Cunningham, research use)"'
  local built
  built=$(git log -1 --format=%cs 2>/dev/null || echo unknown)
  printf '{ "sources": [%s], "built": "%s" }\n' "$sources" "$built" > "$OUT/pack/default.json"
}

# Writes the manifest for a browser (chrome|firefox) from extension/manifest.source.json into
# folder $2; $3 is extra JSON merged on top (the e2e build's host permission).
write_manifest() {
  node --input-type=module -e '
    import { readFileSync, writeFileSync } from "node:fs";
    const [browser, folder, extra] = process.argv.slice(1);
    const source = JSON.parse(readFileSync("extension/manifest.source.json", "utf8"));
    const manifest = { ...source.common, ...source[browser], ...JSON.parse(extra || "{}") };
    writeFileSync(`${folder}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
  ' "$1" "$2" "${3:-}"
}

# A copy of extension/ for browser $1 in folder $2, without the manifest source.
stage_extension() {
  rm -rf "$2"
  mkdir -p "$2"
  cp -r extension/. "$2/"
  rm -f "$2/manifest.source.json"
  write_manifest "$1" "$2" "${3:-}"
}

install_into_shells() {
  for shell in extension www; do
    rm -rf "$shell/wasm" "$shell/pack"
    cp -r "$OUT/wasm" "$shell/wasm"
    cp -r "$OUT/pack" "$shell/pack"
  done
  write_manifest chrome extension
  mkdir -p www/samples
  for seed in 000 001 002; do cp tests/fixtures/${seed}_*.txt "www/samples/$seed.txt"; done
  cp www/samples-src/same-topic.txt www/samples/
  echo "extension (load unpacked): $ROOT/extension"
  echo "demo page: $ROOT/www"
}

build() {
  build_cli
  build_wasm
  build_pack
  install_into_shells
}

# The project's files speak of the project, not of how its work was organised.
check_wording() {
  step "test: no file speaks of work sessions or issue numbers"
  if grep -rniIE --exclude-dir=node_modules --exclude-dir=target --exclude-dir=.git \
    --exclude-dir=dist "session [0-9]|issue [0-9]" .; then
    echo "the lines above speak of sessions or issues: say what the code does instead" >&2
    return 1
  fi
}

test_all() {
  check_wording
  step "test: formatting and lints"
  cargo fmt --all -- --check
  cargo clippy --all-targets -- -D warnings
  cargo clippy --lib --test wasm --target "$WASM_TARGET" --no-default-features -- -D warnings
  cargo fmt --manifest-path python/Cargo.toml -- --check
  CARGO_TARGET_DIR="$ROOT/target" cargo clippy --manifest-path python/Cargo.toml -- -D warnings

  step "test: native (unit, integration, doc)"
  cargo test

  step "test: wasm (wasm-bindgen-test under node)"
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$WASM_TARGET" --no-default-features --test wasm

  test_python
  test_detection
  test_archives
  lint_extension
  test_browser Chromium:2,Firefox:3
}

package() {
  step "package: Chrome and Firefox zips"
  mkdir -p dist
  for browser in chrome firefox; do
    stage_extension "$browser" "$OUT/extension-$browser"
    rm -f "dist/copyspot-$browser.zip"
    (cd "$OUT/extension-$browser" && zip -qr -X "$ROOT/dist/copyspot-$browser.zip" .)
    echo "dist/copyspot-$browser.zip: $(wc -c < "dist/copyspot-$browser.zip") bytes"
  done
}

lint_extension() {
  step "test: web-ext lint (Firefox build)"
  web-ext lint --source-dir "$OUT/extension-firefox" --output text --self-hosted 2>&1 | tee "$OUT/web-ext-lint.txt"
  grep -Eq '^errors +0 *$' "$OUT/web-ext-lint.txt"
}

# Debian's Chromium and Firefox ESR for the browser tests (root on CI; skipped when present).
setup_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/firefox-esr ]; then
    step "setup: Debian chromium and firefox-esr (for the browser tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver firefox-esr
  fi
}

# The extension for `browser` (chrome or firefox) as the e2e tests load it: its pack made from
# the test references (or, with `bundled` as $2, the pack users get, in extension-real-$1 for
# the real-page suite), and the host permissions a user grants in the options page (a test
# cannot click the browser's permission prompt) for 127.0.0.1 and, as a second origin for
# frames from other sites, localhost. Firefox's WebDriver BiDi may not navigate to extension
# pages, so there the tests open the options page and the popup from a local page: only this
# test build lets 127.0.0.1 open them.
build_e2e_extension() {
  local browser=$1 pack=${2:-test}
  local dir="$OUT/extension-e2e-$browser"
  [ "$pack" = bundled ] && dir="$OUT/extension-real-$browser"
  # localhost: a second origin, for frames from other sites.
  local test_only='"host_permissions": ["http://127.0.0.1/*", "http://localhost/*"]'
  if [ "$browser" = firefox ]; then
    test_only+=', "web_accessible_resources": [{"resources": ["options/options.html", "popup/popup.html"], "matches": ["http://127.0.0.1/*"]}]'
  fi
  stage_extension "$browser" "$dir" "{$test_only}"
  [ "$pack" = bundled ] && return
  target/release/copyspot pack build -o "$dir/pack/default.cspk" tests/e2e/references.jsonl > /dev/null
  printf '{ "sources": ["the test references (tests/e2e/references.jsonl)"], "built": "%s" }\n' \
    "$(git log -1 --format=%cs 2>/dev/null || echo unknown)" > "$dir/pack/default.json"
}

# $1: which real-page templates each browser visits ("Chromium:2,Firefox:3": every second in
# Chromium, every third in Firefox; empty: all).
test_browser() {
  local sample=${1:-}
  setup_browser
  step "test: browser end-to-end (Chromium + playwright-core, Firefox ESR + puppeteer-core)"
  for browser in chrome firefox; do
    build_e2e_extension "$browser"
    build_e2e_extension "$browser" bundled
  done
  COPYSPOT_E2E_EXTENSION="$OUT/extension-e2e-chrome" COPYSPOT_E2E_FIREFOX_EXTENSION="$OUT/extension-e2e-firefox" \
    COPYSPOT_REAL_EXTENSION="$OUT/extension-real-chrome" COPYSPOT_REAL_FIREFOX_EXTENSION="$OUT/extension-real-firefox" \
    COPYSPOT_ARTIFACTS="$OUT/artifacts" COPYSPOT_SHARED="$SHARED" COPYSPOT_REAL_PAGES_SAMPLE="$sample" \
    PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 node --test --test-concurrency=1 tests/e2e/
}

# The Python package (python/: pyo3 + maturin) built into a venv of its own, its tests run
# with pytest; warcio writes the WARC they read. Builds into target/ to share dependencies.
PY_VENV=target/py-venv
test_python() {
  step "test: the Python package (maturin develop, pytest)"
  [ -x "$PY_VENV/bin/python" ] || python3 -m venv "$PY_VENV"
  "$PY_VENV/bin/python" -c 'import maturin, pytest, warcio' 2>/dev/null ||
    "$PY_VENV/bin/pip" install -q maturin==1.16.0 pytest==9.2.0 warcio==1.8.1
  (cd python && VIRTUAL_ENV="$ROOT/$PY_VENV" CARGO_TARGET_DIR="$ROOT/target" \
    "$ROOT/$PY_VENV/bin/maturin" develop -q)
  COPYSPOT_CLI="$ROOT/target/release/copyspot" "$PY_VENV/bin/python" -m pytest -q -p no:cacheprovider \
    --doctest-modules python/copyspot python/tests
}

SPARK_VENV=target/spark-venv

# Java from Debian, pyspark and the rest of spark/requirements.txt from PyPI, and the copyspot
# package built for speed, into $SPARK_VENV.
setup_spark() {
  step "setup: Java, pyspark, the copyspot package (release) for the Spark jobs"
  if ! command -v java > /dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
  fi
  [ -x "$SPARK_VENV/bin/python" ] || python3 -m venv "$SPARK_VENV"
  "$SPARK_VENV/bin/python" -c 'import pyspark, fsspec, aiohttp, maturin, pytest, warcio' 2>/dev/null ||
    "$SPARK_VENV/bin/pip" install -q -r spark/requirements.txt maturin==1.16.0 pytest==9.2.0 warcio==1.8.1
  # A target folder of its own: the root's release build and this one's, in one folder, left
  # rustc two different serde_core libraries to choose between.
  (cd python && VIRTUAL_ENV="$ROOT/$SPARK_VENV" CARGO_TARGET_DIR="$ROOT/target/python-release" \
    "$ROOT/$SPARK_VENV/bin/maturin" develop -q --release)
}

test_spark() {
  setup_spark
  step "spark-test: both jobs with spark-submit in local mode, against the CLI"
  PATH="$ROOT/$SPARK_VENV/bin:$PATH" COPYSPOT_CLI="$ROOT/target/release/copyspot" COPYSPOT_SHARED="$SHARED" \
    "$SPARK_VENV/bin/python" -m pytest -q -s -p no:cacheprovider tests/spark
  step "spark-test: throughput, spark/scan.py on local[2] against copyspot scan --jobs 2"
  local dir=$OUT/spark-bench
  mkdir -p "$dir"
  if [ ! -d "$SHARED/corpus/readability-test-pages" ]; then
    echo "SKIPPED throughput: $SHARED/corpus/readability-test-pages is absent"
    return
  fi
  # 10 files of 1,001 pages (Spark checks a file a task), and the pages' own pack.
  for n in 0 1 2 3 4 5 6 7 8 9; do
    [ -f "$dir/pages-$n.warc.gz" ] ||
      "$SPARK_VENV/bin/python" tests/sources/write-warc.py "$SHARED/corpus/readability-test-pages" "$dir/pages-$n.warc.gz" 1001 &
  done
  wait
  target/release/copyspot pack build -o "$dir/pack.cspk" "$dir/pages-0.warc.gz"
  target/release/copyspot scan --jobs 2 --pack "$dir/pack.cspk" "$dir"/pages-*.warc.gz 2>&1 > /dev/null | tail -n 1
  rm -rf "$dir/matches.parquet"
  PATH="$ROOT/$SPARK_VENV/bin:$PATH" spark-submit --master "local[2]" --conf spark.ui.enabled=false \
    spark/scan.py --pack "$dir/pack.cspk" --output "$dir/matches.parquet" "$dir"/pages-*.warc.gz 2>&1 |
    grep -a -o '[0-9]* pages of .*'
}

# The LibreOffice English thesaurus, for the evaluation's phrase spinner (skipped when present).
setup_thesaurus() {
  if [ ! -f /usr/share/mythes/th_en_US_v2.dat ]; then
    step "setup: Debian mythes-en-us (the thesaurus of the evaluation's phrase spinner)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mythes-en-us
  fi
}

# Detection quality on test sets made from the BBC corpus (tests/eval/make-sets.mjs):
# $1 pages a set, $2 seed, $3 output folder. Prints the table, writes figures.json.
run_eval() {
  local dir=$3
  if [ ! -d "$SHARED/corpus/bbc" ]; then
    echo "SKIPPED detection quality: $SHARED/corpus/bbc is absent"
    return 1
  fi
  setup_thesaurus
  node tests/eval/make-sets.mjs "$dir" "$1" "$2"
  target/release/copyspot pack build -o "$dir/pack.cspk" "$dir/pack.jsonl"
  target/release/copyspot eval --pack "$dir/pack.cspk" --json "$dir/figures.json" "$dir/sets.jsonl"
}

eval_full() {
  step "eval: detection quality, 200 pages a set"
  run_eval 200 1 "$OUT/eval"
  echo "verbatim channel only, for comparison:"
  target/release/copyspot eval --verbatim-only --pack "$OUT/eval/pack.cspk" "$OUT/eval/sets.jsonl"
  step "eval: passage alignment, every PAN 2013 training pair"
  run_alignment "" "$OUT/alignment.json" || true
}

test_detection() {
  step "test: detection quality, small run (40 pages a set)"
  if run_eval 40 7 "$OUT/eval-small"; then
    node tests/eval/check-floors.mjs "$OUT/eval-small/figures.json"
  fi
  step "test: passage alignment, the first 100 PAN 2013 training pairs of each type"
  if run_alignment 100 "$OUT/alignment-small.json"; then
    node tests/eval/check-alignment-floors.mjs "$OUT/alignment-small.json"
  fi
}

# The Readability test pages written into a WARC file by warcio (a virtual environment with the
# pinned version, made once): a pack built from it, every page scanned against that pack.
# $1 response records (default: one a page).
warc_of_pages() {
  local pages=$SHARED/corpus/readability-test-pages
  if [ ! -d "$pages" ]; then
    echo "SKIPPED WARC files: $pages is absent"
    return 1
  fi
  local venv=target/warc-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import warcio' 2>/dev/null || "$venv/bin/pip" install -q warcio==1.8.1
  "$venv/bin/python" tests/sources/write-warc.py "$pages" "$OUT/pages.warc.gz" ${1:+"$1"}
}

test_archives() {
  step "test: a WARC written by warcio: pack build and scan"
  warc_of_pages || return 0
  target/release/copyspot pack build -o "$OUT/pages.cspk" "$OUT/pages.warc.gz"
  target/release/copyspot scan --pack "$OUT/pages.cspk" "$OUT/pages.warc.gz" \
    > "$OUT/scan.jsonl" 2> "$OUT/scan.txt"
  cat "$OUT/scan.txt"
  node tests/sources/check-scan.mjs "$OUT/scan.jsonl" "$OUT/scan.txt" \
    "$(ls -d "$SHARED"/corpus/readability-test-pages/*/ | wc -l)"
}

# Passage alignment on the PAN 2013 training corpus: $1 pairs a type (empty: all), $2 JSON out.
run_alignment() {
  local corpus=$SHARED/corpus/pan13-train
  if [ ! -d "$corpus" ]; then
    echo "SKIPPED passage alignment: $corpus is absent"
    return 1
  fi
  target/release/copyspot eval-alignment ${1:+--per-type "$1"} --json "$2" "$corpus"
}

# Generated reference sets for the 10k / 100k benches (benches/make-references.mjs), built into
# packs by the CLI; skipped when the BBC corpus is absent.
bench_packs() {
  local dir=$OUT/bench
  mkdir -p "$dir"
  [ -d "$SHARED/corpus/bbc" ] || { echo "SKIPPED 10k/100k packs: $SHARED/corpus/bbc is absent"; return; }
  if [ ! -f "$dir/pack-100k.cspk" ] || [ "$dir/pack-100k.cspk" -ot target/release/copyspot ] ||
    [ "$dir/pack-100k.cspk" -ot benches/make-references.mjs ]; then
    node benches/make-references.mjs "$dir" 100000
    head -n 10000 "$dir/references.jsonl" > "$dir/references-10k.jsonl"
    target/release/copyspot pack build -o "$dir/pack-10k.cspk" "$dir/references-10k.jsonl"
    target/release/copyspot pack build -o "$dir/pack-100k.cspk" "$dir/references.jsonl"
  fi
}

# datasketch, the peer, in a virtual environment of its own (pinned).
bench_peer() {
  local venv=target/bench-venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import datasketch' 2>/dev/null || "$venv/bin/pip" install -q datasketch==1.6.5
  "$venv/bin/python" benches/peer_datasketch.py "$OUT/bench"
}

bench() {
  local dir=$OUT/bench
  step "bench: reference packs of 10k and 100k"
  bench_packs
  step "bench: native core stages (criterion)"
  COPYSPOT_BENCH_PACKS=$dir cargo bench --bench check
  step "bench: wasm under node"
  node benches/wasm.mjs "$dir"
  node benches/memory.mjs "$dir"
  step "bench: peer (datasketch MinHash + LSH)"
  bench_peer
  step "bench: worker cold start in Chromium"
  setup_browser
  build_e2e_extension chrome
  node benches/cold-start.mjs "$dir"
  step "bench: may content scripts run wasm (the DOM walk in Rust)?"
  build_e2e_extension firefox
  node benches/content-wasm.mjs "$OUT/extension-e2e-chrome" "$OUT/extension-e2e-firefox"
  step "bench: the DOM walk in JavaScript and in Rust (web-sys)"
  (cd benches/dom-walk && cargo build --release --target "$WASM_TARGET")
  wasm-bindgen --target web --no-typescript --out-dir benches/dom-walk/pkg \
    benches/dom-walk/target/$WASM_TARGET/release/dom_walk.wasm
  node benches/dom-walk.mjs
  step "bench: native extraction on the Readability test pages"
  if [ -d "$SHARED/corpus/readability-test-pages" ]; then
    target/release/copyspot eval-extraction "$SHARED/corpus/readability-test-pages"
  fi
  step "bench: copyspot scan of a 10,010-page WARC (the Readability pages repeated)"
  if warc_of_pages 10010; then
    target/release/copyspot pack build -o "$OUT/pages.cspk" "$OUT/pages.warc.gz"
    target/release/copyspot scan --pack "$OUT/pages.cspk" "$OUT/pages.warc.gz" \
      2> "$dir/scan.txt" > /dev/null
    cat "$dir/scan.txt"
  fi
  step "bench: the table"
  node benches/report.mjs "$dir"
}

# Each fuzz target for $1 seconds (default 60) with libFuzzer (cargo-fuzz, nightly). Seeds: the
# fixtures and a real pack. Prints executions and coverage; a crash leaves its input in
# fuzz/artifacts/<target>/ — copy it to fuzz/regressions/<target>/ so the tests replay it.
fuzz() {
  local seconds=${1:-60}
  command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --version 0.13.1
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  for target in pack_reader tokenize extract check; do mkdir -p "fuzz/corpus/$target"; done
  target/release/copyspot pack build -o fuzz/corpus/pack_reader/seed.cspk tests/fixtures/000_*.txt > /dev/null
  cp tests/fixtures/*.cspk fuzz/corpus/pack_reader/
  cp tests/fixtures/00*.txt fuzz/corpus/tokenize/
  cp tests/fixtures/00*.txt fuzz/corpus/check/
  cp tests/fixtures/pages/*.html fuzz/corpus/extract/
  for target in pack_reader tokenize extract check; do
    step "fuzz: $target for $seconds s"
    cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" fuzz/regressions/"$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 2>&1 |
      grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+== ERROR|SUMMARY|artifact_prefix|Test unit written)' || true
  done
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
  test) setup; build; package; test_all ;;
  e2e) setup; build; test_browser ;;
  package) setup; build; package ;;
  serve) setup; build; serve ;;
  bench) setup; build; bench ;;
  eval) setup; build_cli; eval_full ;;
  fuzz) setup; build_cli; fuzz "${2:-60}" ;;
  python) setup; build_cli; test_python ;;
  spark-test) setup; build_cli; test_spark ;;
  *) echo "usage: ./build.sh [setup|build|test|e2e|serve|bench|package|eval|python|spark-test|fuzz]" >&2; exit 2 ;;
esac
