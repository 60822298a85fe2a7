//! Where passages are: token runs to input bytes, bytes to the character offsets reports give.

use std::ops::Range;

use super::Span;
use crate::text::Token;

/// The input bytes covered by a run of tokens.
pub(super) fn byte_range(tokens: &[Token], run: &Range<u32>) -> Range<usize> {
    let first = &tokens[run.start as usize];
    let last = &tokens[run.end as usize - 1];
    first.span.start..last.span.end
}

/// Turns byte offsets into character offsets, walking forward from the last call (passages
/// come mostly in order, so a page is scanned about once).
pub(super) struct SpanMapper<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> SpanMapper<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    pub(super) fn span(&mut self, bytes: &Range<usize>) -> Span {
        let start = self.chars_at(bytes.start);
        let end = self.chars_at(bytes.end);
        Span { start, end }
    }

    fn chars_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}
