// Pack subscriptions in Chromium, through the options page as a user makes them: subscribe by
// address, the daily refresh (run now), an unchanged pack (304), a new version, a damaged
// update, a failing and a slow server, pause, resume and removal; and a site's feed added as the
// user's references. The site is a real HTTP server on 127.0.0.1 serving packs the CLI built.
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
  assert.match(await subscribeTo('http://example.org/pack.cspk'), /copyspot fetches only https addresses/);
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
  assert.match(await updateNow(), /failed: the answer is larger than 64 MiB/);
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

test("protect your site in one step: the feed's articles become the user's references", async () => {
  const copyOf = async (name) => {
    const url = `${pages.base}/${name}`;
    const page = await context.newPage();
    await page.goto(url);
    const { entry } = await resultFor(worker, url);
    await page.close();
    return entry.report.score;
  };
  assert.ok((await copyOf('unrelated-copy.html')) < 20);
  await options.fill('#protect-site-url', packs.url.replace('harbour.cspk', 'feed.xml'));
  await options.click('#protect-site-form button[type=submit]');
  const status = options.locator('#protect-site-status').filter({ hasText: /^(Added|Nothing)/ });
  await status.waitFor({ timeout: 15000 });
  assert.equal(
    await status.textContent(),
    `Added 2 articles from ${PACK_NAME}. Left out: 1 on another site, 1 the server answered HTTP 404.`,
  );
  const listed = await options.locator('#references li').allTextContents();
  assert.ok(listed.some((item) => item.startsWith('Bakery reopens')), listed.join(' | '));
  assert.ok(listed.some((item) => item.startsWith('Lighthouse to be restored')), listed.join(' | '));
  assert.ok((await copyOf('unrelated-copy.html')) >= 95, 'the article the feed carried in full');
  assert.ok((await copyScore()) >= 95, 'the article read from its page');
});

test('feeds: Atom (html and xhtml content), RSS 1.0, JSON Feed, teasers left to fetch, and no feed', async () => {
  const long = 'The council met on Tuesday to agree the budget of the schools. '.repeat(10);
  const read = await options.evaluate(async ({ long }) => {
    const { readFeed } = await import('./feed.js');
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom site</title>
      <entry><title>Full</title><link rel="alternate" href="/a/1"/><content type="html">&lt;p&gt;${long}&lt;/p&gt;</content></entry>
      <entry><title>Xhtml</title><link href="https://site.example/a/2"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${long}</p></div></content></entry>
      <entry><title>Teaser</title><link rel="self" href="/self"/><link rel="alternate" href="/a/3"/><summary>Short.</summary></entry></feed>`;
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
      <channel><title>RDF site</title></channel><item><title>One</title><link>https://site.example/r/1</link></item></rdf:RDF>`;
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'JSON site',
      items: [{ id: '1', url: '/j/1', title: 'J', content_html: `<p>${long}</p>` }, { id: 'https://site.example/j/2', content_text: 'short' }] });
    const refused = [];
    for (const text of ['<html><body>a page</body></html>', 'not xml at all <', '{ broken json']) {
      try {
        readFeed(text, 'https://site.example/');
      } catch (error) {
        refused.push(error.message);
      }
    }
    const summary = (feed) => ({ title: feed.title, items: feed.items.map((i) => [i.url, i.title, i.html ? i.html.length > 500 : null]) });
    return {
      atom: summary(readFeed(atom, 'https://site.example/feed')),
      rdf: summary(readFeed(rdf, 'https://site.example/feed')),
      json: summary(readFeed(json, 'https://site.example/feed.json')),
      refused,
    };
  }, { long });
  assert.deepEqual(read.atom, { title: 'Atom site', items: [
    ['https://site.example/a/1', 'Full', true], ['https://site.example/a/2', 'Xhtml', true], ['https://site.example/a/3', 'Teaser', null]] });
  assert.deepEqual(read.rdf, { title: 'RDF site', items: [['https://site.example/r/1', 'One', null]] });
  assert.deepEqual(read.json, { title: 'JSON site', items: [['https://site.example/j/1', 'J', true], ['https://site.example/j/2', '', null]] });
  assert.deepEqual(read.refused, ['this is not an RSS, Atom or JSON feed', 'this is not an RSS, Atom or JSON feed', 'the feed is not valid JSON']);
});

test('the only requests beyond the pages are plain GETs of the pack and the feed', () => {
  assertPlainRequests(packs.state.requests, assert);
  const packOrigin = new URL(packs.url).origin;
  const outside = requests.filter((url) => !url.startsWith(pages.base) && !url.startsWith('chrome-extension://'));
  assert.deepEqual(outside.filter((url) => !url.startsWith(packOrigin)), []);
  assert.ok(outside.length >= 8, `the worker's pack requests are observed (${outside.length})`);
  console.log(`pack server: ${packs.state.requests.map((r) => r.status).join(' ')}`);
});
