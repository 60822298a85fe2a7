// The core's stages in wasm under Node, on the very texts the native bench measured, and the
// packs' load time: run by `./build.sh bench` (after the native bench) as
//   node benches/wasm.mjs BENCH_DIR
// Reads BENCH_DIR/text-6KB.txt, text-60KB.txt, pack-10k.cspk, pack-100k.cspk and the default
// pack; writes BENCH_DIR/wasm.json (median and p99 per stage, in microseconds) and prints it.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readabilityPages } from './corpus.mjs';
import { fasterHalf, stats } from './rounds.mjs';
import init, { Checker, countFingerprints, countWords, extractArticle } from '../target/copyspot/wasm/copyspot.js';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? join(root, 'target/copyspot/bench');
await init({ module_or_path: readFileSync(join(root, 'target/copyspot/wasm/copyspot_bg.wasm')) });

/** Rounds per stage, taken in turn with the other stages' (benches/rounds.mjs says why). */
const ROUNDS = 20;

/** Times each stage's `run` `iterations` times in all, in ROUNDS rounds a third of a second
 * apart, each after a tenth as many warm-up calls: steady state, not the first call after an
 * idle spell (the cold start is measured in Chromium, benches/cold-start.mjs). */
async function measureInTurn(stages) {
  const rounds = stages.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    stages.forEach(({ iterations, run }, stage) => {
      for (let i = 0; i < iterations / ROUNDS / 10; i++) run();
      const samples = [];
      for (let i = 0; i < iterations / ROUNDS; i++) {
        const start = performance.now();
        run();
        samples.push(performance.now() - start);
      }
      rounds[stage].push(samples);
    });
  }
  stages.forEach(({ name }, stage) => record(name, fasterHalf(rounds[stage], 1000)));
}

const results = {};
function record(name, s) {
  results[name] = s;
  const all = s.all_rounds_median_us === undefined ? '' : `  all rounds' median ${s.all_rounds_median_us.toFixed(1)} µs`;
  console.log(`${name.padEnd(36)} median ${s.median_us.toFixed(1).padStart(9)} µs  p99 ${s.p99_us.toFixed(1).padStart(9)} µs  (n=${s.n})${all}`);
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
  record(`pack load ${name}`, stats(loads, 1000));
  return [name, checker];
});

for (const [size, iterations] of [['6KB', 2000], ['60KB', 200]]) {
  const file = join(dir, `text-${size}.txt`);
  if (!existsSync(file)) {
    console.log(`SKIPPED ${size}: ${file} is absent (the native bench writes it)`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  await measureInTurn([
    { name: `${size}/normalize+tokenize`, iterations, run: () => countWords(text) },
    { name: `${size}/text to fingerprints`, iterations, run: () => countFingerprints(text) },
    ...checkers.map(([name, checker]) => ({ name: `${size}/whole check ${name}`, iterations, run: () => checker.checkText(text) })),
  ]);
}

const htmls = readabilityPages(root);
if (htmls) {
  htmls.forEach((html) => extractArticle(html)); // warm
  // Each page's fastest of ROUNDS / 2 passes over all of them (see ROUNDS).
  const times = htmls.map(() => Infinity);
  for (let pass = 0; pass < ROUNDS / 2; pass++) {
    htmls.forEach((html, page) => {
      const start = performance.now();
      extractArticle(html);
      times[page] = Math.min(times[page], performance.now() - start);
    });
  }
  record('extraction per page', stats(times, 1000));
} else {
  console.log('SKIPPED wasm extraction: ../shared/corpus/readability-test-pages is absent');
}
writeFileSync(join(dir, 'wasm.json'), JSON.stringify(results, null, 2));
