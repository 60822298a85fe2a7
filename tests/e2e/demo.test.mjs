// The demo page (www/, as ./build.sh builds it) in a real browser: Debian's Chromium driven by
// playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { serveFolder } from './static-server.mjs';

const www = new URL('../../www', import.meta.url).pathname;
const artifacts = process.env.COPYSPOT_ARTIFACTS ?? join(tmpdir(), 'copyspot-artifacts');
let browser;
let server;
let page;
const requests = [];
const errors = [];

before(async () => {
  server = await serveFolder(www);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready=true]');
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function score() {
  return Number(await page.locator('#status .score').textContent());
}

async function waitForCheck(previousStatus) {
  await page.waitForFunction(
    (previous) => {
      const text = document.getElementById('status').textContent;
      return text !== previous && !text.startsWith('Checking');
    },
    previousStatus,
  );
}

async function clickSample(name) {
  const before = await page.locator('#status').textContent();
  await page.click(`[data-sample="${name}"]`);
  await waitForCheck(before);
}

test('each sample gives the score the badge would show, with highlights', async () => {
  for (const [name, check] of [
    ['original', (s) => s === 100],
    ['spun', (s) => s >= 70],
    ['aggregator', (s) => s >= 95],
    ['same-topic', (s) => s < 20],
  ]) {
    await clickSample(name);
    const s = await score();
    assert.ok(check(s), `${name}: score ${s}`);
    const marks = await page.locator('#highlighted mark').count();
    if (name === 'same-topic') assert.equal(marks, 0);
    else assert.ok(marks >= 1, `${name}: no highlighted passages`);
  }
  await clickSample('spun');
  assert.ok((await page.locator('#highlighted mark.spun').count()) >= 1, 'spun passages are coloured as spun');
  await page.screenshot({ path: join(artifacts, 'demo.png') });
});

test('compare: aligned passages on both sides, partners marked on hover', async () => {
  await page.click('#tab-compare');
  await page.click('#compare-sample');
  await page.waitForSelector('#suspect-view mark');
  const suspectMarks = await page.locator('#suspect-view mark').count();
  const sourceMarks = await page.locator('#source-view mark').count();
  assert.ok(suspectMarks >= 1 && suspectMarks === sourceMarks, `${suspectMarks} / ${sourceMarks}`);
  assert.match(await page.locator('#compare-status').textContent(), /aligned passages/);
  // The sample is the spinner's copy: its passage is labelled reworded, not verbatim.
  assert.equal(await page.locator('#suspect-view mark.spun').count(), suspectMarks);
  assert.ok(await page.locator('#compare-legend').isVisible());
  await page.locator('#suspect-view mark').first().hover();
  assert.equal(await page.locator('#source-view mark.partner').count(), 1);
  await page.locator('#source-view mark').first().focus();
  assert.equal(await page.locator('#suspect-view mark.partner').count(), 1);
  await page.screenshot({ path: join(artifacts, 'demo-compare.png') });
  await page.click('#tab-check');
});

async function paste(text) {
  const before = await page.locator('#status').textContent();
  const started = Date.now();
  await page.locator('#input').evaluate((element, value) => {
    element.value = value;
    element.dispatchEvent(new Event('input'));
  }, text);
  await waitForCheck(before);
  return Date.now() - started;
}

test('paste to result: 6 KB and 1 MB, the page stays live', async () => {
  const original = await (await page.request.get(`http://127.0.0.1:${server.address().port}/samples/000.txt`)).text();
  const sixKb = `${original}\n${original}\n${original}`.slice(0, 6 * 1024);
  const small = await paste(sixKb);
  const ms6 = Number(await page.evaluate(() => document.body.dataset.lastCheckMs));
  const filler = Array.from({ length: 12000 }, (_, i) => `Paragraph ${i} about markets, weather and sport.`).join('\n');
  const large = await paste(`${original}\n${filler}`.slice(0, 1024 * 1024));
  const ms1m = Number(await page.evaluate(() => document.body.dataset.lastCheckMs));
  assert.ok((await score()) >= 20, 'the copied article inside 1 MB is found');
  console.log(`paste → result (incl. 200 ms debounce): 6 KB ${small} ms (check ${ms6} ms in the worker), 1 MB ${large} ms (check ${ms1m} ms)`);
});

test('bad input: a clear message and a live page', async () => {
  await paste('   ');
  assert.match(await page.locator('#status').textContent(), /Paste something/);
  // Random bytes as text, checked (larger inputs are refused before checking, and a browser
  // takes tens of seconds just to lay out megabytes of random characters in a textarea).
  const random = await page.evaluate(() => {
    const bytes = new Uint8Array(1024 * 1024);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    return new TextDecoder().decode(bytes);
  });
  await paste(random);
  const status = await page.locator('#status').textContent();
  assert.match(status, /larger than|No article text|No copied passages|Could not check/, status);
  // A binary file dropped on the input is refused by name.
  await page.locator('#input').evaluate((element) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array([0, 1, 2, 255, 0, 7])], 'photo.png', { type: 'image/png' }));
    element.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('photo.png'));
  // Still alive: a sample checks as before.
  await clickSample('original');
  assert.equal(await score(), 100);
  assert.deepEqual(errors, []);
});

test('the page makes no requests but its own files', () => {
  const port = server.address().port;
  assert.deepEqual(requests.filter((url) => !url.startsWith(`http://127.0.0.1:${port}/`)), []);
});
