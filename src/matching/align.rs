//! Aligning two texts: seeds, extension, filtering — the shape the strong PAN text-alignment
//! systems share (Potthast et al., "Overview of the 5th International Competition on
//! Plagiarism Detection", CLEF 2013).
//!
//! - **Seeds** are units both texts hold that survive obfuscation: every word 5-gram and every
//!   *context* n-gram (three consecutive content words, in any order) that occurs once in the
//!   source, and every pair of alike sentences ([`super::sentences`]), which count as
//!   [`SENTENCE_SUPPORT`] seeds.
//! - **Extension** joins seeds that lie close in both texts into passages.
//! - **Filtering** drops passages too short or too thinly seeded to be reuse, or longer in the
//!   suspect than twice their source, and of passages overlapping in the suspect keeps the
//!   better supported.
//! - **Summaries**: passages that follow each other in the suspect are one passage; one whose
//!   source is over twice its length condenses it, and reaches in the source as far as the
//!   sentences it draws on.
//!
//! Each passage is labelled: verbatim when shared word 5-grams cover most of it, spun when it
//! was reworded, summary when it condenses its source.

use std::collections::HashMap;
use std::ops::Range;

use super::PassageKind;
use super::covered_length;
use super::sentences::{SentencePair, sentence_pairs};
use crate::fingerprint::robust::is_function_word;
use crate::fingerprint::{NGRAM, ngram_key, ngram_keys};
use crate::text::Token;

/// Content words in a context n-gram.
const CONTEXT_WORDS: usize = 3;
/// Seeds a pair of alike sentences counts as.
const SENTENCE_SUPPORT: usize = 4;
/// Seeds this many words apart (or less) in both texts join one passage.
const EXTENSION_GAP: u32 = 40;
/// A passage needs this many seeds …
const MIN_SEEDS: usize = 8;
/// … and this many words in each text …
const MIN_WORDS: u32 = 20;
/// … and at most this many times as many words in the suspect as in the source.
const MAX_EXPANSION: u32 = 2;
/// Passages this many words apart (or less) in the suspect are one passage, wherever their
/// sources lie: a summary condenses sentences from all over its source.
const SUMMARY_JOIN_GAP: u32 = 50;
/// A passage whose source is more than this many times longer is a summary of it.
const SUMMARY_RATIO: u32 = 2;
/// Share of a passage's words inside shared word n-grams that makes it verbatim (a spinner
/// that swaps one word in ten leaves four in five).
const VERBATIM_SHARE: f32 = 0.9;

/// A passage of the suspect and where it is in the source, as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AlignedRun {
    pub suspect: Range<u32>,
    pub source: Range<u32>,
    pub kind: PassageKind,
}

/// What a seed is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeedKind {
    WordNgram,
    ContextNgram,
    Sentences,
}

/// A unit found in both texts: token ranges in each.
#[derive(Debug, Clone)]
struct Seed {
    suspect: Range<u32>,
    source: Range<u32>,
    kind: SeedKind,
}

impl Seed {
    fn support(&self) -> usize {
        match self.kind {
            SeedKind::Sentences => SENTENCE_SUPPORT,
            SeedKind::WordNgram | SeedKind::ContextNgram => 1,
        }
    }
}

/// A growing passage and how many seeds hold it together.
#[derive(Debug, Clone)]
struct Cluster {
    suspect: Range<u32>,
    source: Range<u32>,
    support: usize,
}

/// The passages the suspect shares with the source, in suspect order.
pub(super) fn align(suspect: (&str, &[Token]), source: (&str, &[Token])) -> Vec<AlignedRun> {
    let sentences = sentence_pairs(suspect, source);
    let mut seeds = shared(&units(suspect.1), &units(source.1));
    seeds.extend(sentences.iter().filter(|p| p.seeds).map(|p| Seed {
        suspect: p.suspect.clone(),
        source: p.source.clone(),
        kind: SeedKind::Sentences,
    }));
    seeds.sort_by_key(|s| (s.suspect.start, s.source.start));
    let passages = join_neighbours(filter(extend(&seeds)));
    passages
        .into_iter()
        .map(|passage| label(passage, &seeds, &sentences))
        .collect()
}

/// Every unit of a text: (key, token range, kind).
fn units(tokens: &[Token]) -> Vec<(u32, Range<u32>, SeedKind)> {
    let mut units: Vec<(u32, Range<u32>, SeedKind)> = ngram_keys(tokens)
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i as u32..(i + NGRAM) as u32, SeedKind::WordNgram))
        .collect();
    let content: Vec<u32> = (0..tokens.len() as u32)
        .filter(|&i| !is_function_word(&tokens[i as usize]))
        .collect();
    for window in content.windows(CONTEXT_WORDS) {
        let mut hashes: Vec<u64> = window.iter().map(|&i| tokens[i as usize].hash).collect();
        hashes.sort_unstable();
        // Salted apart from the word n-grams' keys.
        let key = ngram_key(hashes.into_iter()) ^ 0x9e37_79b9;
        let range = window[0]..window[CONTEXT_WORDS - 1] + 1;
        units.push((key, range, SeedKind::ContextNgram));
    }
    units
}

/// Every suspect unit paired with the same unit in the source, where the source holds it once:
/// a phrase the source repeats cannot say where the suspect's copy of it came from.
fn shared(
    suspect: &[(u32, Range<u32>, SeedKind)],
    source: &[(u32, Range<u32>, SeedKind)],
) -> Vec<Seed> {
    let mut occurrences: HashMap<u32, Option<Range<u32>>> = HashMap::new();
    for (key, range, _) in source {
        occurrences
            .entry(*key)
            .and_modify(|once| *once = None)
            .or_insert_with(|| Some(range.clone()));
    }
    suspect
        .iter()
        .filter_map(|(key, range, kind)| {
            let source = occurrences.get(key)?.clone()?;
            Some(Seed {
                suspect: range.clone(),
                source,
                kind: *kind,
            })
        })
        .collect()
}

/// Seeds (in suspect order) joined into clusters that stay within the gap in both texts.
fn extend(seeds: &[Seed]) -> Vec<Cluster> {
    let mut clusters: Vec<Cluster> = Vec::new();
    // Clusters still reachable from the current suspect position.
    let mut open: Vec<usize> = Vec::new();
    for seed in seeds {
        open.retain(|&c| clusters[c].suspect.end + EXTENSION_GAP >= seed.suspect.start);
        let near = |c: &Cluster| {
            seed.source.start <= c.source.end + EXTENSION_GAP
                && c.source.start <= seed.source.end + EXTENSION_GAP
        };
        let best = open
            .iter()
            .copied()
            .filter(|&c| near(&clusters[c]))
            .max_by_key(|&c| clusters[c].support);
        match best {
            Some(c) => {
                let cluster = &mut clusters[c];
                cluster.suspect.end = cluster.suspect.end.max(seed.suspect.end);
                cluster.source.start = cluster.source.start.min(seed.source.start);
                cluster.source.end = cluster.source.end.max(seed.source.end);
                cluster.support += seed.support();
            }
            None => {
                open.push(clusters.len());
                clusters.push(Cluster {
                    suspect: seed.suspect.clone(),
                    source: seed.source.clone(),
                    support: seed.support(),
                });
            }
        }
    }
    clusters
}

/// Passages with enough seeds and words; of those overlapping in the suspect, the one with
/// more seeds. In suspect order.
fn filter(clusters: Vec<Cluster>) -> Vec<Cluster> {
    let mut kept: Vec<Cluster> = clusters
        .into_iter()
        .filter(|c| {
            let (suspect, source) = (c.suspect.len() as u32, c.source.len() as u32);
            c.support >= MIN_SEEDS
                && suspect.min(source) >= MIN_WORDS
                && suspect <= MAX_EXPANSION * source
        })
        .collect();
    kept.sort_by_key(|c| std::cmp::Reverse(c.support));
    let mut chosen: Vec<Cluster> = Vec::new();
    for cluster in kept {
        let overlaps = chosen.iter().any(|c| {
            c.suspect.start < cluster.suspect.end && cluster.suspect.start < c.suspect.end
        });
        if !overlaps {
            chosen.push(cluster);
        }
    }
    chosen.sort_by_key(|c| c.suspect.start);
    chosen
}

/// Passages (in suspect order) within [`SUMMARY_JOIN_GAP`] words of each other in the suspect
/// joined into one.
fn join_neighbours(passages: Vec<Cluster>) -> Vec<Cluster> {
    let mut joined: Vec<Cluster> = Vec::new();
    for passage in passages {
        match joined.last_mut() {
            Some(last) if passage.suspect.start <= last.suspect.end + SUMMARY_JOIN_GAP => {
                last.suspect.end = last.suspect.end.max(passage.suspect.end);
                last.source.start = last.source.start.min(passage.source.start);
                last.source.end = last.source.end.max(passage.source.end);
                last.support += passage.support;
            }
            _ => joined.push(passage),
        }
    }
    joined
}

/// The passage's kind; a summary's source widened to every sentence it draws on.
fn label(passage: Cluster, seeds: &[Seed], sentences: &[SentencePair]) -> AlignedRun {
    let Cluster {
        suspect,
        mut source,
        ..
    } = passage;
    let inside = |range: &Range<u32>| range.start >= suspect.start && range.end <= suspect.end;
    if source.len() as u32 > SUMMARY_RATIO * suspect.len() as u32 {
        for pair in sentences.iter().filter(|p| inside(&p.suspect)) {
            source.start = source.start.min(pair.source.start);
            source.end = source.end.max(pair.source.end);
        }
        return AlignedRun {
            suspect,
            source,
            kind: PassageKind::Summary,
        };
    }
    let word_ngrams: Vec<Range<u32>> = seeds
        .iter()
        .filter(|s| s.kind == SeedKind::WordNgram && inside(&s.suspect))
        .map(|s| s.suspect.clone())
        .collect();
    // Measured between the first and the last shared n-gram: sentence pairs can reach past
    // where a copy starts or ends.
    let reach = match (word_ngrams.first(), word_ngrams.iter().map(|r| r.end).max()) {
        (Some(first), Some(end)) => end - first.start,
        _ => 0,
    };
    let verbatim = 2 * reach as usize >= suspect.len()
        && covered_length(&word_ngrams) as f32 >= VERBATIM_SHARE * reach as f32;
    AlignedRun {
        suspect,
        source,
        kind: if verbatim {
            PassageKind::Verbatim
        } else {
            PassageKind::Spun
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    const SOURCE: &str = "The committee met on Tuesday to discuss the new budget for schools in \
        the region, and after a long debate it agreed to raise spending on teachers by five \
        percent while cutting the money set aside for new buildings over the next three years.";

    fn runs(suspect: &str, source: &str) -> Vec<AlignedRun> {
        align((suspect, &tokenize(suspect)), (source, &tokenize(source)))
    }

    #[test]
    fn a_copy_aligns_as_one_verbatim_passage() {
        let runs = runs(
            &format!("Breaking news from the town hall. {SOURCE} More later."),
            SOURCE,
        );
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].source, 0..tokenize(SOURCE).len() as u32);
        assert_eq!(runs[0].kind, PassageKind::Verbatim);
    }

    #[test]
    fn shuffled_and_replaced_words_still_align_as_spun() {
        let suspect = "The committee met on Tuesday to talk about the new school budget in \
            the region, and after a lengthy debate it agreed to increase teachers spending by \
            five percent while cutting money set aside over the next three years for buildings.";
        let runs = runs(suspect, SOURCE);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].kind, PassageKind::Spun);
    }

    #[test]
    fn a_summary_reaches_over_what_it_condenses() {
        let source = "The river flooded the old town after three days of heavy rain. Water \
            stood a metre deep in the market square by Sunday morning. Shops along the high \
            street were closed and their owners carried stock upstairs. Farmers in the valley \
            lost most of their winter crops and many of their sheep. Volunteers from nearby \
            villages filled sandbags through the night. The army sent two boats to reach \
            families cut off on the far bank. By Monday the water had begun to fall, leaving mud \
            in every house near the river. The mayor promised new flood walls along the banks \
            before next spring. He said the town could not survive another winter like this \
            one. Insurers expect claims to reach several million pounds.";
        let suspect = "Our weekly round-up. After three days of heavy rain the river flooded \
            the old town, closing shops and leaving water a metre deep in the market square. \
            Valley farmers lost winter crops and sheep, and boats were sent for cut-off \
            families. The mayor promised flood walls before spring. Letters to the editor \
            follow.";
        let runs = runs(suspect, source);
        assert_eq!(runs.len(), 1, "{runs:?}");
        assert_eq!(runs[0].kind, PassageKind::Summary);
        let source_words = tokenize(source).len() as u32;
        assert!(
            runs[0].source.len() as u32 > source_words * 3 / 4,
            "{runs:?}"
        );
    }

    #[test]
    fn unrelated_texts_share_no_passage() {
        let other = "Fans queued for hours in the rain outside the stadium on Saturday before \
            the match, which was called off when the pitch flooded in the second half.";
        assert!(runs(other, SOURCE).is_empty());
    }
}
