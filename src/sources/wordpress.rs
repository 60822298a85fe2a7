//! WordPress exports (WXR: RSS 2.0 with the `wp:` and `content:` namespaces) through quick-xml:
//! published posts and pages, not drafts, attachments or menu items.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Item, SourceError};

pub(super) fn items(bytes: &[u8]) -> Result<Vec<Item>, SourceError> {
    let mut reader = Reader::from_reader(bytes);
    let (mut items, mut buf) = (Vec::new(), Vec::new());
    let mut path: Vec<Vec<u8>> = Vec::new();
    let (mut item, mut kind, mut status) = (Item::default(), String::new(), String::new());
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| SourceError::WordPress(e.to_string()))?;
        let text = match event {
            Event::Start(start) => {
                path.push(start.name().as_ref().to_vec());
                None
            }
            Event::End(_) => {
                if path.pop().as_deref() == Some(b"item") {
                    let published = status == "publish" && matches!(kind.as_str(), "post" | "page");
                    if published && item.html.is_some() {
                        items.push(std::mem::take(&mut item));
                    }
                    (item, kind, status) = (Item::default(), String::new(), String::new());
                }
                None
            }
            Event::Text(text) => Some(
                text.unescape()
                    .map_err(|e| SourceError::WordPress(e.to_string()))?
                    .into_owned(),
            ),
            Event::CData(data) => Some(String::from_utf8_lossy(&data).into_owned()),
            Event::Eof => break,
            _ => None,
        };
        let in_item = path.iter().any(|element| element == b"item");
        if let (Some(text), Some(element), true) = (text, path.last(), in_item) {
            match element.as_slice() {
                b"title" => item.title.push_str(&text),
                b"link" => item.url.push_str(text.trim()),
                b"content:encoded" => item.html.get_or_insert_with(String::new).push_str(&text),
                b"wp:post_date_gmt" => item.date = Some(text.trim().to_owned()),
                b"wp:post_type" => kind.push_str(text.trim()),
                b"wp:status" => status.push_str(text.trim()),
                _ => {}
            }
        }
        buf.clear();
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_posts_only() {
        let wxr = br#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title>
<item><title>Hello &amp; welcome</title><link>https://blog.example/hello/</link>
  <content:encoded><![CDATA[<p>The <b>first</b> post.</p>]]></content:encoded>
  <wp:post_date_gmt><![CDATA[2026-10-01 09:00:00]]></wp:post_date_gmt>
  <wp:post_type><![CDATA[post]]></wp:post_type><wp:status><![CDATA[publish]]></wp:status></item>
<item><title>Draft</title><link>https://blog.example/?p=2</link>
  <content:encoded><![CDATA[<p>Not yet.</p>]]></content:encoded>
  <wp:post_type><![CDATA[post]]></wp:post_type><wp:status><![CDATA[draft]]></wp:status></item>
<item><title>logo.png</title><link>https://blog.example/logo/</link>
  <content:encoded><![CDATA[]]></content:encoded>
  <wp:post_type><![CDATA[attachment]]></wp:post_type><wp:status><![CDATA[inherit]]></wp:status></item>
</channel></rss>"#;
        let items = items(wxr).expect("parses");
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].title, "Hello & welcome");
        assert_eq!(items[0].url, "https://blog.example/hello/");
        assert_eq!(
            items[0].html.as_deref(),
            Some("<p>The <b>first</b> post.</p>")
        );
        assert_eq!(items[0].date.as_deref(), Some("2026-10-01 09:00:00"));
    }
}
