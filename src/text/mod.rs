//! Text normalization and tokenization.
//!
//! Scrapers and evaders change how text *looks* without changing what it says: curly quotes,
//! zero-width characters, soft hyphens, Cyrillic letters that look Latin. [`tokenize`] folds all
//! of that away and splits the text into words by the Unicode word rules, and every [`Token`]
//! remembers where it came from in the input, so passages can be shown in the original text.
//!
//! ```
//! use copyspot::text::tokenize;
//!
//! let text = "Ｔhe \u{201C}gеnocide\u{201D} word\u{00AD}ing"; // fullwidth T, Cyrillic е, soft hyphen
//! let tokens = tokenize(text);
//! let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
//! assert_eq!(words, ["the", "genocide", "wording"]);
//! assert_eq!(&text[tokens[1].span.clone()], "gеnocide");
//! ```
//!
//! Scripts written without spaces (Chinese, Japanese, Thai) have no word boundaries the Unicode
//! rules can find, so each of their letters becomes a token; word n-grams over them are then
//! character n-grams, which is what plagiarism detectors use for those languages.

mod fold;

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;
use unicode_segmentation::UnicodeSegmentation;

/// One word of the input, normalized, with the byte span it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized word: NFKC, lower case, look-alikes folded.
    pub word: String,
    /// The word's 64-bit hash, computed once here: every fingerprint channel is made of it.
    pub hash: u64,
    /// Byte range of the word in the original input.
    pub span: Range<usize>,
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

/// Normalized text with a map from each of its bytes back to the input.
#[derive(Debug)]
struct Normalized {
    text: String,
    /// For each byte of `text`, the input byte range of the character cluster it came from.
    origin: Vec<Range<usize>>,
}

/// Normalizes `input` and splits it into word tokens.
pub fn tokenize(input: &str) -> Vec<Token> {
    let normalized = normalize(input);
    let mut previous_end = 0;
    words(&normalized.text)
        .flat_map(|(start, word)| split_unspaced_scripts(start, word))
        .map(|(start, word)| {
            let span =
                normalized.origin[start].start..normalized.origin[start + word.len() - 1].end;
            // Two tokens can come from one input cluster (a letter of an unspaced script with
            // a mark NFKC keeps apart) and so share a span: the gap is then empty.
            let gap = &input[previous_end.min(span.start)..span.start];
            let kind = token_kind(word, &input[span.clone()], gap, previous_end == 0);
            previous_end = previous_end.max(span.end);
            Token {
                word: word.to_owned(),
                hash: crate::fingerprint::word_hash(word.as_bytes()),
                span,
                kind,
            }
        })
        .collect()
}

/// The UAX-29 words of `text` that hold a letter or digit, with their byte offsets. Most pages
/// are pure ASCII once normalized (quotes, dashes and spaces folded): for those, a scanner of
/// UAX-29's rules restricted to ASCII, several times faster than the general segmenter and
/// tested to agree with it.
fn words(text: &str) -> Box<dyn Iterator<Item = (usize, &str)> + '_> {
    if text.is_ascii() {
        Box::new(ascii_words(text))
    } else {
        Box::new(
            text.split_word_bound_indices()
                .filter(|(_, word)| word.chars().any(char::is_alphanumeric)),
        )
    }
}

fn ascii_words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            while at < bytes.len() && !is_word(bytes[at]) {
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            at += 1;
            while at < bytes.len() {
                let (previous, next) = (bytes[at - 1], bytes.get(at + 1).copied());
                let joins = match bytes[at] {
                    b if is_word(b) => true,
                    // WB6/7: letter (MidLetter | MidNumLet | Single_Quote) letter.
                    b':' | b'.' | b'\'' if previous.is_ascii_alphabetic() => {
                        next.is_some_and(|n| n.is_ascii_alphabetic())
                    }
                    // WB11/12: digit (MidNum | MidNumLet | Single_Quote) digit.
                    b',' | b';' | b'.' | b'\'' if previous.is_ascii_digit() => {
                        next.is_some_and(|n| n.is_ascii_digit())
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                // A joining middle character is followed by a letter or digit: take both.
                at += if is_word(bytes[at]) { 1 } else { 2 };
            }
            let word = &text[start..at];
            if word.bytes().any(|b| b.is_ascii_alphanumeric()) {
                return Some((start, word));
            }
        }
    })
}

/// `gap` is the input between the previous token and this one; `first`: there is none.
fn token_kind(word: &str, original: &str, gap: &str, first: bool) -> TokenKind {
    if word.chars().any(|c| c.is_ascii_digit() || c.is_numeric()) {
        return TokenKind::Number;
    }
    let capitalized = original.chars().next().is_some_and(char::is_uppercase);
    let starts_sentence = first || gap.contains(['.', '!', '?', ':', '\n', '\u{201C}', '"']);
    if capitalized && !starts_sentence {
        TokenKind::Name
    } else {
        TokenKind::Word
    }
}

/// Normalizes `input` the way tokens are normalized, for display and tests.
pub fn normalize_str(input: &str) -> String {
    normalize(input).text
}

fn normalize(input: &str) -> Normalized {
    let bytes = input.as_bytes();
    let mut text = String::with_capacity(input.len());
    let mut origin = Vec::with_capacity(input.len());
    let mut folded = String::new();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII fast path: NFKC and the fold tables leave ASCII alone but for case and spaces.
        // Combining marks are never ASCII, so an ASCII byte followed by one is a cluster.
        if bytes[at].is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii) {
            let c = match bytes[at] as char {
                '`' => '\'',
                c if c.is_whitespace() => ' ',
                c => c.to_ascii_lowercase(),
            };
            text.push(c);
            origin.push(at..at + 1);
            at += 1;
            continue;
        }
        let cluster = at..cluster_end(input, at);
        folded.clear();
        for c in input[cluster.clone()].chars().filter_map(fold::fold_char) {
            folded.push(c);
        }
        for c in folded.nfkc().flat_map(char::to_lowercase) {
            // NFKC can turn a compatibility character back into a quote or dash form.
            if let Some(c) = fold::fold_char(c) {
                text.push(c);
            }
        }
        origin.resize(text.len(), cluster.clone());
        at = cluster.end;
    }
    Normalized { text, origin }
}

/// The end of the character at `start` and the combining marks after it, so that NFKC can
/// compose them while each piece keeps an input span.
fn cluster_end(input: &str, start: usize) -> usize {
    let mut chars = input[start..].char_indices();
    let first = chars.next().map_or(0, |(_, c)| c.len_utf8());
    chars
        .find(|&(_, c)| canonical_combining_class(c) == 0)
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
        tokenize(text).into_iter().map(|t| t.word).collect()
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
    fn ascii_scanner_agrees_with_the_uax29_segmenter() {
        let general = |t: &str| -> Vec<(usize, String)> {
            t.split_word_bound_indices()
                .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
                .map(|(i, w)| (i, w.to_owned()))
                .collect()
        };
        let fast = |t: &str| -> Vec<(usize, String)> {
            ascii_words(t).map(|(i, w)| (i, w.to_owned())).collect()
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
