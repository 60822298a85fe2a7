// The core's stages in wasm under Node, on the very texts the native bench measured, and the
// packs' load time: run by `./build.sh bench` (after the native bench) as
//   node benches/wasm.mjs BENCH_DIR
// Reads BENCH_DIR/text-6KB.txt, text-60KB.txt, pack-10k.cspk, pack-100k.cspk and the default
// pack; writes BENCH_DIR/wasm.json (median and p99 per stage, in microseconds) and prints it.
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import init, { Checker, countFingerprints, countWords, extractArticle } from '../target/copyspot/wasm/copyspot.js';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? join(root, 'target/copyspot/bench');
await init({ module_or_path: readFileSync(join(root, 'target/copyspot/wasm/copyspot_bg.wasm')) });

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return { n: sorted.length, median_us: at(0.5) * 1000, p99_us: at(0.99) * 1000 };
}

/** Times `run` `iterations` times after a tenth as many warm-up calls. */
function measure(iterations, run) {
  for (let i = 0; i < iterations / 10; i++) run();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

const results = {};
function record(name, s) {
  results[name] = s;
  console.log(`${name.padEnd(36)} median ${s.median_us.toFixed(1).padStart(9)} µs  p99 ${s.p99_us.toFixed(1).padStart(9)} µs  (n=${s.n})`);
}

const packs = [['2k', join(root, 'target/copyspot/pack/default.cspk')], ['10k', join(dir, 'pack-10k.cspk')], ['100k', join(dir, 'pack-100k.cspk')]]
  .filter(([, file]) => existsSync(file));
const checkers = packs.map(([name, file]) => {
  const bytes = readFileSync(file);
  const loads = [];
  let checker;
  for (let i = 0; i < 5; i++) {
    checker?.free();
    const start = performance.now();
    checker = new Checker(bytes);
    loads.push(performance.now() - start);
  }
  record(`pack load ${name}`, stats(loads));
  return [name, checker];
});

for (const [size, iterations] of [['6KB', 2000], ['60KB', 200]]) {
  const file = join(dir, `text-${size}.txt`);
  if (!existsSync(file)) {
    console.log(`SKIPPED ${size}: ${file} is absent (the native bench writes it)`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  record(`${size}/normalize+tokenize`, measure(iterations, () => countWords(text)));
  record(`${size}/text to fingerprints`, measure(iterations, () => countFingerprints(text)));
  for (const [name, checker] of checkers) {
    record(`${size}/whole check ${name}`, measure(iterations, () => checker.checkText(text)));
  }
}

const pages = join(root, '../shared/corpus/readability-test-pages');
if (existsSync(pages)) {
  const times = [];
  for (const name of readdirSync(pages).sort()) {
    const file = join(pages, name, 'source.html');
    if (!existsSync(file)) continue;
    const html = readFileSync(file, 'utf8');
    extractArticle(html); // warm
    const start = performance.now();
    extractArticle(html);
    times.push(performance.now() - start);
  }
  record('extraction per page (130 pages)', stats(times));
} else {
  console.log('SKIPPED wasm extraction: ../shared/corpus/readability-test-pages is absent');
}
writeFileSync(join(dir, 'wasm.json'), JSON.stringify(results, null, 2));
