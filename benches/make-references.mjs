// Reference sets of 10,000 and 100,000 articles for the benchmarks, made from the BBC corpus:
//   node benches/make-references.mjs OUT_DIR COUNT
// writes OUT_DIR/references.jsonl ({id, title, url, text} a line). Variant 0 of each article is
// the article itself; variant k maps every word through a bijection of the corpus vocabulary
// that only swaps words of similar frequency (bands of 16 ranks, seeded by k). So each variant
// has the length, sentence shape and word-frequency profile of a real article, but n-grams of
// its own: the packs are as big and as selective as packs of that many distinct articles.
// The first reference is seed 000 (tests/fixtures), which the bench texts and the cold-start
// page copy: at every pack size a check finds its match, as with the bundled pack.
import { createWriteStream, mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [out, countArg] = process.argv.slice(2);
const count = Number(countArg);
const bbc = new URL('../../shared/corpus/bbc', import.meta.url).pathname;
if (!out || !count) throw new Error('usage: node benches/make-references.mjs OUT_DIR COUNT');
if (!existsSync(bbc)) {
  console.log('SKIPPED: ../shared/corpus/bbc is absent');
  process.exit(0);
}

const articles = [];
for (const topic of readdirSync(bbc).filter((t) => !t.includes('.')).sort()) {
  for (const file of readdirSync(join(bbc, topic)).sort()) {
    articles.push({ id: `${topic}/${file}`, text: readFileSync(join(bbc, topic, file), 'latin1') });
  }
}

const WORD = /[A-Za-z]+/g;
const frequency = new Map();
for (const { text } of articles) {
  for (const [word] of text.matchAll(WORD)) {
    const lower = word.toLowerCase();
    frequency.set(lower, (frequency.get(lower) ?? 0) + 1);
  }
}
const vocabulary = [...frequency.keys()].sort((a, b) => frequency.get(b) - frequency.get(a) || (a < b ? -1 : 1));

/** Small seeded generator (mulberry32): the same sets on every machine. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAND = 16;
function mapping(variant) {
  const next = random(variant * 7919 + 1);
  const map = new Map();
  for (let start = 0; start < vocabulary.length; start += BAND) {
    const band = vocabulary.slice(start, start + BAND);
    const shuffled = [...band];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    band.forEach((word, i) => map.set(word, shuffled[i]));
  }
  return map;
}

mkdirSync(out, { recursive: true });
const stream = createWriteStream(join(out, 'references.jsonl'));
const seed = readFileSync(new URL('../tests/fixtures/000_65db108d60c74e38.txt', import.meta.url), 'utf8');
stream.write(`${JSON.stringify({ id: 'seed/000', title: seed.split('\n')[0], url: 'https://seed.example/000', text: seed })}\n`);
let written = 1;
for (let variant = 0; written < count; variant++) {
  const map = variant === 0 ? null : mapping(variant);
  for (const { id, text } of articles) {
    if (written === count) break;
    const body = map
      ? text.replace(WORD, (word) => {
        const swapped = map.get(word.toLowerCase());
        return word[0] === word[0].toUpperCase() ? swapped[0].toUpperCase() + swapped.slice(1) : swapped;
      })
      : text;
    const line = JSON.stringify({ id: `${id}#${variant}`, title: body.split('\n')[0], url: `https://bbc.example/${id}/${variant}`, text: body });
    if (!stream.write(`${line}\n`)) await new Promise((resolve) => stream.once('drain', resolve));
    written++;
  }
}
await new Promise((resolve) => stream.end(resolve));
console.log(`${written} references (seed 000, ${articles.length} articles, ${Math.ceil((written - 1) / articles.length)} variants) → ${join(out, 'references.jsonl')}`);
