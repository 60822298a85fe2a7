// Injected into the page the user checks. Returns the page's HTML (as the last expression, for
// scripting.executeScript) or, run automatically, sends it; re-sends it after in-page navigation on single-page sites, and
// highlights copied passages on request. It never stores anything and never talks to pages.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_HTML_CHARS = 8 * 1024 * 1024; // the core reads no more than this

  function collectPage() {
    const canonical = document.querySelector('link[rel="canonical"]')?.href ?? null;
    return {
      url: location.href,
      canonical,
      html: document.documentElement.outerHTML.slice(0, MAX_HTML_CHARS),
      loadedAt: performance.timeOrigin + performance.now(),
    };
  }

  if (!globalThis.__copyspot) {
    globalThis.__copyspot = true;
    let lastUrl = location.href;
    let timer = null;
    // Single-page sites change the URL without a load: watch for it, debounced, so a page that
    // rewrites itself constantly costs one check per quiet moment, not one per mutation.
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (location.href !== lastUrl) {
          lastUrl = location.href;
          clearHighlights();
          api.runtime.sendMessage({ type: 'page', page: collectPage() }).catch(() => {});
        }
      }, 500);
    };
    globalThis.navigation?.addEventListener('navigatesuccess', onChange);
    new MutationObserver(onChange).observe(document, { childList: true, subtree: true });

    api.runtime.onMessage.addListener((message, sender, reply) => {
      if (sender.id !== api.runtime.id) return false;
      if (message.type === 'highlight') reply(highlight(message.passages, message.focus));
      if (message.type === 'clear-highlights') reply(clearHighlights());
      return false;
    });
  }

  // Passages are text of the extracted article; the page has the same characters with other
  // white space, so both are compared with white space removed.
  function locate(passages) {
    const walker = document.createTreeWalker(document.body ?? document.documentElement, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement?.closest('script, style, noscript, template') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const chars = [];
    const where = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data;
      for (let i = 0; i < text.length; i++) {
        if (!/\s/.test(text[i])) {
          chars.push(text[i]);
          where.push(node, i);
        }
      }
    }
    const flat = chars.join('');
    return passages.map((passage) => {
      const needle = passage.replace(/\s+/g, '');
      const at = needle ? flat.indexOf(needle) : -1;
      if (at < 0) return null;
      const end = at + needle.length - 1;
      const range = document.createRange();
      range.setStart(where[2 * at], where[2 * at + 1]);
      range.setEnd(where[2 * end], where[2 * end + 1] + 1);
      return range;
    });
  }

  let styled = false;
  function highlight(passages, focus) {
    const ranges = locate(passages);
    const found = ranges.filter(Boolean);
    if (globalThis.CSS?.highlights) {
      if (!styled) {
        const style = document.createElement('style');
        style.textContent =
          '::highlight(copyspot){background-color:#ffe08a;color:inherit}' +
          '::highlight(copyspot-focus){background-color:#ffb300;color:#000}';
        (document.head ?? document.documentElement).append(style);
        styled = true;
      }
      CSS.highlights.set('copyspot', new Highlight(...found));
      const focused = ranges[focus];
      if (focused) CSS.highlights.set('copyspot-focus', new Highlight(focused));
    }
    const focused = ranges[focus] ?? found[0];
    if (focused) {
      focused.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      if (!globalThis.CSS?.highlights) {
        getSelection().removeAllRanges();
        getSelection().addRange(focused);
      }
    }
    return { found: found.length, total: passages.length };
  }

  function clearHighlights() {
    globalThis.CSS?.highlights?.delete('copyspot');
    globalThis.CSS?.highlights?.delete('copyspot-focus');
    return { cleared: true };
  }

  // Run automatically (content-auto.js set the mode): send the page. Injected from the popup:
  // hand it back as this script's result.
  if (globalThis.__copyspotMode === 'auto') {
    delete globalThis.__copyspotMode;
    api.runtime.sendMessage({ type: 'page', page: collectPage() }).catch(() => {});
    return undefined;
  }
  return collectPage();
})();
