//! RSS and Atom feeds (and JSON Feed) through feed-rs.

use super::{Item, SourceError};

/// Content shorter than this is a teaser, not the article: fetch the page instead.
const MIN_CONTENT_BYTES: usize = 500;

pub(super) fn items(bytes: &[u8]) -> Result<Vec<Item>, SourceError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| SourceError::Feed(e.to_string()))?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|entry| {
            let url = entry
                .links
                .first()
                .map(|link| link.href.clone())
                .or_else(|| entry.id.starts_with("http").then(|| entry.id.clone()))?;
            let html = entry
                .content
                .and_then(|content| content.body)
                .filter(|body| body.len() >= MIN_CONTENT_BYTES);
            Some(Item {
                url,
                title: entry.title.map(|t| t.content).unwrap_or_default(),
                html,
                date: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                is_sitemap: false,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_content_is_kept_and_teasers_are_left_to_fetch() {
        let body = "<p>".to_owned() + &"Words of the article. ".repeat(40) + "</p>";
        let atom = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Site</title><id>urn:site</id>
            <updated>2026-11-30T10:00:00Z</updated>
            <entry><title>Full</title><id>urn:1</id><link href="https://example.org/full"/>
              <published>2026-11-29T08:00:00Z</published><updated>2026-11-29T08:00:00Z</updated>
              <content type="html"><![CDATA[{body}]]></content></entry>
            <entry><title>Teaser</title><id>urn:2</id><link href="https://example.org/teaser"/>
              <updated>2026-11-28T08:00:00Z</updated><summary>Read on.</summary></entry>
            </feed>"#
        );
        let items = items(atom.as_bytes()).expect("parses");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title, "Full");
        assert_eq!(items[0].html.as_deref(), Some(body.as_str()));
        assert_eq!(items[0].date.as_deref(), Some("2026-11-29T08:00:00+00:00"));
        assert_eq!(items[1].url, "https://example.org/teaser");
        assert_eq!(items[1].html, None);
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(items(b"\x00\x01 not xml").is_err());
    }
}
