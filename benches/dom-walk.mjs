// The DOM walk of extension/content.js against the same walk in Rust over web-sys
// (benches/dom-walk/), on the real-page suite's pages in Chromium: time to serialize each page
// as rendered (fastest of three), and whether the outputs agree in length. Run by
// `./build.sh bench` (which builds benches/dom-walk); needs ../shared.
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '../tests/e2e/browser.mjs';
import { missingCorpus, writeRealPages } from '../tests/e2e/real-pages.mjs';
import { serveFolder } from '../tests/e2e/static-server.mjs';

const missing = missingCorpus();
if (missing) {
  console.log(`SKIPPED dom walk bench: ${missing}`);
  process.exit(0);
}
const root = new URL('../', import.meta.url).pathname;
const site = mkdtempSync(join(tmpdir(), 'copyspot-walk-'));
const { templates } = writeRealPages(site);
cpSync(join(root, 'benches/dom-walk/pkg'), join(site, '__walk'), { recursive: true });
const contentScript = readFileSync(join(root, 'extension/content.js'), 'utf8');
const server = await serveFolder(site);
const browser = await launchBrowser();
const rows = [];
for (const template of templates) {
  for (const { path } of template.pages.filter((p) => p.kind === 'untouched' || p.kind === 'copy')) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/${path}`).catch(() => {});
    const row = await page.evaluate(async (contentScript) => {
      const best = async (walk) => {
        let fastest = Infinity;
        let length = 0;
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          length = (await walk()).length;
          fastest = Math.min(fastest, performance.now() - started);
        }
        return { ms: fastest, length };
      };
      // content.js as the popup injects it: it returns the page; the stub stands in for the
      // extension API that a plain page lacks.
      window.browser = { runtime: { onMessage: { addListener() {} }, id: 'bench' } };
      const js = await best(async () => (await (0, eval)(contentScript)).html);
      let wasm = null;
      try {
        const { default: init, serializeRendered } = await import('/__walk/dom_walk.js');
        await init();
        wasm = await best(async () => serializeRendered(document.documentElement));
      } catch (error) {
        wasm = { error: String(error.message ?? error) };
      }
      return { elements: document.getElementsByTagName('*').length, js, wasm };
    }, contentScript).catch((error) => ({ error: String(error.message ?? error).split('\n')[0] }));
    rows.push({ path, ...row });
    await page.close();
  }
}
await browser.close();
server.close();
const measured = rows.filter((r) => r.js && r.wasm?.ms !== undefined);
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => values.sort((a, b) => a - b)[Math.floor(values.length * 0.95)];
const js = measured.map((r) => r.js.ms);
const wasm = measured.map((r) => r.wasm.ms);
const ratio = measured.map((r) => r.wasm.ms / Math.max(r.js.ms, 0.01));
const lengthGap = measured.map((r) => Math.abs(r.wasm.length - r.js.length) / Math.max(r.js.length, 1));
console.log(`DOM walk on ${measured.length} real pages (Chromium, plain tab, fastest of 3): JavaScript median ${median(js).toFixed(1)} ms, p95 ${p95(js).toFixed(1)} ms; ` +
  `Rust/web-sys median ${median(wasm).toFixed(1)} ms, p95 ${p95(wasm).toFixed(1)} ms; wasm ÷ JS per page median ${median(ratio).toFixed(2)}; ` +
  `output length differs by median ${(median(lengthGap) * 100).toFixed(1)}%; ${rows.length - measured.length} pages not measured` +
  `${rows.filter((r) => !measured.includes(r)).map((r) => ` (${r.path}: ${r.error ?? r.wasm?.error})`).join('')}`);
