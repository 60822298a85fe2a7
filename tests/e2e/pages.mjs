// The pages the browser tests serve on 127.0.0.1, made from the fixtures.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFolder } from './static-server.mjs';

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const read = (name) => readFileSync(join(fixtures, name), 'utf8');
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const ORIGINAL = read('000_65db108d60c74e38.txt');
export const SPUN = read('001_d6cec7cc6cecf5e2.txt');
export const UNRELATED =
  'The village bakery on Elm Street reopened this week after a three-month renovation that replaced its old brick oven with a modern wood-fired one. ' +
  'The owners, a retired schoolteacher and her son, said the new oven bakes sourdough loaves more evenly and lets them start earlier in the morning. ' +
  'Regular customers queued before dawn on the first day, and by nine o\'clock the shelves of rye bread, cinnamon rolls and seeded baguettes were empty. ' +
  'The family plans to add a small seating area in the spring and to offer weekend baking classes for children from the local primary school.';

/** A publisher's article, imported as a .cspk pack in the tests (written for them). */
export const PUBLISHED =
  'The harbour authority confirmed on Monday that the old lighthouse on the northern pier will be restored rather than demolished, after a campaign by residents that gathered more than four thousand signatures. ' +
  'Engineers found that the stone tower is sound but that its iron lantern room has rusted badly, and the work is expected to take most of next year. ' +
  'The authority said the restored lighthouse will not guide ships again, since modern beacons do that job, but will open to visitors on summer weekends with a small exhibition about the fishing fleet.';

function articlePage(title, text, head = '') {
  const paragraphs = text.split(/\n+/).filter(Boolean).map((p) => `<p>${escape(p)}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title>${head}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${escape(title)}</h1>
${paragraphs}
</article><footer>Another site</footer></body></html>`;
}

/** Writes the test pages into `folder`; returns their paths. */
export function writePages(folder) {
  mkdirSync(folder, { recursive: true });
  const pages = {
    'aggregator.html': read('pages/aggregator-newsbreak.html'),
    'spun.html': articlePage('NATO chief and Blinken on Ukraine', SPUN),
    'original.html': articlePage(
      "Blinken, Stoltenberg hold back on labeling Russia's actions 'genocide'",
      ORIGINAL,
      '<link rel="canonical" href="https://news.example/original">',
    ),
    'unrelated.html': articlePage('Bakery reopens', UNRELATED),
    // A scrape of unrelated.html, for the test that protects it.
    'unrelated-copy.html': articlePage('Local news roundup: bakery', `${UNRELATED}\nShare this story with your friends.`),
    'published-copy.html': articlePage('Lighthouse saved', `${PUBLISHED}\nMore news soon.`),
    // A single-page app: shows a scraped copy, then swaps in an unrelated article and changes
    // its URL without a page load.
    'spa.html': `<!doctype html><html><head><meta charset="utf-8"><title>SPA</title></head><body>
<article id="story">${ORIGINAL.split('\n').map((p) => `<p>${escape(p)}</p>`).join('')}</article>
<script>
  window.swapArticle = () => {
    history.pushState({}, '', '/spa/bakery');
    document.getElementById('story').innerHTML = ${JSON.stringify(`<p>${escape(UNRELATED)}</p>`)};
  };
</script></body></html>`,
    // The page's own, longer article, and under it the copy, which Readability leaves out.
    'beside.html': `<!doctype html><html><head><meta charset="utf-8"><title>Bakery news</title></head><body>
<article>${Array.from({ length: 10 }, (_, i) => `<p>Day ${i}, part one. ${escape(UNRELATED)}</p><p>Day ${i}, part two, again: ${escape(UNRELATED)}</p>`).join('\n')}</article>
<div><div><div><div>${ORIGINAL.split('\n').map((p) => `<p>${escape(p)}</p>`).join('')}</div></div></div></div></body></html>`,
    // About 1 MB: the copied article inside a long page of other paragraphs.
    'large.html': articlePage(
      'Large page',
      `${ORIGINAL}\n${Array.from({ length: 2600 }, (_, i) => `Unrelated paragraph number ${i} about weather, sport, prices and local events in many towns.`).join('\n')}`,
    ),
  };
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(folder, name), html);
  return Object.keys(pages);
}

export const RED = [198, 40, 40, 255];
export const GREEN = [46, 125, 50, 255];

/** What the badge shows for the pages both browsers' tests visit. */
const BADGES = {
  'aggregator.html': { atLeast: 95, color: RED, original: 'seed-000' },
  'spun.html': { atLeast: 70, color: RED },
  'unrelated.html': { below: 20, color: GREEN },
};

/** Asserts that the badge `text` and `color` and the stored `entry` of page `name` are right. */
export function assertBadge(name, { text, color, entry }) {
  const { atLeast = 0, below = 101, color: expected, original } = BADGES[name];
  assert.ok(Number(text) >= atLeast && Number(text) < below, `${name}: badge ${text}`);
  assert.deepEqual(color, expected);
  if (original) assert.equal(entry.report.matches[0].id, original);
}

/** The test pages written to a fresh folder and served on 127.0.0.1. */
export async function serveTestPages() {
  const site = mkdtempSync(join(tmpdir(), 'copyspot-site-'));
  writePages(site);
  const server = await serveFolder(site);
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}
