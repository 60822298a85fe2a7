// The background worker: owns the wasm checker and the pack, checks pages, keeps each tab's
// result in chrome.storage.session and shows it on the badge. Listeners are registered at the
// top level and nothing is awaited there, so the worker can be stopped and restarted at will:
// the checker is rebuilt on first use, results survive in session storage.
import init, { Checker } from './wasm/copyspot.js';
import { BADGE_COLORS, severity, tabKey } from './common.js';

const api = globalThis.browser ?? globalThis.chrome;
const PACK_URL = 'pack/default.cspk';
const AUTO_CHECK = 'auto-check';

let checkerPromise = null;

/** The checker, built once per worker start (wasm instantiate + pack load). */
function getChecker() {
  if (!checkerPromise) {
    checkerPromise = (async () => {
      const started = performance.now();
      await init({ module_or_path: api.runtime.getURL('wasm/copyspot_bg.wasm') });
      const pack = await fetch(api.runtime.getURL(PACK_URL));
      const checker = new Checker(new Uint8Array(await pack.arrayBuffer()));
      await api.storage.session.set({ coldStartMs: performance.now() - started });
      return checker;
    })();
    checkerPromise.catch(() => {
      checkerPromise = null; // a damaged pack or failed load: try again next time
    });
  }
  return checkerPromise;
}

/** Checks a page collected by content.js and records the outcome for its tab. */
async function checkPage(tabId, page) {
  let entry;
  try {
    const checker = await getChecker();
    const started = performance.now();
    const { article, report } = checker.check(page.html, true);
    // Keep the report, not the page: the article text itself is never stored.
    entry = {
      url: page.url,
      canonical: page.canonical,
      articleTitle: article.title,
      report,
      checkMs: performance.now() - started,
      references: checker.info().references,
      loadedAt: page.loadedAt,
    };
  } catch (error) {
    entry = { url: page.url, error: String(error?.message ?? error) };
  }
  await api.storage.session.set({ [tabKey(tabId)]: entry });
  await showBadge(tabId, entry);
  return entry;
}

async function showBadge(tabId, entry) {
  let text = '';
  let color = BADGE_COLORS.clean;
  if (!entry) {
    text = '';
  } else if (entry.error) {
    text = '!';
    color = BADGE_COLORS.error;
  } else if (entry.report.status === 'checked') {
    text = String(entry.report.score);
    color = BADGE_COLORS[severity(entry.report.score)];
  }
  try {
    await api.action.setBadgeBackgroundColor({ tabId, color });
    await api.action.setBadgeText({ tabId, text });
    await api.action.setBadgeTextColor?.({ tabId, color: '#ffffff' });
  } catch {
    // The tab closed meanwhile.
  }
}

async function forgetTab(tabId) {
  await api.storage.session.remove(tabKey(tabId));
  await showBadge(tabId, null);
}

/** Injects content.js, which returns the page (and watches for in-page navigation). */
async function collectAndCheck(tabId) {
  const [injection] = await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  const page = injection?.result;
  if (!page || typeof page.html !== 'string') throw new Error('the page did not answer');
  return checkPage(tabId, page);
}

/**
 * Automatic checking: content.js runs at document_idle on every origin the user granted in the
 * options page (not at "complete", which slow images and ads can hold back for seconds).
 */
async function syncAutoCheck() {
  const { origins = [] } = await api.permissions.getAll();
  const matches = origins.filter((origin) => /^https?:/.test(origin));
  const registered = await api.scripting.getRegisteredContentScripts({ ids: [AUTO_CHECK] });
  if (registered.length) await api.scripting.unregisterContentScripts({ ids: [AUTO_CHECK] });
  if (matches.length) {
    await api.scripting.registerContentScripts([
      { id: AUTO_CHECK, matches, js: ['content-auto.js', 'content.js'], runAt: 'document_idle' },
    ]);
  }
}

api.runtime.onInstalled.addListener(syncAutoCheck);
api.permissions.onAdded.addListener(syncAutoCheck);
api.permissions.onRemoved.addListener(syncAutoCheck);

api.tabs.onUpdated.addListener((tabId, change) => {
  // A new page or an in-page navigation: the old score no longer applies.
  if (change.status === 'loading' || change.url) forgetTab(tabId);
});

api.tabs.onRemoved.addListener((tabId) => {
  api.storage.session.remove(tabKey(tabId));
});

api.runtime.onMessage.addListener((message, sender, reply) => {
  // Only our own pages and content scripts can reach this listener (no externally_connectable),
  // and pages' window.postMessage never does.
  if (sender.id !== api.runtime.id) return false;
  const handle = {
    // content.js saw an in-page navigation (single-page site) and sends the new page.
    page: () => checkPage(sender.tab.id, message.page),
    // The popup opens: the stored result if it is for the page now shown, else a fresh check.
    result: async () => {
      const stored = (await api.storage.session.get(tabKey(message.tabId)))[tabKey(message.tabId)];
      if (stored && !stored.error && (!message.url || stored.url === message.url)) return stored;
      return collectAndCheck(message.tabId);
    },
    'pack-info': async () => (await getChecker()).info(),
  }[message.type];
  if (!handle) return false;
  handle().then(reply, (error) => reply({ error: String(error?.message ?? error) }));
  return true; // reply comes asynchronously
});
