// The Firefox build of the extension in a real Firefox: Debian's Firefox ESR, headless, driven
// over WebDriver BiDi by puppeteer-core. Run by `./build.sh test`.
// The Chromium tests cover the rest; these show the same code works in Firefox: automatic
// checking, the badge, the popup and highlighting, and pack subscriptions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefoxWithExtension, openExtensionPage, visitPage } from './browser.mjs';
import { assertBadge, serveTestPages } from './pages.mjs';
import { PACK_NAME, assertPlainRequests, servePacks } from './pack-server.mjs';

const extension = process.env.COPYSPOT_E2E_FIREFOX_EXTENSION;
if (!extension) throw new Error('COPYSPOT_E2E_FIREFOX_EXTENSION is not set: run ./build.sh test');
const UUID = '4f1e2c6a-0c3b-4d5e-9a7f-2b8c1d0e3f4a';
const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

let browser;
let server;
let base;
let harness; // an extension page (the options page): the test's window on the extension's state
let packs;
const loadToBadge = [];

before(async () => {
  ({ server, base } = await serveTestPages());
  packs = await servePacks();
  browser = await launchFirefoxWithExtension(extension, UUID);
  harness = await openExtensionPage(browser, `${EXTENSION_ORIGIN}/options/options.html`, `${base}/unrelated.html`);
  // Automatic checking is registered when the extension is installed.
  await harness.evaluate(async () => {
    while (!(await browser.scripting.getRegisteredContentScripts()).length) await new Promise((r) => setTimeout(r, 20));
  });
});

after(async () => {
  console.log(`${await browser?.version()}: load → badge ${loadToBadge.map((s) => `${s.page} ${s.ms} ms`).join(', ')}`);
  await browser?.close();
  server?.close();
  packs?.server.close();
});

/** The tab's stored result and badge once the background script has checked it. (Firefox's
 * tabs.query cannot match a URL with a port, so the tab is found by its URL among all.) */
async function waitForResult(url) {
  for (let i = 0; i < 300; i++) {
    const result = await harness.evaluate(async (url) => {
      const tab = (await browser.tabs.query({})).find((t) => t.url === url);
      const entry = tab && (await browser.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
      const text = entry && (await browser.action.getBadgeText({ tabId: tab.id }));
      if (!entry || (!text && entry.report?.status === 'checked')) return null;
      return { tabId: tab.id, entry, text, color: await browser.action.getBadgeBackgroundColor({ tabId: tab.id }) };
    }, url);
    if (result) return result;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no result for ${url}`);
}

const visit = (name) => visitPage(() => browser.newPage(), `${base}/${name}`, waitForResult, loadToBadge);

test('Firefox: pages are checked automatically; copies get a red badge, an unrelated article a green one', async () => {
  for (const name of ['aggregator.html', 'spun.html', 'unrelated.html']) {
    const result = await visit(name);
    assertBadge(name, result);
    await result.page.close();
  }
});

test('Firefox: the popup names the original and highlights the passages in the page', async () => {
  const { page, tabId } = await visit('aggregator.html');
  const popup = await openExtensionPage(browser, `${EXTENSION_ORIGIN}/popup/popup.html?tab=${tabId}`, `${base}/unrelated.html`);
  await popup.waitForSelector('#result', { visible: true });
  assert.match(await popup.$eval('#original', (e) => e.textContent), /Blinken, Stoltenberg/);
  assert.match(await popup.$eval('#explanation', (e) => e.textContent), /100% of the original appears on this page/);
  assert.ok((await popup.$$('#passages li')).length >= 1);
  await popup.click('#highlight');
  const highlighted = await page.evaluate(async () => {
    for (let i = 0; i < 100 && !CSS.highlights.get('copyspot')?.size; i++) await new Promise((r) => setTimeout(r, 20));
    return [...(CSS.highlights.get('copyspot') ?? [])].map((range) => range.toString());
  });
  assert.match(highlighted.join(' '), /NATO officials declined Sunday/);
  await popup.close();
  await page.close();
});

test('Firefox: a subscribed pack is fetched, checked against, kept through a damaged update, and removed', async () => {
  const score = async () => {
    const { page, entry } = await visit('published-copy.html');
    await page.close();
    return entry.report.score;
  };
  const firstItem = () => harness.$eval('#subscriptions li', (item) => item.textContent);
  assert.ok((await score()) < 20, 'unknown before subscribing');
  await harness.type('#subscribe-url', packs.url);
  await harness.click('#subscribe-form button[type=submit]');
  await harness.waitForFunction(() => /^(Subscribed|Not subscribed)/.test(document.querySelector('#subscribe-status').textContent));
  assert.equal(await harness.$eval('#subscribe-status', (e) => e.textContent), `Subscribed to ${PACK_NAME}.`);
  assert.ok((await firstItem()).includes('1 articles'));
  assert.ok((await score()) >= 95, 'the subscribed pack finds the copy');
  assert.equal((await harness.evaluate(() => browser.alarms.get('refresh-subscriptions'))).periodInMinutes, 24 * 60);

  const updateNow = async () => {
    await harness.click('#refresh-subscriptions');
    await harness.waitForSelector('#refresh-subscriptions:not([disabled])');
    return firstItem();
  };
  await updateNow();
  assert.equal(packs.state.requests.at(-1).status, 304, 'an unchanged pack is not sent again');
  packs.state.mode = 'damaged';
  assert.match(await updateNow(), /failed: this is not a usable copyspot pack: pack is truncated/);
  assert.ok((await score()) >= 95, 'the previous copy is still checked against');

  await harness.click('#subscriptions button[aria-label^="Remove"]');
  await harness.waitForFunction(() => !document.querySelector('#subscriptions li'));
  assert.ok((await score()) < 20, 'a removed pack is not checked against');
  assertPlainRequests(packs.state.requests, assert);
});

test("Firefox: protect your site in one step reads the feed and its articles' pages", async () => {
  await harness.type('#protect-site-url', packs.url.replace('harbour.cspk', 'feed.xml'));
  await harness.click('#protect-site-form button[type=submit]');
  await harness.waitForFunction(() => /^(Added|Nothing)/.test(document.querySelector('#protect-site-status').textContent), { timeout: 15000 });
  assert.equal(
    await harness.$eval('#protect-site-status', (e) => e.textContent),
    `Added 2 articles from ${PACK_NAME}. Left out: 1 on another site, 1 the server answered HTTP 404.`,
  );
  const { page, entry } = await visit('published-copy.html');
  await page.close();
  assert.ok(entry.report.score >= 95, `the article read from its page: ${entry.report.score}`);
  assertPlainRequests(packs.state.requests, assert);
});
