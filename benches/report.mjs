// One table from one `./build.sh bench` run: native criterion samples, wasm under Node, the
// datasketch peer, the packs and the Chromium cold start; ratios pair by pair within the run.
//   node benches/report.mjs BENCH_DIR    → prints the table, writes BENCH_DIR/bench.json
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fasterHalf } from './rounds.mjs';

const root = new URL('..', import.meta.url).pathname;
const dir = process.argv[2] ?? join(root, 'target/copyspot/bench');
const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {});

/** Criterion's samples as time per iteration (µs), in blocks of ten samples taken one after
 * another, as benches/wasm.mjs takes rounds (benches/rounds.mjs). */
function native(size, name) {
  const file = join(root, 'target/criterion', size, name, 'new/sample.json');
  if (!existsSync(file)) return null;
  const { iters, times } = readJson(file);
  const perIteration = times.map((t, i) => t / iters[i] / 1000);
  const blocks = [];
  for (let i = 0; i < perIteration.length; i += 10) blocks.push(perIteration.slice(i, i + 10));
  return fasterHalf(blocks);
}

const wasm = readJson(join(dir, 'wasm.json'));
const peer = readJson(join(dir, 'peer.json'));
const coldStart = readJson(join(dir, 'coldstart.json'));
const memory = readJson(join(dir, 'memory.json'));
const packFiles = { '2k': join(root, 'target/copyspot/pack/default.cspk'), '10k': join(dir, 'pack-10k.cspk'), '100k': join(dir, 'pack-100k.cspk') };

const rows = [];
const us = (s) => (s ? `${s.median_us.toFixed(1)} / ${s.p99_us.toFixed(1)}` : '—');
const ratio = (a, b) => (a && b ? (a.median_us / b.median_us).toFixed(2) : '—');
for (const size of ['6KB', '60KB']) {
  const floor = native(size, 'floor hash pass');
  rows.push([`${size} floor: one hash pass (crc32)`, us(floor), '—', '—', '—', '—']);
  for (const stage of ['normalize+tokenize', 'text to fingerprints']) {
    const n = native(size, stage);
    const w = wasm[`${size}/${stage}`];
    const p = stage === 'text to fingerprints' ? peer[`${size}/text to MinHash`] : null;
    rows.push([`${size} ${stage}`, us(n), us(w), ratio(w, n), p ? `${us(p)} (text→MinHash)` : '—', p ? `${ratio(p, w)}× (vs wasm)` : '—']);
  }
  for (const pack of ['2k', '10k', '100k']) {
    const lookup = native(size, `lookup ${pack}`);
    if (lookup) rows.push([`${size} pack lookup ${pack}`, us(lookup), '—', '—', pack === '2k' ? '—' : `${us(peer[`${size}/LSH query ${pack}`])} (LSH query)`, '—']);
    const n = native(size, `whole check ${pack}`);
    const w = wasm[`${size}/whole check ${pack}`];
    const p = peer[`${size}/whole check ${pack}`];
    if (n || w) rows.push([`${size} whole check ${pack}`, us(n), us(w), ratio(w, n), p ? us(p) : '—', p ? `${ratio(p, w)}× (vs wasm)` : '—']);
  }
}
const scanned = existsSync(join(dir, 'scan.txt')) ? /(\d+) pages checked.* ([\d.]+) s: (\d+) pages\/s on (\d+) threads/.exec(readFileSync(join(dir, 'scan.txt'), 'utf8')) : null;
if (scanned) rows.push([`scan: ${scanned[1]} WARC pages, extraction included (target ≥ 200 pages/s a core)`, `${scanned[3]} pages/s on ${scanned[4]} threads (${Math.round(scanned[3] / scanned[4])} a thread)`, '—', '—', '—', '—']);
const alignment = native('compare', '5000 words each');
if (alignment) rows.push(['compare: two 5,000-word texts (target ≤ 20 ms)', us(alignment), '—', '—', '—', '—']);

const packs = {};
for (const [name, file] of Object.entries(packFiles)) {
  if (!existsSync(file)) continue;
  const info = JSON.parse(execFileSync(join(root, 'target/release/copyspot'), ['pack', 'info', '--json', file], { encoding: 'utf8' }));
  packs[name] = { references: info.references, bytes: info.bytes, bytes_per_reference: Math.round(info.bytes / info.references), load: wasm[`pack load ${name}`], cold_start_ms: coldStart[`worker cold start ${name}`]?.median_ms, first_check_ms: coldStart[`first check after start ${name}`]?.median_ms, first_extraction_ms: coldStart[`first extraction after start ${name}`]?.median_ms };
}
const wasmFile = join(root, 'target/copyspot/wasm/copyspot_bg.wasm');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim()}`;

const header = ['stage (median / p99 µs)', 'native', 'wasm (node)', 'wasm ÷ native', 'datasketch', 'datasketch ÷ copyspot'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(`machine: ${machine}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log('');
console.log('| pack | references | bytes | bytes/reference | load in wasm (median ms) | worker cold start in Chromium (ms) | first page after start: extraction + check (ms) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, p] of Object.entries(packs)) {
  console.log(`| ${name} | ${p.references} | ${p.bytes} | ${p.bytes_per_reference} | ${p.load ? (p.load.median_us / 1000).toFixed(1) : '—'} | ${p.cold_start_ms?.toFixed(0) ?? '—'} | ${p.first_extraction_ms?.toFixed(1) ?? '—'} + ${p.first_check_ms?.toFixed(1) ?? '—'} |`);
}
const extraction = wasm['extraction per page'];
if (extraction) console.log(`\nextraction in wasm, 130 Readability pages: median ${(extraction.median_us / 1000).toFixed(2)} ms, p99 ${(extraction.p99_us / 1000).toFixed(2)} ms`);
console.log(`release wasm: ${readFileSync(wasmFile).length} bytes`);
if (memory.after_pages_mb) console.log(`wasm memory with the bundled pack: ${memory.instantiated_mb.toFixed(1)} MB instantiated, ${memory.bundled_pack_loaded_mb.toFixed(1)} MB with the pack loaded, ${memory.after_pages_mb.toFixed(1)} MB after extracting and checking the ${memory.pages} Readability pages (the largest ${memory.largest_page_mb.toFixed(1)} MB of HTML)`);
writeFileSync(join(dir, 'bench.json'), JSON.stringify({ machine, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), packs, extraction, wasm_bytes: readFileSync(wasmFile).length, native: Object.fromEntries(['6KB', '60KB'].flatMap((size) => ['floor hash pass', 'normalize+tokenize', 'text to fingerprints', 'lookup 2k', 'lookup 10k', 'lookup 100k', 'whole check 2k', 'whole check 10k', 'whole check 100k'].map((n) => [`${size}/${n}`, native(size, n)]))), wasm, peer, cold_start: coldStart, memory }, null, 2));
console.log(`written: ${join(dir, 'bench.json')}`);
