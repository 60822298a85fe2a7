// Options: automatic checking of every page, behind the optional host permission.
const api = globalThis.browser ?? globalThis.chrome;
const t = (key, ...substitutions) => api.i18n.getMessage(key, substitutions) || key;
const ALL_SITES = { origins: ['http://*/*', 'https://*/*'] };

for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);

const toggle = document.getElementById('auto-check');
api.permissions.contains(ALL_SITES).then((granted) => {
  toggle.checked = granted;
});
toggle.addEventListener('change', async () => {
  // Asked only when the user turns it on; turned off, the permission is given back.
  toggle.checked = toggle.checked ? await api.permissions.request(ALL_SITES) : !(await api.permissions.remove(ALL_SITES));
});

api.runtime.sendMessage({ type: 'pack-info' }).then((info) => {
  if (info && !info.error) {
    document.getElementById('pack-info').textContent = t('packInfo', info.references.toLocaleString(), Math.round(info.bytes / 1024).toLocaleString());
  }
});
