// A publisher's site on 127.0.0.1 for the subscription tests: packs written by the copyspot
// CLI, served with an ETag and Last-Modified (304 to a matching conditional request), and, on
// demand, a damaged pack, a server error, a slow answer or an oversized one; and an RSS feed of
// the site's articles. Every request is logged with its headers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PUBLISHED, UNRELATED } from './pages.mjs';

const CLI = new URL('../../target/release/copyspot', import.meta.url).pathname;
export const PACK_NAME = 'Harbour Gazette';
export const PACK_DESCRIPTION = 'Articles of the Harbour Gazette, kept by its newsroom.';

/** Pack bytes of `references` ({id, title, url, text}), built by the CLI with the test name. */
function buildPack(references) {
  const work = mkdtempSync(join(tmpdir(), 'copyspot-pack-'));
  writeFileSync(join(work, 'refs.jsonl'), references.map((r) => JSON.stringify(r)).join('\n'));
  const pack = join(work, 'pack.cspk');
  execFileSync(CLI, ['pack', 'build', '--name', PACK_NAME, '--description', PACK_DESCRIPTION, '-o', pack, join(work, 'refs.jsonl')]);
  return readFileSync(pack);
}

const HARBOUR = { id: 'harbour-1', title: 'Lighthouse to be restored', url: 'https://harbour.example/1', text: PUBLISHED };
const BAKERY = { id: 'harbour-2', title: 'Bakery reopens', url: 'https://harbour.example/2', text: UNRELATED };
export const SLOW_MS = 3000;
/** The first version of the pack, then a second with one more article. */
export const VERSIONS = [buildPack([HARBOUR]), buildPack([HARBOUR, BAKERY])];

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const LIGHTHOUSE_PAGE = `<!doctype html><html><head><title>Lighthouse to be restored</title></head><body>
<nav><a href="/">Harbour Gazette</a></nav><article><h1>Lighthouse to be restored</h1><p>${escape(PUBLISHED)}</p></article>
<footer>© Harbour Gazette</footer></body></html>`;
/** The site's feed: an article in full (the bakery), one as a teaser whose page is read (the
 * lighthouse), one on another site and one whose page is gone. */
const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>${PACK_NAME}</title><link>/</link>
<item><title>Bakery reopens</title><link>/articles/bakery.html</link>
  <description>The bakery is back.</description>
  <content:encoded><![CDATA[<p>${escape(UNRELATED)}</p>]]></content:encoded></item>
<item><title>Lighthouse to be restored</title><link>/articles/lighthouse.html</link>
  <description>The lighthouse will be saved.</description></item>
<item><title>Elsewhere</title><link>https://elsewhere.example/story</link><description>Not ours.</description></item>
<item><title>Gone</title><link>/articles/gone.html</link><description>Removed.</description></item>
</channel></rss>`;

/** Serves the pack at /harbour.cspk and the feed at /feed.xml. `state.mode`: 'pack' (VERSIONS[state.version]), 'slow'
 * (the same after `SLOW_MS`), 'damaged' (the current version cut in half, under a new ETag),
 * 'error' (HTTP 500), 'huge' (64 MiB and a byte). `state.requests` logs { path, headers,
 * status }. */
export async function servePacks() {
  const state = { mode: 'pack', version: 0, requests: [] };
  const huge = Buffer.alloc(64 * 1024 * 1024 + 1);
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    const answer = (status, headers = {}, body = undefined) => {
      state.requests.push({ path, headers: request.headers, status });
      response.writeHead(status, headers);
      response.end(body);
    };
    if (path === '/not-a-pack.cspk') return answer(200, { 'content-type': 'text/plain' }, 'Hello, this is text.');
    if (path === '/feed.xml') return answer(200, { 'content-type': 'application/rss+xml; charset=utf-8' }, FEED);
    if (path === '/articles/lighthouse.html') return answer(200, { 'content-type': 'text/html; charset=utf-8' }, LIGHTHOUSE_PAGE);
    if (path !== '/harbour.cspk') return answer(404);
    if (state.mode === 'error') return answer(500);
    if (state.mode === 'huge') {
      state.requests.push({ path, headers: request.headers, status: 200 });
      response.writeHead(200, { 'content-length': huge.length });
      response.on('error', () => {});
      response.socket.on('error', () => {});
      return response.end(huge);
    }
    if (state.mode === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    const etag = state.mode === 'damaged' ? `"v${state.version}-damaged"` : `"v${state.version}"`;
    const lastModified = new Date(Date.UTC(2026, 10, 1 + state.version)).toUTCString();
    if (request.headers['if-none-match'] === etag) return answer(304, { etag, 'last-modified': lastModified });
    const bytes = VERSIONS[state.version];
    const body = state.mode === 'damaged' ? bytes.subarray(0, bytes.length >> 1) : bytes;
    return answer(200, { 'content-type': 'application/octet-stream', etag, 'last-modified': lastModified }, body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, state, url: `http://127.0.0.1:${server.address().port}/harbour.cspk` };
}

/** What the tests assert of every request to the site: a plain GET of an address the user gave
 * or its feed named, that carries nothing of the user (no cookie, no referrer, no page address). */
export function assertPlainRequests(requests, assert) {
  assert.ok(requests.length > 0);
  for (const { path, headers } of requests) {
    assert.ok(['/harbour.cspk', '/not-a-pack.cspk', '/feed.xml', '/articles/lighthouse.html', '/articles/gone.html'].includes(path), path);
    for (const header of ['cookie', 'referer', 'authorization']) assert.equal(headers[header], undefined, `${header} sent`);
  }
}
