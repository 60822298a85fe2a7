// Whether a content script may compile and run WebAssembly on the pages it reads, in Chromium
// and Firefox ESR: the question that decides if the DOM walk can move from content.js into
// Rust (web-sys) inside the page. A content script in each browser instantiates a minimal
// module on a page without a CSP and on pages whose CSP forbids eval. Prints one line a case.
// Run: node benches/content-wasm.mjs EXTENSION_DIR FIREFOX_EXTENSION_DIR (./build.sh bench).
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchFirefoxWithExtension, launchWithExtension, openExtensionPage } from '../tests/e2e/browser.mjs';
import { serveFolder } from '../tests/e2e/static-server.mjs';

const [chromeExtension, firefoxExtension] = process.argv.slice(2);
const site = mkdtempSync(join(tmpdir(), 'copyspot-csp-'));
const page = (csp) => `<!doctype html><html><head>${csp ? `<meta http-equiv="Content-Security-Policy" content="${csp}">` : ''}<title>CSP</title></head><body><p>text</p></body></html>`;
const cases = { 'no CSP': 'none.html', "script-src 'self'": 'self.html', "default-src 'none'": 'strict.html' };
writeFileSync(join(site, 'none.html'), page(''));
writeFileSync(join(site, 'self.html'), page("script-src 'self'"));
writeFileSync(join(site, 'strict.html'), page("default-src 'none'"));
const server = await serveFolder(site);
const base = `http://127.0.0.1:${server.address().port}`;

/** Runs in the content script's world (a file: extension pages may not eval): instantiates the
 * smallest module there is. Written into a copy of each extension. */
const PROBE = `(async () => {
  try {
    await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return 'may instantiate wasm';
  } catch (error) {
    return 'may not: ' + error.name + ': ' + error.message;
  }
})();`;
function withProbe(folder) {
  const copy = mkdtempSync(join(tmpdir(), 'copyspot-probe-ext-'));
  cpSync(folder, copy, { recursive: true });
  writeFileSync(join(copy, 'csp-probe.js'), PROBE);
  return copy;
}

async function run(label, newPage, inject) {
  for (const [name, file] of Object.entries(cases)) {
    const tab = await newPage();
    await tab.goto(`${base}/${file}`);
    console.log(`${label}, page with ${name}: content script ${await inject(`${base}/${file}`)}`);
    await tab.close();
  }
}

const context = await launchWithExtension(withProbe(chromeExtension));
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
await run('Chromium', () => context.newPage(), (url) =>
  worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['csp-probe.js'] });
    return result.result;
  }, url),
);
await context.close();

const uuid = '0b7d2f8e-5a41-4c3e-8f6a-9d2e1c4b7a60';
const firefox = await launchFirefoxWithExtension(withProbe(firefoxExtension), uuid);
const harness = await openExtensionPage(firefox, `moz-extension://${uuid}/options/options.html`, `${base}/none.html`);
await run(`Firefox ${await firefox.version()}`, () => firefox.newPage(), (url) =>
  harness.evaluate(async (url) => {
    const tab = (await browser.tabs.query({})).find((t) => t.url === url);
    const [result] = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: ['/csp-probe.js'] });
    return result.result ?? result.error;
  }, url),
);
await firefox.close();
server.close();
