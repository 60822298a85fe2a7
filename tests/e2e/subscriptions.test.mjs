// Pack subscriptions in Chromium, through the options page as a user makes them: subscribe by
// address, the daily refresh (run now), an unchanged pack (304), a new version, a damaged
// update, a failing and a slow server, pause, resume and removal. The pack server is a real
// HTTP server on 127.0.0.1 serving packs the CLI built.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension, resultFor } from './browser.mjs';
import { serveTestPages } from './pages.mjs';
import { PACK_DESCRIPTION, PACK_NAME, SLOW_MS, VERSIONS, assertPlainRequests, servePacks } from './pack-server.mjs';

const extension = process.env.COPYSPOT_E2E_EXTENSION;
if (!extension) throw new Error('COPYSPOT_E2E_EXTENSION is not set: run ./build.sh test');

let context;
let worker;
let options;
let pages;
let packs;
const requests = [];

before(async () => {
  pages = await serveTestPages();
  packs = await servePacks();
  context = await launchWithExtension(extension);
  context.on('request', (request) => requests.push(request.url()));
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  options = await context.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options/options.html`);
});

after(async () => {
  await context?.close();
  pages?.server.close();
  packs?.server.close();
});

/** The copy score of the test page that copies the pack's first article. */
async function copyScore() {
  const url = `${pages.base}/published-copy.html`;
  const page = await context.newPage();
  await page.goto(url);
  const { entry } = await resultFor(worker, url);
  await page.close();
  return entry.report.score;
}

async function subscribeTo(url) {
  await options.fill('#subscribe-url', url);
  await options.click('#subscribe-form button[type=submit]');
  await options.locator('#subscribe-status').filter({ hasText: /^(Subscribed|Not subscribed)/ }).waitFor();
  return options.locator('#subscribe-status').textContent();
}

/** Clicks "Update all now" and waits until the list is drawn again. */
async function updateNow() {
  await options.click('#refresh-subscriptions');
  await options.locator('#refresh-subscriptions:not([disabled])').waitFor();
  return options.locator('#subscriptions li').first().textContent();
}

const stored = () => worker.evaluate(async () => (await chrome.storage.local.get('subscriptions')).subscriptions ?? []);

test('subscribe by address: the pack is fetched, verified, listed, checked against, refreshed daily', async () => {
  assert.ok((await copyScore()) < 20, 'the copy is unknown before subscribing');
  assert.match(await subscribeTo('http://example.org/pack.cspk'), /a pack is subscribed to by an https:\/\/ address/);
  assert.match(await subscribeTo(packs.url.replace('harbour', 'not-a-pack')), /not a usable copyspot pack: not a copyspot pack \(bad magic bytes\)/);
  assert.equal((await stored()).length, 0, 'a refused pack is not kept');

  assert.equal(await subscribeTo(packs.url), `Subscribed to ${PACK_NAME}.`);
  const item = await options.locator('#subscriptions li').first().textContent();
  for (const part of [PACK_NAME, PACK_DESCRIPTION, packs.url, `1 articles, ${Math.round(VERSIONS[0].length / 1024)} KB, updated`]) {
    assert.ok(item.includes(part), `${part} in ${item}`);
  }
  assert.match(await subscribeTo(packs.url), /already subscribed/);
  assert.ok((await copyScore()) >= 95, 'the subscribed pack finds the copy');
  const alarm = await worker.evaluate(() => chrome.alarms.get('refresh-subscriptions'));
  assert.equal(alarm.periodInMinutes, 24 * 60);

  // The worker is stopped, as the browser does when idle: the stored copy is loaded again,
  // nothing is fetched.
  const fetched = packs.state.requests.length;
  const cdp = await context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable').catch(() => {});
  await cdp.send('ServiceWorker.stopAllWorkers').catch(() => {});
  await options.evaluate(() => chrome.runtime.sendMessage({ type: 'pack-info' }));
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  assert.ok((await copyScore()) >= 95, 'after a worker restart');
  assert.equal(packs.state.requests.length, fetched);
});

test('updates: unchanged (304), a new version, a damaged one and a failing server keep a working copy', async () => {
  await updateNow();
  const conditional = packs.state.requests.at(-1);
  assert.equal(conditional.headers['if-none-match'], '"v0"');
  assert.equal(conditional.status, 304);
  assert.equal((await stored())[0].failure, null);

  packs.state.version = 1;
  assert.ok((await updateNow()).includes('2 articles'), 'the new version is listed');

  packs.state.mode = 'damaged';
  let item = await updateNow();
  assert.match(item, /failed: this is not a usable copyspot pack: pack is truncated.*The copy of .* is still in use/);
  assert.equal((await stored())[0].references, 2, 'the previous copy stays');
  assert.ok((await copyScore()) >= 95, 'and is still checked against');

  packs.state.mode = 'error';
  assert.match(await updateNow(), /failed: the server answered HTTP 500/);
  packs.state.mode = 'huge';
  assert.match(await updateNow(), /failed: the pack is larger than 64 MiB/);
  assert.ok((await copyScore()) >= 95);

  // A slow server holds the refresh, not the checking of pages.
  packs.state.mode = 'slow';
  const started = Date.now();
  await options.click('#refresh-subscriptions');
  assert.ok((await copyScore()) >= 95);
  assert.ok(Date.now() - started < SLOW_MS, `a page was checked while the pack was on its way (${Date.now() - started} ms)`);
  await options.locator('#refresh-subscriptions:not([disabled])').waitFor();
  packs.state.mode = 'pack';
  item = await updateNow();
  assert.ok(!item.includes('failed'), item);
});

test('pause, resume and remove', async () => {
  await options.click('#subscriptions button:has-text("Pause")');
  await options.locator('#subscriptions li').filter({ hasText: 'Paused' }).waitFor();
  assert.ok((await copyScore()) < 20, 'a paused pack is not checked against');
  await options.click('#subscriptions button:has-text("Resume")');
  await options.locator('#subscriptions button:has-text("Pause")').waitFor();
  assert.ok((await copyScore()) >= 95);

  await options.click('#subscriptions button:has-text("Remove")');
  await options.locator('#subscriptions li').waitFor({ state: 'detached' });
  const keys = await worker.evaluate(async () => Object.keys(await chrome.storage.local.get(null)));
  assert.deepEqual(keys.filter((key) => key.startsWith('sub:')), [], 'the pack is deleted');
  assert.equal(await worker.evaluate(() => chrome.alarms.get('refresh-subscriptions')), undefined);
  assert.ok((await copyScore()) < 20, 'a removed pack is not checked against');
});

test('the only requests beyond the pages are plain GETs of the pack', () => {
  assertPlainRequests(packs.state.requests, assert);
  const packOrigin = new URL(packs.url).origin;
  const outside = requests.filter((url) => !url.startsWith(pages.base) && !url.startsWith('chrome-extension://'));
  assert.deepEqual(outside.filter((url) => !url.startsWith(packOrigin)), []);
  assert.ok(outside.length >= 8, `the worker's pack requests are observed (${outside.length})`);
  console.log(`pack server: ${packs.state.requests.map((r) => r.status).join(' ')}`);
});
