// Packs the user subscribed to by their URL, as ad blockers subscribe to filter lists: fetched
// (fetching.js), verified (a whole copyspot pack, its checksum right, under the size cap), kept
// in chrome.storage.local and refreshed daily with conditional requests.
import { fetchBytes, remoteAddress } from './fetching.js';
import { loadPack, savePack } from './references.js';

const api = globalThis.browser ?? globalThis.chrome;
const LIST = 'subscriptions';
export const REFRESH_ALARM = 'refresh-subscriptions';
const REFRESH_MINUTES = 24 * 60;
/** About 100,000 references: a pack larger than that is not one a browser should hold. */
const MAX_PACK_BYTES = 64 * 1024 * 1024;

const packKey = (url) => `sub:${url}`;

/** Every subscription: `{ url, origin, name, description, references, bytes, updatedAt,
 * checkedAt, etag, lastModified, paused, ownsPermission, failure: { message, at } | null }`. */
export async function listSubscriptions() {
  const { [LIST]: list } = await api.storage.local.get(LIST);
  return Array.isArray(list) ? list : [];
}

const saveList = (list) => api.storage.local.set({ [LIST]: list });

let queue = Promise.resolve();
/** Runs `work(list)` after every earlier change, saving the list it leaves. */
function change(work) {
  const next = queue.then(async () => {
    const list = await listSubscriptions();
    const result = await work(list);
    await saveList(list);
    return result;
  });
  queue = next.catch(() => {});
  return next;
}

/** GETs the pack at `url`; with `previous`'s validators, null when it has not changed. */
async function fetchPack(url, previous = null) {
  const headers = {};
  if (previous?.etag) headers['If-None-Match'] = previous.etag;
  if (previous?.lastModified) headers['If-Modified-Since'] = previous.lastModified;
  const fetched = await fetchBytes(url, MAX_PACK_BYTES, headers);
  if (!fetched) return null;
  return { bytes: fetched.bytes, etag: fetched.headers.get('etag'), lastModified: fetched.headers.get('last-modified') };
}

/** Hands `bytes` to the checker, which verifies them; returns the pack's info. */
function verified(checker, url, bytes) {
  try {
    return checker.setSubscription(url, bytes);
  } catch (error) {
    throw new Error(`this is not a usable copyspot pack: ${error?.message ?? error}`);
  }
}

function describe(subscription, info, fetched, now) {
  Object.assign(subscription, {
    name: info.name,
    description: info.description,
    references: info.references,
    bytes: info.bytes,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    updatedAt: now,
    checkedAt: now,
    failure: null,
  });
}

/** Gives the checker every active subscription's stored pack (when the worker starts). A copy
 * damaged in storage is fetched again in full at the next refresh. */
export function loadSubscriptions(checker) {
  return change(async (list) => {
    for (const subscription of list.filter((s) => !s.paused)) {
      try {
        const bytes = await loadPack(packKey(subscription.url));
        if (!bytes) throw new Error('the stored copy is missing');
        checker.setSubscription(subscription.url, bytes);
      } catch (error) {
        subscription.etag = subscription.lastModified = null;
        subscription.failure = { message: `the stored copy could not be read (${error?.message ?? error}); it will be fetched again`, at: Date.now() };
      }
    }
  });
}

/** Subscribes to the pack at `text` (the options page asked for its origin first). */
export function subscribe(checker, text, ownsPermission) {
  const { url, origin } = remoteAddress(text);
  return change(async (list) => {
    if (list.some((s) => s.url === url)) throw new Error('you are already subscribed to this pack');
    if (!(await api.permissions.contains({ origins: [origin] }))) {
      throw new Error(`copyspot was not allowed to reach ${new URL(url).host}`);
    }
    const fetched = await fetchPack(url);
    const info = verified(checker, url, fetched.bytes);
    await savePack(fetched.bytes, packKey(url));
    const subscription = { url, origin, paused: false, ownsPermission: Boolean(ownsPermission) };
    describe(subscription, info, fetched, Date.now());
    list.push(subscription);
    await scheduleRefresh();
    return subscription;
  });
}

/** Refreshes every active subscription; a failed or refused update keeps the copy in use and
 * is recorded on the subscription. */
export function refreshSubscriptions(checker) {
  return change(async (list) => {
    for (const subscription of list.filter((s) => !s.paused)) {
      const now = Date.now();
      subscription.checkedAt = now;
      try {
        const fetched = await fetchPack(subscription.url, subscription);
        if (!fetched) {
          subscription.failure = null;
          continue;
        }
        const info = verified(checker, subscription.url, fetched.bytes);
        await savePack(fetched.bytes, packKey(subscription.url));
        describe(subscription, info, fetched, now);
      } catch (error) {
        subscription.failure = { message: String(error?.message ?? error), at: now };
      }
    }
    return list;
  });
}

/** Pauses (the pack is kept but not checked against) or resumes a subscription. */
export function setPaused(checker, url, paused) {
  return change(async (list) => {
    const subscription = list.find((s) => s.url === url);
    if (!subscription) throw new Error('there is no such subscription');
    const bytes = paused ? undefined : await loadPack(packKey(url));
    if (!paused && !bytes) throw new Error('the stored copy is missing: remove the subscription and subscribe again');
    checker.setSubscription(url, bytes ?? undefined);
    subscription.paused = paused;
    return subscription;
  });
}

/** Removes a subscription and its pack; returns it (its origin is for the options page to
 * give back when it asked for it). */
export function unsubscribe(checker, url) {
  return change(async (list) => {
    const index = list.findIndex((s) => s.url === url);
    if (index < 0) throw new Error('there is no such subscription');
    const [removed] = list.splice(index, 1);
    checker.setSubscription(url, undefined);
    await savePack(null, packKey(url));
    if (!list.length) await api.alarms.clear(REFRESH_ALARM);
    return { ...removed, originStillUsed: list.some((s) => s.origin === removed.origin) };
  });
}

/** The daily refresh, created with the first subscription (and kept, not restarted, after). */
export async function scheduleRefresh() {
  if (!(await api.alarms.get(REFRESH_ALARM))) {
    await api.alarms.create(REFRESH_ALARM, { delayInMinutes: REFRESH_MINUTES, periodInMinutes: REFRESH_MINUTES });
  }
}

/** Origins granted only so that a pack could be fetched: automatic checking leaves them out. */
export async function subscriptionOnlyOrigins() {
  return new Set((await listSubscriptions()).filter((s) => s.ownsPermission).map((s) => s.origin));
}
