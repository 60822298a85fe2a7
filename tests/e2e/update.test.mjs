// References survive what happens to an extension over its life: the browser closing and
// starting again (the extension is reloaded from disk) and an update to a new version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, resultFor } from './browser.mjs';
import { serveTestPages, PUBLISHED } from './pages.mjs';

const extension = process.env.COPYSPOT_E2E_EXTENSION;
if (!extension) throw new Error('COPYSPOT_E2E_EXTENSION is not set: run ./build.sh test');

const REFERENCES = [
  { id: 'harbour-1', title: 'Lighthouse to be restored', url: 'https://harbour.example/1', text: PUBLISHED },
  ...Array.from({ length: 49 }, (_, i) => ({
    id: `mine-${i}`,
    title: `My article ${i}`,
    url: `https://me.example/${i}`,
    text: `Article ${i} of my own, about topic number ${i}. `.repeat(12),
  })),
];

async function start(folder, profile) {
  const context = await launchWithExtension(folder, profile);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return { context, worker, id: new URL(worker.url()).host };
}

async function listedReferences({ context, id }) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/options/options.html`);
  await options.locator('#reference-count').filter({ hasText: String(REFERENCES.length) }).waitFor();
  const titles = await options.locator('#references li').allTextContents();
  await options.close();
  return titles;
}

async function badgeFor({ context, worker }, url) {
  const page = await context.newPage();
  await page.goto(url);
  const { entry } = await resultFor(worker, url);
  await page.close();
  return entry;
}

test('references survive a browser restart and an update of the extension to a new version', async () => {
  const { server, base } = await serveTestPages();
  const copyUrl = `${base}/published-copy.html`;
  // The extension is staged in a folder of its own so that the test can rewrite its version.
  const staged = mkdtempSync(join(tmpdir(), 'copyspot-staged-'));
  cpSync(extension, staged, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'copyspot-profile-'));
  let browser;
  try {
    browser = await start(staged, profile);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.id}/options/options.html`);
    const answer = await options.evaluate((references) => chrome.runtime.sendMessage({ type: 'import', references }), REFERENCES);
    assert.equal(answer.imported, REFERENCES.length);
    await options.close();
    const before = await listedReferences(browser);
    assert.ok((await badgeFor(browser, copyUrl)).report.score >= 95);
    const version = (await browser.worker.evaluate(() => chrome.runtime.getManifest())).version;
    await browser.context.close();

    // The browser starts again: the extension is loaded afresh from disk.
    browser = await start(staged, profile);
    assert.deepEqual(await listedReferences(browser), before);
    await browser.context.close();

    // A new version replaces the files on disk: Chrome installs it as an update.
    const manifestPath = join(staged, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.version = version.replace(/\d+$/, (n) => String(Number(n) + 1));
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    browser = await start(staged, profile);
    assert.equal((await browser.worker.evaluate(() => chrome.runtime.getManifest())).version, manifest.version);
    assert.deepEqual(await listedReferences(browser), before);
    const after = await badgeFor(browser, copyUrl);
    assert.ok(after.report.score >= 95, `copy after the update: ${after.report.score}`);
    assert.equal(after.report.matches[0].id, 'harbour-1');
    console.log(`${REFERENCES.length} references intact after a restart and an update ${version} → ${manifest.version}`);
  } finally {
    await browser?.context.close();
    server.close();
  }
});
