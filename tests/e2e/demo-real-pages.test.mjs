// The demo page on real sites' markup: each page of the real-page suite (real-pages.mjs) dropped
// on the demo's input as a file, or pasted, gives the score `copyspot check` gives the same file
// against the same bundled pack. Needs ../shared; says so when skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { missingCorpus, writeRealPages } from './real-pages.mjs';
import { serveFolder } from './static-server.mjs';

const root = new URL('../../', import.meta.url).pathname;
const missing = missingCorpus();
let browser;
let server;

before(async () => {
  if (missing) return;
  server = await serveFolder(join(root, 'www'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** `copyspot check --json` over `files` against the demo's pack: score by file. */
function cliScores(files) {
  const out = execFileSync(join(root, 'target/release/copyspot'), ['check', '--json', '--pack', join(root, 'www/pack/default.cspk'), ...files], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  return new Map(out.trim().split('\n').map((line) => JSON.parse(line)).map((row) => [row.input, row.report.score]));
}

test('real pages dropped or pasted into the demo score as the command line scores them', { skip: missing ? `SKIPPED: ${missing}` : false }, async () => {
  const site = mkdtempSync(join(tmpdir(), 'copyspot-real-demo-'));
  const { templates } = writeRealPages(site);
  const files = templates.flatMap((t) => t.pages.map((p) => join(site, p.path)));
  const expected = cliScores(files);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready=true]');
  const differences = [];
  for (const [index, file] of files.entries()) {
    const html = readFileSync(file, 'utf8');
    const how = index % 2 === 0 ? 'dropped' : 'pasted';
    const status = await page.evaluate(
      async ({ html, name, how }) => {
        const input = document.getElementById('input');
        const status = document.getElementById('status');
        status.textContent = 'Checking…';
        if (how === 'dropped') {
          const transfer = new DataTransfer();
          transfer.items.add(new File([html], name, { type: 'text/html' }));
          input.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        } else {
          input.value = html;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        for (let i = 0; i < 1000 && status.textContent.startsWith('Checking'); i++) await new Promise((r) => setTimeout(r, 20));
        return { score: status.querySelector('.score')?.textContent ?? null, text: status.textContent };
      },
      { html, name: file.split('/').slice(-2).join('-'), how },
    );
    const demoScore = status.score === null ? (/No article text|No copied/.test(status.text) ? 0 : null) : Number(status.score);
    if (demoScore !== expected.get(file)) differences.push(`${file.slice(site.length + 1)} (${how}): demo ${status.score ?? status.text.slice(0, 60)}, CLI ${expected.get(file)}`);
  }
  await page.close();
  console.log(`demo vs CLI on ${files.length} real pages: ${files.length - differences.length} equal${differences.length ? `; differ: ${differences.join('; ')}` : ''}`);
  assert.deepEqual(differences, []);
});
