// The demo's checker, off the page's main thread so that a 1 MB paste never freezes typing.
// Messages in: { id, type: 'check' | 'compare', ... }; out: { id, result } or { id, error }.
import init, { Checker, compareTexts } from './wasm/copyspot.js';

const ready = (async () => {
  await init({ module_or_path: new URL('./wasm/copyspot_bg.wasm', import.meta.url) });
  const pack = await fetch(new URL('./pack/default.cspk', import.meta.url));
  if (!pack.ok) throw new Error(`the reference pack did not load (${pack.status})`);
  return new Checker(new Uint8Array(await pack.arrayBuffer()));
})();

self.addEventListener('message', async ({ data }) => {
  try {
    const checker = await ready;
    const started = performance.now();
    let result;
    if (data.type === 'info') result = checker.info();
    else if (data.type === 'check') result = checker.check(data.text, data.isHtml ?? undefined);
    else if (data.type === 'compare') result = compareTexts(data.suspect, data.source);
    else throw new Error(`unknown request ${data.type}`);
    self.postMessage({ id: data.id, result, ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
});
