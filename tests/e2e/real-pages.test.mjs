// The extension as users get it (the bundled pack) on real sites' markup, in Chromium and in
// Firefox ESR: the 130 Readability test pages, each untouched and as a copy of a bundled
// reference, a spun copy and a copy with stylesheet-hidden decoys on 20 of them (see
// real-pages.mjs). Each page is read as automatic checking reads it and as a click on the
// toolbar button does. Off-site requests are refused. Needs ../shared; says so when skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FIREFOX_ONLY_LOOPBACK, ONLY_LOOPBACK, autoCheckRegistered, launchFirefoxWithExtension, launchWithExtension, openExtensionPage,
} from './browser.mjs';
import { missingCorpus, reportRealPages, visitRealPages, writeRealPages } from './real-pages.mjs';
import { serveFolder } from './static-server.mjs';

const chromeExtension = process.env.COPYSPOT_REAL_EXTENSION;
const firefoxExtension = process.env.COPYSPOT_REAL_FIREFOX_EXTENSION;
const artifacts = process.env.COPYSPOT_ARTIFACTS ?? join(tmpdir(), 'copyspot-artifacts');
const missing = missingCorpus() ?? (chromeExtension && firefoxExtension ? null : 'COPYSPOT_REAL_EXTENSION is not set (run ./build.sh test)');
/** Every Nth template only, per browser, from COPYSPOT_REAL_PAGES_SAMPLE ("Chromium:2,Firefox:3"):
 * `./build.sh test` samples to keep CI short (the templates with spun and decoy copies are in
 * every sample); `./build.sh e2e` runs every template in both. */
const samples = new Map(
  (process.env.COPYSPOT_REAL_PAGES_SAMPLE ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => entry.split(':'))
    .map(([browser, every]) => [browser, Number(every) || 1]),
);
const sampled = (label) => templates.filter((_, i) => i % (samples.get(label) ?? 1) === 0);

/** The share of pages that must meet their bar, per browser. */
const FLOORS = { Chromium: 0.99, Firefox: 0.97 };

let server;
let base;
let templates = [];
before(() => {
  if (missing) return;
  const site = mkdtempSync(join(tmpdir(), 'copyspot-real-'));
  ({ templates } = writeRealPages(site));
  mkdirSync(artifacts, { recursive: true });
  return serveFolder(site).then((s) => {
    server = s;
    base = `http://127.0.0.1:${server.address().port}`;
  });
});
after(() => server?.close());

function assertFloors(label, shares) {
  for (const [key, share] of Object.entries(shares)) {
    if (!/\/(copy|untouched)$/.test(key)) continue;
    assert.ok(share >= FLOORS[label], `${label} ${key}: ${(share * 100).toFixed(1)}% of pages met their bar, below ${FLOORS[label] * 100}%`);
  }
  for (const [key, share] of Object.entries(shares)) {
    if (/\/(spun|decoys)$/.test(key)) assert.ok(share >= 0.9, `${label} ${key}: ${(share * 100).toFixed(1)}% met their bar`);
  }
}

test('real pages in Chromium: copies read as copies, untouched pages as clean', { skip: missing ? `SKIPPED: ${missing}` : false }, async () => {
  const context = await launchWithExtension(chromeExtension, undefined, [ONLY_LOOPBACK]);
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await autoCheckRegistered(worker);
    const harness = await context.newPage();
    await harness.goto(`chrome-extension://${new URL(worker.url()).host}/options/options.html`);
    const rows = await visitRealPages({ newPage: () => context.newPage(), harness, base, templates: sampled('Chromium') });
    assertFloors('Chromium', reportRealPages('Chromium', rows, join(artifacts, 'real-pages-chromium.json')));
  } finally {
    await context.close();
  }
});

test('real pages in Firefox: copies read as copies, untouched pages as clean', { skip: missing ? `SKIPPED: ${missing}` : false }, async () => {
  const uuid = '7d0c3a5e-2f4b-4c61-9e8d-1a2b3c4d5e6f';
  const browser = await launchFirefoxWithExtension(firefoxExtension, uuid, FIREFOX_ONLY_LOOPBACK);
  try {
    const harness = await openExtensionPage(browser, `moz-extension://${uuid}/options/options.html`, `${base}/index.json`);
    await harness.evaluate(async () => {
      while (!(await browser.scripting.getRegisteredContentScripts()).length) await new Promise((r) => setTimeout(r, 20));
    });
    const rows = await visitRealPages({ newPage: () => browser.newPage(), harness, base, templates: sampled('Firefox') });
    assertFloors('Firefox', reportRealPages(`Firefox ESR ${await browser.version()}`.replace(/^Firefox ESR firefox\//, 'Firefox ESR '), rows, join(artifacts, 'real-pages-firefox.json')));
  } finally {
    await browser.close();
  }
});
