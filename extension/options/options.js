// Options: automatic checking (behind the optional host permission), the bundled pack on or
// off, subscribed packs, and the user's own references: list, search, remove, import, export.
import { fetchBytes, remoteAddress } from '../fetching.js';
import { readFeed } from './feed.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;
const $ = (id) => document.getElementById(id);
const ALL_SITES = { origins: ['http://*/*', 'https://*/*'] };

for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);

const toggle = $('auto-check');
api.permissions.contains(ALL_SITES).then((granted) => {
  toggle.checked = granted;
});
toggle.addEventListener('change', async () => {
  // Asked only when the user turns it on; turned off, the permission is given back.
  toggle.checked = toggle.checked ? await api.permissions.request(ALL_SITES) : !(await api.permissions.remove(ALL_SITES));
});

api.storage.local.get('useBundled').then(({ useBundled = true }) => {
  $('use-bundled').checked = useBundled;
});
$('use-bundled').addEventListener('change', () => api.runtime.sendMessage({ type: 'use-bundled', on: $('use-bundled').checked }));

Promise.all([
  api.runtime.sendMessage({ type: 'pack-info' }),
  fetch('../pack/default.json').then((r) => r.json()).catch(() => ({ sources: [], built: '?' })),
]).then(([info, about]) => {
  if (info?.bundledError) {
    $('pack-info').textContent = t('bundledDamaged', info.bundledError);
  } else if (info && !info.error) {
    $('pack-info').textContent = t('packInfo', info.references.toLocaleString(), Math.round(info.bytes / 1024).toLocaleString(), about.built, about.sources.join('; '));
  }
});

// Granted origins, known before a click: the permission request must be the click's first
// call (Firefox refuses one made after an await).
let granted = new Set();
const loadGranted = async () => {
  granted = new Set((await api.permissions.getAll()).origins ?? []);
};
loadGranted();
api.permissions.onAdded.addListener(loadGranted);
api.permissions.onRemoved.addListener(loadGranted);
const isGranted = (origin) => granted.has(origin) || granted.has(`${new URL(origin.replace('/*', '/')).protocol}//*/*`);

const when = (time) => (time ? new Date(time).toLocaleString() : '—');

async function refreshSubscriptions() {
  const list = await api.runtime.sendMessage({ type: 'subscriptions' });
  $('refresh-subscriptions').hidden = !list?.length;
  $('subscriptions').replaceChildren(...(Array.isArray(list) ? list : []).map(subscriptionItem));
}

function subscriptionItem(subscription) {
  const item = document.createElement('li');
  const name = subscription.name || subscription.url;
  const line = (text, className) => Object.assign(document.createElement('div'), { textContent: text, className: className ?? '' });
  item.append(
    Object.assign(document.createElement('strong'), { textContent: name }),
    line(subscription.url, 'address'),
  );
  if (subscription.description) item.append(line(subscription.description));
  item.append(line(t('subscriptionSummary', subscription.references.toLocaleString(), Math.round(subscription.bytes / 1024).toLocaleString(), when(subscription.updatedAt))));
  if (subscription.paused) item.append(line(t('subscriptionPaused')));
  if (subscription.failure) {
    const failure = line(t('subscriptionFailure', when(subscription.failure.at), subscription.failure.message, when(subscription.updatedAt)), 'failure');
    failure.setAttribute('role', 'alert');
    item.append(failure);
  }
  const button = (label, onClick) => {
    const element = Object.assign(document.createElement('button'), { type: 'button', textContent: t(label) });
    element.setAttribute('aria-label', `${t(label)}: ${name}`);
    element.addEventListener('click', onClick);
    return element;
  };
  item.append(
    button(subscription.paused ? 'resume' : 'pause', async () => {
      await api.runtime.sendMessage({ type: 'pause-subscription', url: subscription.url, paused: !subscription.paused });
      refreshSubscriptions();
    }),
    ' ',
    button('remove', async () => {
      const removed = await api.runtime.sendMessage({ type: 'unsubscribe', url: subscription.url });
      // Host access asked for this pack alone is given back with it.
      if (removed?.ownsPermission && !removed.originStillUsed) await api.permissions.remove({ origins: [removed.origin] });
      refreshSubscriptions();
    }),
  );
  return item;
}

/** The address in `input` and access to its site, asked for now if copyspot lacks it: call it
 * first thing in a click (see `granted`). Returns `{ url, origin, ownsPermission }`; throws
 * with the reason when the address is refused or access is not given. */
async function reachable(input) {
  const target = remoteAddress(input.value);
  const ownsPermission = !isGranted(target.origin);
  if (ownsPermission && !(await api.permissions.request({ origins: [target.origin] }))) {
    throw new Error(t('permissionRefused', new URL(target.url).host));
  }
  return { ...target, ownsPermission };
}

/** Calls `work(target, status)` when the form `name`-form is sent with a reachable address in
 * `name`-url; an address refused (or access not given) is shown in `name`-status. */
function onAddressSent(name, failed, work) {
  $(`${name}-form`).addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = $(`${name}-status`);
    let target;
    try {
      target = await reachable($(`${name}-url`));
    } catch (error) {
      status.textContent = t(failed, error.message);
      return;
    }
    await work(target, status);
  });
}

onAddressSent('subscribe', 'subscribeFailed', async (target, status) => {
  const { ownsPermission } = target;
  status.textContent = t('subscribing');
  const answer = await api.runtime.sendMessage({ type: 'subscribe', url: target.url, ownsPermission });
  if (answer?.error) {
    if (ownsPermission) await api.permissions.remove({ origins: [target.origin] });
    status.textContent = t('subscribeFailed', answer.error);
  } else {
    status.textContent = t('subscribed', answer.name || answer.url);
    $('subscribe-url').value = '';
  }
  refreshSubscriptions();
});

$('refresh-subscriptions').addEventListener('click', async () => {
  $('refresh-subscriptions').disabled = true;
  try {
    await api.runtime.sendMessage({ type: 'refresh-subscriptions' });
    await refreshSubscriptions();
  } finally {
    $('refresh-subscriptions').disabled = false;
  }
});

refreshSubscriptions();

/** Pages and feeds are text; their charset is the server's when it names one. */
function decode({ bytes, headers }) {
  const charset = /charset=["']?([\w-]+)/i.exec(headers.get('content-type') ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes);
  }
}

const MAX_PAGE_BYTES = 8 * 1024 * 1024; // as content.js caps a page
const PAGE_DELAY_MS = 1000; // one request a second to the user's site

onAddressSent('protect-site', 'protectSiteFailed', async (target, status) => {
  const skipped = new Map();
  const skip = (reason) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  try {
    status.textContent = t('readingFeed');
    const feed = readFeed(decode(await fetchBytes(target.url, MAX_PAGE_BYTES)), target.url);
    if (!feed.items.length) throw new Error('the feed lists no articles');
    const pages = [];
    let fetched = 0;
    for (const [index, item] of feed.items.entries()) {
      if (item.html) {
        pages.push({ url: item.url, title: item.title, html: item.html, fragment: true });
        continue;
      }
      // Access was asked for the feed's site alone.
      if (remoteAddressOrNull(item.url)?.origin !== target.origin) {
        skip('on another site');
        continue;
      }
      status.textContent = t('readingArticle', String(index + 1), String(feed.items.length));
      if (fetched++) await new Promise((resolve) => setTimeout(resolve, PAGE_DELAY_MS));
      try {
        pages.push({ url: item.url, title: item.title, html: decode(await fetchBytes(item.url, MAX_PAGE_BYTES)) });
      } catch (error) {
        skip(error.message);
      }
    }
    const answer = await api.runtime.sendMessage({ type: 'protect-pages', pages });
    if (answer?.error) throw new Error(answer.error);
    if (answer.tooShort) skipped.set('too short to be an article', answer.tooShort);
    const left = [...skipped].map(([reason, count]) => `${count} ${reason}`).join(', ');
    status.textContent = [t('protectedSite', String(answer.added), feed.title || target.url), left && t('protectedSiteSkipped', left)]
      .filter(Boolean)
      .join(' ');
    $('protect-site-url').value = '';
  } catch (error) {
    status.textContent = t('protectSiteFailed', error.message);
  } finally {
    if (target.ownsPermission) await api.permissions.remove({ origins: [target.origin] });
  }
  refresh();
});

function remoteAddressOrNull(url) {
  try {
    return remoteAddress(url);
  } catch {
    return null;
  }
}

let references = [];
async function refresh() {
  const answer = await api.runtime.sendMessage({ type: 'references' });
  references = answer.references ?? [];
  const imported = answer.imported ?? [];
  $('imported-count').textContent = imported.length ? t('importedPacks', String(imported.length)) : '';
  $('forget-imported').hidden = imported.length === 0;
  $('notices').replaceChildren(...(answer.notices ?? []).map((notice) => Object.assign(document.createElement('p'), { textContent: notice })));
  render();
}

function render() {
  const query = $('search').value.trim().toLowerCase();
  const shown = references.filter((r) => !query || `${r.title} ${r.url}`.toLowerCase().includes(query));
  $('reference-count').textContent = references.length ? t('referenceCount', String(references.length)) : t('noReferences');
  $('references').replaceChildren(
    ...shown.slice(0, 500).map((reference) => {
      const item = document.createElement('li');
      item.textContent = `${reference.title || reference.id} — ${reference.url} `;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = t('remove');
      remove.setAttribute('aria-label', `${t('remove')}: ${reference.title || reference.id}`);
      remove.addEventListener('click', async () => {
        await api.runtime.sendMessage({ type: 'remove', ids: [reference.id] });
        refresh();
      });
      item.append(remove);
      return item;
    }),
  );
}
$('search').addEventListener('input', render);

$('import').addEventListener('change', async () => {
  const file = $('import').files[0];
  if (!file) return;
  if (file.name.endsWith('.cspk')) {
    const answer = await api.runtime.sendMessage({ type: 'import-pack', bytes: Array.from(new Uint8Array(await file.arrayBuffer())) });
    $('import-status').textContent = answer.error ? t('importFailed', answer.error) : t('imported', String(answer.imported));
    $('import').value = '';
    refresh();
    return;
  }
  let records;
  try {
    const text = await file.text();
    records = file.name.endsWith('.json')
      ? JSON.parse(text)
      : text.split('\n').filter((line) => line.trim()).map((line, index) => {
          try {
            return JSON.parse(line);
          } catch {
            throw new Error(`line ${index + 1} is not JSON`);
          }
        });
  } catch (error) {
    $('import-status').textContent = t('importFailed', error.message);
    return;
  }
  const answer = await api.runtime.sendMessage({ type: 'import', references: records });
  $('import-status').textContent = answer.error ? t('importFailed', answer.error) : t('imported', String(answer.imported));
  $('import').value = '';
  refresh();
});

$('forget-imported').addEventListener('click', async () => {
  await api.runtime.sendMessage({ type: 'forget-imported' });
  refresh();
});

$('export').addEventListener('click', async () => {
  const answer = await api.runtime.sendMessage({ type: 'export' });
  if (answer.error) {
    $('import-status').textContent = t('error', answer.error);
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([new Uint8Array(answer.bytes)], { type: 'application/octet-stream' }));
  link.download = 'my-references.cspk';
  link.click();
  URL.revokeObjectURL(link.href);
});

refresh();
