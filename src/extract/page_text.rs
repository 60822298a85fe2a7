//! The page's visible text, for the whole-page check: a line per block, as dom_query's
//! `formatted_text` lays it out, a blank line between lines — without the text of scripts,
//! styles and the head, and without copying each text node on the way (`formatted_text` of
//! the whole page was a tenth of extraction).
//!
//! ```text
//! <p>One <b>two</b></p><script>x()</script><ul><li>three</li><li>four</li></ul>
//! → "One two\n\nthree\n\nfour"
//! ```

use dom_query::{LocalName, NodeData, NodeRef, local_name};

/// The visible text under `root`, a blank line between each two of its lines.
pub(super) fn page_text(root: &NodeRef) -> String {
    let mut lines = Lines::default();
    let mut pending = vec![Step::Open(*root)];
    while let Some(step) = pending.pop() {
        let node = match step {
            Step::Open(node) => node,
            Step::Close(name) => {
                lines.close(&name);
                continue;
            }
        };
        let name = node.query(|tree_node| match &tree_node.data {
            NodeData::Element(element) => Some(element.name.local.clone()),
            NodeData::Text { contents } => {
                lines.text(contents);
                None
            }
            NodeData::Document | NodeData::Fragment => Some(local_name!("")),
            _ => None,
        });
        let Some(Some(name)) = name else { continue };
        if is_invisible(&name) {
            continue;
        }
        lines.open(&name);
        pending.push(Step::Close(name));
        let first = pending.len();
        pending.extend(node.children_it(false).map(Step::Open));
        pending[first..].reverse();
    }
    lines.finish()
}

/// The characters of the visible text under `node` that are not white space: what
/// [`page_text`] would hold of it, less its layout. Counted in place, without gathering the
/// text first; scripts and styles, often most of a page's characters, are skipped unread.
pub(super) fn visible_chars(node: &NodeRef) -> usize {
    let mut count = 0;
    let mut pending = vec![*node];
    while let Some(node) = pending.pop() {
        let descend = node.query(|tree_node| match &tree_node.data {
            NodeData::Element(element) => !is_invisible(&element.name.local),
            NodeData::Text { contents } => {
                count += non_white_chars(contents);
                false
            }
            NodeData::Document | NodeData::Fragment => true,
            _ => false,
        });
        if descend == Some(true) {
            pending.extend(node.children_it(false));
        }
    }
    count
}

/// The characters of `text` that are not white space; byte by byte when it is ASCII, as
/// most text is (a tenth of the time of decoding characters).
fn non_white_chars(text: &str) -> usize {
    if text.is_ascii() {
        // The ASCII characters `char::is_whitespace` holds: tab to carriage return, space.
        text.bytes()
            .filter(|byte| !matches!(byte, b'\t'..=b'\r' | b' '))
            .count()
    } else {
        text.chars().filter(|c| !c.is_whitespace()).count()
    }
}

enum Step<'a> {
    Open(NodeRef<'a>),
    Close(LocalName),
}

fn is_invisible(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("head")
            | local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
    )
}

/// Elements that stand on lines of their own (dom_query's list).
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("article")
            | local_name!("blockquote")
            | local_name!("section")
            | local_name!("div")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("dl")
            | local_name!("table")
    )
}

#[derive(Default)]
struct Lines {
    text: String,
    /// Where the current line starts in `text`.
    line_start: usize,
    /// White space was seen since the last word: the next word on this line is spaced.
    space: bool,
    /// Inside how many `pre` elements: there, line breaks in the text are kept.
    pre: usize,
}

impl Lines {
    fn open(&mut self, name: &LocalName) {
        if *name == local_name!("pre") {
            self.pre += 1;
        }
        if is_block(name) || matches!(*name, local_name!("br") | local_name!("hr")) {
            self.end_line();
        }
    }

    fn close(&mut self, name: &LocalName) {
        if *name == local_name!("pre") {
            self.pre -= 1;
        }
        if is_block(name) || matches!(*name, local_name!("li") | local_name!("tr")) {
            self.end_line();
        } else if matches!(*name, local_name!("td") | local_name!("th")) {
            self.space = true;
        }
    }

    fn text(&mut self, text: &str) {
        if self.pre > 0 {
            let mut lines = text.split('\n');
            if let Some(first) = lines.next() {
                self.words(first);
            }
            for line in lines {
                self.end_line();
                self.words(line);
            }
        } else {
            self.words(text);
        }
    }

    fn words(&mut self, text: &str) {
        self.space |= text.starts_with(char::is_whitespace);
        for word in text.split_whitespace() {
            if self.space && self.text.len() > self.line_start {
                self.text.push(' ');
            }
            self.text.push_str(word);
            self.space = true;
        }
        self.space = text.ends_with(char::is_whitespace)
            || (self.space && text.split_whitespace().next().is_none());
    }

    fn end_line(&mut self) {
        if self.text.len() > self.line_start {
            self.text.push_str("\n\n");
            self.line_start = self.text.len();
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.text.truncate(self.text.trim_end().len());
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::{non_white_chars, page_text, visible_chars};

    fn text_of(html: &str) -> String {
        page_text(&dom_query::Document::from(html).root())
    }

    #[test]
    fn blocks_are_lines_and_inline_elements_are_not() {
        assert_eq!(
            text_of(
                "<html><head><title>T</title><style>p{}</style></head><body>\
                 <p>One <b>two</b>th<i>ree</i></p><script>x()</script>\
                 <ul><li>four</li><li> five </li></ul>six<br>seven\
                 <table><tr><td>a</td><td>b</td></tr></table></body></html>"
            ),
            "One twothree\n\nfour\n\nfive\n\nsix\n\nseven\n\na b"
        );
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        assert_eq!(
            text_of("<pre>line  one\nline two\n\n</pre><p>after</p>"),
            "line one\n\nline two\n\nafter"
        );
    }

    #[test]
    fn visible_characters_are_the_page_texts_less_white_space() {
        for html in [
            "<html><head><title>T</title><style>p{}</style></head><body><p>One <b>two</b>\
             th<i>ree</i></p><script>x()</script><ul><li>four\u{A0}</li><li> five </li></ul>\
             <noscript>no</noscript><template>t</template>six<br>seven</body></html>",
            "",
            "<script>only()</script>",
        ] {
            let document = dom_query::Document::from(html);
            let text = page_text(&document.root());
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(&document.root()), expected, "{html}");
        }
    }

    #[test]
    fn ascii_text_is_counted_as_characters_are() {
        let every_ascii: String = (0..128u8).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            "a\u{B}b\u{C}c\u{1F}d",
            "two\u{A0}words\u{2003}é",
            "",
        ] {
            let by_chars = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(non_white_chars(text), by_chars, "{text:?}");
        }
    }

    #[test]
    fn an_empty_page_has_no_text() {
        assert_eq!(text_of(""), "");
        assert_eq!(text_of("<script>only()</script>"), "");
    }
}
