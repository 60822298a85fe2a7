//! Sentence pairs alike in what they say: the seeds that survive shuffled, replaced, translated
//! and summarised wording, after Sanchez-Perez, Sidorov and Gelbukh, "A Winning Approach to Text
//! Alignment for Text Reuse Detection at PAN 2014".
//!
//! Each sentence is a bag of stemmed content words, each stem weighted by its count in the
//! sentence times its inverse sentence frequency over both texts (tf-isf): a word every
//! sentence holds says nothing, a rare one shared says much. Two sentences are alike when the
//! cosine of their vectors and the Dice coefficient of their stem sets both pass a third, and
//! each is the other's best match (a topic's stock sentences otherwise pair with everything).

use std::collections::HashMap;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use crate::fingerprint::robust::is_function_word;
use crate::text::Token;

/// Cosine of tf-isf vectors a sentence pair must pass to seed a passage …
const MIN_COSINE: f32 = 0.33;
/// … and Dice coefficient of their stem sets.
const MIN_DICE: f32 = 0.33;
/// Cosine a sentence pair must pass to show where a summary draws from: summaries merge and
/// condense sentences, so each keeps little of any one.
const MIN_SUMMARY_COSINE: f32 = 0.05;
/// Sentences with fewer content words join the next ("Fig. 3.", headings, list markers).
const MIN_SENTENCE_WORDS: usize = 4;

/// Two sentences, one in each text, as token ranges.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SentencePair {
    pub suspect: Range<u32>,
    pub source: Range<u32>,
    /// Alike enough to seed a passage (else only enough to trace a summary).
    pub seeds: bool,
}

/// One sentence: its token range and its stems' ids, sorted.
struct Sentence {
    range: Range<u32>,
    stems: Vec<u32>,
}

/// A sentence's tf-isf vector: (stem id, weight) sorted by stem, and its length.
struct Vector {
    terms: Vec<(u32, f32)>,
    norm: f32,
}

/// Every sentence pair of the two texts with a cosine over [`MIN_SUMMARY_COSINE`].
pub(super) fn sentence_pairs(
    (suspect_text, suspect): (&str, &[Token]),
    (source_text, source): (&str, &[Token]),
) -> Vec<SentencePair> {
    let mut stems = Stems::default();
    let suspect = stems.sentences(suspect_text, suspect);
    let source = stems.sentences(source_text, source);
    let isf = inverse_sentence_frequency(suspect.iter().chain(&source));
    let source_vectors: Vec<Vector> = source.iter().map(|s| vector(&s.stems, &isf)).collect();
    let mut postings: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
    for (j, vector) in source_vectors.iter().enumerate() {
        for &(stem, weight) in &vector.terms {
            postings.entry(stem).or_default().push((j as u32, weight));
        }
    }

    // (suspect sentence, source sentence, cosine, passes Dice)
    let mut alike: Vec<(usize, u32, f32, bool)> = Vec::new();
    let mut products: HashMap<u32, (f32, usize)> = HashMap::new();
    for (i, sentence) in suspect.iter().enumerate() {
        let vector = vector(&sentence.stems, &isf);
        products.clear();
        for (stem, weight) in &vector.terms {
            for &(j, other) in postings.get(stem).into_iter().flatten() {
                let product = products.entry(j).or_default();
                product.0 += weight * other;
                product.1 += 1;
            }
        }
        for (&j, &(product, shared)) in &products {
            let other = &source_vectors[j as usize];
            let cosine = product / (vector.norm * other.norm).max(f32::EPSILON);
            let dice = 2.0 * shared as f32 / (vector.terms.len() + other.terms.len()) as f32;
            if cosine > MIN_SUMMARY_COSINE {
                alike.push((i, j, cosine, dice > MIN_DICE));
            }
        }
    }

    // Each sentence's best cosine among the pairs that pass both thresholds.
    let mut best_of_suspect: HashMap<usize, f32> = HashMap::new();
    let mut best_of_source: HashMap<u32, f32> = HashMap::new();
    for &(i, j, cosine, dice) in &alike {
        if cosine > MIN_COSINE && dice {
            let best = best_of_suspect.entry(i).or_default();
            *best = best.max(cosine);
            let best = best_of_source.entry(j).or_default();
            *best = best.max(cosine);
        }
    }
    let mut pairs: Vec<SentencePair> = alike
        .into_iter()
        .map(|(i, j, cosine, dice)| SentencePair {
            suspect: suspect[i].range.clone(),
            source: source[j as usize].range.clone(),
            seeds: cosine > MIN_COSINE
                && dice
                && cosine >= best_of_suspect[&i]
                && cosine >= best_of_source[&j],
        })
        .collect();
    pairs.sort_by_key(|p| (p.suspect.start, p.source.start));
    pairs
}

/// Stems numbered as they are first met, shared by both texts.
struct Stems {
    stemmer: Stemmer,
    ids: HashMap<String, u32>,
}

impl Default for Stems {
    fn default() -> Self {
        Stems {
            stemmer: Stemmer::create(Algorithm::English),
            ids: HashMap::new(),
        }
    }
}

impl Stems {
    /// The text's sentences: one ends where the text between two words holds `.`, `!` or `?`,
    /// or where a paragraph starts.
    fn sentences(&mut self, text: &str, tokens: &[Token]) -> Vec<Sentence> {
        let mut sentences = Vec::new();
        let (mut start, mut stems) = (0u32, Vec::new());
        for (i, token) in tokens.iter().enumerate() {
            if !is_function_word(token) {
                stems.push(self.id(&text[token.span.clone()]));
            }
            let ends = tokens.get(i + 1).is_none_or(|next| {
                next.starts_line || text[token.span.end..next.span.start].contains(['.', '!', '?'])
            });
            if ends && (stems.len() >= MIN_SENTENCE_WORDS || i + 1 == tokens.len()) {
                stems.sort_unstable();
                let end = i as u32 + 1;
                sentences.push(Sentence {
                    range: start..end,
                    stems: std::mem::take(&mut stems),
                });
                start = end;
            }
        }
        sentences
    }

    fn id(&mut self, word: &str) -> u32 {
        let stem = self.stemmer.stem(&word.to_lowercase()).into_owned();
        let next = self.ids.len() as u32;
        *self.ids.entry(stem).or_insert(next)
    }
}

/// ln(sentences / sentences holding the stem), for every stem.
fn inverse_sentence_frequency<'a>(
    sentences: impl Iterator<Item = &'a Sentence>,
) -> HashMap<u32, f32> {
    let mut holding: HashMap<u32, u32> = HashMap::new();
    let mut count = 0usize;
    for sentence in sentences {
        count += 1;
        let mut distinct = sentence.stems.clone();
        distinct.dedup();
        for stem in distinct {
            *holding.entry(stem).or_default() += 1;
        }
    }
    holding
        .into_iter()
        .map(|(stem, n)| (stem, (count as f32 / n as f32).ln()))
        .collect()
}

fn vector(stems: &[u32], isf: &HashMap<u32, f32>) -> Vector {
    let mut terms: Vec<(u32, f32)> = Vec::new();
    for &stem in stems {
        match terms.last_mut() {
            Some((last, count)) if *last == stem => *count += 1.0,
            _ => terms.push((stem, 1.0)),
        }
    }
    for (stem, weight) in &mut terms {
        *weight *= isf[stem];
    }
    let norm = terms.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    Vector { terms, norm }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn pairs(suspect: &str, source: &str) -> Vec<SentencePair> {
        sentence_pairs((suspect, &tokenize(suspect)), (source, &tokenize(source)))
    }

    #[test]
    fn reworded_sentences_pair_with_their_originals_only() {
        let source = "The river flooded the old town after three days of heavy rain. \
            Farmers in the valley lost most of their winter crops. \
            The mayor promised new walls along the banks before next spring.";
        let suspect = "After three days of rain, heavy flooding from the river hit the old town. \
            The mayor has promised that walls will be built along the banks by spring.";
        let seeds: Vec<(Range<u32>, Range<u32>)> = pairs(suspect, source)
            .into_iter()
            .filter(|p| p.seeds)
            .map(|p| (p.suspect, p.source))
            .collect();
        let (a, b) = (tokenize(suspect), tokenize(source));
        let first = |tokens: &[Token], word: &str, text: &str| {
            tokens
                .iter()
                .position(|t| &text[t.span.clone()] == word)
                .unwrap_or(0) as u32
        };
        // Suspect sentence 1 ↔ source sentence 1, suspect 2 ↔ source 3; the farmers stay apart.
        assert_eq!(seeds.len(), 2, "{seeds:?}");
        assert_eq!(seeds[0].1.start, 0);
        assert_eq!(seeds[1].0.start, first(&a, "The", suspect));
        assert_eq!(seeds[1].1.start, first(&b, "mayor", source) - 1);
    }

    #[test]
    fn sentences_too_short_join_the_next() {
        let mut stems = Stems::default();
        let text = "Fig. 3. The valley farmers lost their winter crops to the flood.";
        let sentences = stems.sentences(text, &tokenize(text));
        assert_eq!(sentences.len(), 1);
    }
}
