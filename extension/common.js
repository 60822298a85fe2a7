// Shared by the background worker, the popup and the options page.

/** Scores at or above these are a copy / a partial copy (the core's ALARM_SCORE, PARTIAL_SCORE). */
export const ALARM_SCORE = 50;
export const PARTIAL_SCORE = 20;

export const BADGE_COLORS = {
  copy: '#c62828',
  partial: '#ef6c00',
  clean: '#2e7d32',
  error: '#424242',
};

/** 'copy' | 'partial' | 'clean' for a score. */
export function severity(score) {
  if (score >= ALARM_SCORE) return 'copy';
  if (score >= PARTIAL_SCORE) return 'partial';
  return 'clean';
}

/** The key under which a tab's last result is kept in chrome.storage.session. */
export function tabKey(tabId) {
  return `tab:${tabId}`;
}

/** Whether a tab's stored result can be shown for the page at `url` (without checking again). */
export function isCurrentResult(stored, url) {
  return Boolean(stored && !stored.error && (!url || stored.url === url));
}

/** Only http(s) links are ever opened or shown as links; anything else (javascript:, data:) is text. */
export function safeHttpUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Whether `pageUrl` or `canonicalUrl` is the reference's own address. */
export function isOriginal(match, pageUrl, canonicalUrl) {
  const source = safeHttpUrl(match.source);
  if (!source) return false;
  const strip = (u) => u && u.replace(/[#?].*$/, '').replace(/\/$/, '');
  return [pageUrl, canonicalUrl].some((u) => u && strip(safeHttpUrl(u)) === strip(source));
}
