// Privacy and hostile input in the browser (see SECURITY.md): strings from references and pages
// are shown as text, javascript: links are refused, pages cannot reach the extension, no page
// text lands in storage, and pages that are huge or never stop changing still get a badge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoCheckRegistered, launchWithExtension, resultFor as tabResult } from './browser.mjs';
import { serveFolder } from './static-server.mjs';
import { PUBLISHED } from './pages.mjs';

const extension = process.env.COPYSPOT_E2E_EXTENSION;
if (!extension) throw new Error('COPYSPOT_E2E_EXTENSION is not set: run ./build.sh test');

const HOSTILE_TITLE = '<img src=x onerror="document.title=\'pwned\'"> Lighthouse';
const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

let context;
let worker;
let server;
let base;
let id;

before(async () => {
  const site = mkdtempSync(join(tmpdir(), 'copyspot-site-'));
  const paragraphs = PUBLISHED.split(/\n+/).map((p) => `<p>${p}</p>`).join('');
  writeFileSync(join(site, 'copy.html'), page('Copy', `<article>${paragraphs}</article>`));
  writeFileSync(join(site, 'messages.html'), page('Messages', `<article>${paragraphs}</article><script>
    window.postMessage({ type: 'remove', ids: ['hostile-1'] }, '*');
    window.postMessage({ type: 'use-bundled', on: false }, '*');
    window.reachable = typeof chrome !== 'undefined' && typeof chrome.runtime?.sendMessage === 'function';
  </script>`));
  // 200,000 elements and ~12 MB of HTML.
  writeFileSync(join(site, 'huge.html'), page('Huge', `<article>${paragraphs}</article>${'<div><span>filler words here</span></div>'.repeat(100000)}`));
  // Replaces its body every 100 ms, forever.
  writeFileSync(join(site, 'restless.html'), page('Restless', `<article>${paragraphs}</article><script>
    let n = 0;
    setInterval(() => { document.body.innerHTML = '<article>' + ${JSON.stringify(paragraphs)} + '<p>tick ' + (n++) + '</p></article>'; }, 100);
  </script>`));
  // The same copy dressed in every evasion at once: words drawn by CSS, zero-width characters,
  // look-alike letters, soft hyphens, non-breaking spaces, hidden decoys, words split across elements.
  let n = 0;
  const evasive = PUBLISHED.split(/\n+/).map((p) => `<p>${p.split(' ').map((word) => {
    n++;
    if (n % 6 === 0) return `<i data-w="${word}"></i>`;
    if (n % 6 === 1) return word.replace(/a/g, '\u0430').replace(/o/g, '\u043e');
    if (n % 6 === 2) return word.length > 3 ? `<span>${word.slice(0, 2)}</span><b>${word.slice(2)}</b>` : word;
    if (n % 6 === 3) return `${word.slice(0, 1)}\u200b${word.slice(1)}`;
    if (n % 6 === 4) return `${word.slice(0, 1)}\u00ad${word.slice(1)}\u00a0<span style="display:none">buy cheap watches</span>`;
    return word;
  }).join(' ')}</p>`).join('');
  writeFileSync(join(site, 'evasive.html'), page('Evasive', `<style>i[data-w]::before { content: attr(data-w); }</style><article>${evasive}</article>`));
  writeFileSync(join(site, 'no-body.html'), '<!doctype html><html><head><title>x</title></head></html>');
  // 50 MB of text: the copied article over and over, like a live blog that never ends. (Which
  // block of a page is its article is the extraction tests' business; this one is about size.)
  writeFileSync(join(site, 'giant.html'), page('Giant', `<article>${paragraphs.repeat(Math.ceil(50e6 / paragraphs.length))}</article>`));
  // The article only inside an open shadow root, a closed one, or a same-origin frame; the
  // light DOM around it holds a few unrelated words.
  const filler = '<p>Menu Home Sport Weather</p>';
  const inShadow = (mode) => page(`Shadow ${mode}`, `${filler}<div id="host"></div><script>
    document.getElementById('host').attachShadow({ mode: '${mode}' }).innerHTML = ${JSON.stringify(`<article>${paragraphs}</article>`)};
  </script>`);
  writeFileSync(join(site, 'shadow-open.html'), inShadow('open'));
  writeFileSync(join(site, 'shadow-closed.html'), inShadow('closed'));
  writeFileSync(join(site, 'slotted.html'), page('Slotted', `${filler}<div id="host"><article slot="story">${paragraphs}</article></div><script>
    document.getElementById('host').attachShadow({ mode: 'closed' }).innerHTML = '<header>News</header><slot name="story"></slot>';
  </script>`));
  writeFileSync(join(site, 'article.html'), page('Framed article', `<article>${paragraphs}</article>`));
  // Real pages' parts that are not HTML elements, or not plain ones: inline SVG icons, MathML,
  // custom elements with closed shadow roots, a template.
  const icon = '<svg width="16" height="16" viewBox="0 0 16 16"><title>share</title><path d="M0 0h16v16H0z"/></svg>';
  writeFileSync(join(site, 'svg-mathml.html'), page('Parts', `<header>${icon} ${icon}<my-menu>Menu</my-menu></header>
    <article>${paragraphs.replace(/<\/p>/g, `${icon}</p>`)}<math><mi>x</mi><mo>=</mo><mn>2</mn></math></article>
    <template><p>never shown</p></template><script>
      customElements.define('my-menu', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'closed' }).innerHTML = '<slot></slot>'; } });
    </script>`));
  // A page that breaks the DOM methods and globals a content script might lean on. Content
  // scripts live in a world of their own (Chromium) or see the page through Xrays (Firefox).
  writeFileSync(join(site, 'overrides.html'), page('Overrides', `<article>${paragraphs}</article><script>
    for (const name of ['childNodes', 'attributes', 'localName', 'nodeType', 'shadowRoot', 'parentNode']) {
      for (const proto of [Node.prototype, Element.prototype]) {
        if (Object.getOwnPropertyDescriptor(proto, name)) Object.defineProperty(proto, name, { get() { throw new Error('no ' + name); } });
      }
    }
    Element.prototype.checkVisibility = () => false;
    Element.prototype.getBoundingClientRect = () => { throw new Error('no boxes'); };
    window.getComputedStyle = () => { throw new Error('no styles'); };
    window.chrome = { runtime: { sendMessage() { throw new Error('fake'); } } };
    window.browser = window.chrome;
  </script>`));
  writeFileSync(join(site, 'contents.html'), page('Contents', `<div style="display: contents"><article style="display: contents">${paragraphs}</article></div>`));
  writeFileSync(join(site, 'page.xhtml'), `<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>XHTML</title></head><body><article>${paragraphs}${icon}</article></body></html>`);
  writeFileSync(join(site, 'frame.html'), page('Frame', `${filler}<iframe src="article.html" width="800" height="600"></iframe>`));
  server = await serveFolder(site);
  base = `http://127.0.0.1:${server.address().port}`;
  // The article in a frame from another origin the user granted (localhost), beside a frame
  // that never loads (127.0.0.2: nothing listens there).
  const port = server.address().port;
  writeFileSync(join(site, 'other-origin-frame.html'), page('Frames', `${filler}
    <iframe src="http://localhost:${port}/article.html" width="800" height="600"></iframe>
    <iframe src="http://127.0.0.2:${port}/article.html" width="800" height="600"></iframe>`));
  context = await launchWithExtension(extension);
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  id = new URL(worker.url()).host;
  await autoCheckRegistered(worker);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options/options.html`);
  const answer = await options.evaluate((reference) => chrome.runtime.sendMessage({ type: 'import', references: [reference] }),
    { id: 'hostile-1', title: HOSTILE_TITLE, url: 'javascript:alert(1)', text: PUBLISHED });
  assert.equal(answer.imported, 1);
  await options.close();
});

after(async () => {
  await context?.close();
  server?.close();
});

const resultFor = (url) => tabResult(worker, url);

test('titles and links from a reference are shown as text; a javascript: link is refused', async () => {
  const tab = await context.newPage();
  await tab.goto(`${base}/copy.html`);
  const { tabId, entry } = await resultFor(`${base}/copy.html`);
  assert.equal(entry.report.matches[0].id, 'hostile-1');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#original').filter({ hasText: 'Lighthouse' }).waitFor();
  assert.equal(await popup.locator('#original').textContent(), HOSTILE_TITLE);
  assert.equal(await popup.locator('img').count(), 0, 'no element made from the title');
  assert.equal(await popup.locator('#original').getAttribute('href'), null, 'javascript: is not a link');
  assert.notEqual(await popup.title(), 'pwned');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options/options.html`);
  await options.locator('#references li').first().waitFor();
  assert.equal(await options.locator('#references img').count(), 0);
  assert.equal(await options.locator('#references a[href^="javascript"]').count(), 0);
  await Promise.all([popup.close(), options.close(), tab.close()]);
});

test('evasions: a copy dressed in every trick at once scores within 2 points of the plain copy', async () => {
  const scores = {};
  for (const name of ['copy.html', 'evasive.html']) {
    const tab = await context.newPage();
    await tab.goto(`${base}/${name}`);
    scores[name] = (await resultFor(`${base}/${name}`)).entry.report.score;
    await tab.close();
  }
  console.log(`evasions in the browser: plain copy ${scores['copy.html']}, evasive copy ${scores['evasive.html']}`);
  assert.ok(scores['evasive.html'] >= scores['copy.html'] - 2, JSON.stringify(scores));
});

test('pages cannot reach the extension: window.postMessage is ignored, chrome.runtime is absent', async () => {
  const tab = await context.newPage();
  await tab.goto(`${base}/messages.html`);
  await resultFor(`${base}/messages.html`);
  assert.equal(await tab.evaluate(() => window.reachable), false);
  const { useBundled } = await worker.evaluate(() => chrome.storage.local.get('useBundled'));
  assert.notEqual(useBundled, false);
  assert.ok(await worker.evaluate(() => chrome.storage.local.get('ref:hostile-1').then((r) => Boolean(r['ref:hostile-1']))));
  await tab.close();
});

test('no page text is stored: local storage holds only references, subscribed packs and settings', async () => {
  const local = await worker.evaluate(() => chrome.storage.local.get(null));
  const keys = Object.keys(local).filter((key) => !key.startsWith('ref:') && !key.startsWith('sub:'));
  assert.deepEqual(keys.filter((key) => !['userPack', 'importedPack', 'useBundled', 'subscriptions'].includes(key)), []);
});

test('hostile pages: 200,000 elements, a body replaced every 100 ms, no body — each gets a badge, the tab stays live', async () => {
  for (const name of ['huge.html', 'restless.html', 'no-body.html']) {
    const tab = await context.newPage();
    const started = Date.now();
    await tab.goto(`${base}/${name}`);
    const { entry, badge } = await resultFor(`${base}/${name}`);
    const ms = Date.now() - started;
    assert.equal(await tab.evaluate(() => 1 + 1), 2, `${name}: the page still answers`);
    if (name === 'no-body.html') assert.ok(entry.report?.status === 'no_article_text' || entry.error, name);
    else assert.ok(Number(badge) >= 50, `${name}: badge ${badge}`);
    console.log(`${name}: badge "${badge}" ${ms} ms after navigation; ${entry.report?.words ?? 0} words checked; content script ${entry.collect?.ms} ms in ${entry.collect?.slices} slices, extraction ${Math.round(entry.extractMs ?? 0)} ms, check ${Math.round(entry.checkMs ?? 0)} ms`);
    await tab.close();
  }
});

/** Resident memory of every Chromium process on the machine (the tests run one browser), MiB. */
function browserResidentMiB() {
  let kib = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+(chromium|chrome)/m.test(status)) continue;
      kib += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // The process ended while we looked.
    }
  }
  return kib / 1024;
}

test('a 50 MB page: checked in slices up to the 8 MB cap, the popup says so, the tab stays live', async () => {
  const tab = await context.newPage();
  // The page's own heap (content scripts share it) and the whole browser's memory.
  const cdp = await context.newCDPSession(tab);
  const pageHeapMiB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  };
  const browserBefore = existsSync('/proc/self/status') ? browserResidentMiB() : NaN;
  const started = Date.now();
  await tab.goto(`${base}/giant.html`, { timeout: 120_000 });
  const loaded = Date.now() - started;
  const { tabId, entry, badge } = await resultFor(`${base}/giant.html`);
  const ms = Date.now() - started;
  const heapAfter = await pageHeapMiB();
  const browserAfter = existsSync('/proc/self/status') ? browserResidentMiB() : NaN;
  console.log(`giant.html: page JS heap after the check (after GC) ${heapAfter.toFixed(1)} MiB; browser resident memory ${browserBefore.toFixed(0)} MiB before the page, ${browserAfter.toFixed(0)} MiB after its check`);
  // The content script keeps nothing once the page is sent: the 8 MB it serialized is garbage.
  assert.ok(heapAfter < 64, `page heap ${heapAfter} MiB`);
  assert.equal(await tab.evaluate(() => 1 + 1), 2, 'the page still answers');
  assert.ok(Number(badge) >= 50, `badge ${badge}`);
  assert.equal(entry.truncated, true);
  assert.ok(entry.collect.slices > 1, `collected in ${entry.collect.slices} slice(s)`);
  console.log(`giant.html (50 MB): loaded in ${loaded} ms, badge "${badge}" ${ms} ms after navigation; content script ${entry.collect.ms} ms in ${entry.collect.slices} slices; extraction in the worker ${Math.round(entry.extractMs)} ms, check ${Math.round(entry.checkMs)} ms; wasm memory ${(entry.wasmMemoryBytes / 2 ** 20).toFixed(0)} MiB`);
  // Bounded by the 8 MB cap, not the page: the pack, the 8 MB of HTML and its parsed tree.
  assert.ok(entry.wasmMemoryBytes < 512 * 2 ** 20, `wasm memory ${entry.wasmMemoryBytes} bytes`);
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#page-line').filter({ hasText: '8 MB' }).waitFor();
  await Promise.all([popup.close(), tab.close()]);
});

test('pages with SVG, MathML, custom elements, broken DOM methods, display: contents or XHTML are read', async () => {
  for (const name of ['svg-mathml.html', 'overrides.html', 'contents.html', 'page.xhtml']) {
    const tab = await context.newPage();
    await tab.goto(`${base}/${name}`);
    const { badge, entry } = await resultFor(`${base}/${name}`);
    console.log(`${name}: badge "${badge}"${entry.error ? `, error ${entry.error}` : ''}`);
    assert.ok(Number(badge) >= 90, `${name}: badge ${badge} ${entry.error ?? ''}`);
    await tab.close();
  }
});

test('a page that cannot be read says why: badge "!", the reason stored and counted', async () => {
  const tab = await context.newPage();
  const url = `${base}/copy.html?unreadable`;
  await tab.goto(url);
  await resultFor(url);
  const { unreadablePages: before = 0 } = await worker.evaluate(() => chrome.storage.session.get('unreadablePages'));
  // A content script's failure, sent the way content.js sends one.
  await worker.evaluate(async (url) => {
    const [target] = await chrome.tabs.query({ url });
    await chrome.scripting.executeScript({
      target: { tabId: target.id },
      func: () => chrome.runtime.sendMessage({ type: 'page', page: { url: location.href, error: 'TypeError: reading the page failed' } }),
    });
  }, url);
  const result = await worker.evaluate(async (url) => {
    const [target] = await chrome.tabs.query({ url });
    for (let i = 0; i < 100; i++) {
      const entry = (await chrome.storage.session.get(`tab:${target.id}`))[`tab:${target.id}`];
      if (entry?.unreadable) return { entry, badge: await chrome.action.getBadgeText({ tabId: target.id }), ...(await chrome.storage.session.get('unreadablePages')) };
      await new Promise((r) => setTimeout(r, 50));
    }
    return null;
  }, url);
  assert.equal(result?.badge, '!');
  assert.equal(result.entry.error, 'TypeError: reading the page failed');
  assert.equal(result.unreadablePages, before + 1);
  await tab.close();
});

test('articles inside open and closed shadow roots, slots and same-origin frames are read', async () => {
  for (const name of ['shadow-open.html', 'shadow-closed.html', 'slotted.html', 'frame.html']) {
    const tab = await context.newPage();
    await tab.goto(`${base}/${name}`);
    const { badge } = await resultFor(`${base}/${name}`);
    console.log(`${name}: badge "${badge}"`);
    assert.ok(Number(badge) >= 90, `${name}: badge ${badge}`);
    await tab.close();
  }
});

test('an article in a frame from another origin is read when the user granted that site', async () => {
  const tab = await context.newPage();
  await tab.goto(`${base}/other-origin-frame.html`);
  const { badge, entry } = await resultFor(`${base}/other-origin-frame.html`);
  console.log(`other-origin-frame.html: badge "${badge}", frames read ${entry.framesRead}`);
  assert.ok(Number(badge) >= 90, `badge ${badge}`);
  assert.equal(entry.framesRead, 1);
  await tab.close();
});

test('extension code has no eval, no HTML sinks and no remote addresses', () => {
  const root = new URL('../../extension/', import.meta.url).pathname;
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'wasm' || entry.name === 'pack') continue; // generated by wasm-bindgen / the build
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|html)$/.test(entry.name)) files.push(path);
    }
  };
  walk(root);
  assert.ok(files.length >= 6);
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const sink of [/\beval\s*\(/, /new Function/, /\.innerHTML\b/, /outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/,
      // Addresses that are never requested: XML namespace names, the placeholders' example.org.
      /https?:\/\/(?!www\.w3\.org\/|purl\.org\/rss\/1\.0\/|example\.org\/|\*\/)/]) {
      assert.doesNotMatch(code, sink, `${file}: ${sink}`);
    }
  }
});
