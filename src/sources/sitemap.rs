//! Sitemaps and sitemap indexes (sitemaps.org protocol) through quick-xml.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Item, SourceError};

pub(super) fn items(bytes: &[u8]) -> Result<Vec<Item>, SourceError> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let (mut items, mut path, mut buf) = (Vec::new(), Vec::<Vec<u8>>::new(), Vec::new());
    let mut current = Item::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| SourceError::Sitemap(e.to_string()))?;
        match event {
            Event::Start(start) => path.push(start.local_name().as_ref().to_vec()),
            Event::End(_) => {
                let closed = path.pop().unwrap_or_default();
                if matches!(closed.as_slice(), b"url" | b"sitemap") && !current.url.is_empty() {
                    current.is_sitemap = closed == b"sitemap";
                    items.push(std::mem::take(&mut current));
                }
            }
            Event::Text(text) => {
                let text = text
                    .unescape()
                    .map_err(|e| SourceError::Sitemap(e.to_string()))?
                    .trim()
                    .to_owned();
                match path.last().map(Vec::as_slice) {
                    Some(b"loc") => current.url = text,
                    Some(b"lastmod") => current.date = Some(text),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if items.is_empty() && !String::from_utf8_lossy(bytes).contains("urlset") {
        return Err(SourceError::Sitemap("no <urlset> or <sitemapindex>".into()));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_nested_sitemaps() {
        let urlset = br#"<?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>https://example.org/a?x=1&amp;y=2</loc><lastmod>2026-11-01</lastmod></url>
              <url><loc> https://example.org/b </loc></url>
            </urlset>"#;
        let items = items(urlset).expect("parses");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url, "https://example.org/a?x=1&y=2");
        assert_eq!(items[0].date.as_deref(), Some("2026-11-01"));
        assert_eq!(items[1].url, "https://example.org/b");
        assert!(!items[1].is_sitemap);

        let index = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://example.org/posts.xml</loc></sitemap></sitemapindex>"#;
        let items = super::items(index).expect("parses");
        assert!(items[0].is_sitemap);
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(items(b"<urlset><url><loc>x</url></urlset>").is_err());
    }
}
