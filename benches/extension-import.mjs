// Importing 10,000 references into the extension and checking a page with them loaded:
//   node benches/extension-import.mjs   (after ./build.sh build; needs ../shared/corpus/bbc)
// The references are the BBC articles, each in five variants (a numbered sentence added), so
// that 10,000 distinct texts exist.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../tests/e2e/browser.mjs';
import { serveTestPages } from '../tests/e2e/pages.mjs';

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

const { server } = await serveTestPages();
const context = await launchWithExtension(join(root, 'target/copyspot/extension-e2e-chrome'));
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(worker.url()).host;
const options = await context.newPage();
await options.goto(`chrome-extension://${id}/options/options.html`);
const pageUrl = `http://127.0.0.1:${server.address().port}/aggregator.html`;
const waitForEntry = () => worker.evaluate(async (url) => {
  for (;;) {
    const [tab] = await chrome.tabs.query({ url });
    const entry = tab && (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
    if (entry) return { tabId: tab.id, entry };
    await new Promise((r) => setTimeout(r, 20));
  }
}, pageUrl);
const page = await context.newPage();
await page.goto(pageUrl);
const { tabId, entry: first } = await waitForEntry();

/** Opens the popup on the checked tab; milliseconds until it shows the score. */
async function openPopup() {
  const popup = await context.newPage();
  const opened = Date.now();
  await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
  await popup.locator('#score').filter({ hasText: /\d/ }).waitFor();
  await popup.close();
  return Date.now() - opened;
}
const popupIdleMs = await openPopup();

// While the import runs: the worker is asked something every 50 ms (as a page check or the
// options page would), and the popup is opened on the checked tab.
const started = Date.now();
let importing = true;
const importDone = options.evaluate((records) => chrome.runtime.sendMessage({ type: 'import', references: records }), references)
  .finally(() => { importing = false; });
const pings = [];
const pinger = context.newPage().then(async (probe) => {
  await probe.goto(`chrome-extension://${id}/options/options.html`);
  while (importing) {
    pings.push(await probe.evaluate(async () => {
      const sent = performance.now();
      await chrome.runtime.sendMessage({ type: 'pack-info' });
      return performance.now() - sent;
    }));
    await new Promise((r) => setTimeout(r, 50));
  }
  await probe.close();
});
await new Promise((r) => setTimeout(r, 1000));
const popupMs = await openPopup();
const popupDuringImport = importing;
const answer = await importDone;
const importMs = Date.now() - started;
await pinger;
pings.sort((a, b) => a - b);
console.log(`imported ${answer.imported} references in ${importMs} ms; meanwhile ${pings.length} worker round trips: ` +
  `median ${pings[Math.floor(pings.length / 2)].toFixed(0)} ms, max ${pings[pings.length - 1].toFixed(0)} ms; ` +
  `popup opened ${popupDuringImport ? 'during the import' : 'after the import ended'} showed the score in ${popupMs} ms (${popupIdleMs} ms with the worker idle)`);

await page.reload();
const loaded = Date.now();
const result = await worker.evaluate(async ({ tabId, before }) => {
  for (;;) {
    const entry = (await chrome.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
    if (entry && entry.references !== before) return entry;
    await new Promise((r) => setTimeout(r, 20));
  }
}, { tabId, before: first.references });
console.log(`page load → result ${Date.now() - loaded} ms with ${result.references} references loaded, extraction ${result.extractMs.toFixed(1)} ms + check ${result.checkMs.toFixed(1)} ms in the worker, score ${result.report.score}`);
const listStarted = Date.now();
await options.reload();
await options.locator('#reference-count').filter({ hasText: '10000' }).waitFor({ timeout: 60000 }).catch(() => {});
console.log(`options page lists them in ${Date.now() - listStarted} ms: ${await options.locator('#reference-count').textContent()}`);
await context.close();
server.close();
