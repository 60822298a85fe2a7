// The background worker: owns the wasm checker and the pack, checks pages, keeps each tab's
// result in chrome.storage.session and shows it on the badge. Listeners are registered at the
// top level and nothing is awaited there, so the worker can be stopped and restarted at will:
// the checker is rebuilt on first use, results survive in session storage.
import init, { Checker, PackBuilder, extractPage, packReferences } from './wasm/copyspot.js';
import { ALARM_SCORE, BADGE_COLORS, isCurrentResult, severity, tabKey } from './common.js';
import { loadPack, loadReferences, removeReferences, savePack, saveReferences, validReference } from './references.js';
import {
  REFRESH_ALARM, listSubscriptions, loadSubscriptions, refreshSubscriptions, scheduleRefresh, setPaused, subscribe,
  subscriptionOnlyOrigins, unsubscribe,
} from './subscriptions.js';

const api = globalThis.browser ?? globalThis.chrome;
const PACK_URL = 'pack/default.cspk';
const AUTO_CHECK = 'auto-check';

let checkerPromise = null;
/** Why the bundled pack could not be read, if it could not: shown in the popup and options. */
let bundledError = null;
/** The wasm instance's memory, once it is instantiated. */
let wasmMemory = null;

/** The checker, built once per worker start (wasm instantiate + pack load). */
function getChecker() {
  if (!checkerPromise) {
    checkerPromise = (async () => {
      const started = performance.now();
      wasmMemory = (await init({ module_or_path: api.runtime.getURL('wasm/copyspot_bg.wasm') })).memory;
      const pack = await fetch(api.runtime.getURL(PACK_URL));
      let checker;
      try {
        checker = new Checker(new Uint8Array(await pack.arrayBuffer()));
        bundledError = null;
      } catch (error) {
        // A damaged bundled pack must not stop the user's own references from working.
        bundledError = String(error?.message ?? error);
        checker = new Checker(new PackBuilder().finish());
      }
      const { useBundled = true } = await api.storage.local.get('useBundled');
      checker.useBundled(useBundled);
      try {
        checker.setUserPack((await loadPack()) ?? undefined);
      } catch {
        // The stored pack is damaged: rebuild it from the references themselves.
        checker.setUserPack(await rebuildUserPack());
      }
      await loadSubscriptions(checker);
      const loaded = performance.now();
      warmUp();
      await api.storage.session.set({ coldStartMs: loaded - started, warmUpMs: performance.now() - loaded });
      return checker;
    })();
    checkerPromise.catch(() => {
      checkerPromise = null; // a damaged pack or failed load: try again next time
    });
  }
  return checkerPromise;
}

/** A small article, quotation included: see warmUp. */
const WARM_UP_PAGE = `<html><head><title>Warm-up</title></head><body><nav><a href="/">Home</a></nav><article>${
  ['The council met on Tuesday to discuss the budget for the schools of the region.',
    'It agreed that most of the money would go to teachers and to repairs before the winter.',
    'Parents said “we have waited years for this decision” and the mayor promised more in March.']
    .map((sentence) => `<p>${sentence} ${sentence} ${sentence}</p>`).join('')
}</article><footer>Footer</footer></body></html>`;

/** V8 compiles each wasm function on its first call: a small page extracted and checked
 * against a pack of itself (so the matched path runs too) while the worker starts, usually as
 * a page begins to load (see tabs.onUpdated), spares the first real page that wait. */
function warmUp() {
  const page = extractPage(WARM_UP_PAGE);
  const builder = new PackBuilder();
  builder.addReferences([{ id: 'warm-up', title: page.title, url: '', text: page.text }]);
  const probe = new Checker(builder.finish());
  probe.checkPage(page);
  page.free();
  probe.free();
}

const IMPORTED = 'importedPack';
/** References fingerprinted per task: small enough that the popup and page checks waiting
 * behind an import of thousands are answered within tens of milliseconds. */
const SLICE = 100;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A pack of `references` and then `packs` (an id already added wins), built a slice at a time;
 * null if it would be empty. Throws if a pack is damaged. */
async function packOf(references, packs = []) {
  const builder = new PackBuilder();
  try {
    for (let i = 0; i < references.length; i += SLICE) {
      builder.addReferences(references.slice(i, i + SLICE)); // extra fields (`added`) are ignored
      await nextTask();
    }
    for (const pack of packs) builder.addPack(pack);
  } catch (error) {
    builder.free();
    throw error;
  }
  if (!builder.length) {
    builder.free();
    return null;
  }
  return builder.finish();
}

/** Fingerprints the user's references into a pack, adds the imported packs, stores the result
 * and returns its bytes. */
async function rebuildUserPack() {
  const { references } = await loadReferences();
  let bytes;
  try {
    const imported = await loadPack(IMPORTED);
    bytes = await packOf(references, imported ? [imported] : []);
  } catch {
    // A damaged imported pack is dropped; the user's own references still count.
    await savePack(null, IMPORTED);
    bytes = await packOf(references);
  }
  await savePack(bytes);
  return bytes ?? undefined;
}

/** Adds a .cspk file's references (throws, changing nothing, if the file is not a good pack). */
async function importPack(bytes) {
  const incoming = new Uint8Array(bytes);
  const count = packReferences(incoming).length;
  const previous = await loadPack(IMPORTED);
  await savePack(previous ? await packOf([], [previous, incoming]) : incoming, IMPORTED);
  await referencesChanged();
  return { imported: count };
}

async function importedReferences() {
  const bytes = await loadPack(IMPORTED);
  return bytes ? packReferences(bytes) : [];
}

/** Rebuilds the user's pack after a change, one rebuild at a time so that an older one never
 * lands last. `added` (when references were only added) are fingerprinted on top of the stored
 * pack rather than fingerprinting every reference again. */
function referencesChanged(added = null) {
  return serially('user-pack', async () => {
    const checker = await getChecker();
    checker.setUserPack(await (added ? extendUserPack(added) : rebuildUserPack()));
  });
}

async function extendUserPack(added) {
  try {
    const stored = await loadPack();
    if (stored) {
      const bytes = await packOf(added, [stored]);
      await savePack(bytes);
      return bytes;
    }
  } catch {
    // The stored pack is damaged: fall back to building it from the references.
  }
  return rebuildUserPack();
}

/** Fewer words than this is no article worth protecting (a login page, a gallery). */
const MIN_ARTICLE_WORDS = 25;

/** A reference for the article in `html` found at `address` (`title` when the page has none),
 * or null if it has too few words. */
function referenceOf(html, address, { rendered = false, title = '' } = {}) {
  const extracted = extractPage(html, rendered);
  const article = { title: extracted.title || title, text: extracted.text };
  extracted.free();
  if (article.text.trim().split(/\s+/).length < MIN_ARTICLE_WORDS) return null;
  return { id: address, title: article.title || address, url: address, text: article.text, added: Date.now() };
}

/** Adds the article of the page in `tabId` to the user's references. */
async function protectTab(tabId) {
  await getChecker(); // the wasm is instantiated with the checker
  const [injection] = await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  const page = injection?.result;
  if (typeof page?.html !== 'string') throw new Error(`this page could not be read: ${page?.error ?? 'it did not answer'}`);
  const reference = referenceOf(page.html, page.canonical || page.url, { rendered: page.rendered === true });
  if (!reference) throw new Error('this page has no article text to protect');
  await saveReferences([reference]);
  await referencesChanged([reference]);
  return { id: reference.id, title: reference.title, count: (await loadReferences()).references.length };
}

/** Adds the articles of a site's feed, as the options page read them: `[{ url, title, html,
 * fragment }]` (`fragment`: the feed's own content, not a whole page). */
async function protectPages(pages) {
  if (!Array.isArray(pages)) throw new Error('no pages were given');
  await getChecker();
  const references = [];
  for (const page of pages) {
    if (typeof page?.html !== 'string' || typeof page.url !== 'string') continue;
    const html = page.fragment ? `<html><body><article>${page.html}</article></body></html>` : page.html;
    const reference = referenceOf(html, page.url, { title: String(page.title ?? '') });
    if (reference) references.push(reference);
    await nextTask(); // one article a task: the popup and page checks are answered in between
  }
  if (references.length) {
    await saveReferences(references);
    await referencesChanged(references);
  }
  return { added: references.length, tooShort: pages.length - references.length };
}

/** Imports references (validated all first: a bad file changes nothing). */
async function importReferences(records) {
  if (!Array.isArray(records) || records.length === 0) throw new Error('the file holds no references');
  const references = records.map((record, index) => {
    const { reference, error } = validReference(record);
    if (!reference) throw new Error(`reference ${index + 1}: ${error}; nothing was imported`);
    return reference;
  });
  await saveReferences(references);
  await referencesChanged(references);
  return { imported: references.length };
}

/** Extracts `html` and checks it, with the time each step took. `rendered`: content.js
 * serialized what the browser shows, hidden parts left out. */
function extractAndCheck(checker, html, rendered) {
  const started = performance.now();
  const extracted = extractPage(html, rendered);
  const articleTitle = extracted.title;
  const extractedAt = performance.now();
  try {
    const report = checker.checkPage(extracted);
    return { articleTitle, report, extractMs: extractedAt - started, checkMs: performance.now() - extractedAt };
  } finally {
    extracted.free();
  }
}

const MAX_FRAMES_CHARS = 8 * 1024 * 1024; // as content.js caps the page itself
/** How long the frames may take to answer. An injection into all frames waits for every frame
 * that is still loading: a real page's ad frame held one for 96 s, and the badge with it. */
const FRAMES_WAIT_MS = 1500;

/** The bodies of the tab's frames from other origins that copyspot may read (the sites the user
 * granted), as content.js serializes them; frames it may not read are left out, and so are all
 * of them if they do not answer within FRAMES_WAIT_MS. */
async function otherOriginFrameBodies(tabId) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve([]), FRAMES_WAIT_MS);
  });
  const injected = api.scripting
    .executeScript({ target: { tabId, allFrames: true }, files: ['content-frame.js', 'content.js'] })
    .then((injections) => injections.map((injection) => injection.result?.html).filter((html) => typeof html === 'string' && html))
    .catch(() => []); // the tab navigated away, or no frame may be read
  try {
    return await Promise.race([injected, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks a page collected by content.js and records the outcome for its tab. A page whose own
 * HTML stays below the alarm is checked again with its frames from other origins spliced in
 * (content.js cannot read them): a copy shown in a frame is on the page too. */
async function checkPage(tabId, page) {
  if (typeof page?.html !== 'string') return recordUnreadable(tabId, page);
  let entry;
  try {
    const checker = await getChecker();
    const rendered = page.rendered === true;
    let checked = extractAndCheck(checker, page.html, rendered);
    let framesRead = 0;
    if (checked.report.score < ALARM_SCORE && page.otherOriginFrames > 0) {
      const bodies = await otherOriginFrameBodies(tabId);
      if (bodies.length) {
        const frames = bodies.join('').slice(0, MAX_FRAMES_CHARS);
        const bodyEnd = page.html.lastIndexOf('</body>');
        const end = bodyEnd < 0 ? page.html.length : bodyEnd;
        const withFrames = extractAndCheck(checker, page.html.slice(0, end) + frames + page.html.slice(end), rendered);
        framesRead = bodies.length;
        if (withFrames.report.score > checked.report.score) checked = withFrames;
      }
    }
    const { articleTitle, report, extractMs, checkMs } = checked;
    // Keep the report, not the page: the article text itself is never stored.
    entry = {
      url: page.url,
      canonical: page.canonical,
      articleTitle,
      report,
      extractMs,
      checkMs,
      framesRead,
      // The wasm heap only grows: its size after a check bounds what checking has cost so far.
      wasmMemoryBytes: wasmMemory?.buffer.byteLength,
      references: checker.referenceCount,
      usesBundled: checker.usesBundled,
      bundledError,
      loadedAt: page.loadedAt,
      truncated: page.truncated === true,
      // How content.js collected the page: its time on the page's thread, in how many slices.
      collect: page.collect,
    };
  } catch (error) {
    entry = { url: page.url, error: String(error?.message ?? error) };
  }
  return record(tabId, entry);
}

/** Records that the page in `tabId` could not be read, with content.js's reason (`page` is
 * what it answered, if anything), and counts it: the popup says why, tests read the count. */
async function recordUnreadable(tabId, page) {
  const reason = page?.error ?? 'the page did not answer (it may still be loading, or it closed)';
  const { unreadablePages = 0 } = await api.storage.session.get('unreadablePages');
  await api.storage.session.set({ unreadablePages: unreadablePages + 1 });
  return record(tabId, { url: page?.url, error: reason, unreadable: true, loadedAt: page?.loadedAt });
}

async function record(tabId, entry) {
  await serially(tabId, async () => {
    // Badge first: whoever sees the stored entry sees its badge too.
    await showBadge(tabId, entry);
    await api.storage.session.set({ [tabKey(tabId)]: entry });
  });
  return entry;
}

const queues = new Map();

/** Runs `work` after every earlier piece of work queued under `key` (a tab's badge/storage
 * updates, so that clearing on navigation never lands after the new page's result; or the
 * user pack's rebuilds). */
function serially(key, work) {
  const next = (queues.get(key) ?? Promise.resolve()).then(work, work);
  queues.set(key, next.catch(() => {}));
  return next;
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

function forgetTab(tabId) {
  return serially(tabId, async () => {
    await api.storage.session.remove(tabKey(tabId));
    await showBadge(tabId, null);
  });
}

/** Injects content.js, which returns the page (and watches for in-page navigation). */
async function collectAndCheck(tabId) {
  const [injection] = await api.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
  return checkPage(tabId, injection?.result);
}

/**
 * Automatic checking: content.js runs at document_idle on every origin the user granted in the
 * options page (not at "complete", which slow images and ads can hold back for seconds).
 */
async function syncAutoCheck() {
  const { origins = [] } = await api.permissions.getAll();
  const packHosts = await subscriptionOnlyOrigins();
  const matches = origins.filter((origin) => /^https?:/.test(origin) && !packHosts.has(origin));
  const registered = await api.scripting.getRegisteredContentScripts({ ids: [AUTO_CHECK] });
  if (registered.length) await api.scripting.unregisterContentScripts({ ids: [AUTO_CHECK] });
  if (matches.length) {
    await api.scripting.registerContentScripts([
      { id: AUTO_CHECK, matches, js: ['content-auto.js', 'content.js'], runAt: 'document_idle' },
    ]);
  }
}

/** Keeps the daily refresh of subscriptions scheduled (a browser may drop alarms on update). */
async function keepRefreshScheduled() {
  if ((await listSubscriptions()).length) await scheduleRefresh();
}

api.runtime.onInstalled.addListener(syncAutoCheck);
api.runtime.onInstalled.addListener(keepRefreshScheduled);
api.runtime.onStartup.addListener(keepRefreshScheduled);
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) getChecker().then(refreshSubscriptions).catch(() => {});
});
api.permissions.onAdded.addListener(syncAutoCheck);
api.permissions.onRemoved.addListener(syncAutoCheck);

api.tabs.onUpdated.addListener((tabId, change, tab) => {
  // A new page or an in-page navigation: the old score no longer applies.
  if (change.status === 'loading' || change.url) forgetTab(tabId);
  // The tab's URL is visible only where the user let copyspot check pages automatically: that
  // page will be sent here once loaded, so get the checker ready while it loads.
  if (change.status === 'loading' && /^https?:/.test(tab?.url ?? '')) getChecker().catch(() => {});
});

api.tabs.onRemoved.addListener((tabId) => {
  api.storage.session.remove(tabKey(tabId));
  queues.delete(tabId);
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
      if (isCurrentResult(stored, message.url)) return stored;
      return collectAndCheck(message.tabId);
    },
    'pack-info': async () => ({ ...(await getChecker()).info(), bundledError }),
    protect: () => protectTab(message.tabId),
    'protect-pages': () => protectPages(message.pages),
    references: async () => ({ ...(await loadReferences()), imported: await importedReferences() }),
    'import-pack': () => importPack(message.bytes),
    'forget-imported': async () => {
      await savePack(null, IMPORTED);
      await referencesChanged();
      return { forgotten: true };
    },
    remove: async () => {
      await removeReferences(message.ids);
      await referencesChanged();
      return { removed: message.ids.length };
    },
    import: () => importReferences(message.references),
    export: async () => {
      const { references } = await loadReferences();
      if (!references.length) throw new Error('there are no references to export');
      return { bytes: Array.from(await packOf(references)) };
    },
    subscriptions: listSubscriptions,
    subscribe: async () => {
      const subscription = await subscribe(await getChecker(), message.url, message.ownsPermission);
      await syncAutoCheck();
      return subscription;
    },
    'refresh-subscriptions': async () => refreshSubscriptions(await getChecker()),
    'pause-subscription': async () => setPaused(await getChecker(), message.url, message.paused),
    unsubscribe: async () => {
      const removed = await unsubscribe(await getChecker(), message.url);
      await syncAutoCheck();
      return removed;
    },
    'use-bundled': async () => {
      await api.storage.local.set({ useBundled: message.on });
      (await getChecker()).useBundled(message.on);
      return { useBundled: message.on };
    },
  }[message.type];
  if (!handle) return false;
  handle().then(reply, (error) => reply({ error: String(error?.message ?? error) }));
  return true; // reply comes asynchronously
});
