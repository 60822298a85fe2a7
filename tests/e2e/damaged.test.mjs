// A damaged bundled pack (truncated, bit-flipped, or from a newer format version) is named in
// the popup and the options page, and the user's own references keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoCheckRegistered, launchWithExtension, resultFor } from './browser.mjs';
import { serveTestPages, PUBLISHED } from './pages.mjs';

const extension = process.env.COPYSPOT_E2E_EXTENSION;
if (!extension) throw new Error('COPYSPOT_E2E_EXTENSION is not set: run ./build.sh test');

const pack = readFileSync(join(extension, 'pack/default.cspk'));
const DAMAGES = {
  truncated: [pack.subarray(0, pack.length - 100), /pack is truncated/],
  'bit-flipped': [(() => { const b = Uint8Array.from(pack); b[b.length - 10] ^= 0x10; return b; })(), /checksum mismatch/],
  // The version after the one this build writes (the u32 at byte 8).
  'newer format version': [
    (() => { const b = Uint8Array.from(pack); b[8] += 1; return b; })(),
    new RegExp(`format version ${pack[8] + 1} is not supported`),
  ],
};

for (const [name, [bytes, message]] of Object.entries(DAMAGES)) {
  test(`${name} bundled pack: named in the popup and options; the user's references still work`, async () => {
    const { server } = await serveTestPages();
    const staged = mkdtempSync(join(tmpdir(), 'copyspot-damaged-'));
    cpSync(extension, staged, { recursive: true });
    writeFileSync(join(staged, 'pack/default.cspk'), bytes);
    const context = await launchWithExtension(staged);
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const id = new URL(worker.url()).host;
      const options = await context.newPage();
      await options.goto(`chrome-extension://${id}/options/options.html`);
      await options.locator('#pack-info').filter({ hasText: message }).waitFor();
      assert.match(await options.locator('#pack-info').textContent(), /Your own references still work/);
      const answer = await options.evaluate((reference) => chrome.runtime.sendMessage({ type: 'import', references: [reference] }),
        { id: 'harbour-1', title: 'Lighthouse to be restored', url: 'https://harbour.example/1', text: PUBLISHED });
      assert.equal(answer.imported, 1);
      await autoCheckRegistered(worker);
      const url = `http://127.0.0.1:${server.address().port}/published-copy.html`;
      const page = await context.newPage();
      await page.goto(url);
      const { tabId, entry } = await resultFor(worker, url);
      assert.ok(entry.report.score >= 95, `copy of the user's reference: ${entry.report.score}`);
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${id}/popup/popup.html?tab=${tabId}`);
      await popup.locator('#pack-line').filter({ hasText: message }).waitFor();
      assert.equal(await popup.locator('#score').textContent(), String(entry.report.score));
    } finally {
      await context.close();
      server.close();
    }
  });
}
