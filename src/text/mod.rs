//! Text normalization and tokenization.
//!
//! Scrapers and evaders change how text *looks* without changing what it says: curly quotes,
//! zero-width characters, soft hyphens, Cyrillic letters that look Latin. [`tokenize`] folds all
//! of that away and splits the text into words by the Unicode word rules, and every [`Token`]
//! remembers where it came from in the input, so passages can be shown in the original text.
//!
//! ```
//! use copyspot::text::{normalized_words, tokenize};
//!
//! let text = "Ｔhe \u{201C}gеnocide\u{201D} word\u{00AD}ing"; // fullwidth T, Cyrillic е, soft hyphen
//! assert_eq!(normalized_words(text), ["the", "genocide", "wording"]);
//! let tokens = tokenize(text);
//! assert_eq!(&text[tokens[1].span.clone()], "gеnocide");
//! assert_eq!(tokens[1].hash, tokenize("genocide")[0].hash);
//! ```
//!
//! Scripts written without spaces (Chinese, Japanese, Thai) have no word boundaries the Unicode
//! rules can find, so each of their letters becomes a token; word n-grams over them are then
//! character n-grams, which is what plagiarism detectors use for those languages.

pub(crate) mod bytes;
mod fold;

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use unicode_segmentation::UnicodeSegmentation;

use crate::fingerprint::{word_hash, word_hash_folding};

/// One word of the input, with the byte span it came from. The normalized word itself is not
/// kept (a page has thousands): see [`normalized_words`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The 64-bit hash of the normalized word (NFKC, lower case, look-alikes folded), computed
    /// once here: every fingerprint channel is made of it.
    pub hash: u64,
    /// Byte range of the word in the original input.
    pub span: Range<usize>,
    /// The first word of a paragraph: after a line break that follows a sentence end, a blank
    /// line, or an indented line. Fingerprints do not reach across it, so that a copy with its
    /// paragraphs shuffled keeps every one of them. A line broken inside a sentence (hard-wrapped
    /// text, a table's rows) runs on: its words are one passage.
    pub starts_line: bool,
    /// What kind of word it is, for features that spinners leave alone.
    pub kind: TokenKind,
}

/// Names and numbers survive synonym spinning; other words may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A capitalized word inside a sentence: most likely a name.
    Name,
    /// Contains a digit.
    Number,
    /// Anything else, including capitalized words that start a sentence.
    Word,
}

/// Normalized text with a map from its bytes back to the input.
#[derive(Debug)]
struct Normalized {
    text: String,
    /// Where each piece of `text` came from, in text order. Most text is ASCII copied byte for
    /// byte, so a piece is a whole run of that, or one folded cluster; pieces that fold away
    /// entirely (zero-width characters) are left out.
    pieces: Vec<Piece>,
}

#[derive(Debug)]
struct Piece {
    /// Where the piece starts in the normalized text.
    text_start: usize,
    /// The input it came from.
    input: Range<usize>,
    /// Each byte of the piece is the input byte at the same offset (an ASCII run).
    byte_for_byte: bool,
}

/// Maps normalized bytes back to the input, for bytes asked in increasing order (tokens come in
/// text order): a cursor over the pieces instead of a search per token.
struct Origins<'a> {
    pieces: &'a [Piece],
    current: usize,
}

impl Origins<'_> {
    /// The input range the normalized byte at `at` came from; `at` never decreases.
    fn of(&mut self, at: usize) -> Range<usize> {
        while self
            .pieces
            .get(self.current + 1)
            .is_some_and(|next| next.text_start <= at)
        {
            self.current += 1;
        }
        let piece = &self.pieces[self.current];
        if piece.byte_for_byte {
            let byte = piece.input.start + (at - piece.text_start);
            byte..byte + 1
        } else {
            piece.input.clone()
        }
    }
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
pub fn truncate(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Normalizes `input` and splits it into word tokens.
pub fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(input.len() / 6);
    for_each_word(input, |word, span, kind, starts_line| {
        tokens.push(Token {
            hash: word.hash(),
            span,
            starts_line,
            kind,
        });
    });
    tokens
}

/// The normalized words of `input`, as [`tokenize`] hashes them: for display and tests.
pub fn normalized_words(input: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(input, |word, _, _, _| words.push(word.normalized()));
    words
}

/// A word as the scanner found it: ASCII words are not copied to be normalized.
enum Word<'a> {
    /// ASCII input, which normalizes to itself in lower case (a backtick to an apostrophe).
    Ascii(&'a str),
    /// Already normalized.
    Normalized(&'a str),
}

impl Word<'_> {
    fn hash(&self) -> u64 {
        match self {
            Word::Ascii(word) => word_hash_folding(word.as_bytes(), fold_ascii_chunk),
            Word::Normalized(word) => word_hash(word.as_bytes()),
        }
    }

    fn normalized(&self) -> String {
        match self {
            Word::Ascii(word) => word
                .bytes()
                .map(|b| char::from(ASCII_FOLD[usize::from(b)]))
                .collect(),
            Word::Normalized(word) => (*word).to_owned(),
        }
    }
}

/// What normalization makes of eight ASCII bytes at once (upper case lowered, backticks made
/// apostrophes; the only changes it makes to the bytes of a word): classic SWAR byte tests,
/// exact for bytes below 0x80.
fn fold_ascii_chunk(chunk: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    const LOW: u64 = 0x7F * ONES;
    // High bit set where the byte is at least b'A', and where it is above b'Z'.
    let at_least_a = chunk + (0x80 - u64::from(b'A')) * ONES;
    let above_z = chunk + (0x7F - u64::from(b'Z')) * ONES;
    let upper = at_least_a & !above_z & HIGH;
    // High bit set where the byte is not a backtick.
    let other = chunk ^ (u64::from(b'`') * ONES);
    let backtick = !(((other & LOW) + LOW) | other) & HIGH;
    chunk ^ (upper >> 2) ^ ((backtick >> 7) * u64::from(b'`' ^ b'\''))
}

/// Calls `visit` with each word, the input span it came from, its kind and whether it starts a
/// line.
fn for_each_word(input: &str, visit: impl FnMut(Word<'_>, Range<usize>, TokenKind, bool)) {
    let mut words = WordSink {
        input,
        previous_end: 0,
        line_start: 0,
        visit,
        folded: String::new(),
        origins: Vec::new(),
    };
    // Most text is ASCII, and ASCII needs no normalization but for case: it is scanned in place
    // by a scanner of UAX-29's rules restricted to ASCII, several times faster than the general
    // segmenter and tested to agree with it. Only the stretch around each non-ASCII character
    // is normalized, cut where the rules always break (see `is_cut`), and most of those hold
    // only characters that fold to one ASCII character each.
    let bytes = input.as_bytes();
    let mut done = 0;
    while done < bytes.len() {
        let Some(offset) = first_non_ascii(&bytes[done..]) else {
            words.ascii(done, &input[done..]);
            break;
        };
        let unusual = done + offset;
        let start = (done..unusual)
            .rev()
            .find(|&at| is_cut(bytes, at))
            .unwrap_or(done);
        let end = (unusual + 1..bytes.len())
            .find(|&at| is_cut(bytes, at))
            .unwrap_or(bytes.len());
        words.ascii(done, &input[done..start]);
        if !words.folded(start, &input[start..end]) {
            words.mixed(start, &input[start..end]);
        }
        done = end;
    }
}

/// The offset of the first non-ASCII byte.
fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    bytes::first_byte(bytes, bytes::non_ascii, |b| !b.is_ascii())
}

/// UAX-29 always breaks between a space and an ASCII character other than a space. Of its rules
/// only WB3d (spaces stay together) and WB4 (marks and format characters join what precedes
/// them) look past a space, and neither applies to an ASCII letter, digit or sign.
fn is_cut(bytes: &[u8], at: usize) -> bool {
    let is_space = |b: u8| CLASS[usize::from(b)] & SPACE != 0;
    at > 0
        && is_space(bytes[at - 1])
        && bytes.get(at).is_some_and(|&b| b.is_ascii() && !is_space(b))
}

/// Receives the words of each stretch of the input, works out their kind and passes them on.
struct WordSink<'a, F> {
    input: &'a str,
    /// The end of the previous word's span: what lies between it and the next is the gap.
    previous_end: usize,
    /// Where the line holding the previous word starts.
    line_start: usize,
    visit: F,
    /// Reused by `folded`, stretch after stretch: the stretch with each character folded, and
    /// the stretch offset each of its bytes came from.
    folded: String,
    origins: Vec<usize>,
}

impl<F: FnMut(Word<'_>, Range<usize>, TokenKind, bool)> WordSink<'_, F> {
    /// The words of `text`, pure ASCII input starting at byte `offset`: normalizing ASCII only
    /// lowers its case, so spans are the scanner's own, and what the scanner saw of each word
    /// and gap is all its kind needs.
    fn ascii(&mut self, offset: usize, text: &str) {
        // The first gap began before this stretch.
        let mut before = self.gap_classes(offset);
        for word in ascii_words(text) {
            let start = offset + word.start;
            let capitalized = word.text.as_bytes()[0].is_ascii_uppercase();
            let number = word.classes & DIGIT != 0;
            let gap = word.gap | std::mem::take(&mut before);
            let span = start..start + word.text.len();
            self.emit(Word::Ascii(word.text), span, gap, capitalized, number);
        }
    }

    /// The words of `text`, input starting at byte `offset`, if each of its non-ASCII characters
    /// folds to one ASCII character or to nothing (curly quotes, dashes, no-break spaces, soft
    /// hyphens, look-alike letters: nearly all of them in Latin text). Gives what `mixed` gives
    /// — normalization's own fast path for such characters, then the ASCII scanner — without
    /// NFKC, its bookkeeping or an allocation: in wasm `mixed` cost 330 ns a character, a third
    /// of the time to tokenize an article with 43 curly quotes. Emits nothing and returns false
    /// for any other stretch.
    fn folded(&mut self, offset: usize, text: &str) -> bool {
        let mut folded = std::mem::take(&mut self.folded);
        let mut origins = std::mem::take(&mut self.origins);
        folded.clear();
        origins.clear();
        let mut foldable = true;
        for (at, c) in text.char_indices() {
            let c = if c.is_ascii() {
                Some(c)
            } else {
                fold::fold_char(c)
            };
            match c {
                Some(c) if c.is_ascii() => {
                    folded.push(c);
                    origins.push(at);
                }
                Some(_) => {
                    foldable = false;
                    break;
                }
                None => {}
            }
        }
        if foldable {
            for word in ascii_words(&folded) {
                let last = origins[word.start + word.text.len() - 1];
                let last_len = text[last..].chars().next().map_or(1, char::len_utf8);
                let span = offset + origins[word.start]..offset + last + last_len;
                let gap = self.gap_classes(span.start);
                let capitalized = word.text.as_bytes()[0].is_ascii_uppercase();
                let number = word.classes & DIGIT != 0;
                self.emit(Word::Ascii(word.text), span, gap, capitalized, number);
            }
        }
        self.folded = folded;
        self.origins = origins;
        foldable
    }

    /// The words of `text`, input starting at byte `offset` that holds non-ASCII characters:
    /// normalized, then split by the ASCII scanner when that made it ASCII (curly quotes,
    /// dashes, look-alike letters) or by the general segmenter.
    fn mixed(&mut self, offset: usize, text: &str) {
        let normalized = normalize(text);
        let mut origins = Origins {
            pieces: &normalized.pieces,
            current: 0,
        };
        let mut emit = |at: usize, word: &str| {
            let span = offset + origins.of(at).start..offset + origins.of(at + word.len() - 1).end;
            let original = &self.input[span.clone()];
            let capitalized = original.chars().next().is_some_and(char::is_uppercase);
            let number = word.chars().any(char::is_numeric);
            let gap = self.gap_classes(span.start);
            self.emit(Word::Normalized(word), span, gap, capitalized, number);
        };
        let text = normalized.text.as_str();
        if text.is_ascii() {
            ascii_words(text).for_each(|word| emit(word.start, word.text));
        } else {
            text.split_word_bound_indices()
                .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
                .flat_map(|(at, word)| split_unspaced_scripts(at, word))
                .for_each(|(at, word)| emit(at, word));
        }
    }

    /// The classes of the input between the previous word and `start`. An opening curly quote
    /// counts as a sentence end, as a straight one does.
    fn gap_classes(&self, start: usize) -> u16 {
        // Two tokens can come from one input cluster (a letter of an unspaced script with a
        // mark NFKC keeps apart) and so share a span: the gap is then empty.
        let gap = &self.input[self.previous_end.min(start)..start];
        let classes = gap
            .bytes()
            .fold(0, |classes, b| classes | CLASS[usize::from(b)]);
        // Bytes, not `contains(char)`: a non-ASCII char pattern sets up a substring searcher
        // on every call.
        const OPENING_QUOTE: &[u8] = "\u{201C}".as_bytes();
        if classes & NON_ASCII != 0
            && gap
                .as_bytes()
                .windows(OPENING_QUOTE.len())
                .any(|w| w == OPENING_QUOTE)
        {
            classes | SENTENCE_END
        } else {
            classes
        }
    }

    /// `span` is where `word` came from in the input; `gap` the classes of the input between it
    /// and the previous word.
    fn emit(
        &mut self,
        word: Word<'_>,
        span: Range<usize>,
        gap: u16,
        capitalized: bool,
        number: bool,
    ) {
        let first = self.previous_end == 0;
        let new_line = gap & NEW_LINE != 0;
        let new_sentence = first || new_line || gap & SENTENCE_END != 0;
        let new_paragraph =
            first || (new_line && self.ends_paragraph(span.start, gap & SENTENCE_END != 0));
        let kind = if number {
            TokenKind::Number
        } else if capitalized && !new_sentence {
            TokenKind::Name
        } else {
            TokenKind::Word
        };
        self.previous_end = self.previous_end.max(span.end);
        (self.visit)(word, span, kind, new_paragraph);
    }

    /// Whether the line breaks before `start` end a paragraph: after a sentence end or a short
    /// line (a heading, a table's row), at a blank line (or a line of no words: a rule, a
    /// bullet), or before an indented line. A long line broken inside a sentence was wrapped.
    fn ends_paragraph(&mut self, start: usize, after_sentence_end: bool) -> bool {
        let from = self.previous_end.min(start);
        let gap = &self.input.as_bytes()[from..start];
        let mut newlines = gap.iter().enumerate().filter(|&(_, &b)| b == b'\n');
        let (Some((first, _)), last) = (newlines.next(), newlines.next_back()) else {
            return after_sentence_end;
        };
        let last = last.map_or(first, |(at, _)| at);
        let short_line = from + first - self.line_start.min(from + first) < SHORT_LINE;
        self.line_start = from + last + 1;
        after_sentence_end
            || short_line
            || last != first
            || matches!(gap.get(last + 1), Some(b' ' | b'\t'))
    }
}

/// Lines shorter than this (in bytes) are not wrapped prose: their line break ends a paragraph.
const SHORT_LINE: usize = 40;

/// Byte classes for the word scanner and the gaps between words.
const WORD: u16 = 1; // letter, digit or underscore (ALetter, Numeric, ExtendNumLet)
const LETTER: u16 = 2;
const DIGIT: u16 = 4;
const MID_LETTER: u16 = 8; // joins two letters (WB6/7): MidLetter, MidNumLet, Single_Quote
const MID_NUMBER: u16 = 16; // joins two digits (WB11/12): MidNum, MidNumLet, Single_Quote
const SPACE: u16 = 32; // what normalization makes a space
const NEW_LINE: u16 = 64;
const SENTENCE_END: u16 = 128; // in a gap, the next word starts a sentence
const NON_ASCII: u16 = 256;

const CLASS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if !c.is_ascii() {
            NON_ASCII
        } else if c.is_ascii_alphabetic() {
            WORD | LETTER
        } else if c.is_ascii_digit() {
            WORD | DIGIT
        } else {
            match c {
                b'_' => WORD,
                b':' => MID_LETTER | SENTENCE_END,
                b'.' => MID_LETTER | MID_NUMBER | SENTENCE_END,
                // The backtick folds to an apostrophe.
                b'\'' | b'`' => MID_LETTER | MID_NUMBER,
                b',' | b';' => MID_NUMBER,
                b'!' | b'?' | b'"' => SENTENCE_END,
                b'\n' => SPACE | NEW_LINE,
                _ if ASCII_FOLD[b] == b' ' => SPACE,
                _ => 0,
            }
        };
        b += 1;
    }
    table
};

/// A word the ASCII scanner found.
struct AsciiWord<'a> {
    /// Byte offset in the scanned text.
    start: usize,
    text: &'a str,
    /// The classes of its bytes, or-ed.
    classes: u16,
    /// The classes of the bytes between the previous word (or the start) and this one.
    gap: u16,
}

/// The UAX-29 words of an ASCII `text` that hold a letter or digit.
fn ascii_words(text: &str) -> impl Iterator<Item = AsciiWord<'_>> {
    let bytes = text.as_bytes();
    let class = |at: usize| bytes.get(at).map_or(0, |&b| CLASS[usize::from(b)]);
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut gap = 0;
        loop {
            while at < bytes.len() && class(at) & WORD == 0 {
                gap |= class(at);
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            let mut classes = class(at);
            at += 1;
            loop {
                let here = class(at);
                if here & WORD != 0 {
                    classes |= here;
                    at += 1;
                    continue;
                }
                let (previous, next) = (class(at - 1), class(at + 1));
                let joins = (here & MID_LETTER != 0 && previous & next & LETTER != 0)
                    || (here & MID_NUMBER != 0 && previous & next & DIGIT != 0);
                if !joins {
                    break;
                }
                // A joining middle character is followed by a letter or digit: take both.
                classes |= here | next;
                at += 2;
            }
            if classes & (LETTER | DIGIT) != 0 {
                return Some(AsciiWord {
                    start,
                    text: &text[start..at],
                    classes,
                    gap,
                });
            }
        }
    })
}

/// Normalizes `input` the way tokens are normalized, for display and tests.
pub fn normalize_str(input: &str) -> String {
    normalize(input).text
}

fn normalize(input: &str) -> Normalized {
    let bytes = input.as_bytes();
    // Built as bytes (ASCII runs are copied through a table, which vectorizes) from valid
    // UTF-8 pieces only.
    let mut text: Vec<u8> = Vec::with_capacity(input.len());
    let mut pieces = Vec::new();
    let mut folded = String::new();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII fast path: NFKC and the fold tables leave ASCII alone but for case and spaces.
        // Combining marks are never ASCII, so an ASCII byte followed by one is a cluster.
        let run_end = bytes[at..]
            .iter()
            .position(|b| !b.is_ascii())
            .map_or(bytes.len(), |n| at + n);
        let run_end = if run_end < bytes.len() && run_end > at {
            run_end - 1 // the last ASCII byte may start a cluster with the mark after it
        } else {
            run_end
        };
        if run_end > at {
            pieces.push(Piece {
                text_start: text.len(),
                input: at..run_end,
                byte_for_byte: true,
            });
            text.extend(
                bytes[at..run_end]
                    .iter()
                    .map(|&b| ASCII_FOLD[usize::from(b & 0x7F)]),
            );
            at = run_end;
            continue;
        }
        let cluster = at..cluster_end(input, at);
        let text_start = text.len();
        let mut chars = input[cluster.clone()].chars();
        let single = chars.next().filter(|_| chars.next().is_none());
        match single.map(fold::fold_char) {
            // Most non-ASCII characters in Latin text are quotes, dashes and spaces that fold to
            // ASCII (or format characters that fold away): NFKC leaves those as they are.
            Some(None) => {}
            Some(Some(ascii)) if ascii.is_ascii() => text.push(ASCII_FOLD[ascii as usize]),
            _ => {
                folded.clear();
                folded.extend(input[cluster.clone()].chars().filter_map(fold::fold_char));
                for c in folded.nfkc().flat_map(char::to_lowercase) {
                    // NFKC can turn a compatibility character back into a quote or dash form.
                    if let Some(c) = fold::fold_char(c) {
                        text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                }
            }
        }
        if text.len() > text_start {
            pieces.push(Piece {
                text_start,
                input: cluster.clone(),
                byte_for_byte: false,
            });
        }
        at = cluster.end;
    }
    let text = String::from_utf8(text)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    Normalized { text, pieces }
}

/// What normalization makes of each ASCII byte: NFKC and the fold tables leave ASCII alone but
/// for case, spaces and the backtick.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'`' => b'\'',
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => b' ',
            _ => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// The end of the character at `start` and the combining marks after it, so that NFKC can
/// compose them while each piece keeps an input span.
fn cluster_end(input: &str, start: usize) -> usize {
    let mut chars = input[start..].char_indices();
    let first = chars.next().map_or(0, |(_, c)| c.len_utf8());
    chars
        .find(|&(_, c)| c.is_ascii() || canonical_combining_class(c) == 0)
        .map_or(input.len(), |(i, _)| start + i)
        .max(start + first)
}

/// Word-bound segments of scripts without spaces come out as whole runs (Thai) or single
/// letters (Han); either way every letter of those scripts becomes its own token.
/// (Allocation-free: this runs once per word of every page.)
fn split_unspaced_scripts(start: usize, word: &str) -> impl Iterator<Item = (usize, &str)> {
    let unspaced = !word.is_ascii() && word.chars().any(fold::is_unspaced_script);
    let whole = (!unspaced).then_some((start, word));
    let letters = unspaced.then(|| {
        word.char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .map(move |(i, c)| (start + i, &word[i..i + c.len_utf8()]))
    });
    whole.into_iter().chain(letters.into_iter().flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        normalized_words(text)
    }

    #[test]
    fn quotes_dashes_and_spaces_have_one_form() {
        assert_eq!(
            words("don\u{2019}t \u{201C}stop\u{201D}\u{00A0}now\u{2014}ok"),
            words("don't \"stop\" now-ok")
        );
    }

    #[test]
    fn format_characters_are_removed() {
        assert_eq!(
            words("gen\u{200B}o\u{200D}cide soft\u{00AD}ware \u{FEFF}x"),
            ["genocide", "software", "x"]
        );
    }

    #[test]
    fn look_alike_letters_fold_to_latin() {
        // Cyrillic а, е, о, р, с and Greek Ο, ν.
        assert_eq!(
            words("\u{0430}\u{0435}\u{043E}\u{0440}\u{0441} \u{039F}\u{03BD}"),
            ["aeopc", "ov"]
        );
    }

    #[test]
    fn nfkc_and_case_folding() {
        assert_eq!(words("ＦＵＬＬ ﬁne Straße"), ["full", "fine", "straße"]);
        // A decomposed é equals a precomposed one.
        assert_eq!(words("cafe\u{0301}"), words("caf\u{00E9}"));
    }

    #[test]
    fn spans_point_into_the_input() {
        let text = "  Hello,\u{200B} wor\u{00AD}ld! café\u{0301}";
        let spans: Vec<&str> = tokenize(text)
            .iter()
            .map(|t| &text[t.span.clone()])
            .collect();
        assert_eq!(spans, ["Hello", "wor\u{00AD}ld", "café\u{0301}"]);
    }

    #[test]
    fn scripts_without_spaces_yield_tokens() {
        assert_eq!(words("北京大学"), ["北", "京", "大", "学"]);
        assert!(words("สวัสดีครับ").len() >= 6);
        assert!(words("これはペンです").len() >= 5);
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_full_path() {
        // Each ASCII character alone, and before a combining mark (which takes the full path).
        for byte in 0u8..128 {
            let c = byte as char;
            let fast = normalize_str(&format!("{c}"));
            let full: String = fold::fold_char(c)
                .map(|c| c.to_lowercase().collect::<String>())
                .unwrap_or_default();
            assert_eq!(fast, full, "{byte:#x}");
        }
    }

    #[test]
    fn ascii_words_hash_as_their_normalized_form() {
        // Every byte that can be in a word, in every lane of a chunk, beside every other.
        let in_words: Vec<u8> = (0u8..128)
            .filter(|&b| CLASS[usize::from(b)] & SPACE == 0)
            .collect();
        for &b in &in_words {
            for &other in &in_words {
                for lane in 0..8 {
                    let mut chunk = [other; 8];
                    chunk[lane] = b;
                    let folded = chunk.map(|b| ASCII_FOLD[usize::from(b)]);
                    assert_eq!(
                        fold_ascii_chunk(u64::from_le_bytes(chunk)),
                        u64::from_le_bytes(folded),
                        "{b:#x} beside {other:#x}"
                    );
                }
            }
        }
        for word in [
            "a",
            "Don`t",
            "NATO",
            "e.g",
            "Stoltenberg's",
            "x_1",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{",
        ] {
            let ascii = Word::Ascii(word);
            assert_eq!(
                ascii.hash(),
                word_hash(ascii.normalized().as_bytes()),
                "{word}"
            );
        }
    }

    #[test]
    fn first_non_ascii_byte_is_found_at_every_offset() {
        for length in 0..20 {
            for at in 0..=length {
                let mut text = "a".repeat(length);
                if at < length {
                    text.replace_range(at..at + 1, "é");
                }
                let expected = text.bytes().position(|b| !b.is_ascii());
                assert_eq!(first_non_ascii(text.as_bytes()), expected, "{text}");
            }
        }
    }

    #[test]
    fn ascii_scanner_agrees_with_the_uax29_segmenter() {
        let general = |t: &str| -> Vec<(usize, String)> {
            t.split_word_bound_indices()
                .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
                .map(|(i, w)| (i, w.to_owned()))
                .collect()
        };
        let fast = |t: &str| -> Vec<(usize, String)> {
            ascii_words(t)
                .map(|w| (w.start, w.text.to_owned()))
                .collect()
        };
        const ALPHABET: &[u8] = b"ab1_.:,;' -\n9Z";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 14) as usize;
            let text: String = (0..length)
                .map(|i| ALPHABET[((state >> (i * 4)) % ALPHABET.len() as u64) as usize] as char)
                .collect();
            assert_eq!(fast(&text), general(&text), "{text:?}");
        }
        let seed = normalize_str(include_str!(
            "../../tests/fixtures/000_65db108d60c74e38.txt"
        ));
        assert!(seed.is_ascii());
        assert_eq!(fast(&seed), general(&seed));
    }

    #[test]
    fn mixed_text_splits_as_the_general_segmenter_does() {
        const ALPHABET: &[&str] = &[
            "a", "B", "1", " ", "  ", ".", "'", ",", "\n", "é", "\u{301}", "🖕", "北", "ß", "-",
            "\u{200D}", "д", "_", "3", "`", "\t", "\u{0B}", "\u{A0}", "\u{201C}", "Q", "\u{2019}",
        ];
        let general = |t: &str| -> Vec<String> {
            let normalized = normalize_str(t);
            normalized
                .split_word_bound_indices()
                .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
                .flat_map(|(i, w)| split_unspaced_scripts(i, w))
                .map(|(_, w)| w.to_owned())
                .collect()
        };
        for text in random_strings(0x9e37_79b9_7f4a_7c15, 20_000, 16, ALPHABET) {
            assert_eq!(normalized_words(&text), general(&text), "{text:?}");
        }
    }

    /// `count` strings of `pieces` pieces drawn from `alphabet` by a xorshift sequence from
    /// `state`: the same strings on every run.
    fn random_strings<'a>(
        mut state: u64,
        count: usize,
        pieces: usize,
        alphabet: &'a [&'a str],
    ) -> impl Iterator<Item = String> + 'a {
        (0..count).map(move |_| {
            (0..pieces)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect()
        })
    }

    /// What a `WordSink` emits for `text` as one stretch, by `folded` (None if it declines)
    /// or by `mixed`.
    fn stretch_tokens(text: &str, fast: bool) -> Option<Vec<Token>> {
        let mut tokens = Vec::new();
        let mut sink = WordSink {
            input: text,
            previous_end: 0,
            line_start: 0,
            visit: |word: Word<'_>, span, kind, starts_line| {
                tokens.push(Token {
                    hash: word.hash(),
                    span,
                    starts_line,
                    kind,
                });
            },
            folded: String::new(),
            origins: Vec::new(),
        };
        let taken = if fast {
            sink.folded(0, text)
        } else {
            sink.mixed(0, text);
            true
        };
        drop(sink);
        taken.then_some(tokens)
    }

    #[test]
    fn folded_stretches_give_what_normalizing_gives() {
        const ALPHABET: &[&str] = &[
            "a", "B", "1", " ", ".", "'", ",", "\n", "\u{A0}", "\u{201C}", "\u{201D}", "\u{2019}",
            "\u{2014}", "\u{AD}", "\u{200B}", "а", "ο", "`", "\t", "Q", "_", "3", "-", ":", "\"",
            "\u{2033}", "\u{FF07}", "é", "\u{301}",
        ];
        let mut compared = 0;
        for text in random_strings(0x2545_f491_4f6c_dd1d, 50_000, 14, ALPHABET) {
            if let Some(fast) = stretch_tokens(&text, true) {
                assert_eq!(Some(fast), stretch_tokens(&text, false), "{text:?}");
                compared += 1;
            }
        }
        // Most strings take the fast path; those with é or a combining mark do not.
        assert!(compared > 10_000, "{compared}");
        assert_eq!(stretch_tokens("caf\u{e9}", true), None);
    }

    #[test]
    fn wrapped_lines_run_on_and_paragraphs_break() {
        let starts = |text: &str| -> Vec<usize> {
            let tokens = tokenize(text);
            (0..tokens.len())
                .filter(|&i| tokens[i].starts_line)
                .collect()
        };
        // 62 bytes, 12 words: a line a wrapper broke inside a sentence.
        let long = "the committee met on tuesday to discuss the new budget for the";
        assert_eq!(starts(&format!("{long}\nschools of the region")), [0]);
        assert_eq!(starts(&format!("{long}.\nSchools of the region")), [0, 12]);
        assert_eq!(starts(&format!("{long}\n\nschools")), [0, 12]);
        assert_eq!(starts(&format!("{long}\n   schools")), [0, 12]);
        // A short line (a heading, a table's row) is a paragraph of its own.
        assert_eq!(
            starts("Results\nArsenal 2 Chelsea 1\nEverton 0 Fulham 3"),
            [0, 1, 5]
        );
    }

    #[test]
    fn names_and_numbers_are_marked() {
        let kinds: Vec<TokenKind> =
            tokenize("Blinken said. The NATO chief, Stoltenberg, met 3 men")
                .iter()
                .map(|t| t.kind)
                .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [Word, Word, Word, Name, Word, Name, Word, Number, Word]
        );
    }

    #[test]
    fn numbers_are_tokens_and_punctuation_is_not() {
        assert_eq!(
            words("100 nationalities, 3.5% -- !!"),
            ["100", "nationalities", "3.5"]
        );
    }

    #[test]
    fn empty_and_odd_input_does_not_panic() {
        assert!(words("").is_empty());
        assert!(words("\u{0301}\u{0301}").is_empty());
        assert!(words("\u{FFFD}\u{0000}\u{10FFFF}").is_empty());
    }
}
