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
