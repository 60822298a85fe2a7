//! Aligning two texts: seeds, extension, filtering — the shape the strong PAN text-alignment
//! systems share (Potthast et al., "Overview of the 5th International Competition on
//! Plagiarism Detection", CLEF 2013).
//!
//! - **Seeds** are units both texts hold that survive obfuscation: every shared word 5-gram,
//!   and every shared *context* n-gram — three consecutive content words (function words
//!   skipped), in any order, so shuffled and partly replaced words still meet.
//! - **Extension** joins seeds that lie close in both texts into passages.
//! - **Filtering** drops passages too short or too thinly seeded to be reuse, and of passages
//!   overlapping in the suspect text keeps the better supported.

use std::collections::HashMap;
use std::ops::Range;

use crate::fingerprint::robust::is_function_word;
use crate::fingerprint::{NGRAM, ngram_key, ngram_keys};
use crate::text::Token;

/// Occurrences of one unit in the source considered (bounds repetitive text).
const MAX_OCCURRENCES: usize = 8;
/// Content words in a context n-gram.
const CONTEXT_WORDS: usize = 3;
/// Seeds this many words apart (or less) in both texts join one passage.
const EXTENSION_GAP: u32 = 50;
/// A passage needs this many seeds …
const MIN_SEEDS: usize = 8;
/// … and this many words in the suspect text.
const MIN_WORDS: u32 = 20;

/// A passage of the suspect and where it is in the source, as token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AlignedRun {
    pub suspect: Range<u32>,
    pub source: Range<u32>,
}

/// A unit found in both texts: token ranges in each.
#[derive(Debug, Clone)]
struct Seed {
    suspect: Range<u32>,
    source: Range<u32>,
}

/// A growing passage and how many seeds hold it together.
#[derive(Debug, Clone)]
struct Cluster {
    run: AlignedRun,
    seeds: usize,
}

/// The passages the suspect shares with the source, in suspect order.
pub(super) fn align(suspect: &[Token], source: &[Token]) -> Vec<AlignedRun> {
    let mut seeds = shared(&units(suspect), &units(source));
    seeds.sort_by_key(|s| (s.suspect.start, s.source.start));
    let clusters = extend(&seeds);
    filter(clusters)
}

/// Every unit of a text: (key, token range).
fn units(tokens: &[Token]) -> Vec<(u32, Range<u32>)> {
    let mut units: Vec<(u32, Range<u32>)> = ngram_keys(tokens)
        .into_iter()
        .enumerate()
        .map(|(i, key)| (key, i as u32..(i + NGRAM) as u32))
        .collect();
    let content: Vec<u32> = (0..tokens.len() as u32)
        .filter(|&i| !is_function_word(&tokens[i as usize]))
        .collect();
    for window in content.windows(CONTEXT_WORDS) {
        let mut hashes: Vec<u64> = window.iter().map(|&i| tokens[i as usize].hash).collect();
        hashes.sort_unstable();
        // Salted apart from the word n-grams' keys.
        let key = ngram_key(hashes.into_iter()) ^ 0x9e37_79b9;
        units.push((key, window[0]..window[CONTEXT_WORDS - 1] + 1));
    }
    units
}

/// Every pairing of a suspect unit with a source unit of the same key.
fn shared(suspect: &[(u32, Range<u32>)], source: &[(u32, Range<u32>)]) -> Vec<Seed> {
    let mut occurrences: HashMap<u32, Vec<Range<u32>>> = HashMap::new();
    for (key, range) in source {
        let at = occurrences.entry(*key).or_default();
        if at.len() < MAX_OCCURRENCES {
            at.push(range.clone());
        }
    }
    suspect
        .iter()
        .flat_map(|(key, range)| {
            occurrences
                .get(key)
                .into_iter()
                .flatten()
                .map(move |source| Seed {
                    suspect: range.clone(),
                    source: source.clone(),
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
        open.retain(|&c| clusters[c].run.suspect.end + EXTENSION_GAP >= seed.suspect.start);
        let near = |c: &Cluster| {
            seed.source.start <= c.run.source.end + EXTENSION_GAP
                && c.run.source.start <= seed.source.end + EXTENSION_GAP
        };
        let best = open
            .iter()
            .copied()
            .filter(|&c| near(&clusters[c]))
            .max_by_key(|&c| clusters[c].seeds);
        match best {
            Some(c) => {
                let run = &mut clusters[c].run;
                run.suspect.end = run.suspect.end.max(seed.suspect.end);
                run.source.start = run.source.start.min(seed.source.start);
                run.source.end = run.source.end.max(seed.source.end);
                clusters[c].seeds += 1;
            }
            None => {
                open.push(clusters.len());
                clusters.push(Cluster {
                    run: AlignedRun {
                        suspect: seed.suspect.clone(),
                        source: seed.source.clone(),
                    },
                    seeds: 1,
                });
            }
        }
    }
    clusters
}

/// Passages with enough seeds and words; of those overlapping in the suspect, the one with
/// more seeds.
fn filter(clusters: Vec<Cluster>) -> Vec<AlignedRun> {
    let mut kept: Vec<Cluster> = clusters
        .into_iter()
        .filter(|c| c.seeds >= MIN_SEEDS && c.run.suspect.len() as u32 >= MIN_WORDS)
        .collect();
    kept.sort_by_key(|c| std::cmp::Reverse(c.seeds));
    let mut chosen: Vec<Cluster> = Vec::new();
    for cluster in kept {
        let overlaps = chosen.iter().any(|c| {
            c.run.suspect.start < cluster.run.suspect.end
                && cluster.run.suspect.start < c.run.suspect.end
        });
        if !overlaps {
            chosen.push(cluster);
        }
    }
    let mut runs: Vec<AlignedRun> = chosen.into_iter().map(|c| c.run).collect();
    runs.sort_by_key(|r| r.suspect.start);
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    const SOURCE: &str = "The committee met on Tuesday to discuss the new budget for schools in \
        the region, and after a long debate it agreed to raise spending on teachers by five \
        percent while cutting the money set aside for new buildings over the next three years.";

    #[test]
    fn a_copy_aligns_as_one_passage() {
        let suspect = format!("Breaking news from the town hall. {SOURCE} More later.");
        let runs = align(&tokenize(&suspect), &tokenize(SOURCE));
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].source, 0..tokenize(SOURCE).len() as u32);
    }

    #[test]
    fn shuffled_and_replaced_words_still_align() {
        let suspect = "The committee met on Tuesday to talk about the new school budget in \
            the region, and after a lengthy debate it agreed to increase teachers spending by \
            five percent while cutting money set aside over the next three years for buildings.";
        let runs = align(&tokenize(suspect), &tokenize(SOURCE));
        assert_eq!(runs.len(), 1, "{runs:?}");
    }

    #[test]
    fn unrelated_texts_share_no_passage() {
        let other = "Fans queued for hours in the rain outside the stadium on Saturday before \
            the match, which was called off when the pitch flooded in the second half.";
        assert!(align(&tokenize(other), &tokenize(SOURCE)).is_empty());
    }
}
