// Builds the detection test sets of ../shared/docs/QUALITY.md from the BBC corpus, seeded:
//   node tests/eval/make-sets.mjs OUT_DIR [PER_SET] [SEED]
// Writes OUT_DIR/pack.jsonl (the references) and OUT_DIR/sets.jsonl (one page per line:
// {set, id, expect, text, clean}); `copyspot eval` scores them.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const synonyms = require('synonyms');

const [out, perSetArg = '200', seedArg = '1'] = process.argv.slice(2);
const PER_SET = Number(perSetArg);
const shared = new URL('../../../shared/corpus/', import.meta.url).pathname;
const bbc = join(shared, 'bbc');
if (!existsSync(bbc)) {
  console.log('SKIPPED detection sets: ../shared/corpus/bbc is absent');
  process.exit(0);
}

// mulberry32: small, seeded, the same everywhere.
let state = Number(seedArg) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const shuffled = (list) => list.map((x) => [random(), x]).sort((a, b) => a[0] - b[0]).map((p) => p[1]);

const articles = [];
for (const topic of ['business', 'entertainment', 'politics', 'sport', 'tech']) {
  for (const file of readdirSync(join(bbc, topic)).sort()) {
    const text = readFileSync(join(bbc, topic, file), 'latin1').replace(/\r/g, '');
    articles.push({ id: `${topic}/${file}`, topic, title: text.split('\n')[0].trim(), text });
  }
}

// Articles that share a 20-word run with another are copies of each other (the BBC reuses
// paragraphs, and 100 texts are exact duplicates): they never serve as non-copies.
const words = (text) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
const runOwners = new Map();
for (const [index, article] of articles.entries()) {
  const w = words(article.text);
  for (let i = 0; i + 20 <= w.length; i++) {
    const key = w.slice(i, i + 20).join(' ');
    const owners = runOwners.get(key) ?? new Set();
    owners.add(index);
    runOwners.set(key, owners);
  }
}
const reuses = new Set();
for (const owners of runOwners.values()) if (owners.size > 1) owners.forEach((i) => reuses.add(i));

const heldApart = [];
const inPack = [];
articles.forEach((article, index) => ((index % 5 === 0 && !reuses.has(index) ? heldApart : inPack).push(article)));

// Page chrome from real pages: the lines of a Readability test page that are not its article.
const chromes = [];
const pagesDir = join(shared, 'readability-test-pages');
if (existsSync(pagesDir)) {
  const visible = (html) =>
    html.replace(/<(script|style|noscript|template)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, '\n')
      .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&rsquo;/g, "'").replace(/&quot;/g, '"')
      .split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l.length > 2);
  for (const name of readdirSync(pagesDir).sort()) {
    const source = join(pagesDir, name, 'source.html');
    if (!existsSync(source)) continue;
    const article = new Set(visible(readFileSync(join(pagesDir, name, 'expected.html'), 'utf8')));
    const lines = visible(readFileSync(source, 'utf8')).filter((l) => !article.has(l));
    if (lines.length > 10) chromes.push(lines.slice(0, 120));
  }
}
function wrap(text) {
  const chrome = pick(chromes);
  const cut = Math.floor(chrome.length * (0.3 + 0.4 * random()));
  return `${chrome.slice(0, cut).join('\n')}\n\n${text}\n\n${chrome.slice(cut).join('\n')}`;
}

// A contiguous run of whole sentences holding 30–100% of the article's words.
function excerpt(text) {
  const sentences = text.split('\n').slice(1).join('\n').match(/[^.!?\n]+[.!?]*["']?\s*/g) ?? [text];
  const total = words(text).length;
  const wanted = total * (0.3 + 0.7 * random());
  let start = Math.floor(random() * sentences.length);
  let taken = [];
  let count = 0;
  for (let i = start; count < wanted; i = (i + 1) % sentences.length) {
    if (i === start && taken.length) break;
    taken.push(i);
    count += words(sentences[i]).length;
  }
  taken.sort((a, b) => a - b);
  // Keep it contiguous: if the run wrapped around, start from the top instead.
  if (taken[taken.length - 1] - taken[0] + 1 !== taken.length) taken = taken.map((_, k) => k);
  return taken.map((i) => sentences[i]).join('').trim();
}

// A dictionary spinner, like the free ones: each replaceable word (in the thesaurus, not a
// function word, not a name) is swapped with probability p; plurals and -ed/-ing forms are
// looked up by their stem and the ending put back.
const FUNCTION_WORDS = new Set(('a an the and or but nor so yet of in on at to for with by from into onto upon about over under ' +
  'as than that this these those it its he she they we you i me him her them us my your his their our who whom whose which what ' +
  'is are was were be been being am has have had do does did will would shall should can could may might must not no ' +
  'there here then when where why how all any each some such own same too very just one two three').split(' '));
function spinWord(word, p) {
  if (random() >= p || FUNCTION_WORDS.has(word.toLowerCase()) || /^[A-Z]/.test(word) || /\d/.test(word)) return word;
  const forms = [[word, '']];
  for (const ending of ['s', 'es', 'ed', 'd', 'ing']) if (word.endsWith(ending)) forms.push([word.slice(0, -ending.length), ending]);
  for (const [stem, ending] of forms) {
    const entry = synonyms(stem.toLowerCase());
    if (!entry) continue;
    const options = Object.values(entry).flat().filter((s) => s !== stem.toLowerCase() && s.length > 1 && !s.includes(' '));
    if (options.length) return pick(options) + ending;
  }
  return word;
}
function spin(text, p) {
  return text.replace(/[A-Za-z]+/g, (word) => spinWord(word, p));
}

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const HOMOGLYPHS = { a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441', x: '\u0445', y: '\u0443' };
const EVASIONS = {
  'evasion-zero-width': (t) => t.replace(/\B(?=\w)/g, () => (random() < 0.3 ? pick(ZERO_WIDTH) : '')),
  'evasion-homoglyphs': (t) => t.replace(/[aeopcxy]/g, (c) => (random() < 0.5 ? HOMOGLYPHS[c] : c)),
  'evasion-soft-hyphens': (t) => t.replace(/\B(?=\w)/g, () => (random() < 0.2 ? '\u00ad' : '')),
  'evasion-nbsp': (t) => t.replace(/ /g, () => (random() < 0.5 ? '\u00a0' : ' ')),
  // The paragraphs in another order (the title stays first).
  'evasion-reordered': (t) => {
    const [title, ...paragraphs] = t.split('\n').filter((l) => l.trim());
    return [title, ...shuffled(paragraphs)].join('\n');
  },
};

// Evasions that live in the markup: the copy as an HTML page, and its clean twin.
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paragraphsOf = (text) => text.split('\n').filter((l) => l.trim()).map(escapeHtml);
const htmlPage = (body) => `<!doctype html><html><head><title>News</title></head><body><nav><a href="/">Home</a></nav><article>${body}</article><footer>Elsewhere</footer></body></html>`;
const JUNK = ['Lorem ipsum dolor sit amet consectetur adipiscing elit', 'buy cheap watches online today best prices guaranteed', 'zebra quantum marmalade tractor violin nebula'];
const HTML_EVASIONS = {
  // Every word cut into pieces, each in its own element.
  'evasion-split-elements': (text) =>
    htmlPage(paragraphsOf(text).map((p) => `<p>${p.replace(/\S+/g, (w) => (w.length > 3 ? `<span>${w.slice(0, 2)}</span><b>${w.slice(2)}</b>` : `<span>${w}</span>`))}</p>`).join('\n')),
  // One word in six shown by CSS (::before { content: attr(...) }), absent from the DOM text.
  'evasion-css-before': (text) =>
    htmlPage(`<style>i[data-w]::before { content: attr(data-w); }</style>${paragraphsOf(text).map((p) => `<p>${p.replace(/\S+/g, (w) => (random() < 1 / 6 ? `<i data-w="${w.replace(/"/g, '&quot;')}"></i>` : w))}</p>`).join('\n')}`),
  // Invisible decoy words inside the sentences.
  'evasion-decoys': (text) =>
    htmlPage(paragraphsOf(text).map((p) => `<p>${p.replace(/ /g, () => (random() < 0.1 ? ` <span style="display:none">${pick(JUNK)}</span> ` : ' '))}</p>`).join('\n')),
  // Invisible junk between the paragraphs.
  'evasion-hidden-junk': (text) =>
    htmlPage(paragraphsOf(text).map((p) => `<p>${p}</p><p style="display:none">${pick(JUNK)}</p><div hidden>${pick(JUNK)}</div>`).join('\n')),
};

function quoting(article) {
  // A same-topic held-apart article quoting one or two sentences of a pack article.
  const source = pick(inPack.filter((a) => a.topic === article.topic));
  const sentences = source.text.split('\n').slice(1).join(' ').match(/[^.!?]+[.!?]/g) ?? [];
  const count = 1 + Math.floor(random() * 2);
  const start = Math.floor(random() * Math.max(1, sentences.length - count));
  const quote = sentences.slice(start, start + count).join(' ').trim();
  const lines = article.text.split('\n');
  const at = 1 + Math.floor(random() * (lines.length - 1));
  lines.splice(at, 0, `As another report put it: "${quote}"`);
  return lines.join('\n');
}

const pages = [];
const sample = (list) => shuffled(list).slice(0, PER_SET);
for (const a of sample(inPack)) pages.push({ set: 'verbatim-whole', expect: a.id, text: a.text });
for (const a of sample(inPack)) pages.push({ set: 'verbatim-partial', expect: a.id, text: excerpt(a.text) });
if (chromes.length) {
  for (const a of sample(inPack)) pages.push({ set: 'verbatim-whole-wrapped', expect: a.id, text: wrap(a.text) });
  for (const a of sample(inPack)) pages.push({ set: 'verbatim-partial-wrapped', expect: a.id, text: wrap(excerpt(a.text)) });
}
for (const p of [0.3, 0.6, 1.0]) {
  for (const a of sample(inPack)) pages.push({ set: `spun-${p * 100}`, expect: a.id, text: spin(a.text, p) });
}
for (const a of sample(heldApart)) pages.push({ set: 'non-copy-same-topic', expect: null, text: a.text });
for (const a of sample(heldApart)) pages.push({ set: 'non-copy-quoting', expect: null, text: quoting(a) });
for (const [set, evade] of Object.entries(EVASIONS)) {
  for (const a of sample(inPack)) {
    const clean = `${set}/${a.id}/clean`;
    pages.push({ set: `${set}-clean`, id: clean, expect: a.id, text: a.text });
    pages.push({ set, expect: a.id, text: evade(a.text), clean });
  }
}

for (const [set, evade] of Object.entries(HTML_EVASIONS)) {
  for (const a of sample(inPack)) {
    const clean = `${set}/${a.id}/clean`;
    pages.push({ set: `${set}-clean`, id: clean, expect: a.id, html: true, text: htmlPage(paragraphsOf(a.text).map((p) => `<p>${p}</p>`).join('\n')) });
    pages.push({ set, expect: a.id, html: true, text: evade(a.text), clean });
  }
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'pack.jsonl'), inPack.map((a) => JSON.stringify({ id: a.id, title: a.title, url: '', text: a.text })).join('\n') + '\n');
writeFileSync(join(out, 'sets.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
console.log(`${inPack.length} references, ${heldApart.length} held apart, ${pages.length} test pages, ${chromes.length} page chromes`);
