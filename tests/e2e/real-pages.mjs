// Test pages made from real sites' markup: each of the 130 Readability test pages
// (../shared/corpus/readability-test-pages) as it is ("untouched": not a copy), and with its
// article's paragraphs replaced by a BBC article's ("copy": a scrape on a real site's chrome).
// On 20 of the templates also a spun copy (seed 001, a real spinner's output of seed 000) and a
// copy with junk words hidden by the page's stylesheet. Scripts are removed, as a scraper's
// saved page has them; everything else (styles, fonts, images, other sites' URLs) is left as
// the site wrote it. The BBC articles and seed 000 are in the bundled pack.
//
// Reading and writing the pages is cheerio's (parse5, the HTML standard's parser).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as cheerio from 'cheerio';

const shared = process.env.COPYSPOT_SHARED ?? new URL('../../../shared/', import.meta.url).pathname;
export const TEMPLATES_DIR = join(shared, 'corpus/readability-test-pages');
const BBC_DIR = join(shared, 'corpus/bbc');
const fixtures = new URL('../fixtures/', import.meta.url).pathname;

/** Why the real-page suite cannot run here, or null. */
export function missingCorpus() {
  for (const dir of [TEMPLATES_DIR, BBC_DIR]) if (!existsSync(dir)) return `${dir} is absent`;
  return null;
}

/** Templates that also get a spun copy and a copy with hidden decoys: every sixth-or-so. */
const EXTRA_EVERY = 6;
const EXTRA_COUNT = 20;

/** How the decoy pages hide their junk words, one way a page (by turns). */
const HIDINGS = [
  'display: none',
  'visibility: hidden',
  'position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0)',
  'position: absolute; left: -10000px',
  'opacity: 0',
  'font-size: 0',
];
/** Function words and names: the junk that breaks both of the core's channels if read. */
const JUNK = ['the', 'of', 'Lisbon', 'and', 'which', 'Harris', 'to', 'was'];

const flat = (text) => text.replace(/\s+/g, ' ').trim();

/** Every BBC article, by path (business/001.txt), with its title and paragraphs. */
function bbcArticles() {
  const articles = [];
  for (const topic of readdirSync(BBC_DIR).filter((name) => !name.includes('.')).sort()) {
    for (const file of readdirSync(join(BBC_DIR, topic)).sort()) {
      const lines = readFileSync(join(BBC_DIR, topic, file), 'utf8').replace(/\r/g, '').split('\n').map(flat).filter(Boolean);
      articles.push({ id: `${topic}/${file}`, title: lines[0], paragraphs: lines.slice(1) });
    }
  }
  return articles;
}

/** The paragraphs of the article block in the template `$`, found as the `<p>` elements whose
 * text is one of the paragraphs Readability extracted (`expected`), in page order. */
function articleParagraphs($, expected) {
  const wanted = new Set(
    expected('p')
      .toArray()
      .map((p) => flat(expected(p).text()))
      .filter((text) => text.length >= 30),
  );
  // Paragraphs the page hides itself (inline) would hide the copy too.
  const hidden = (p) => $(p).closest('[hidden], [style*="display:none"], [style*="display: none"]').length > 0;
  return $('body p')
    .toArray()
    .filter((p) => wanted.has(flat($(p).text())) && !hidden(p));
}

/** The innermost element holding all of `nodes`. */
function commonAncestor($, nodes) {
  let ancestor = $(nodes[0]).parent();
  while (ancestor.length && nodes.some((node) => !$.contains(ancestor[0], node))) ancestor = ancestor.parent();
  return ancestor;
}

/** The smallest element of the template whose text begins and ends as the extracted article's
 * (`expectedText`) does and holds at least as much text. */
function articleBlock($, expectedText) {
  const words = expectedText.split(' ');
  if (words.length < 20) return null;
  const head = words.slice(0, 6).join(' ');
  const tail = words.slice(-6).join(' ');
  let best = null;
  let bestLength = Infinity;
  for (const element of $('body *').toArray()) {
    const text = flat($(element).text());
    if (text.length < expectedText.length * 0.9 || text.length >= bestLength) continue;
    if (text.includes(head) && text.includes(tail)) {
      best = element;
      bestLength = text.length;
    }
  }
  return best;
}

/** The template with its article paragraphs' text replaced by `paragraphs` (more are added
 * after the last, spare ones removed); `decorate` may turn each paragraph's text into HTML. */
function replaceArticle(source, expectedHtml, paragraphs, decorate = (text) => $escape(text)) {
  const $ = cheerio.load(source);
  $('script').remove();
  const expected = cheerio.load(expectedHtml);
  const slots = articleParagraphs($, expected);
  if (slots.length === 0) {
    // No paragraph elements (text split by <br>, <div>s, <pre>): the article's element gets
    // the paragraphs instead of its content.
    const block = articleBlock($, flat(expected('body').text()));
    if (!block) return null;
    $(block).html(paragraphs.map((text, i) => `<p>${decorate(text, i)}</p>`).join('\n'));
    return $;
  }
  const block = commonAncestor($, slots);
  if (block.length && !block.is('body, html')) {
    // The article's block holds the copy alone, as a scraper's page does: the site's own
    // headings, lists and figures inside it go, its chrome around it stays.
    const className = $(slots[0]).attr('class');
    const classes = className ? ` class="${$escape(className)}"` : '';
    block.html(paragraphs.map((text, i) => `<p${classes}>${decorate(text, i)}</p>`).join('\n'));
    return $;
  }
  slots.forEach((slot, i) => {
    if (i < paragraphs.length) $(slot).html(decorate(paragraphs[i], i));
    else $(slot).remove();
  });
  const last = $(slots[Math.min(slots.length, paragraphs.length) - 1]);
  let after = last;
  for (let i = slots.length; i < paragraphs.length; i++) {
    const copy = $(`<p>${decorate(paragraphs[i], i)}</p>`);
    const className = last.attr('class');
    if (className) copy.attr('class', className);
    after.after(copy);
    after = copy;
  }
  return $;
}

const $escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph with junk words after every fourth word, in spans of class `cs-junk`. */
function withDecoys(text, p) {
  return text
    .split(' ')
    .map((word, i) => (i % 4 === 3 ? `${$escape(word)} <span class="cs-junk">${JUNK[(i + p) % JUNK.length]} ${JUNK[(i + p + 3) % JUNK.length]}</span>` : $escape(word)))
    .join(' ');
}

/**
 * Writes the pages into `folder` as NAME/untouched.html, NAME/copy.html and, for some,
 * NAME/spun.html and NAME/decoys.html. Returns the templates: { name, pages: [{ kind, path,
 * reference }] } (reference: the BBC path or seed the page copies; null for untouched), and
 * the templates whose article paragraphs could not be found, with the reason.
 */
export function writeRealPages(folder) {
  const articles = bbcArticles();
  const original = readFileSync(join(fixtures, '000_65db108d60c74e38.txt'), 'utf8').split('\n').map(flat).filter(Boolean);
  const spun = readFileSync(join(fixtures, '001_d6cec7cc6cecf5e2.txt'), 'utf8').split('\n').map(flat).filter(Boolean);
  const templates = [];
  const unusable = [];
  const names = readdirSync(TEMPLATES_DIR).filter((name) => existsSync(join(TEMPLATES_DIR, name, 'source.html'))).sort();
  names.forEach((name, index) => {
    const source = readFileSync(join(TEMPLATES_DIR, name, 'source.html'), 'utf8');
    const expected = readFileSync(join(TEMPLATES_DIR, name, 'expected.html'), 'utf8');
    // Spread over the topics and the corpus: a different article for each template.
    const article = articles[(index * 17) % articles.length];
    const copy = replaceArticle(source, expected, article.paragraphs);
    if (!copy) {
      unusable.push({ name, reason: 'neither a <p> nor any element of the page holds its expected article' });
      return;
    }
    mkdirSync(join(folder, name), { recursive: true });
    const untouched = cheerio.load(source);
    untouched('script').remove();
    const pages = [
      { kind: 'untouched', path: `${name}/untouched.html`, reference: null, html: untouched.html() },
      { kind: 'copy', path: `${name}/copy.html`, reference: article.id, html: copy.html() },
    ];
    const extras = templates.length % EXTRA_EVERY === 0 && templates.filter((t) => t.pages.length > 2).length < EXTRA_COUNT;
    if (extras) {
      pages.push({ kind: 'spun', path: `${name}/spun.html`, reference: 'seed-000', html: replaceArticle(source, expected, spun).html() });
      const hiding = HIDINGS[templates.length % HIDINGS.length];
      const decoys = replaceArticle(source, expected, original, withDecoys);
      decoys('head').append(`<style>.cs-junk { ${hiding} }</style>`);
      pages.push({ kind: 'decoys', path: `${name}/decoys.html`, reference: 'seed-000', hiding, html: decoys.html() });
    }
    for (const page of pages) {
      writeFileSync(join(folder, page.path), page.html);
      delete page.html;
    }
    templates.push({ name, pages });
  });
  writeFileSync(join(folder, 'index.json'), JSON.stringify({ templates, unusable }, null, 1));
  return { templates, unusable };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { templates, unusable } = writeRealPages(process.argv[2] ?? 'target/copyspot/real-pages');
  console.log(`${templates.length} templates, ${templates.flatMap((t) => t.pages).length} pages; unusable: ${unusable.map((u) => u.name).join(', ') || 'none'}`);
}

/** A page showing fewer words than this in the browser is blank without its scripts. */
const MIN_SHOWN_WORDS = 100;

/** What a page must score: copies at least 90, untouched pages under 20 (the bar for
 * copies is the product's: a copy on a real site reads as one). */
export const BARS = {
  untouched: { below: 20 },
  copy: { atLeast: 90 },
  spun: { atLeast: 50 },
  decoys: { atLeast: 90 },
};

/** The tab's result, once settled, summed up in the extension page `harness` (either
 * driver's): waits up to `timeoutMs` for the worker to store it. */
function settledResult(harness, url, timeoutMs = 20_000) {
  return harness.evaluate(
    async ({ url, timeoutMs }) => {
      const api = globalThis.browser ?? globalThis.chrome;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        // Firefox's tabs.query cannot match a URL with a port: the tab is found among all.
        const tab = (await api.tabs.query({})).find((t) => t.url === url);
        if (tab) {
          const entry = (await api.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
          const badge = await api.action.getBadgeText({ tabId: tab.id });
          if (entry && (badge !== '' || entry.error || entry.report?.status !== 'checked')) {
            const best = entry.report?.matches?.[0];
            return {
              tabId: tab.id,
              badge,
              error: entry.error ?? null,
              unreadable: entry.unreadable === true,
              status: entry.report?.status,
              scope: entry.report?.scope,
              best: best ? { id: best.id, score: best.score } : null,
              collect: entry.collect,
              extractMs: entry.extractMs,
            };
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return null;
    },
    { url, timeoutMs },
  );
}

/** The toolbar button's path: the stored result and badge cleared, then asked for as the
 * popup asks when it opens (content.js injected, the page read and checked). */
function checkAsClicked(harness, tabId, url) {
  return harness.evaluate(
    async ({ tabId, url }) => {
      const api = globalThis.browser ?? globalThis.chrome;
      await api.storage.session.remove(`tab:${tabId}`);
      await api.action.setBadgeText({ tabId, text: '' });
      const entry = await api.runtime.sendMessage({ type: 'result', tabId, url });
      return { badge: await api.action.getBadgeText({ tabId }), error: entry?.error ?? null, status: entry?.report?.status };
    },
    { tabId, url },
  );
}

/** Why a page missed its bar, in words for the test output. */
function missReason(kind, result) {
  if (!result) return 'no result within 20 s';
  if (result.error) return `${result.unreadable ? 'unreadable' : 'error'}: ${result.error}`;
  if (result.status !== 'checked') return `status ${result.status}`;
  const best = result.best ? `best match ${result.best.id} at ${result.best.score}` : 'no match';
  return `badge ${result.badge || '(empty)'}, ${best}, scope ${result.scope}`;
}

function meets(kind, badge) {
  const { atLeast = 0, below = 101 } = BARS[kind];
  const score = Number(badge);
  return badge !== '' && Number.isFinite(score) && score >= atLeast && score < below;
}

/**
 * Visits every page of `templates` served at `base` in a tab of `newPage()`, reads the badge of
 * automatic checking, then checks again as a click on the toolbar button does. `harness`: an
 * extension page of the same browser. Returns one row a page and mode.
 */
export async function visitRealPages({ newPage, harness, base, templates }) {
  const rows = [];
  for (const template of templates) {
    for (const page of template.pages) {
      const url = `${base}/${page.path}`;
      const tab = await newPage();
      const started = Date.now();
      const waiting = settledResult(harness, url);
      await tab.goto(url).catch(() => {}); // a page whose load never completes is still checked
      const auto = await waiting;
      const loadToBadgeMs = Date.now() - started;
      // Some sites show nothing until their scripts run, and these pages have none: such a
      // template shows no article to anyone, so it is no test of the extension.
      // (innerText of an element that is not rendered is its whole text: `html { display:
      // none }`, which some sites reveal by script, needs the check before.)
      const shownWords = await tab
        .evaluate(() => (document.body?.checkVisibility() ? document.body.innerText.trim().split(/\s+/).length : 0))
        .catch(() => null);
      if (shownWords !== null && shownWords < MIN_SHOWN_WORDS) {
        rows.push({ template: template.name, kind: page.kind, mode: 'auto', excluded: `the page shows ${shownWords} words without its scripts` });
        await tab.close();
        continue;
      }
      rows.push({ template: template.name, kind: page.kind, mode: 'auto', ...summary(page.kind, auto), loadToBadgeMs });
      if (auto?.tabId) {
        const clicked = await checkAsClicked(harness, auto.tabId, url);
        rows.push({ template: template.name, kind: page.kind, mode: 'click', ...summary(page.kind, { ...auto, ...clicked }) });
      }
      await tab.close();
    }
  }
  return rows;
}

function summary(kind, result) {
  const pass = Boolean(result) && !result.error && meets(kind, result.badge);
  return {
    badge: result?.badge ?? null,
    pass,
    reason: pass ? null : missReason(kind, result),
    unreadable: result?.unreadable === true,
    collectMs: result?.collect?.ms,
    hiddenElements: result?.collect?.hidden,
    extractMs: result?.extractMs,
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Pass counts per kind and mode, every miss with its reason, and load → badge median/p95;
 * printed, and written to `file` as JSON. Returns the pass share of copies and untouched pages
 * per mode. */
export function reportRealPages(label, rows, file) {
  const lines = [`${label}: real-page suite, ${new Set(rows.map((r) => r.template)).size} templates`];
  const shares = {};
  for (const row of rows.filter((r) => r.excluded)) lines.push(`  excluded ${row.template}/${row.kind}: ${row.excluded}`);
  for (const mode of ['auto', 'click']) {
    for (const kind of Object.keys(BARS)) {
      const these = rows.filter((r) => r.mode === mode && r.kind === kind && !r.excluded);
      if (!these.length) continue;
      const passed = these.filter((r) => r.pass).length;
      shares[`${mode}/${kind}`] = passed / these.length;
      const bar = BARS[kind].atLeast !== undefined ? `badge >= ${BARS[kind].atLeast}` : `badge < ${BARS[kind].below}`;
      lines.push(`  ${mode.padEnd(5)} ${kind.padEnd(9)} ${passed}/${these.length} passed (${bar})`);
      for (const miss of these.filter((r) => !r.pass)) lines.push(`      miss ${miss.template}/${miss.kind}: ${miss.reason}`);
    }
  }
  const times = rows.filter((r) => r.mode === 'auto' && r.loadToBadgeMs !== undefined).map((r) => r.loadToBadgeMs).sort((a, b) => a - b);
  const collect = rows.filter((r) => r.mode === 'auto' && r.collectMs !== undefined).map((r) => r.collectMs).sort((a, b) => a - b);
  const unreadable = rows.filter((r) => r.unreadable).length;
  lines.push(`  load → badge (automatic): median ${percentile(times, 0.5)} ms, p95 ${percentile(times, 0.95)} ms over ${times.length} pages`);
  lines.push(`  content script's reading of the page: median ${percentile(collect, 0.5)} ms, p95 ${percentile(collect, 0.95)} ms`);
  lines.push(`  pages the content script could not read: ${unreadable}`);
  console.log(lines.join('\n'));
  writeFileSync(file, JSON.stringify({ label, rows, shares }, null, 1));
  return shares;
}
