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

mod clean;
mod hidden;
mod page_text;
pub mod quality;

use std::borrow::Cow;
use std::ops::Range;

use crate::text::truncate;
use dom_smoothie::{Config, Readability, TextMode};
use serde::Serialize;

/// Pages larger than this are cut to their first `MAX_HTML_BYTES` before parsing, so a huge
/// page costs bounded time and memory (the article is almost always near the top).
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// What to extract from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document<'a> {
    /// A whole HTML page, as a server sends it: the hiding rules of its own styles are applied
    /// before it is read (see `hidden`).
    Html(&'a str),
    /// A whole HTML page as a browser renders it: what the page hides already left out (the
    /// extension's content script walks the live page), so its styles are not applied again.
    Rendered(&'a str),
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
    /// All the page's visible text once boilerplate is removed, for a copy that is not the
    /// block chosen as the article (beside a longer one, say); empty for plain text input.
    #[serde(skip)]
    pub page_text: String,
}

/// Extracts the article from a document. Never fails: a page with no article gives an empty
/// text, which the matcher reports as "no article text".
pub fn extract(document: Document<'_>) -> Article {
    match document {
        Document::Text(text) => Article {
            title: String::new(),
            text: text.to_owned(),
            paragraphs: paragraph_ranges(text),
            page_text: String::new(),
        },
        Document::Html(html) => extract_html(
            &limit_nesting(truncate(html, MAX_HTML_BYTES)),
            Styles::Apply,
        ),
        Document::Rendered(html) => extract_html(
            &limit_nesting(truncate(html, MAX_HTML_BYTES)),
            Styles::Applied,
        ),
    }
}

/// Whether the page's hiding rules are still to be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Styles {
    Apply,
    Applied,
}

fn extract_html(html: &str, styles: Styles) -> Article {
    // The article's text is laid out from its HTML after `after_scoring`, so dom_smoothie's own
    // text of it (`text_content`) goes unused: Raw is its cheapest.
    let config = Config {
        text_mode: TextMode::Raw,
        ..Config::default()
    };
    let document = dom_query::Document::from(html);
    clean::flatten_deep_nesting(&document);
    if styles == Styles::Apply {
        hidden::remove_hidden(&document);
    }
    clean::show_css_generated_text(&document);
    clean::before_scoring(&document);
    let page_text = page_text::page_text(&document.root());
    let Ok(mut readability) = Readability::with_document(document, None, Some(config)) else {
        return Article {
            page_text,
            ..Article::default()
        };
    };
    let title = readability.get_article_title().trim().to_owned();
    let Ok(article) = readability.parse() else {
        return Article {
            title,
            page_text,
            ..Article::default()
        };
    };
    // The article is the element `parse` made in the readability's document: laid out from
    // there, its HTML (`article.content`) need not be parsed a second time.
    let content = readability.doc.select_single("#readability-page-1");
    clean::after_scoring(&content);
    let text = blank_lines_between(&content.formatted_text());
    let title = if article.title.trim().is_empty() {
        title
    } else {
        article.title.trim().to_owned()
    };
    Article {
        title,
        paragraphs: paragraph_ranges(&text),
        text,
        page_text,
    }
}

/// The non-blank lines of `formatted`, trimmed, a blank line between each two.
fn blank_lines_between(formatted: &str) -> String {
    let lines: Vec<&str> = formatted
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n\n")
}

/// All the visible text of an HTML fragment or page, block elements on their own lines (for
/// scoring extraction against an expected HTML output).
pub fn html_text(html: &str) -> String {
    dom_query::Document::from(html).formatted_text().to_string()
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

/// Tags that would open elements deeper than this are dropped (their text stays): parsing
/// costs grow with depth times length, and only hostile pages nest this deep. The parsed tree
/// is flattened further, see `clean::MAX_DEPTH`.
pub const MAX_NESTING: usize = 1_000;

/// `html` with the tags that nest deeper than [`MAX_NESTING`] removed, and their closing tags.
/// A rough count: elements that close themselves or are closed implicitly (`<p>`, `<li>`,
/// `<br>`…) are not counted, so ordinary sloppy HTML never reaches the limit.
fn limit_nesting(html: &str) -> Cow<'_, str> {
    const NOT_NESTING: &[&str] = &[
        "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option", "rp", "rt",
        "br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "col", "embed",
        "param", "track", "base", "!doctype", "!--",
    ];
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut kept = String::new();
    let mut copied_to = 0;
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            .unwrap_or(bytes.len() - name_start);
        let name = &bytes[name_start..name_start + name_len];
        at = name_start + name_len;
        if name.is_empty()
            || NOT_NESTING
                .iter()
                .any(|tag| tag.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        let Some(end) = memchr::memchr(b'>', &bytes[at..]).map(|e| at + e + 1) else {
            break;
        };
        let self_closing = bytes[end - 2] == b'/';
        let drop = if closing {
            if excess > 0 {
                excess -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if self_closing {
            false
        } else if depth >= MAX_NESTING {
            excess += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop {
            kept.push_str(&html[copied_to..start]);
            copied_to = end;
        }
        at = end;
    }
    if copied_to == 0 {
        return Cow::Borrowed(html);
    }
    kept.push_str(&html[copied_to..]);
    Cow::Owned(kept)
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
    fn nesting_is_limited_only_when_hostile() {
        let sloppy = "<div><p>one<p>two<br><img src=x><li>three</div>".repeat(5_000);
        assert!(matches!(limit_nesting(&sloppy), Cow::Borrowed(_)));
        let deep = format!(
            "{}text{}<p>after",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        let limited = limit_nesting(&deep);
        let expected = format!(
            "{}text{}<p>after",
            "<div>".repeat(MAX_NESTING),
            "</div>".repeat(MAX_NESTING)
        );
        assert_eq!(limited, expected);
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
