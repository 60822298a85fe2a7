// How the browser tests start Debian's Chromium (headless, no sandbox: root in CI, and none
// of the background traffic a closed network would refuse) and Debian's Firefox ESR.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: QUIET });
}

/** The unpacked extension in `folder` loaded into `profile` (a fresh one unless given). */
export function launchWithExtension(folder, profile = mkdtempSync(join(tmpdir(), 'copyspot-profile-')), extraArgs = []) {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${folder}`, `--load-extension=${folder}`, ...QUIET, ...extraArgs],
  });
}

/** Chromium's switch that makes every host but 127.0.0.1 unknown, so that a real page's
 * requests to its own site (fonts, images, styles) fail at once instead of waiting. */
export const ONLY_LOOPBACK = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** Firefox's preferences to the same end: every request but loopback's goes to a proxy on a
 * closed port and is refused at once. */
export const FIREFOX_ONLY_LOOPBACK = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.allow_hijacking_localhost': false,
};

/** The stored result (and badge) of the tab showing `url`, once the background worker has
 * checked it. `worker` is the extension's service worker. */
export function resultFor(worker, url) {
  return worker.evaluate(async (url) => {
    for (let i = 0; i < 400; i++) {
      const [tab] = await chrome.tabs.query({ url });
      const entry = tab && (await chrome.storage.session.get(`tab:${tab.id}`))[`tab:${tab.id}`];
      if (entry) return { tabId: tab.id, entry, badge: await chrome.action.getBadgeText({ tabId: tab.id }) };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no result for ${url}`);
  }, url);
}

/** Opens `url` in a tab made by `newPage` (either driver's) and waits for `waitForResult(url)`;
 * the time from navigation to result goes onto `timings`. */
export async function visitPage(newPage, url, waitForResult, timings) {
  const page = await newPage();
  const started = Date.now();
  await page.goto(url);
  const result = await waitForResult(url);
  timings.push({ page: url.split('/').pop(), ms: Date.now() - started });
  return { page, ...result };
}

/** Waits until automatic checking is registered (done when the extension is installed);
 * `target` is the worker or an extension page. */
export function autoCheckRegistered(target) {
  return target.evaluate(async () => {
    while (!(await chrome.scripting.getRegisteredContentScripts()).length) await new Promise((r) => setTimeout(r, 20));
  });
}

/** Debian's Firefox ESR, headless, with the unpacked extension in `folder` installed as a
 * temporary add-on over WebDriver BiDi (playwright-core drives only its own patched Firefox, so
 * puppeteer-core does this one). The extension's pages live at moz-extension://`uuid`/. */
export async function launchFirefoxWithExtension(folder, uuid, extraPrefs = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const { browser_specific_settings: settings } = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [settings.gecko.id]: uuid }), ...extraPrefs },
  });
  await browser.installExtension(resolve(folder));
  return browser;
}

/** Opens an extension page in a new tab, by a navigation from the local page `from`: Firefox's
 * WebDriver BiDi may not navigate to extension pages itself (Firefox 153), and the Firefox test
 * build lets 127.0.0.1 open the options page and the popup (see build_e2e_extension). */
export async function openExtensionPage(browser, url, from) {
  const page = await browser.newPage();
  await page.goto(from);
  await page.evaluate((url) => {
    location.href = url;
  }, url);
  for (let i = 0; i < 200; i++) {
    if ((await page.evaluate(() => location.href).catch(() => '')) === url) return page;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not open`);
}
