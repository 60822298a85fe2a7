// The popup: the best match for the current tab, its copied passages, and highlighting.
// Every string from a web page or the pack is set as textContent; links open only http(s).
import { isCurrentResult, isOriginal, safeHttpUrl, severity, tabKey } from '../common.js';

const api = globalThis.browser ?? globalThis.chrome;
const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;
const $ = (id) => document.getElementById(id);
const QUOTE_CHARS = 160;

for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
for (const element of document.querySelectorAll('[data-i18n-label]')) element.setAttribute('aria-label', t(element.dataset.i18nLabel));

let tabId;
let passages = [];
let current = 0;

async function currentTab() {
  // ?tab=ID lets the page be opened outside the toolbar (tests, keyboard users with a shortcut).
  const requested = Number(new URLSearchParams(location.search).get('tab'));
  if (requested) return api.tabs.get(requested).catch(() => ({ id: requested }));
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function showStatus(text) {
  $('status').textContent = text;
  $('status').hidden = false;
}

function openLink(event) {
  event.preventDefault();
  const url = safeHttpUrl(event.currentTarget.dataset.url);
  if (url) api.tabs.create({ url });
}

function quote(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_CHARS ? `“${flat.slice(0, QUOTE_CHARS - 1)}…”` : `“${flat}”`;
}

async function describePacks(entry) {
  const about = await fetch('../pack/default.json').then((r) => r.json()).catch(() => null);
  if (entry.bundledError) $('pack-line').textContent = t('bundledDamaged', entry.bundledError);
  else if (!entry.usesBundled) $('pack-line').textContent = t('popupPackOwnOnly', entry.references.toLocaleString());
  else if (about) $('pack-line').textContent = t('popupPack', entry.references.toLocaleString(), about.built, about.sources.join('; '));
}

function render(entry, tab) {
  if (entry.unreadable) return showStatus(t('pageUnreadable', entry.error));
  if (entry.error) return showStatus(t('error', entry.error));
  describePacks(entry);
  if (entry.truncated) {
    $('page-line').textContent = t('pageTruncated');
    $('page-line').hidden = false;
  }
  const { report } = entry;
  if (report.status === 'no_article_text') return showStatus(t('noArticle'));
  const best = report.matches[0];
  if (!best) return showStatus(t('noMatch', String(entry.references ?? '')));

  $('status').hidden = true;
  $('result').hidden = false;
  const level = severity(report.score);
  $('score').textContent = String(report.score);
  $('score').className = `score ${level}`;
  $('score').setAttribute('aria-label', t('scoreAnnouncement', String(report.score)));
  $('severity').textContent = t({ copy: 'severityCopy', partial: 'severityPartial', clean: 'severityClean' }[level]);
  $('severity').className = `severity ${level}`;
  // Announce the score once to screen readers through the live status region.
  $('status').textContent = t('scoreAnnouncement', String(report.score));
  $('status').hidden = false;
  $('status').classList.add('visually-hidden');

  if (isOriginal(best, entry.url ?? tab.url, entry.canonical)) {
    $('explanation').textContent = t('isOriginal', best.title);
  } else {
    $('explanation').textContent = t(
      'explanation',
      String(Math.round(best.reference_share * 100)),
      String(Math.round(best.page_share * 100)),
    );
  }
  if (report.scope === 'page') $('explanation').textContent += ` ${t('outsideArticle')}`;
  const link = $('original');
  link.textContent = best.title || best.id;
  const url = safeHttpUrl(best.source);
  if (url) {
    link.dataset.url = url;
    link.href = url;
    link.addEventListener('click', openLink);
  } else {
    link.removeAttribute('href');
    link.title = best.source;
  }

  passages = best.passages;
  const list = $('passages');
  list.replaceChildren(
    ...passages.map((passage, index) => {
      const item = document.createElement('li');
      item.textContent = quote(passage.text);
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = t(`kind${passage.kind === 'spun' ? 'Spun' : passage.kind === 'quoted' ? 'Quoted' : 'Verbatim'}`);
      item.append(kind);
      item.tabIndex = 0;
      item.addEventListener('click', () => focusPassage(index));
      item.addEventListener('keydown', (event) => event.key === 'Enter' && focusPassage(index));
      return item;
    }),
  );
  updatePosition();

  const others = report.matches.slice(1);
  $('others').hidden = others.length === 0;
  $('other-list').replaceChildren(
    ...others.map((match) => {
      const item = document.createElement('li');
      item.textContent = `${match.score} — ${match.title || match.id}`;
      return item;
    }),
  );
}

function updatePosition() {
  $('position').textContent = passages.length ? t('passageOf', String(current + 1), String(passages.length)) : '';
  [...$('passages').children].forEach((item, index) => item.classList.toggle('current', index === current));
}

async function highlight() {
  await api.tabs.sendMessage(tabId, { type: 'highlight', passages: passages.map((p) => p.text), focus: current });
}

function focusPassage(index) {
  if (!passages.length) return;
  current = (index + passages.length) % passages.length;
  updatePosition();
  highlight().catch(() => {});
}

$('protect').addEventListener('click', async () => {
  $('protect-status').textContent = '';
  const answer = await api.runtime.sendMessage({ type: 'protect', tabId });
  $('protect-status').textContent = answer?.error ? t('error', answer.error) : t('protected', String(answer.count));
});
$('highlight').addEventListener('click', () => highlight().catch((error) => showStatus(t('error', String(error.message ?? error)))));
$('previous').addEventListener('click', () => focusPassage(current - 1));
$('next').addEventListener('click', () => focusPassage(current + 1));

(async () => {
  const tab = await currentTab();
  if (!tab?.id) return showStatus(t('cannotCheck'));
  tabId = tab.id;
  // The stored result straight from session storage: the popup shows it even while the worker
  // is busy (an import of thousands of references); only a fresh check needs the worker.
  const stored = (await api.storage.session.get(tabKey(tabId)))[tabKey(tabId)];
  const entry = isCurrentResult(stored, tab.url) ? stored : await api.runtime.sendMessage({ type: 'result', tabId, url: tab.url });
  if (entry?.error && /Cannot access|cannot be scripted|Missing host permission/i.test(entry.error)) {
    return showStatus(t('cannotCheck'));
  }
  render(entry, tab);
})().catch((error) => showStatus(t('error', String(error?.message ?? error))));
