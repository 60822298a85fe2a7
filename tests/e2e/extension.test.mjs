// The extension in a real browser: Debian's Chromium, new headless mode, driven by
// playwright-core. Run by `./build.sh test` (which builds the extension first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoCheckRegistered, launchWithExtension, visitPage } from './browser.mjs';
import { assertBadge, serveTestPages, PUBLISHED, RED } from './pages.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const extension = process.env.COPYSPOT_E2E_EXTENSION;
const artifacts = process.env.COPYSPOT_ARTIFACTS ?? join(tmpdir(), 'copyspot-artifacts');
if (!extension) throw new Error('COPYSPOT_E2E_EXTENSION is not set: run ./build.sh test');

let context;
let server;
let base;
let worker;
const requests = [];
const loadToBadge = [];

before(async () => {
  ({ server, base } = await serveTestPages());
  context = await launchWithExtension(extension);
  context.on('request', (request) => requests.push(request.url()));
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  mkdirSync(artifacts, { recursive: true });
  // Automatic checking is registered when the extension is installed.
  await autoCheckRegistered(worker);
});

after(async () => {
  const sorted = [...loadToBadge].sort((a, b) => a.ms - b.ms);
  if (sorted.length) {
    console.log(`load → badge: median ${sorted[Math.floor(sorted.length / 2)].ms.toFixed(0)} ms over ${sorted.length} pages; ` +
      sorted.map((s) => `${s.page} ${s.ms.toFixed(0)} ms`).join(', '));
  }
  await context?.close();
  server?.close();
});

/** The tab's stored result and badge, once the background worker has checked it. */
async function waitForResult(url, previous = null) {
  return worker.evaluate(async ({ url, previous }) => {
    for (let i = 0; i < 200; i++) {
      const [tab] = await chrome.tabs.query({ url });
      if (tab) {
        const entry = (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
        const text = await chrome.action.getBadgeText({ tabId: tab.id });
        const settled = text !== '' || entry?.error || entry?.report?.status !== 'checked';
        if (entry && settled && JSON.stringify(entry.report) !== previous) {
          const color = await chrome.action.getBadgeBackgroundColor({ tabId: tab.id });
          return { tabId: tab.id, entry, text, color };
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no result for ${url}`);
  }, { url, previous });
}

const visit = (name) => visitPage(() => context.newPage(), `${base}/${name}`, waitForResult, loadToBadge);

test('aggregator page: badge shows a red copy score', async () => {
  const result = await visit('aggregator.html');
  assertBadge('aggregator.html', result);
  await result.page.close();
});

test('spun copy: red badge, score at least 70', async () => {
  const result = await visit('spun.html');
  assertBadge('spun.html', result);
  await result.page.close();
});

test('unrelated article: green badge', async () => {
  const result = await visit('unrelated.html');
  assertBadge('unrelated.html', result);
  await result.page.close();
});

test('a copy beside a longer article: found on the whole page, and said so', async () => {
  const { page, text, color, entry, tabId } = await visit('beside.html');
  assert.ok(Number(text) >= 50, `badge ${text}`);
  assert.deepEqual(color, RED);
  assert.equal(entry.report.scope, 'page');
  assert.equal(entry.report.matches[0].id, 'seed-000');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#explanation').filter({ hasText: 'outside the block read as the page' }).waitFor();
  await popup.close();
  await page.close();
});

test('large page (1 MB) is checked', async () => {
  const { page, text } = await visit('large.html');
  assert.ok(Number(text) >= 95, `badge ${text}`);
  await page.close();
});

test('popup names the original, lists passages and highlights them in the page', async () => {
  const { page, tabId } = await visit('aggregator.html');
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#result').waitFor({ state: 'visible' });
  assert.match(await popup.locator('#original').textContent(), /Blinken, Stoltenberg/);
  assert.match(await popup.locator('#explanation').textContent(), /100% of the original appears on this page/);
  assert.ok((await popup.locator('#passages li').count()) >= 1);
  assert.equal(await popup.locator('#score').getAttribute('aria-label'), `Copy score ${await popup.locator('#score').textContent()} out of 100`);
  await popup.locator('#pack-line').filter({ hasText: 'Checked against' }).waitFor();
  await popup.screenshot({ path: join(artifacts, 'popup.png') });

  await popup.locator('#highlight').click();
  const highlighted = await page.evaluate(async () => {
    for (let i = 0; i < 100 && !CSS.highlights.get('copyspot')?.size; i++) await new Promise((r) => setTimeout(r, 20));
    const ranges = [...(CSS.highlights.get('copyspot') ?? [])];
    return ranges.map((range) => range.toString());
  });
  assert.ok(highlighted.length >= 1, 'passages are highlighted');
  assert.match(highlighted.join(' '), /NATO officials declined Sunday/);
  await popup.locator('#next').click();
  assert.match(await popup.locator('#position').textContent(), /Passage \d+ of \d+/);
  await popup.close();
  await page.close();
});

test('the original itself is named as the original, not a copy', async () => {
  const { page, tabId } = await visit('original.html');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#result').waitFor({ state: 'visible' });
  assert.match(await popup.locator('#explanation').textContent(), /This page is the original/);
  await popup.close();
  await page.close();
});

test('single-page app: the badge follows an in-page navigation', async () => {
  const { page, text, entry } = await visit('spa.html');
  assert.ok(Number(text) >= 95, `before: ${text}`);
  await page.evaluate(() => window.swapArticle());
  const after = await waitForResult(`${base}/spa/bakery`, JSON.stringify(entry.report));
  assert.ok(Number(after.text) < 20, `after: ${after.text}`);
  await page.close();
});

test('the worker survives a restart: results stay, the checker is rebuilt', async () => {
  const { page } = await visit('unrelated.html');
  // Stopping the worker the way the browser does when idle.
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable').catch(() => {});
  await cdp.send('ServiceWorker.stopAllWorkers').catch(() => {});
  await page.reload();
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const { text } = await waitForResult(`${base}/unrelated.html`);
  assert.ok(Number(text) < 20);
  await page.close();
});

test('protect this page: its copies light the badge; references survive a worker restart, damaged entries are skipped', async () => {
  const { page, tabId } = await visit('unrelated.html');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#protect').click();
  await popup.locator('#protect-status').filter({ hasText: 'Added to your references' }).waitFor();
  await popup.close();
  await page.close();

  const copy = await visit('unrelated-copy.html');
  assert.ok(Number(copy.text) >= 95, `copy of a protected page: ${copy.text}`);
  assert.equal(copy.entry.report.matches[0].id, `${base}/unrelated.html`);
  await copy.page.close();

  // A damaged entry beside the good one, then the worker is stopped as the browser does when
  // idle: the references come back from storage.
  await worker.evaluate(() => chrome.storage.local.set({ 'ref:broken': 42 }));
  const id = new URL(worker.url()).host;
  const options = await context.newPage();
  const cdp = await context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable').catch(() => {});
  await cdp.send('ServiceWorker.stopAllWorkers').catch(() => {});
  await options.goto(`chrome-extension://${id}/options/options.html`);
  await options.locator('#references li').first().waitFor();
  assert.match(await options.locator('#references').textContent(), /Bakery reopens/);
  assert.match(await options.locator('#notices').textContent(), /damaged and was skipped/);

  // Import: a bad file changes nothing, a good one adds its references.
  await options.locator('#import').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"id": "x"}\nnot json\n') });
  await options.locator('#import-status').filter({ hasText: 'Nothing was imported' }).waitFor();
  const good = JSON.stringify({ id: 'mine-1', title: 'My article', url: 'https://me.example/1', text: 'Words of my own article. '.repeat(20) });
  await options.locator('#import').setInputFiles({ name: 'good.jsonl', mimeType: 'application/json', buffer: Buffer.from(`${good}\n`) });
  await options.locator('#import-status').filter({ hasText: 'Imported 1' }).waitFor();
  await options.locator('#references li').nth(1).waitFor();

  // A publisher's pack built with the command line: a damaged one is refused, a good one counts.
  const work = mkdtempSync(join(tmpdir(), 'copyspot-pack-'));
  writeFileSync(join(work, 'refs.jsonl'), `${JSON.stringify({ id: 'harbour-1', title: 'Lighthouse to be restored', url: 'https://harbour.example/1', text: PUBLISHED })}\n`);
  execFileSync(new URL('../../target/release/copyspot', import.meta.url).pathname, ['pack', 'build', '-o', join(work, 'p.cspk'), join(work, 'refs.jsonl')]);
  const pack = readFileSync(join(work, 'p.cspk'));
  await options.locator('#import').setInputFiles({ name: 'damaged.cspk', mimeType: 'application/octet-stream', buffer: pack.subarray(0, pack.length - 9) });
  await options.locator('#import-status').filter({ hasText: 'Nothing was imported: pack is truncated' }).waitFor();
  await options.locator('#import').setInputFiles({ name: 'p.cspk', mimeType: 'application/octet-stream', buffer: pack });
  await options.locator('#imported-count').filter({ hasText: '1 references from imported packs' }).waitFor();
  await options.close();
  const published = await visit('published-copy.html');
  assert.ok(Number(published.text) >= 95, `copy of an imported reference: ${published.text}`);
  assert.equal(published.entry.report.matches[0].id, 'harbour-1');
  await published.page.close();

  const again = await visit('unrelated-copy.html');
  assert.ok(Number(again.text) >= 95, `after the restart: ${again.text}`);
  await again.page.close();
});

test('no network requests beyond the local test server and the extension itself', () => {
  const outside = requests.filter((url) => !url.startsWith(base) && !url.startsWith('chrome-extension://'));
  assert.deepEqual(outside, []);
  assert.ok(requests.some((url) => url.endsWith('/pack/default.cspk')), 'extension requests are observed');
});
