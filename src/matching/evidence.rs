//! Evidence in words: the page words that stretches of dense hits cover, the measure of how
//! much of a reference a page takes (see the module docs of [`crate::matching`]).

/// Hits within this many words of each other are one stretch of evidence: a full-strength
/// phrase spin leaves a surviving fingerprint every 20–40 words. Wider gaps (80, 120) began to
/// chain same-topic phrases into false alarms in the evaluation (docs/detection.md).
pub const CHAIN_GAP: u32 = 60;
/// A stretch counts once it holds this many distinct fingerprints.
pub const MIN_CHAIN_FINGERPRINTS: usize = 3;

/// The page words that stretches of dense hits cover: what a copy, spun or not, takes of the
/// reference, measured in words (a reference's fingerprint count depends on how its lines
/// were broken and how much of it a spinner left alone). Hits are (first token, end token,
/// key).
pub(crate) fn evidence_words(hits: impl Iterator<Item = (u32, u32, u32)>) -> usize {
    let mut ranges: Vec<(u32, u32, u32)> = hits.collect();
    ranges.sort_unstable();
    let mut total = 0.0f32;
    let mut chain: Option<(u32, u32)> = None;
    let mut keys: Vec<u32> = Vec::new();
    // A page that repeats a passage shows its evidence once: a stretch counts for the share of
    // its fingerprints no earlier stretch had.
    let mut counted: Vec<u32> = Vec::new();
    let mut close = |chain: (u32, u32), keys: &mut Vec<u32>| {
        keys.sort_unstable();
        keys.dedup();
        let new = keys
            .iter()
            .filter(|k| counted.binary_search(k).is_err())
            .count();
        if new >= MIN_CHAIN_FINGERPRINTS {
            total += (chain.1 - chain.0) as f32 * new as f32 / keys.len() as f32;
            counted.extend_from_slice(keys);
            counted.sort_unstable();
            counted.dedup();
        }
        keys.clear();
    };
    for (start, end, key) in ranges {
        chain = match chain {
            Some((first, last)) if start <= last + CHAIN_GAP => Some((first, last.max(end))),
            Some(done) => {
                close(done, &mut keys);
                Some((start, end))
            }
            None => Some((start, end)),
        };
        keys.push(key);
    }
    if let Some(done) = chain {
        close(done, &mut keys);
    }
    total.round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_dense_stretches_each_counted_once() {
        let at = |start: u32, key: u32| (start, start + 5, key);
        let words = |hits: &[(u32, u32, u32)]| evidence_words(hits.iter().copied());
        // Three fingerprints, each within the gap of the one before: one stretch.
        assert_eq!(words(&[at(0, 1), at(40, 2), at(90, 3)]), 95);
        assert_eq!(words(&[at(0, 1), at(40, 2)]), 0, "two are too few");
        assert_eq!(
            words(&[at(0, 1), at(200, 2), at(210, 3)]),
            0,
            "too far apart"
        );
        // A page repeating the passage shows its evidence once.
        let once = [at(0, 1), at(10, 2), at(20, 3)];
        let twice: Vec<(u32, u32, u32)> = once
            .iter()
            .chain(&[at(500, 1), at(510, 2), at(520, 3)])
            .copied()
            .collect();
        assert_eq!(words(&once), 25);
        assert_eq!(words(&twice), 25);
    }
}
