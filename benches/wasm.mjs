// Stages of the wasm build under Node: extraction per page on the Readability test pages, and
// a whole check of a 6 KB article against the default pack. Run by `./build.sh bench` after
// `./build.sh build`; prints medians and p95/p99 in milliseconds.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import init, { Checker, extractArticle } from '../target/copyspot/wasm/copyspot.js';

const root = new URL('..', import.meta.url).pathname;
await init({ module_or_path: readFileSync(join(root, 'target/copyspot/wasm/copyspot_bg.wasm')) });

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function show(name, s, unit = 'ms') {
  const f = (v) => (unit === 'µs' ? (v * 1000).toFixed(1) : v.toFixed(3));
  console.log(`${name.padEnd(44)} median ${f(s.median)} ${unit}  p95 ${f(s.p95)} ${unit}  p99 ${f(s.p99)} ${unit}  (n=${s.n})`);
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
  show('wasm extraction per page (130 pages)', stats(times));
} else {
  console.log('SKIPPED wasm extraction: ../shared/corpus/readability-test-pages is absent');
}

const checker = new Checker(readFileSync(join(root, 'target/copyspot/pack/default.cspk')));
const original = readFileSync(join(root, 'tests/fixtures/000_65db108d60c74e38.txt'), 'utf8');
const spun = readFileSync(join(root, 'tests/fixtures/001_d6cec7cc6cecf5e2.txt'), 'utf8');
const article = Array.from(`${original}\n${spun}\n${original}`).slice(0, 6 * 1024).join('');
const checks = [];
for (let i = 0; i < 2000; i++) {
  const start = performance.now();
  checker.check(article, false);
  if (i >= 100) checks.push(performance.now() - start);
}
show(`wasm whole check, 6 KB text, ${checker.info().references} refs`, stats(checks), 'µs');
