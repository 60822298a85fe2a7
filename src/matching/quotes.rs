//! Quotations on the page: a passage inside quotation marks is quoted, not copied, and counts
//! a tenth.

use std::ops::Range;

use crate::text::bytes::{first_byte, first_equal, non_ascii};

/// Whether a passage is a quotation: inside quotation marks, or right between two of them
/// (nested quotes defeat the pairing).
pub(super) fn is_quoted(text: &str, passage: &Range<usize>, regions: &[Range<usize>]) -> bool {
    const OPENING: [char; 4] = ['"', '\u{201C}', '\u{201E}', '\u{00AB}'];
    const CLOSING: [char; 3] = ['"', '\u{201D}', '\u{00BB}'];
    if regions
        .iter()
        .any(|q| q.start <= passage.start && passage.end <= q.end)
    {
        return true;
    }
    let before = text[..passage.start].trim_end_matches([' ', '\t']);
    let after = text[passage.end..]
        .trim_start_matches(|c: char| c == ' ' || c == '\t' || ".,;:!?".contains(c));
    before.ends_with(OPENING) && after.starts_with(CLOSING)
}

/// Byte ranges of the page inside quotation marks. A quotation left open ends at the end of
/// its paragraph, as news copy reopens quotes paragraph by paragraph.
pub(super) fn quoted_regions(text: &str) -> Vec<Range<usize>> {
    let mut quotes = Quotations::default();
    let mut at = 0;
    while let Some(i) = next_quote_or_break(text.as_bytes(), at) {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at = i + c.len_utf8();
        quotes.see(i, c);
    }
    quotes.regions_up_to(text.len())
}

/// The quoted regions of a text, from its characters in text order (any may be skipped but
/// quotation marks and line feeds).
#[derive(Default)]
struct Quotations {
    regions: Vec<Range<usize>>,
    open: Option<usize>,
}

impl Quotations {
    /// The character `c` at byte `i`.
    fn see(&mut self, i: usize, c: char) {
        match (c, self.open) {
            ('\u{201C}' | '\u{00AB}' | '\u{201E}', _) | ('"', None) => self.open = Some(i),
            ('\u{201D}' | '\u{00BB}' | '"', Some(start)) => {
                self.regions.push(start..i + c.len_utf8());
                self.open = None;
            }
            ('\n', Some(start)) => {
                self.regions.push(start..i);
                self.open = None;
            }
            _ => {}
        }
    }

    /// The regions, a quotation still open ending at `end`.
    fn regions_up_to(mut self, end: usize) -> Vec<Range<usize>> {
        if let Some(start) = self.open {
            self.regions.push(start..end);
        }
        self.regions
    }
}

/// The first byte from `at` on that can begin a quotation mark or a line break: `"`, a line
/// feed or any non-ASCII byte (the curly and angle quotes). Searched eight bytes at a time:
/// decoding every character of the page was a tenth of a matching check in wasm. `at` must be
/// on a character boundary; the byte found then is one too.
fn next_quote_or_break(bytes: &[u8], at: usize) -> Option<usize> {
    let flags = |chunk| first_equal(chunk, b'"') | first_equal(chunk, b'\n') | non_ascii(chunk);
    let wanted = |b: u8| b == b'"' || b == b'\n' || !b.is_ascii();
    first_byte(bytes.get(at..)?, flags, wanted).map(|offset| at + offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `quoted_regions` as first written: every character decoded and seen.
    fn quoted_regions_by_character(text: &str) -> Vec<Range<usize>> {
        let mut quotes = Quotations::default();
        text.char_indices().for_each(|(i, c)| quotes.see(i, c));
        quotes.regions_up_to(text.len())
    }

    #[test]
    fn quotations_are_found_wherever_they_fall_in_the_chunks() {
        const PIECES: &[&str] = &[
            "a", " ", "\"", "\n", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}", "\u{201E}",
            "\u{00A0}", "é", "北", "🖕", "word ", "\u{2019}", "\u{0122}", "\u{2022}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut next = || {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as usize
            };
            let length = next() % 40;
            let text: String = (0..length).map(|_| PIECES[next() % PIECES.len()]).collect();
            assert_eq!(
                quoted_regions(&text),
                quoted_regions_by_character(&text),
                "{text:?}"
            );
        }
    }
}
