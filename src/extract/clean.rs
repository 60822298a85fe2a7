//! Boilerplate removal before Readability scoring: what Readability keeps but a copy checker
//! must not count — comment threads, "related"/"more stories" lists, share bars, cookie
//! notices and image captions. Aggregators often use class names that give nothing away, so
//! section headings ("Comments / 4", "You may also like") are read too.

use dom_query::{Document, Element, NodeData, NodeRef, Selection, local_name};

use super::page_text::visible_chars;

/// First words of class or id tokens that mark boilerplate ("comment-list", "share_bar").
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "commentlist",
    "disqus",
    "replies",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "social",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "related",
    "recommended",
    "recommendations",
    "outbrain",
    "taboola",
    "trending",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "advertisement",
    "sponsored",
    "breadcrumb",
    "breadcrumbs",
];

/// Headings that open a boilerplate section: the heading and everything after it in its
/// container go.
const BOILERPLATE_HEADINGS: &[&str] = &[
    "comments",
    "comment",
    "responses",
    "response",
    "replies",
    "discussion",
    "join the conversation",
    "responses to",
    "comments on",
    "comments to",
    "reader comments",
    "related",
    "related stories",
    "related articles",
    "related posts",
    "related content",
    "more stories",
    "more from",
    "more on this",
    "more news",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "read more",
    "read next",
    "trending",
    "most read",
    "most popular",
    "popular now",
    "top stories",
    "latest news",
];

/// A boilerplate element holding more than this share of the page's visible text is left
/// alone: the class was misleading (`<article class="comment-enabled">`). Visible text, as the
/// page text counts it: counted with scripts and styles, a script-heavy page made any block
/// look small.
const MAX_SHARE_OF_PAGE: f64 = 0.5;

/// Elements nested deeper than this have their subtree flattened to its text: real pages stay
/// far below it, and scoring costs grow with depth (10,000 levels took 15 s unflattened).
pub(super) const MAX_DEPTH: usize = 256;

/// Flattens every element at `MAX_DEPTH` to a text node holding its subtree's text.
pub(super) fn flatten_deep_nesting(document: &Document) {
    let mut stack: Vec<(NodeRef, usize)> = vec![(document.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth >= MAX_DEPTH && node.is_element() {
            let text = node.text();
            node.set_text(text);
            continue;
        }
        stack.extend(node.children_it(false).map(|child| (child, depth + 1)));
    }
}

/// Scrapers hide words from text readers by drawing them with CSS
/// (`i[data-w]::before { content: attr(data-w) }`): the page shows them, the DOM text lacks
/// them. For every attribute that a `::before`/`::after` rule of the page's styles shows, its
/// value becomes the text of the (empty) elements that carry it.
pub(super) fn show_css_generated_text(document: &Document) {
    let styles: Vec<String> = document
        .select("style")
        .nodes()
        .iter()
        .map(|node| node.text().to_string())
        .collect();
    for name in generated_attributes(&styles.join("\n")) {
        for node in document.select(&format!("[{name}]")).nodes() {
            if node.first_child().is_none() {
                if let Some(value) = node.attr(&name) {
                    node.set_text(value.to_string());
                }
            }
        }
    }
}

/// Attribute names in `content: attr(NAME)` of rules whose selector draws before or after.
fn generated_attributes(css: &str) -> Vec<String> {
    const MAX_NAMES: usize = 16;
    let mut names: Vec<String> = Vec::new();
    for rule in css.split('}') {
        let Some((selector, body)) = rule.split_once('{') else {
            continue;
        };
        if !(selector.contains(":before") || selector.contains(":after")) {
            continue;
        }
        for (_, after) in body
            .match_indices("attr(")
            .map(|(at, _)| body.split_at(at + 5))
        {
            // Only plain names: each becomes an attribute selector.
            let name: String = after
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            if !name.is_empty() && !names.contains(&name) && names.len() < MAX_NAMES {
                names.push(name);
            }
        }
    }
    names
}

/// Removes boilerplate from the whole page before Readability picks the article: comment
/// threads and "related" lists can outweigh the article and win the candidate scoring.
pub(super) fn before_scoring(document: &Document) {
    let page_text = visible_chars(&document.root());
    // One walk reading each element in place (selecting `[class], [id]` and copying each value
    // out was a fifth of this pass): asides go whole, and what is inside them is not marked.
    let (mut asides, mut marked) = (Vec::new(), Vec::new());
    let mut pending = vec![document.root()];
    while let Some(node) = pending.pop() {
        let found = node.query_or(Found::Neither, |tree_node| match tree_node.as_element() {
            Some(element) if is_aside(element) => Found::Aside,
            Some(element)
                if !matches!(
                    element.name.local,
                    local_name!("html")
                        | local_name!("body")
                        | local_name!("main")
                        | local_name!("article")
                        | local_name!("h1")
                ) && has_boilerplate_name(element) =>
            {
                Found::Marked
            }
            _ => Found::Neither,
        });
        match found {
            Found::Aside => {
                asides.push(node);
                continue;
            }
            Found::Marked => marked.push(node),
            Found::Neither => {}
        }
        // Children in reverse, so that they come off the stack in document order.
        let first = pending.len();
        pending.extend(node.children_it(false));
        pending[first..].reverse();
    }
    asides.iter().for_each(NodeRef::remove_from_parent);
    remove_if_small(&marked, page_text);
    remove_boilerplate_sections(&Selection::from(document.root()), page_text);
    remove_cookie_notices(document);
}

/// What an element is to [`before_scoring`].
enum Found {
    Aside,
    Marked,
    Neither,
}

/// `[role=complementary]` and `dialog`: beside the article whatever they hold.
fn is_aside(element: &Element) -> bool {
    element.name.local == local_name!("dialog") || has_attribute(element, "role", "complementary")
}

fn has_attribute(element: &Element, name: &str, value: &str) -> bool {
    element
        .attrs
        .iter()
        .any(|attr| &*attr.name.local == name && &*attr.value == value)
}

/// Short blocks that ask about cookies, whatever their class. Paragraphs are spared: an
/// article may well be about cookie consent.
fn remove_cookie_notices(document: &Document) {
    const MAX_NOTICE_CHARS: usize = 400;
    const CONTAINERS: [&str; 5] = ["div", "section", "aside", "footer", "form"];
    let mut notices: Vec<NodeRef> = Vec::new();
    // Start from the text that mentions cookies (one pass over the page) and climb through the
    // containers small enough to be a notice: lowering every block's whole text, as a test of
    // each block did, was a fifth of extraction.
    let mentions_cookies = |node: &NodeRef| {
        node.query_or(false, |tree_node| match &tree_node.data {
            NodeData::Text { contents } => contains_ignoring_ascii_case(contents, b"cookie"),
            _ => false,
        })
    };
    for text in document.root().descendants_it().filter(mentions_cookies) {
        for container in text
            .ancestors_it(None)
            .filter(|node| CONTAINERS.iter().any(|name| node.has_name(name)))
        {
            let words = container.text().to_lowercase();
            // An ancestor holds all its descendants' text: the rest are larger still.
            if words.len() >= MAX_NOTICE_CHARS {
                break;
            }
            let asks = ["accept", "we use", "uses cookies", "consent", "agree"]
                .iter()
                .any(|phrase| words.contains(phrase));
            if asks && !notices.iter().any(|notice| notice.id == container.id) {
                notices.push(container);
            }
        }
    }
    notices.iter().for_each(NodeRef::remove_from_parent);
}

/// Removes what Readability kept but a copy checker must not count. Captions go only now:
/// removed before scoring, they lower the score of picture-rich articles until the wrong
/// block wins.
pub(super) fn after_scoring(article: &Selection) {
    article.select("figcaption").remove();
    let article_text = article.nodes().iter().map(visible_chars).sum();
    remove_boilerplate_sections(article, article_text);
}

/// A boilerplate heading inside `within` and everything after it in its container.
fn remove_boilerplate_sections(within: &Selection, page_text: usize) {
    let is_heading = |node: &NodeRef| {
        node.query_or(false, |tree_node| {
            tree_node.as_element().is_some_and(|element| {
                matches!(
                    element.name.local,
                    local_name!("h2")
                        | local_name!("h3")
                        | local_name!("h4")
                        | local_name!("h5")
                        | local_name!("h6")
                ) || has_attribute(element, "role", "heading")
            })
        })
    };
    let headings: Vec<NodeRef> = within
        .nodes()
        .iter()
        .flat_map(NodeRef::descendants_it)
        .filter(is_heading)
        .filter(|node| is_boilerplate_heading(&node.text()))
        .collect();
    for heading in headings {
        let mut tail = vec![heading];
        let mut next = heading.next_sibling();
        while let Some(node) = next {
            next = node.next_sibling();
            tail.push(node);
        }
        remove_if_small(&tail, page_text);
    }
}

fn remove_if_small(nodes: &[NodeRef], page_text: usize) {
    let text: usize = nodes.iter().map(visible_chars).sum();
    if (text as f64) <= page_text as f64 * MAX_SHARE_OF_PAGE {
        nodes.iter().for_each(NodeRef::remove_from_parent);
    } else {
        // Too big to be all boilerplate: drop only the pieces that are small on their own.
        for node in nodes {
            if (visible_chars(node) as f64) <= page_text as f64 * MAX_SHARE_OF_PAGE {
                node.remove_from_parent();
            }
        }
    }
}

/// Whether `haystack` holds `needle` (lowercase ASCII) in any ASCII case, without lowering a
/// copy of it: every text node of the page is asked.
fn contains_ignoring_ascii_case(haystack: &str, needle: &[u8]) -> bool {
    let haystack = haystack.as_bytes();
    let Some(&first) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), haystack).any(|at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(needle))
    })
}

fn has_boilerplate_name(element: &Element) -> bool {
    // Long tokens are usually ids made from a heading ("sharing-with-a-single-developer").
    element
        .attrs
        .iter()
        .filter(|attr| matches!(attr.name.local, local_name!("class") | local_name!("id")))
        .flat_map(|attr| attr.value.split_whitespace())
        .any(|token| {
            let mut parts = token.split(['-', '_']);
            let first = parts.next().unwrap_or_default();
            parts.count() < 3
                && BOILERPLATE_WORDS
                    .iter()
                    .any(|word| word.eq_ignore_ascii_case(first))
        })
}

fn is_boilerplate_heading(text: &str) -> bool {
    let words: String = text
        .chars()
        .map(|c| {
            if c.is_alphabetic() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() || text.chars().count() > 60 {
        return false;
    }
    // "Comments / 4" and "4 responses" match a whole phrase once digits and punctuation are
    // gone; longer phrases may start or end a heading ("More from NewsAggregator").
    BOILERPLATE_HEADINGS.iter().any(|heading| {
        words == *heading
            || (heading.contains(' ')
                && (words.starts_with(&format!("{heading} "))
                    || words.ends_with(&format!(" {heading}"))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_generated_attributes_are_found() {
        let css = "i[data-w]::before { content: attr(data-w); } p:after{content:attr( title )} \
                   b { content: attr(x) } .q::before { content: \"»\" } a::after { content: attr(\"bad\") }";
        assert_eq!(generated_attributes(css), ["data-w", "title"]);
    }

    #[test]
    fn headings_that_open_boilerplate() {
        for heading in [
            "Comments / 4",
            "4 responses to this story",
            "More from NewsAggregator",
            "You may also like",
            "RELATED STORIES",
            "Read next",
        ] {
            assert!(is_boilerplate_heading(heading), "{heading}");
        }
        for heading in [
            "Why the comments matter",
            "The budget in numbers",
            "Related parties in the deal disagree",
            "What happens next",
        ] {
            assert!(!is_boilerplate_heading(heading), "{heading}");
        }
    }

    #[test]
    fn words_are_found_in_any_ascii_case() {
        assert!(contains_ignoring_ascii_case(
            "We use COOKIES here",
            b"cookie"
        ));
        assert!(contains_ignoring_ascii_case("cCookie", b"cookie"));
        assert!(!contains_ignoring_ascii_case("cooki", b"cookie"));
        assert!(!contains_ignoring_ascii_case("Çookie", b"cookie"));
    }

    #[test]
    fn class_names_by_first_word() {
        let doc = Document::from(
            r#"<div class="comment-list">a</div><div class="has-comments">b</div><div id="share_bar">c</div>"#,
        );
        let names: Vec<bool> = doc
            .select("div")
            .nodes()
            .iter()
            .map(|node| {
                node.query_or(false, |tree_node| {
                    tree_node.as_element().is_some_and(has_boilerplate_name)
                })
            })
            .collect();
        assert_eq!(names, [true, false, true]);
    }
}
