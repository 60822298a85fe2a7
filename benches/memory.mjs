// The worker's memory, as the extension uses it: a fresh wasm instance loads the bundled pack,
// then extracts and checks each of the 130 Readability pages (`extractPage` + `checkPage`).
//   node benches/memory.mjs BENCH_DIR    (run by ./build.sh bench; writes memory.json)
// Wasm memory only grows, so its size at the end is the peak the pages needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import init, { Checker, extractPage } from '../target/copyspot/wasm/copyspot.js';
import { readabilityPages } from './corpus.mjs';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? join(root, 'target/copyspot/bench');
const { memory } = await init({ module_or_path: readFileSync(join(root, 'target/copyspot/wasm/copyspot_bg.wasm')) });
const megabytes = () => memory.buffer.byteLength / 2 ** 20;

const result = { instantiated_mb: megabytes() };
const checker = new Checker(readFileSync(join(root, 'target/copyspot/pack/default.cspk')));
result.bundled_pack_loaded_mb = megabytes();
const htmls = readabilityPages(root);
if (htmls) {
  for (const html of htmls) {
    const page = extractPage(html);
    checker.checkPage(page);
    page.free();
  }
  result.pages = htmls.length;
  result.largest_page_mb = Math.max(...htmls.map((html) => Buffer.byteLength(html))) / 2 ** 20;
  result.after_pages_mb = megabytes();
} else {
  console.log('SKIPPED the pages: ../shared/corpus/readability-test-pages is absent');
}
console.log(`wasm memory: ${Object.entries(result).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(1)}`).join(', ')}`);
writeFileSync(join(dir, 'memory.json'), JSON.stringify(result, null, 2));
