//! The spin-robust channel: n-grams over the words a synonym spinner leaves alone.
//!
//! Spinners swap content words (nouns, verbs, adjectives, adverbs) for synonyms, but keep the
//! skeleton of the sentence: function words, names and numbers, in order (Stamatatos 2011,
//! "stopword n-grams"; Zhang et al. 2014, "immutables"). Dropping every other word and taking
//! n-grams of what is left gives keys that a full-strength spin does not touch, while the
//! order of a dozen such words is specific enough to tell articles apart.
//!
//! ```
//! use copyspot::fingerprint::robust::fingerprints;
//! use copyspot::text::tokenize;
//!
//! let original = "Blinken said that he believes Russian forces have committed war crimes in \
//!     Ukraine since the invasion in February, and that the world must act on it.";
//! let spun = "Blinken mentioned that he thinks Russian troops have dedicated warfare crimes in \
//!     Ukraine since the incursion in February, and that the globe must behave on it.";
//! let keys = |t: &str| fingerprints(&tokenize(t)).into_iter().map(|f| f.key).collect::<Vec<_>>();
//! assert!(!keys(original).is_empty());
//! assert_eq!(keys(original), keys(spun));
//! ```

use super::{Fingerprint, ngram_key, word_hash};
use crate::text::{Token, TokenKind};

/// Kept words per n-gram.
pub const NGRAM: usize = 8;
/// Winnowing window over those n-grams.
pub const WINDOW: usize = 4;
/// Winnowing window on the reference side (see [`super::REFERENCE_WINDOW`]).
pub const REFERENCE_WINDOW: usize = 4;

/// Closed-class English words: articles, prepositions, pronouns, auxiliaries, conjunctions.
/// Thesauri have no synonyms for most of them, and spinners leave them alone.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how",
    "i", "if", "in", "into", "is", "it", "its", "me", "might", "more", "most", "must", "my", "no",
    "nor", "not", "of", "on", "or", "our", "over", "said", "says", "she", "should", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "to", "under", "up", "us", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your",
];

/// Whether a token is one of the closed-class words spinners and paraphrases keep.
pub(crate) fn is_function_word(token: &Token) -> bool {
    token.kind == TokenKind::Word && function_words().contains(token.hash)
}

fn is_kept(token: &Token, function_words: &FunctionWords) -> bool {
    token.kind != TokenKind::Word || function_words.contains(token.hash)
}

/// The function words' hashes in an open-addressing table: a lookup per token is one or two
/// integer compares (a binary search was a fifth of the fingerprinting time).
struct FunctionWords {
    slots: [u64; Self::SLOTS],
}

impl FunctionWords {
    const SLOTS: usize = 512;
    /// No word hashes to zero in practice; a slot holding it is empty.
    const EMPTY: u64 = 0;

    fn slot(hash: u64) -> usize {
        (hash >> 55) as usize % Self::SLOTS
    }

    fn contains(&self, hash: u64) -> bool {
        let mut at = Self::slot(hash);
        loop {
            match self.slots[at] {
                Self::EMPTY => return false,
                stored if stored == hash => return true,
                _ => at = (at + 1) % Self::SLOTS,
            }
        }
    }
}

fn function_words() -> &'static FunctionWords {
    static TABLE: std::sync::OnceLock<FunctionWords> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FunctionWords {
            slots: [FunctionWords::EMPTY; FunctionWords::SLOTS],
        };
        for word in FUNCTION_WORDS {
            let hash = word_hash(word.as_bytes());
            let mut at = FunctionWords::slot(hash);
            while table.slots[at] != FunctionWords::EMPTY && table.slots[at] != hash {
                at = (at + 1) % FunctionWords::SLOTS;
            }
            table.slots[at] = hash;
        }
        table
    })
}

/// The winnowed robust fingerprints of a token list, in token order.
pub fn fingerprints(tokens: &[Token]) -> Vec<Fingerprint> {
    super::Channel::Robust.fingerprints(tokens)
}

/// A robust n-gram needs this many function words: names and numbers alone are the skeleton
/// of every results table and price list, not of a sentence.
const MIN_FUNCTION_WORDS: usize = 2;

/// Appends every robust n-gram of `tokens` that holds [`MIN_FUNCTION_WORDS`], numbering tokens
/// from `offset`; `kept` is scratch space, reused from call to call.
pub(super) fn grams_into(
    tokens: &[Token],
    offset: usize,
    kept: &mut Vec<(u32, u64, bool)>,
    grams: &mut Vec<Fingerprint>,
) {
    let function_words = function_words();
    kept.clear();
    kept.extend(
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| is_kept(t, function_words))
            // Salted so that robust keys never equal verbatim ones by construction.
            .map(|(i, t)| {
                let function_word = t.kind == TokenKind::Word;
                (
                    (offset + i) as u32,
                    t.hash ^ 0x5bd1_e995_5bd1_e995,
                    function_word,
                )
            }),
    );
    grams.extend(
        kept.windows(NGRAM)
            .filter(|words| words.iter().filter(|w| w.2).count() >= MIN_FUNCTION_WORDS)
            .map(|words| Fingerprint {
                start: words[0].0,
                end: words[NGRAM - 1].0 + 1,
                key: ngram_key(words.iter().map(|w| w.1)),
            }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_hash_apart_and_are_found() {
        let table = function_words();
        let stored = table.slots.iter().filter(|&&h| h != FunctionWords::EMPTY);
        assert_eq!(stored.count(), FUNCTION_WORDS.len());
        for word in FUNCTION_WORDS {
            assert!(table.contains(word_hash(word.as_bytes())), "{word}");
        }
        for word in ["senate", "ukraine", "said,", "thee", ""] {
            assert!(!table.contains(word_hash(word.as_bytes())), "{word}");
        }
    }

    #[test]
    fn unrelated_texts_share_no_robust_keys() {
        let keys = |t: &str| {
            fingerprints(&crate::text::tokenize(t))
                .into_iter()
                .map(|f| f.key)
                .collect::<Vec<_>>()
        };
        let a = keys(
            "The committee met on Tuesday to discuss the budget for the schools of the region, and it agreed that the money would go to teachers in March.",
        );
        let b = keys(
            "Fans queued for hours in the rain outside the stadium on Saturday before the match, which was called off when the pitch flooded in the second half.",
        );
        assert!(a.iter().all(|k| !b.contains(k)));
    }
}
