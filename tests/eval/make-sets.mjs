// Builds the detection test sets of ../shared/docs/QUALITY.md from the BBC corpus, seeded:
//   node tests/eval/make-sets.mjs OUT_DIR [PER_SET] [SEED]
// Writes OUT_DIR/pack.jsonl (the references) and OUT_DIR/sets.jsonl (one page per line:
// {set, id, expect, text, clean}); `copyspot eval` scores them.
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package deep-copies its whole entry on every call: look each word up once.
const synonymsOf = new Map();
const lookUpSynonyms = require('synonyms');
const synonyms = (word) => {
  if (!synonymsOf.has(word)) synonymsOf.set(word, lookUpSynonyms(word));
  return synonymsOf.get(word);
};

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

// A phrase spinner, in the style of commercial ones: a dictionary of phrases and words over
// the LibreOffice English thesaurus (mythes-en-us, WordNet-derived, 60k+ multi-word entries)
// plus the connectives, modals and prepositions such spinners swap too. The longest phrase
// found at each word is replaced with probability p; names (capitalized inside a sentence) and
// numbers are left alone, as no dictionary has them.
const MYTHES = '/usr/share/mythes/th_en_US_v2.dat';
const FUNCTION_SWAPS = {
  'however': ['nevertheless', 'yet', 'even so'], 'because': ['since', 'as', 'given that'],
  'because of': ['due to', 'owing to'], 'during': ['throughout', 'in the course of'],
  'could': ['might', 'may'], 'must': ['has to', 'needs to', 'should'], 'should': ['ought to'],
  'would': ['could', 'might'], 'will': ['is going to', 'shall'], 'can': ['is able to', 'may'],
  'in order to': ['to', 'so as to'], 'a number of': ['several', 'a few', 'some'],
  'also': ['additionally', 'furthermore', 'too'], 'but': ['however', 'yet', 'though'],
  'about': ['around', 'approximately', 'concerning'], 'after': ['following', 'once'],
  'before': ['prior to', 'ahead of'], 'while': ['whilst', 'whereas'], 'if': ['when', 'whether'],
  'although': ['though', 'even though'], 'since': ['as', 'because'], 'so': ['therefore', 'thus'],
  'with': ['along with'], 'without': ['lacking'], 'among': ['amongst', 'between'],
  'over': ['above', 'more than'], 'under': ['below', 'beneath'], 'into': ['in to'],
  'said': ['stated', 'mentioned', 'explained'], 'says': ['states', 'mentions'],
  'many': ['numerous', 'lots of'], 'more than': ['over', 'above'], 'as well as': ['along with'],
  'in addition': ['additionally', 'moreover'], 'for example': ['for instance'],
  'at least': ['no less than'], 'such as': ['like', 'including'], 'due to': ['owing to'],
  'according to': ['in accordance with', 'as stated by'], 'then': ['subsequently', 'next'],
  'very': ['extremely', 'really'], 'not': ['not really'], 'all': ['every one of'],
  'most': ['the majority of'], 'some': ['a few', 'certain'], 'now': ['at this point', 'currently'],
};
const phrases = new Map();
if (existsSync(MYTHES)) {
  const lines = readFileSync(MYTHES, 'utf8').split('\n');
  for (let i = 1; i < lines.length; ) {
    const [head, count] = lines[i].split('|');
    const senses = lines.slice(i + 1, i + 1 + Number(count));
    i += 1 + Number(count);
    if (!head || /[A-Z0-9.]/.test(head)) continue;
    // The first two senses, as spinners offer the common ones; antonyms and broader terms out.
    const options = senses.slice(0, 2).flatMap((sense) => sense.split('|').slice(1))
      .filter((o) => !/\((antonym|generic term|related term)\)/.test(o))
      .map((o) => o.replace(/ \(similar term\)$/, '')).filter((o) => o !== head && !/[A-Z0-9]/.test(o));
    if (options.length) phrases.set(head, options);
  }
}
const LONGEST_PHRASE = 4;
const ENDINGS = ['s', 'es', 'ed', 'd', 'ing'];
// Function words are swapped only by the table above: the thesaurus's senses of "a" or "has"
// (angstrom, hour angle) are not what any spinner offers.
const isFunctionWord = (word) => FUNCTION_WORDS.has(word) || /^(one|two|three|four|five|six|seven|eight|nine|ten)$/.test(word);
function phraseOptions(key, single) {
  if (Object.hasOwn(FUNCTION_SWAPS, key)) return FUNCTION_SWAPS[key];
  if (single && isFunctionWord(key)) return null;
  if (phrases.has(key)) return phrases.get(key);
  if (!single) return null;
  for (const ending of ENDINGS) {
    const stem = key.slice(0, -ending.length);
    if (!key.endsWith(ending) || stem.length < 4 || isFunctionWord(stem) || !phrases.has(stem)) continue;
    // The ending goes back on the first word of the synonym: "targets" → "aims at".
    return phrases.get(stem).map((o) => o.replace(/^\S+/, (w) => (w.endsWith(ending) ? w : w + ending)));
  }
  return null;
}
function phraseSpin(text, p) {
  const parts = text.split(/([A-Za-z][A-Za-z'-]*)/); // odd indexes are words
  let sentenceStart = true;
  for (let i = 1; i < parts.length; i += 2) {
    const startsSentence = sentenceStart || /[.!?]["']?\s*$|\n\s*$/.test(parts[i - 1]);
    sentenceStart = false;
    if (/^[A-Z]/.test(parts[i]) && !startsSentence) continue; // a name
    for (let length = LONGEST_PHRASE; length >= 1; length--) {
      const words = [];
      for (let k = 0; k < length && i + 2 * k < parts.length; k++) {
        if (k && parts[i + 2 * k - 1] !== ' ') break;
        if (k && /^[A-Z]/.test(parts[i + 2 * k])) break;
        words.push(parts[i + 2 * k]);
      }
      if (words.length !== length) continue;
      const options = phraseOptions(words.join(' ').toLowerCase(), length === 1);
      if (!options) continue;
      if (random() < p) {
        let replacement = pick(options);
        if (/^[A-Z]/.test(parts[i])) replacement = replacement[0].toUpperCase() + replacement.slice(1);
        parts[i] = replacement;
        for (let k = 1; k < length; k++) parts[i + 2 * k - 1] = parts[i + 2 * k] = '';
      }
      i += 2 * (length - 1);
      break;
    }
  }
  return parts.join('').replace(/ {2,}/g, ' ');
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

// Newswire and e-mail style: lines broken at 60–75 characters inside paragraphs, each
// paragraph indented, no blank lines between them.
function hardWrap(text) {
  const [title, ...paragraphs] = text.split('\n').filter((l) => l.trim());
  const width = 60 + Math.floor(random() * 16);
  const lines = [title, ''];
  for (const paragraph of paragraphs) {
    let line = '   ';
    for (const word of paragraph.trim().split(/\s+/)) {
      if (line.trim() && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line.trim() ? `${line} ${word}` : `${line}${word}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

// Tables of results, standings and prices: the same names and small numbers recur from one
// table to the next, which is what makes them collide.
const TEAMS = ['Arsenal', 'Chelsea', 'Manchester United', 'Everton', 'Liverpool', 'Bolton', 'Middlesbrough',
  'Charlton', 'Tottenham', 'Aston Villa', 'Newcastle', 'Manchester City', 'Birmingham', 'Portsmouth',
  'Blackburn', 'Fulham', 'West Brom', 'Crystal Palace', 'Norwich', 'Southampton'];
const COMPANIES = ['BP', 'Shell', 'Vodafone', 'Tesco', 'HSBC', 'Barclays', 'Unilever', 'GlaxoSmithKline',
  'AstraZeneca', 'BT', 'Marks and Spencer', 'Sainsbury', 'Lloyds TSB', 'Rio Tinto', 'BHP Billiton', 'Diageo',
  'Cadbury Schweppes', 'BAE Systems', 'Rolls-Royce', 'Reuters'];
const number = (below) => Math.floor(random() * below);
const TABLE_KINDS = {
  standings: (week) => [`Premiership table after week ${week}`, 'Team P W D L Pts',
    ...shuffled(TEAMS).map((team) => {
      const [w, d] = [number(week), number(week / 2)];
      const l = Math.max(0, week - w - d);
      return `${team} ${week} ${w} ${d} ${l} ${3 * w + d}`;
    })],
  results: (week) => [`Premiership results, week ${week}`,
    ...shuffled(TEAMS).reduce((rows, team, i, all) => (i % 2 ? rows : [...rows, `${team} ${number(4)} ${all[i + 1]} ${number(4)}`]), [])],
  prices: (day) => [`FTSE 100 leading shares, closing prices, day ${day}`, 'Company Price Change',
    ...shuffled(COMPANIES).map((company) => `${company} ${100 + number(900)}.${number(10)} ${random() < 0.5 ? '+' : '-'}${number(20)}.${number(10)}`)],
};
// Tables of each kind, as references (with ids) or as the non-copies' texts.
const tablesOfEachKind = () =>
  Object.entries(TABLE_KINDS).flatMap(([kind, make]) =>
    Array.from({ length: Math.max(20, PER_SET / 4) }, (_, i) => {
      const rows = make(5 + number(30));
      return { id: `table/${kind}/${i}`, topic: 'table', kind, title: rows[0], text: rows.join('\n') };
    }));
const tables = tablesOfEachKind();
const unpackedTables = tablesOfEachKind();

// A same-topic held-apart article quoting one or two sentences of a pack article (or, with
// `marked` false, taking one sentence without quotation marks).
function quoting(article, sources = inPack, marked = true) {
  const sameTopic = sources.filter((a) => a.topic === article.topic);
  const source = pick(sameTopic.length ? sameTopic : sources);
  const sentences = source.text.split('\n').slice(1).join(' ').match(/[^.!?]+[.!?]/g) ?? [];
  const count = marked ? 1 + Math.floor(random() * 2) : 1;
  const start = Math.floor(random() * Math.max(1, sentences.length - count));
  // Quotation marks inside the quotation become single ones, as a writer quoting it would make them.
  const quote = sentences.slice(start, start + count).join(' ').trim().replace(/"/g, marked ? "'" : '"');
  const lines = article.text.split('\n');
  const at = 1 + Math.floor(random() * (lines.length - 1));
  lines.splice(at, 0, marked ? `As another report put it: "${quote}"` : quote);
  return lines.join('\n');
}

// Copies are made of articles that share no 20-word run with another: of two near-identical
// stories, which one a copy "copies" is not defined. Both stay in the pack as distractors.
const reusedIds = new Set([...reuses].map((i) => articles[i].id));
const originals = inPack.filter((a) => !reusedIds.has(a.id));

// A quarter of the references are kept hard-wrapped, as they would come from a wire feed.
const wrappedIds = new Set(inPack.filter((_, i) => i % 4 === 1).map((a) => a.id));
const referenceText = (a) => (wrappedIds.has(a.id) ? hardWrap(a.text) : a.text);
const wrappedRefs = originals.filter((a) => wrappedIds.has(a.id));

const pages = [];
const sample = (list) => shuffled(list === inPack ? originals : list).slice(0, PER_SET);
for (const a of sample(inPack)) pages.push({ set: 'verbatim-whole', expect: a.id, text: a.text });
for (const a of sample(inPack)) pages.push({ set: 'verbatim-partial', expect: a.id, text: excerpt(a.text) });
if (chromes.length) {
  for (const a of sample(inPack)) pages.push({ set: 'verbatim-whole-wrapped', expect: a.id, text: wrap(a.text) });
  for (const a of sample(inPack)) pages.push({ set: 'verbatim-partial-wrapped', expect: a.id, text: wrap(excerpt(a.text)) });
}
// Spun copies, wrapped in page chrome as scrapers publish them: the mild spinner (words only,
// function words and names kept) and the phrase spinner.
const chrome = (text) => (chromes.length ? wrap(text) : text);
const spinners = [['spun', spin], ...(existsSync(MYTHES) ? [['phrase-spun', phraseSpin]] : [])];
for (const [name, spinner] of spinners) {
  for (const p of [0.3, 0.6, 1.0]) {
    for (const a of sample(inPack)) pages.push({ set: `${name}-${p * 100}`, expect: a.id, text: chrome(spinner(a.text, p)) });
  }
  for (const a of sample(inPack)) {
    pages.push({ set: `${name}-60-partial`, expect: a.id, text: chrome(spinner(excerpt(a.text), 0.6)) });
  }
}
// Copies of hard-wrapped references, as pages lay them out (one line a paragraph).
for (const a of sample(wrappedRefs)) pages.push({ set: 'hard-wrapped-reference-whole', expect: a.id, text: chrome(a.text) });
for (const a of sample(wrappedRefs)) pages.push({ set: 'hard-wrapped-reference-partial', expect: a.id, text: chrome(excerpt(a.text)) });
for (const t of sample(tables)) pages.push({ set: 'table-copy', expect: t.id, text: chrome(t.text) });

for (const a of sample(heldApart)) pages.push({ set: 'non-copy-same-topic', expect: null, text: a.text });
for (const a of sample(heldApart)) pages.push({ set: 'non-copy-quoting', expect: null, text: quoting(a) });
for (const a of sample(heldApart)) pages.push({ set: 'non-copy-quoting-hard-wrapped', expect: null, text: quoting(a, wrappedRefs) });
for (const a of sample(heldApart)) pages.push({ set: 'non-copy-sentence-unmarked', expect: null, text: quoting(a, inPack, false) });
for (const t of unpackedTables.slice(0, PER_SET)) pages.push({ set: 'non-copy-table', expect: null, text: chrome(t.text) });
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
const references = [...inPack.map((a) => ({ ...a, text: referenceText(a) })), ...tables];
writeFileSync(join(out, 'pack.jsonl'), references.map((a) => JSON.stringify({ id: a.id, title: a.title, url: '', text: a.text })).join('\n') + '\n');
writeFileSync(join(out, 'sets.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n') + '\n');
if (!existsSync(MYTHES)) console.log(`SKIPPED the phrase-spun sets: ${MYTHES} is absent (apt-get install mythes-en-us)`);
console.log(`${references.length} references (${wrappedIds.size} hard-wrapped, ${tables.length} tables), ${phrases.size} spinner phrases, ${heldApart.length} held apart, ${pages.length} test pages, ${chromes.length} page chromes`);
