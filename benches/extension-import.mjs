// Importing 10,000 references into the extension and checking a page with them loaded:
//   node benches/extension-import.mjs   (after ./build.sh build; needs ../shared/corpus/bbc)
// The references are the BBC articles, each in five variants (a numbered sentence added), so
// that 10,000 distinct texts exist.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../tests/e2e/browser.mjs';
import { serveFolder } from '../tests/e2e/static-server.mjs';
import { writePages } from '../tests/e2e/pages.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const bbc = join(root, '../shared/corpus/bbc');
if (!existsSync(bbc)) {
  console.log('SKIPPED: ../shared/corpus/bbc is absent');
  process.exit(0);
}
const texts = [];
for (const topic of readdirSync(bbc).filter((t) => !t.includes('.'))) {
  for (const file of readdirSync(join(bbc, topic))) texts.push([`${topic}/${file}`, readFileSync(join(bbc, topic, file), 'latin1')]);
}
const references = [];
for (let variant = 0; references.length < 10000; variant++) {
  for (const [id, text] of texts) {
    if (references.length === 10000) break;
    references.push({ id: `${id}#${variant}`, title: text.split('\n')[0], url: `https://bbc.example/${id}/${variant}`, text: `${text}\nVariant number ${variant} of this article.` });
  }
}

const site = mkdtempSync(join(tmpdir(), 'copyspot-site-'));
writePages(site);
const server = await serveFolder(site);
const context = await launchWithExtension(join(root, 'target/copyspot/extension-e2e'));
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(worker.url()).host;
const options = await context.newPage();
await options.goto(`chrome-extension://${id}/options/options.html`);
const started = Date.now();
const answer = await options.evaluate((records) => chrome.runtime.sendMessage({ type: 'import', references: records }), references);
const importMs = Date.now() - started;
const page = await context.newPage();
const loaded = Date.now();
await page.goto(`http://127.0.0.1:${server.address().port}/aggregator.html`);
const result = await worker.evaluate(async (url) => {
  for (;;) {
    const [tab] = await chrome.tabs.query({ url });
    const entry = tab && (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
    if (entry) return entry;
    await new Promise((r) => setTimeout(r, 20));
  }
}, `http://127.0.0.1:${server.address().port}/aggregator.html`);
console.log(`imported ${answer.imported} references in ${importMs} ms; page load → result ${Date.now() - loaded} ms, check ${result.checkMs.toFixed(1)} ms in the worker, score ${result.report.score}`);
const listStarted = Date.now();
await options.reload();
await options.locator('#reference-count').filter({ hasText: '10000' }).waitFor({ timeout: 60000 }).catch(() => {});
console.log(`options page lists them in ${Date.now() - listStarted} ms: ${await options.locator('#reference-count').textContent()}`);
await context.close();
server.close();
