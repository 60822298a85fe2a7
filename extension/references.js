// The user's own references, kept in chrome.storage.local (one entry a reference, so a damaged
// entry costs only itself), and the pack built from them in the browser.
const api = globalThis.browser ?? globalThis.chrome;
const PREFIX = 'ref:';
const PACK_KEY = 'userPack';

/** Checks one stored or imported reference; returns it cleaned, or a reason it is unusable. */
export function validReference(value) {
  if (!value || typeof value !== 'object') return { error: 'not an object' };
  const { id, title = '', url = '', text } = value;
  if (typeof id !== 'string' || !id) return { error: 'no "id"' };
  if (typeof text !== 'string' || !text.trim()) return { error: 'no "text"' };
  if (typeof title !== 'string' || typeof url !== 'string') return { error: '"title" and "url" must be text' };
  return { reference: { id, title, url, text, added: Number(value.added) || Date.now() } };
}

/** Every stored reference, and a notice for each entry that could not be read. */
export async function loadReferences() {
  const all = await api.storage.local.get(null);
  const references = [];
  const notices = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PREFIX)) continue;
    const { reference, error } = validReference(value);
    if (reference) references.push(reference);
    else notices.push(`A stored reference (${key.slice(PREFIX.length)}) is damaged and was skipped: ${error}.`);
  }
  references.sort((a, b) => a.added - b.added || a.id.localeCompare(b.id));
  return { references, notices };
}

export async function saveReferences(references) {
  await api.storage.local.set(Object.fromEntries(references.map((r) => [PREFIX + r.id, r])));
}

export async function removeReferences(ids) {
  await api.storage.local.remove(ids.map((id) => PREFIX + id));
}

/** Binary entries: the pack built from the references ('userPack') and the packs the user
 * imported as .cspk files, merged ('importedPack'). */
export async function savePack(bytes, key = PACK_KEY) {
  if (!bytes) return api.storage.local.remove(key);
  return api.storage.local.set({ [key]: toBase64(bytes) });
}

export async function loadPack(key = PACK_KEY) {
  const { [key]: stored } = await api.storage.local.get(key);
  return typeof stored === 'string' ? fromBase64(stored) : null;
}

// Native base64 where the browser has it (Chrome 140+, Firefox 133+): the user pack of
// thousands of references is tens of megabytes, and the fallback stalls the worker for seconds.
function toBase64(bytes) {
  if (bytes.toBase64) return bytes.toBase64();
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
