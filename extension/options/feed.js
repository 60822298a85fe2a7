// A site's feed read in the options page, so that its articles become the user's own
// references in one step. RSS 2.0 and Atom through the browser's own XML parser (DOMParser);
// JSON Feed is JSON.

/** Content shorter than this is a teaser, not the article: the linked page is read instead
 * (as `copyspot pack build` does). */
const MIN_CONTENT_CHARS = 500;
const ATOM = 'http://www.w3.org/2005/Atom';
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';

/** The feed's title and entries `[{ url, title, html }]` (`html` null when the feed carries
 * only a teaser); throws if `text` is no feed. Links are resolved against `base`. */
export function readFeed(text, base) {
  const absolute = (link) => {
    try {
      return new URL(link.trim(), base).href;
    } catch {
      return null;
    }
  };
  const full = (html) => (html && html.trim().length >= MIN_CONTENT_CHARS ? html : null);
  if (/^\s*\{/.test(text)) {
    let feed;
    try {
      feed = JSON.parse(text);
    } catch {
      throw new Error('the feed is not valid JSON');
    }
    const items = (Array.isArray(feed?.items) ? feed.items : []).map((item) => ({
      url: absolute(String(item?.url ?? item?.id ?? '')),
      title: String(item?.title ?? ''),
      html: full(typeof item?.content_html === 'string' ? item.content_html : null),
    }));
    return { title: String(feed?.title ?? ''), items: items.filter((item) => item.url) };
  }
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) throw new Error('this is not an RSS, Atom or JSON feed');
  const root = doc.documentElement;
  const child = (element, name, ns = null) =>
    [...element.children].find((c) => c.localName === name && (ns === null || c.namespaceURI === ns));
  let title;
  let items;
  if (root.localName === 'feed' && root.namespaceURI === ATOM) {
    title = child(root, 'title', ATOM)?.textContent ?? '';
    items = [...root.children].filter((c) => c.localName === 'entry' && c.namespaceURI === ATOM).map((entry) => {
      const links = [...entry.children].filter((c) => c.localName === 'link' && c.namespaceURI === ATOM);
      const link = links.find((l) => (l.getAttribute('rel') ?? 'alternate') === 'alternate') ?? links[0];
      const content = child(entry, 'content', ATOM);
      const html = content?.getAttribute('type') === 'xhtml'
        ? [...content.children].map((c) => new XMLSerializer().serializeToString(c)).join('')
        : content?.textContent;
      return { url: absolute(link?.getAttribute('href') ?? ''), title: child(entry, 'title', ATOM)?.textContent ?? '', html: full(html) };
    });
  } else if (root.localName === 'rss' || root.localName === 'RDF') {
    const channel = root.getElementsByTagName('channel')[0] ?? root;
    title = child(channel, 'title')?.textContent ?? '';
    items = [...root.getElementsByTagName('item')].map((item) => ({
      url: absolute(child(item, 'link')?.textContent ?? child(item, 'guid')?.textContent ?? ''),
      title: child(item, 'title')?.textContent ?? '',
      html: full(child(item, 'encoded', CONTENT)?.textContent ?? child(item, 'description')?.textContent),
    }));
  } else {
    throw new Error('this is not an RSS, Atom or JSON feed');
  }
  return { title: title.trim(), items: items.filter((item) => item.url) };
}
