// The extension's only network requests go through here: subscribed packs (the worker) and,
// when the user asks to protect their site, its feed and articles (the options page). Each is
// a GET of an address the user typed or its feed named, without cookies or referrer: nothing
// of the pages the user reads is ever sent.

/** The address `text` names and the host permission reaching it needs; throws with the reason
 * it cannot be fetched. Plain http is allowed only on this computer (a pack or site being
 * tested). */
export function remoteAddress(text) {
  let url;
  try {
    url = new URL(String(text).trim());
  } catch {
    throw new Error('that is not a web address');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('copyspot fetches only https addresses');
  }
  if (url.username || url.password) throw new Error('the address must not carry a user name or password');
  url.hash = '';
  return { url: url.href, origin: `${url.protocol}//${url.hostname}/*` };
}

/** GETs `url` and reads at most `maxBytes` of it. Returns null for a 304 (when `headers` made
 * the request conditional), else `{ bytes, headers }`. Throws with a message the options page
 * can show. */
export async function fetchBytes(url, maxBytes, headers = {}) {
  let response;
  try {
    // no-store: validators are the caller's, and the browser's cache must not answer for the server.
    response = await fetch(url, { headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (error) {
    throw new Error(`the server could not be reached (${error?.message ?? error})`);
  }
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
  const tooLarge = () => new Error(`the answer is larger than ${maxBytes / 1024 / 1024} MiB`);
  if (Number(response.headers.get('content-length')) > maxBytes) throw tooLarge();
  const chunks = [];
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { bytes, headers: response.headers };
}
