// Options: automatic checking (behind the optional host permission), the bundled pack on or
// off, and the user's own references: list, search, remove, import, export.
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
