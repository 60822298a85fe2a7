// Injected into the page the user checks. Returns the page's HTML (as the last expression, for
// scripting.executeScript) or, run automatically, sends it; re-sends it after in-page navigation on single-page sites, and
// highlights copied passages on request. Injected into a page's frames from other origins
// (content-frame.js first), returns each frame's body. It never stores anything and never
// talks to pages.
(() => {
  const frameMode = globalThis.__copyspotMode === 'frame';
  if (frameMode) {
    delete globalThis.__copyspotMode;
    // The top page has its own copy of this script; frames it could read itself are already
    // in its HTML (see renderedChildren).
    if (window === window.top || readableFromTop()) return null;
  }
  const api = globalThis.browser ?? globalThis.chrome;
  const MAX_HTML_CHARS = 8 * 1024 * 1024; // the core reads no more than this
  const SLICE_MS = 8; // longest stretch of work on the page's thread before letting it run
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
  const SKIPPED = new Set(['script', 'template', 'object', 'embed']);

  // Not setTimeout: background tabs clamp timers to once a second.
  const yieldToPage = () =>
    globalThis.scheduler?.yield?.() ??
    new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = resolve;
      channel.port2.postMessage(null);
    });

  const escapeText = (text) => (/[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text);
  const escapeAttribute = (value) => (/[&"]/.test(value) ? value.replace(/&/g, '&amp;').replace(/"/g, '&quot;') : value);

  function readableFromTop() {
    try {
      return Boolean(window.top.document);
    } catch {
      return false;
    }
  }

  /** The element's shadow root, open or closed, if it has one. `openOrClosedShadowRoot` throws
   * for nodes that are not HTML elements (inline SVG, MathML): those have none we could read. */
  function shadowRootOf(element) {
    try {
      return element.shadowRoot ?? api.dom?.openOrClosedShadowRoot?.(element) ?? element.openOrClosedShadowRoot?.() ?? null;
    } catch {
      return null;
    }
  }

  /** The nodes rendered inside `node`: a shadow root's instead of the light children, what a
   * slot shows, a same-origin frame's body (other origins' frames are not ours to read). */
  function renderedChildren(node) {
    if (node.localName === 'slot' && typeof node.assignedNodes === 'function') {
      const assigned = node.assignedNodes({ flatten: true });
      return assigned.length ? assigned : node.childNodes;
    }
    if (node.localName === 'iframe' || node.localName === 'frame') {
      let body = null;
      try {
        body = node.contentDocument?.body ?? null;
      } catch {
        // cross-origin
      }
      return body ? body.childNodes : [];
    }
    return (shadowRootOf(node) ?? node).childNodes ?? [];
  }

  const SHOWN = 0; // the element and its text are seen
  const TEXTLESS = 1; // its own text is not seen (visibility: hidden, font-size 0), its children may be
  const UNSEEN = 2; // nothing under it is seen

  /** Whether the browser shows `element`, whatever hides it: a stylesheet, a class, an inline
   * style, `hidden`, zero opacity, a one-pixel box with its overflow hidden, a clip, or a place
   * off the page. When a check cannot be made, the element counts as shown. */
  function rendering(element) {
    try {
      const view = element.ownerDocument.defaultView;
      const style = view.getComputedStyle(element);
      // No box of its own (slots, `display: contents` wrappers): its children have theirs,
      // and checkVisibility, which asks for a box, would call it hidden.
      if (style.display === 'contents') return style.visibility !== 'visible' ? TEXTLESS : SHOWN;
      if (typeof element.checkVisibility === 'function' && !element.checkVisibility({ opacityProperty: true })) return UNSEEN;
      if (style.display === 'none' || Number(style.opacity) === 0) return UNSEEN;
      if (/^inset\((50|100)%\)$/.test(style.clipPath) || parseFloat(style.textIndent) <= -999) return UNSEEN;
      // The box only where it can hide: a clipped overflow, or a position that can leave the
      // page (asking every element for its box made a 200,000-element page take 7 s).
      const clipsOverflow = (value) => value === 'hidden' || value === 'clip';
      const clipped = clipsOverflow(style.overflowX) || clipsOverflow(style.overflowY);
      const placed = style.position !== 'static';
      if (clipped || placed) {
        if (/^(absolute|fixed)$/.test(style.position) && zeroClip(style.clip)) return UNSEEN;
        const box = element.getBoundingClientRect();
        if (clipped && (box.width <= 1 || box.height <= 1)) return UNSEEN;
        if (placed && box.width > 0 && (box.right + view.scrollX <= 0 || box.bottom + view.scrollY <= 0)) return UNSEEN;
      }
      if (style.visibility !== 'visible' || parseFloat(style.fontSize) === 0) return TEXTLESS;
      return SHOWN;
    } catch {
      return SHOWN;
    }
  }

  /** `rect(0px, 0px, 0px, 0px)` and the like: a clip that leaves at most a pixel. */
  function zeroClip(clip) {
    const sides = /^rect\((.*)\)$/.exec(clip ?? '')?.[1].split(/[\s,]+/).map(parseFloat);
    return sides?.length === 4 && sides.every(Number.isFinite) && (sides[2] - sides[0] <= 1 || sides[1] - sides[3] <= 1);
  }

  /**
   * The page as the browser renders it, as HTML: what it hides left out (see `rendering`; the
   * head is kept for its title and links), open and closed shadow roots, slots and same-origin
   * frames inlined, cut at MAX_HTML_CHARS, built a slice at a time so that a page of any size
   * never holds its thread for long and never costs more memory than the cap. Elements outside
   * the head are checked as they are met: an element hidden whole is skipped with its subtree.
   */
  async function serializePage(root = document.documentElement) {
    const parts = [];
    let size = 0;
    let slices = 1;
    let sliceStart = performance.now();
    const startedAt = sliceStart;
    // Entries: a node, with whether its text is seen and whether it is inside the head; or a
    // closing tag.
    const stack = [{ node: root, textSeen: true, inHead: false }];
    let visited = 0;
    let hidden = 0;
    while (stack.length && size < MAX_HTML_CHARS) {
      const entry = stack.pop();
      let part = '';
      if (typeof entry === 'string') {
        part = entry;
      } else {
        const { node, textSeen, inHead } = entry;
        if (node.nodeType === Node.TEXT_NODE) {
          if (textSeen || inHead) part = node.parentNode?.localName === 'style' ? node.data : escapeText(node.data);
        } else if (node.nodeType === Node.ELEMENT_NODE && !SKIPPED.has(node.localName)) {
          const head = inHead || node.localName === 'head';
          // The page's own element and body always count as shown: a page hidden whole
          // while it loads is shown once it has, and a body's box says nothing of its text.
          const always = head || node.localName === 'style' || node === document.documentElement || node === document.body;
          const seen = always ? SHOWN : rendering(node);
          if (seen === UNSEEN) {
            hidden++;
          } else {
            // Frames become blocks (text inside an iframe tag would be read as raw text), and
            // so does a frame's body when it is spliced into its page.
            const block = node.localName === 'iframe' || node.localName === 'frame' || (frameMode && node === root);
            const name = block ? 'div' : node.localName;
            part = `<${name}`;
            for (const attribute of node.attributes ?? []) part += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
            part += '>';
            if (!VOID.has(name)) {
              stack.push(`</${name}>`);
              const children = renderedChildren(node);
              for (let i = children.length - 1; i >= 0; i--) {
                stack.push({ node: children[i], textSeen: seen === SHOWN, inHead: head });
              }
            }
          }
        }
      }
      parts.push(part);
      size += part.length;
      if (++visited % 256 === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToPage();
        slices++;
        sliceStart = performance.now();
      }
    }
    return {
      html: parts.join('').slice(0, MAX_HTML_CHARS),
      // The core need not apply the page's styles again (see Document::Rendered).
      rendered: true,
      truncated: stack.length > 0,
      collect: { slices, ms: Math.round(performance.now() - startedAt), hidden },
    };
  }

  /** The page for a check, or `{ error }` saying why it could not be read: a failure must
   * reach the worker and the popup, never vanish in the page. */
  async function collectPage() {
    const loadedAt = performance.timeOrigin + performance.now();
    try {
      const canonical = document.querySelector('link[rel="canonical"]')?.href ?? null;
      return { url: location.href, canonical, loadedAt, otherOriginFrames: otherOriginFrames(), ...(await serializePage()) };
    } catch (error) {
      return { url: location.href, loadedAt, error: describeError(error) };
    }
  }

  const describeError = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

  /** Sends the page to the worker (automatic checking). A page the worker could not be told
   * of (the extension was reloaded meanwhile) has no one left to tell. */
  const sendPage = () =>
    collectPage()
      .then((page) => api.runtime.sendMessage({ type: 'page', page }))
      .catch((error) => console.warn('copyspot: the page was read but could not be sent:', describeError(error)));

  /** Frames big enough to hold text (not ad pixels) whose documents this script cannot read. */
  function otherOriginFrames() {
    let count = 0;
    for (const frame of document.querySelectorAll('iframe, frame')) {
      let readable = false;
      try {
        readable = Boolean(frame.contentDocument);
      } catch {
        // another origin
      }
      if (!readable && frame.offsetWidth * frame.offsetHeight >= 200 * 100) count++;
    }
    return count;
  }

  if (frameMode) {
    if (!document.body || innerWidth * innerHeight < 200 * 100) return null;
    return serializePage(document.body).then(
      ({ html }) => ({ url: location.href, html }),
      (error) => ({ url: location.href, error: describeError(error) }),
    );
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
          sendPage();
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
    for (let node = walker.nextNode(); node && chars.length < MAX_HTML_CHARS; node = walker.nextNode()) {
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
    sendPage();
    return undefined;
  }
  return collectPage();
})();
