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
    normalized
        .text
        .split_word_bound_indices()
        .filter(|(_, word)| word.chars().any(char::is_alphanumeric))
        .flat_map(|(start, word)| split_unspaced_scripts(start, word))
        .map(|(start, word)| {
            let span =
                normalized.origin[start].start..normalized.origin[start + word.len() - 1].end;
            let gap = &input[previous_end..span.start];
            let kind = token_kind(word, &input[span.clone()], gap, previous_end == 0);
            previous_end = span.end;
            Token {
                word: word.to_owned(),
                span,
                kind,
            }
        })
        .collect()
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
    let mut text = String::with_capacity(input.len());
    let mut origin = Vec::with_capacity(input.len());
    let mut folded = String::new();
    for cluster in combining_clusters(input) {
        if let [byte] = input.as_bytes()[cluster.clone()] {
            // ASCII fast path: NFKC and the fold tables leave ASCII alone but for case and spaces.
            let c = match byte as char {
                '`' => '\'',
                c if c.is_whitespace() => ' ',
                c => c.to_ascii_lowercase(),
            };
            text.push(c);
            origin.push(cluster);
            continue;
        }
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
    }
    Normalized { text, origin }
}

/// Splits the input into a base character and the combining marks after it, so that NFKC can
/// compose them while each piece keeps an input span.
fn combining_clusters(input: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = input.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, first) = chars.next()?;
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            // ASCII has no combining marks: skip the table lookup for nearly every character.
            if c.is_ascii() || canonical_combining_class(c) == 0 {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some(start..end)
    })
}

/// Word-bound segments of scripts without spaces come out as whole runs (Thai) or single
/// letters (Han); either way every letter of those scripts becomes its own token.
fn split_unspaced_scripts(start: usize, word: &str) -> Vec<(usize, &str)> {
    if !word.chars().any(fold::is_unspaced_script) {
        return vec![(start, word)];
    }
    word.char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .map(|(i, c)| (start + i, &word[i..i + c.len_utf8()]))
        .collect()
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
