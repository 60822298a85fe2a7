//! Fingerprints: hashed word n-grams selected by winnowing.
//!
//! Every run of [`NGRAM`] consecutive words is hashed; winnowing (Schleimer, Wilkerson and
//! Aiken, SIGMOD 2003) then keeps the smallest hash in every window of [`WINDOW`] consecutive
//! n-grams. Because every window keeps one of its hashes, and the choice depends only on the
//! window's contents, **any run of at least [`GUARANTEE_WORDS`] = `NGRAM + WINDOW - 1` words that
//! two texts share yields at least one fingerprint in common**, wherever it sits in either text.
//! Shorter shared runs are found often but not always. Density is about `2 / (WINDOW + 1)` of the
//! n-grams (40% here).
//!
//! ```
//! use copyspot::fingerprint::{fingerprints, GUARANTEE_WORDS};
//! use copyspot::text::tokenize;
//!
//! let shared = "the quick brown fox jumps over the lazy dog near the river bank";
//! let a = tokenize(&format!("one two three {shared} four five"));
//! let b = tokenize(&format!("alpha beta {shared} gamma"));
//! assert!(shared.split(' ').count() >= GUARANTEE_WORDS);
//! let keys = |t| fingerprints(t).into_iter().map(|f| f.key).collect::<Vec<_>>();
//! assert!(keys(&a).iter().any(|k| keys(&b).contains(k)));
//! ```
//!
//! Neither n-grams nor winnowing windows reach across a paragraph break (see
//! [`crate::text::Token::starts_line`]): a copy that shuffles its paragraphs keeps every
//! fingerprint, while the lines of hard-wrapped text run on. Mostly numeric n-grams are left
//! out: two tables' rows share them by chance.
//!
//! Hashing is built for wasm, where 64×64→128-bit multiplies are emulated: each word is hashed
//! once with 64-bit arithmetic only, and n-gram hashes combine word hashes by rotate and xor.
//!
//! This is the *verbatim* [`Channel`]. The spin-robust channel ([`robust`]) winnows n-grams of
//! the words spinners leave alone; the pack and the matcher hold both.

pub mod robust;

use crate::text::{Token, TokenKind};

/// A family of fingerprints, each with its own index in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Word n-grams: verbatim copying.
    Verbatim,
    /// N-grams of function words, names and numbers: copying through a synonym spinner.
    Robust,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Verbatim, Channel::Robust];

    /// The winnowed fingerprints of this channel, in token order: what a page looks up.
    pub fn fingerprints(self, tokens: &[Token]) -> Vec<Fingerprint> {
        self.select(tokens, self.windows()[0])
    }

    /// The sparser selection a pack stores for a reference (see [`REFERENCE_WINDOW`]).
    pub fn reference_fingerprints(self, tokens: &[Token]) -> Vec<Fingerprint> {
        self.select(tokens, self.windows()[1])
    }

    /// Each line's n-grams winnowed on their own: neither an n-gram nor a window spans a line
    /// break, so shuffling paragraphs changes no fingerprint.
    fn select(self, tokens: &[Token], window: usize) -> Vec<Fingerprint> {
        let mut selected = Vec::with_capacity(tokens.len() * 2 / (window + 1) + 1);
        // Reused line after line: a page has hundreds.
        let (mut grams, mut kept) = (Vec::new(), Vec::new());
        let mut offset = 0;
        for line in tokens.chunk_by(|_, next| !next.starts_line) {
            grams.clear();
            match self {
                Channel::Verbatim => grams_into(line, offset, &mut grams),
                Channel::Robust => robust::grams_into(line, offset, &mut kept, &mut grams),
            }
            winnow(&grams, window, &mut selected);
            offset += line.len();
        }
        selected
    }

    /// The page's and the reference's winnowing windows.
    fn windows(self) -> [usize; 2] {
        match self {
            Channel::Verbatim => [WINDOW, REFERENCE_WINDOW],
            Channel::Robust => [robust::WINDOW, robust::REFERENCE_WINDOW],
        }
    }
}

/// Words per n-gram. 5 keeps same-topic news (shared names, titles, stock phrases of 3–4
/// words) apart while a copy shares dozens of 5-grams; measured in docs/detection.md, "Choosing n".
pub const NGRAM: usize = 5;
/// N-grams per winnowing window.
pub const WINDOW: usize = 4;
/// N-grams per winnowing window on the reference side: packs store the minimum of every
/// window this long. Each of those is also the minimum of every page window inside it, so a
/// page finds them all with the denser [`WINDOW`]. 8 stores 28% fewer fingerprints than 4
/// with the same detection figures; sparser ones start to miss spun copies
/// (docs/pack-format.md, "The reference-side window").
pub const REFERENCE_WINDOW: usize = 8;
/// Shared runs of at least this many words always give two texts a fingerprint in common.
/// Against a pack it is `NGRAM + REFERENCE_WINDOW - 1` = 12 words.
pub const GUARANTEE_WORDS: usize = NGRAM + WINDOW - 1;

/// A selected n-gram: the tokens it covers and its key in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Index of the n-gram's first token.
    pub start: u32,
    /// Index after the n-gram's last token.
    pub end: u32,
    /// The n-gram's hash, as stored in packs.
    pub key: u32,
}

/// The winnowed verbatim fingerprints of a token list, in token order.
pub fn fingerprints(tokens: &[Token]) -> Vec<Fingerprint> {
    Channel::Verbatim.fingerprints(tokens)
}

/// N-grams with this many numbers are not evidence: the rows of two results tables or price
/// lists share them by chance ("5 4 1 0 13").
const MOST_NUMBERS: usize = NGRAM - 1;

/// Appends every verbatim n-gram of `tokens` but the mostly numeric ones, numbering tokens
/// from `offset`.
fn grams_into(tokens: &[Token], offset: usize, grams: &mut Vec<Fingerprint>) {
    let numeric = |words: &[Token]| {
        words.iter().filter(|t| t.kind == TokenKind::Number).count() >= MOST_NUMBERS
    };
    grams.extend(
        tokens
            .windows(NGRAM)
            .enumerate()
            .filter(|(_, words)| !numeric(words))
            .map(|(i, words)| Fingerprint {
                start: (offset + i) as u32,
                end: (offset + i + NGRAM) as u32,
                key: ngram_key(words.iter().map(|t| t.hash)),
            }),
    );
}

/// Every channel's fingerprints of a text, in [`Channel::ALL`] order: the part of a check that
/// depends on the page alone.
pub fn text_fingerprints(text: &str) -> [Vec<Fingerprint>; 2] {
    let tokens = crate::text::tokenize(text);
    Channel::ALL.map(|channel| channel.fingerprints(&tokens))
}

/// The key of every n-gram of `tokens` (`tokens.len() - NGRAM + 1` of them).
pub fn ngram_keys(tokens: &[Token]) -> Vec<u32> {
    tokens
        .windows(NGRAM)
        .map(|words| ngram_key(words.iter().map(|t| t.hash)))
        .collect()
}

/// Combines word hashes by rotate and xor.
pub(crate) fn ngram_key(words: impl Iterator<Item = u64>) -> u32 {
    let combined = words.fold(0u64, |acc, w| acc.rotate_left(13) ^ w);
    (mix(combined) >> 32) as u32
}

/// Appends to `selected` the minimum key of every `window` consecutive grams (the rightmost on
/// ties), each selection once.
pub(crate) fn winnow(grams: &[Fingerprint], window: usize, selected: &mut Vec<Fingerprint>) {
    if grams.is_empty() {
        return;
    }
    let window = window.min(grams.len());
    let mut min_at = usize::MAX;
    for end in window - 1..grams.len() {
        let start = end + 1 - window;
        if min_at == usize::MAX || min_at < start {
            // The old minimum left the window: rescan it.
            min_at = (start..=end)
                .rev()
                .min_by_key(|&i| grams[i].key)
                .unwrap_or(start);
        } else if grams[end].key <= grams[min_at].key {
            min_at = end;
        }
        // Grams of different lines never share a start: comparing with the last is enough.
        if selected
            .last()
            .is_none_or(|f| f.start != grams[min_at].start)
        {
            selected.push(grams[min_at]);
        }
    }
}

/// A 64-bit hash of a word using only 64-bit multiplies (fast in wasm).
pub(crate) fn word_hash(bytes: &[u8]) -> u64 {
    word_hash_folding(bytes, |chunk| chunk)
}

/// [`word_hash`] of `bytes` with `fold` applied to each little-endian 8-byte chunk first: the
/// tokenizer lowers the case of ASCII words this way, eight letters at a time, instead of
/// copying each word folded. `fold` must map zero bytes to zero bytes (the tail is padded).
#[inline(always)]
pub(crate) fn word_hash_folding(bytes: &[u8], fold: impl Fn(u64) -> u64) -> u64 {
    const SEED: u64 = 0x9E37_79B9_7F4A_7C15;
    const MUL: u64 = 0xFF51_AFD7_ED55_8CCD;
    let mut h = SEED ^ (bytes.len() as u64).wrapping_mul(MUL);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ fold(u64::from_le_bytes(word)))
            .wrapping_mul(MUL)
            .rotate_left(31);
    }
    h = (h ^ fold(tail_value(chunks.remainder()))).wrapping_mul(MUL);
    mix(h)
}

/// The up to 7 bytes of `tail`, zero-padded, as a little-endian u64: read as two overlapping
/// loads, because copying them into a padded buffer first stalled every word on a store the
/// load could not forward from (a third of tokenizing, by `perf`).
fn tail_value(tail: &[u8]) -> u64 {
    let length = tail.len();
    let byte = |at: usize| u64::from(tail[at]);
    if length >= 4 {
        let load = |at: usize| {
            u64::from(u32::from_le_bytes([
                tail[at],
                tail[at + 1],
                tail[at + 2],
                tail[at + 3],
            ]))
        };
        load(0) | load(length - 4) << (8 * (length - 4))
    } else if length > 0 {
        byte(0) | byte(length / 2) << (8 * (length / 2)) | byte(length - 1) << (8 * (length - 1))
    } else {
        0
    }
}

/// The murmur3 64-bit finalizer.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn keys(text: &str) -> Vec<u32> {
        fingerprints(&tokenize(text))
            .iter()
            .map(|f| f.key)
            .collect()
    }

    #[test]
    fn every_window_keeps_its_minimum() {
        let hashes: Vec<u32> = (0..200u32)
            .map(|i| i.wrapping_mul(2_654_435_761) >> 7)
            .collect();
        let grams: Vec<Fingerprint> = hashes
            .iter()
            .enumerate()
            .map(|(i, &key)| Fingerprint {
                start: i as u32,
                end: i as u32 + 5,
                key,
            })
            .collect();
        let mut selected = Vec::new();
        winnow(&grams, WINDOW, &mut selected);
        for window in 0..=hashes.len() - WINDOW {
            let min = *hashes[window..window + WINDOW].iter().min().unwrap();
            assert!(
                selected.iter().any(
                    |f| f.key == min && (window..window + WINDOW).contains(&(f.start as usize))
                ),
                "window {window} lost its minimum"
            );
        }
        assert!(selected.windows(2).all(|p| p[0].start < p[1].start));
    }

    /// A distinct word of letters for every number (words with digits are numbers, which
    /// mostly numeric n-grams leave out).
    fn letters(mut n: usize) -> String {
        let mut word = String::from("w");
        loop {
            word.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                return word;
            }
        }
    }

    #[test]
    fn guarantee_holds_for_any_shared_run() {
        let vocabulary: Vec<String> = (0..500).map(letters).collect();
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        for _ in 0..300 {
            let mut pick = |n: usize| -> Vec<&str> {
                (0..n)
                    .map(|_| vocabulary[next() % vocabulary.len()].as_str())
                    .collect()
            };
            let shared = pick(GUARANTEE_WORDS).join(" ");
            let a = format!("{} {shared} {}", pick(7).join(" "), pick(3).join(" "));
            let b = format!("{} {shared} {}", pick(2).join(" "), pick(11).join(" "));
            let (ka, kb) = (keys(&a), keys(&b));
            assert!(
                ka.iter().any(|k| kb.contains(k)),
                "missed a shared run in {a} / {b}"
            );
        }
    }

    #[test]
    fn density_is_about_two_in_window_plus_one() {
        let text: String = (0..2000).map(|i| letters(i * 7919 % 10007) + " ").collect();
        let ratio = keys(&text).len() as f64 / (2000 - NGRAM + 1) as f64;
        let expected = 2.0 / (WINDOW as f64 + 1.0);
        assert!((ratio - expected).abs() < 0.05, "density {ratio}");
    }

    #[test]
    fn tail_reads_as_a_zero_padded_word() {
        let bytes = *b"abcdefg";
        for length in 0..8 {
            let mut padded = [0u8; 8];
            padded[..length].copy_from_slice(&bytes[..length]);
            assert_eq!(tail_value(&bytes[..length]), u64::from_le_bytes(padded));
        }
        // Packs store these hashes: they must never change.
        assert_eq!(word_hash(b"genocide"), 0x9ae0_4548_ebc9_479e);
    }

    #[test]
    fn order_matters_and_short_texts_are_fine() {
        assert_ne!(keys("a b c d e"), keys("e d c b a"));
        assert!(keys("too short").is_empty());
        assert_eq!(keys("exactly five words here now").len(), 1);
    }
}
