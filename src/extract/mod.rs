//! Main-content extraction: the article's title and text from a whole HTML page.
//!
//! The command line feeds it HTML files; the extension feeds it the live page's
//! `document.documentElement.outerHTML`. Both get the same result from the same code.
//!
//! ```
//! use copyspot::extract::{extract, Document};
//!
//! let page = "<html><head><title>Budget news</title></head><body><nav>Home | World</nav>\
//!     <article><h1>Budget news</h1><p>The committee met on Tuesday to discuss the budget \
//!     for schools in the region, and agreed to raise spending on teachers.</p></article></body></html>";
//! let article = extract(Document::Html(page));
//! assert!(article.text.contains("The committee met on Tuesday"));
//! assert!(!article.text.contains("Home | World"));
//!
//! let plain = extract(Document::Text("Plain text passes through unchanged."));
//! assert_eq!(plain.text, "Plain text passes through unchanged.");
//! ```

use std::ops::Range;

use dom_smoothie::{Config, Readability, TextMode};
use serde::Serialize;

/// Pages larger than this are cut to their first `MAX_HTML_BYTES` before parsing, so a huge
/// page costs bounded time and memory (the article is almost always near the top).
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// What to extract from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document<'a> {
    /// A whole HTML page.
    Html(&'a str),
    /// Plain text: passed through as it is.
    Text(&'a str),
}

impl<'a> Document<'a> {
    /// Guesses the kind from the content: markup-looking input is HTML.
    pub fn sniff(input: &'a str) -> Self {
        let head = input.trim_start().get(..1024).unwrap_or(input.trim_start());
        let lower = head.to_ascii_lowercase();
        let is_html = lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || ["<head", "<body", "<div", "<p>", "<article", "<meta"]
                .iter()
                .any(|tag| lower.contains(tag));
        if is_html {
            Document::Html(input)
        } else {
            Document::Text(input)
        }
    }
}

/// The extracted article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The article's title ("" when the page has none).
    pub title: String,
    /// The article text, paragraphs separated by blank lines.
    pub text: String,
    /// Byte ranges of the paragraphs in `text`.
    pub paragraphs: Vec<Range<usize>>,
}

/// Extracts the article from a document. Never fails: a page with no article gives an empty
/// text, which the matcher reports as "no article text".
pub fn extract(document: Document<'_>) -> Article {
    match document {
        Document::Text(text) => Article {
            title: String::new(),
            text: text.to_owned(),
            paragraphs: paragraph_ranges(text),
        },
        Document::Html(html) => extract_html(truncate(html, MAX_HTML_BYTES)),
    }
}

fn extract_html(html: &str) -> Article {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let Ok(mut readability) = Readability::new(html, None, Some(config)) else {
        return Article::default();
    };
    let title = readability.get_article_title().trim().to_owned();
    let Ok(article) = readability.parse() else {
        return Article {
            title,
            ..Article::default()
        };
    };
    let paragraphs: Vec<&str> = article
        .text_content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let text = paragraphs.join("\n\n");
    let title = if article.title.trim().is_empty() {
        title
    } else {
        article.title.trim().to_owned()
    };
    Article {
        title,
        paragraphs: paragraph_ranges(&text),
        text,
    }
}

/// Byte ranges of the non-blank lines of `text`.
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = offset + (line.len() - line.trim_start().len());
            ranges.push(start..start + trimmed.len());
        }
        offset += line.len();
    }
    ranges
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_tells_html_from_text() {
        assert!(matches!(
            Document::sniff("  <!DOCTYPE html><p>x"),
            Document::Html(_)
        ));
        assert!(matches!(
            Document::sniff("Just words, 3 < 4."),
            Document::Text(_)
        ));
    }

    #[test]
    fn paragraphs_are_non_blank_lines() {
        let text = "one\n\n  two  \nthree";
        let spans: Vec<&str> = paragraph_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(spans, ["one", "two", "three"]);
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("héllo", 2), "h");
        assert_eq!(truncate("abc", 10), "abc");
    }

    #[test]
    fn pages_without_an_article_give_little_text() {
        let login = "<html><body><form><label>User</label><input name=u><button>Sign in</button></form></body></html>";
        assert!(extract(Document::Html(login)).text.len() < 40);
        assert_eq!(extract(Document::Html("")).text, "");
        assert!(
            extract(Document::Html("<<<>>>\u{0}\u{1}"))
                .text
                .trim()
                .len()
                < 20
        );
    }
}
