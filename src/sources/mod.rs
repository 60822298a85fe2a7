//! References in the forms people already have them: RSS and Atom feeds, sitemaps, WordPress
//! (WXR) and Ghost exports, and WARC web archives.
//!
//! Parsing only — bytes in, [`Item`]s out. An item either carries its article (a full-content
//! feed entry, an export's post, an archived page) or only names a page to fetch (a sitemap's
//! URL, a feed entry with a summary alone); fetching is the caller's (the command line's,
//! politely).
//!
//! ```
//! use copyspot::sources::{Format, items};
//!
//! let feed = br#"<rss version="2.0"><channel><title>Blog</title>
//!   <item><title>First post</title><link>https://example.org/first</link>
//!   <description>A teaser.</description></item></channel></rss>"#;
//! assert_eq!(Format::sniff("feed.xml", feed), Format::Feed);
//! let items = items(Format::Feed, feed)?;
//! assert_eq!(items[0].url, "https://example.org/first");
//! assert!(items[0].html.is_none()); // a teaser only: the page must be fetched
//! # Ok::<(), copyspot::sources::SourceError>(())
//! ```

mod feed;
mod ghost;
mod sitemap;
pub mod warc;
mod wordpress;

use thiserror::Error;

/// One article a source names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Where the article lives (a feed entry's link, a sitemap's location, a record's target).
    pub url: String,
    pub title: String,
    /// The article's HTML when the source carries it; `None`: fetch `url`.
    pub html: Option<String>,
    /// When it was published or archived, as the source gives it (RFC 3339 when known).
    pub date: Option<String>,
    /// A sitemap index's entry: `url` is another sitemap, not an article.
    pub is_sitemap: bool,
}

/// What a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RSS 0.9–2.0, Atom or JSON Feed.
    Feed,
    /// A sitemap or sitemap index (sitemaps.org).
    Sitemap,
    /// A WordPress export (WXR: RSS with the `wp:` namespace).
    WordPress,
    /// A Ghost export (JSON with `db[].data.posts`).
    Ghost,
    /// A WARC file (plain or gzipped).
    Warc,
    /// Anything else: a page or a text.
    Page,
}

/// Why a source could not be read.
#[derive(Debug, Error)]
pub enum SourceError {
    #[error("not a readable feed: {0}")]
    Feed(String),
    #[error("not a readable sitemap: {0}")]
    Sitemap(String),
    #[error("not a readable WordPress export: {0}")]
    WordPress(String),
    #[error("not a readable Ghost export: {0}")]
    Ghost(String),
    #[error("not a readable WARC file: {0}")]
    Warc(String),
}

impl Format {
    /// The format of a source from its name and first bytes (already un-gzipped, except for
    /// WARC, which is read as it is stored).
    pub fn sniff(name: &str, bytes: &[u8]) -> Format {
        let name = name.to_ascii_lowercase();
        if name.ends_with(".warc") || name.ends_with(".warc.gz") || bytes.starts_with(b"WARC/") {
            return Format::Warc;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('{') {
            if head.contains("\"db\"") {
                return Format::Ghost;
            }
            if head.contains("jsonfeed.org") {
                return Format::Feed;
            }
            return Format::Page;
        }
        let xml =
            head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed");
        if xml || head.starts_with("<urlset") || head.starts_with("<sitemapindex") {
            if head.contains("<urlset") || head.contains("<sitemapindex") {
                return Format::Sitemap;
            }
            if head.contains("wordpress.org/export/") {
                return Format::WordPress;
            }
            if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:RDF") {
                return Format::Feed;
            }
        }
        Format::Page
    }
}

/// The items of a feed, sitemap or export (WARC files are read as a stream: [`warc`]).
pub fn items(format: Format, bytes: &[u8]) -> Result<Vec<Item>, SourceError> {
    match format {
        Format::Feed => feed::items(bytes),
        Format::Sitemap => sitemap::items(bytes),
        Format::WordPress => wordpress::items(bytes),
        Format::Ghost => ghost::items(bytes),
        Format::Warc | Format::Page => Ok(vec![]),
    }
}
