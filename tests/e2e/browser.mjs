// How the browser tests start Debian's Chromium: headless, no sandbox (root in CI), and none
// of the background traffic a closed network would refuse.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const QUIET = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: QUIET });
}

/** The unpacked extension in `folder` loaded into `profile` (a fresh one unless given). */
export function launchWithExtension(folder, profile = mkdtempSync(join(tmpdir(), 'copyspot-profile-'))) {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${folder}`, `--load-extension=${folder}`, ...QUIET],
  });
}

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

/** Waits until automatic checking is registered (done when the extension is installed);
 * `target` is the worker or an extension page. */
export function autoCheckRegistered(target) {
  return target.evaluate(async () => {
    while (!(await chrome.scripting.getRegisteredContentScripts()).length) await new Promise((r) => setTimeout(r, 20));
  });
}
