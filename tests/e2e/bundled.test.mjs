// The extension as a user installs it (extension/, bundled pack): the options page shows what
// the pack holds and offers automatic checking; the worker's cold start is measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchWithExtension } from './browser.mjs';

const extension = new URL('../../extension', import.meta.url).pathname;

test('options page: bundled pack and automatic checking; worker cold start', async () => {
  const context = await launchWithExtension(extension);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
    assert.deepEqual(manifest.permissions, ['activeTab', 'alarms', 'scripting', 'storage', 'unlimitedStorage']);
    assert.equal(manifest.host_permissions, undefined, 'no host access until the user asks for it');
    assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");

    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(worker.url()).host}/options/options.html`);
    await options.locator('#pack-info').filter({ hasText: 'Bundled references' }).waitFor();
    const info = await options.locator('#pack-info').textContent();
    assert.match(info, /Bundled references: [\d,]+ articles \([\d,]+ KB\), built [\d-]+ from: The seed original/);
    assert.equal(await options.locator('#auto-check').isChecked(), false);
    assert.equal(await options.locator('label[for=auto-check]').textContent(), 'Check every page automatically when it loads');
    const { coldStartMs } = await worker.evaluate(() => chrome.storage.session.get('coldStartMs'));
    console.log(`bundled pack: ${info.trim()} worker cold start (wasm instantiate + pack load): ${coldStartMs.toFixed(1)} ms`);
  } finally {
    await context.close();
  }
});
