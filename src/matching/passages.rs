//! Turning shared n-grams into passages: runs of words, merged across small gaps (a spun or
//! inserted word breaks every n-gram that spans it, but the passage goes on).

use std::ops::Range;

use crate::fingerprint::{NGRAM, REFERENCE_WINDOW, WINDOW, robust};
use crate::text::Token;

/// Unmatched words bridged inside one passage: a spinner's phrase swaps ("targeting" →
/// "concentrating on") can break both channels for a dozen words; unrelated shared phrases are
/// rarely that close together.
const MERGE_GAP: u32 = 3 * WINDOW as u32;

/// Fingerprints stop at paragraph breaks, so a copy loses on each side of one the n-grams that
/// would have spanned it: up to a robust n-gram's reach (its kept words are about every other
/// word) before and after, and a one-sentence paragraph too short for any between them. Gaps
/// with a paragraph break in them are bridged up to three such reaches.
const LINE_MERGE_GAP: u32 = 3 * 2 * robust::NGRAM as u32;

/// Token ranges (sorted by start) merged where they overlap or lie a small gap apart.
pub(super) fn merge_ranges(ranges: Vec<Range<u32>>, tokens: &[Token]) -> Vec<Range<u32>> {
    merge_within(ranges, [MERGE_GAP, LINE_MERGE_GAP], tokens)
}

/// The words a pack's stored fingerprints leave between two n-grams of an unbroken copy: it
/// keeps one n-gram in every [`REFERENCE_WINDOW`], so neighbours start at most that far apart.
const STORED_GAP: u32 = REFERENCE_WINDOW.saturating_sub(NGRAM) as u32;
/// The same across a paragraph break, where the last n-gram before it and the first after it can
/// each lie a window in.
const STORED_LINE_GAP: u32 = 2 * (REFERENCE_WINDOW as u32 - 1);

/// Verbatim n-gram ranges (sorted by start) merged where they overlap or lie no further apart
/// than stored fingerprints of an unbroken copy do.
pub(super) fn verbatim_runs(ranges: Vec<Range<u32>>, tokens: &[Token]) -> Vec<Range<u32>> {
    merge_within(ranges, [STORED_GAP, STORED_LINE_GAP], tokens)
}

/// Merges ranges up to `gaps[0]` words apart, or `gaps[1]` when a line starts in between.
fn merge_within(ranges: Vec<Range<u32>>, gaps: [u32; 2], tokens: &[Token]) -> Vec<Range<u32>> {
    let line_between = |from: u32, to: u32| {
        tokens
            .get(from as usize..=to as usize)
            .is_some_and(|between| between.iter().any(|t| t.starts_line))
    };
    let mut runs: Vec<Range<u32>> = Vec::new();
    for range in ranges {
        match runs.last_mut() {
            Some(run)
                if range.start <= run.end + gaps[0]
                    || (range.start <= run.end + gaps[1] && line_between(run.end, range.start)) =>
            {
                run.end = run.end.max(range.end)
            }
            _ => runs.push(range),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_across_small_gaps_and_further_across_line_breaks() {
        let one_line = crate::text::tokenize(&"word ".repeat(60));
        let two_lines = // a paragraph starts at token 20
            crate::text::tokenize(&format!("{}.\n{}", "word ".repeat(20), "word ".repeat(40)));
        type Merge = fn(Vec<Range<u32>>, &[Token]) -> Vec<Range<u32>>;
        // (merge, tokens, ranges as (start, end) pairs, expected pairs)
        type Case<'a> = (Merge, &'a [Token], &'a [(u32, u32)], &'a [(u32, u32)]);
        #[rustfmt::skip]
        let cases: [Case; 8] = [
            (merge_ranges, &one_line, &[(0, 5), (3, 8), (7, 12)], &[(0, 12)]),
            (merge_ranges, &one_line, &[(0, 5), (9, 14)], &[(0, 14)]),
            (merge_ranges, &one_line, &[(0, 5), (30, 35)], &[(0, 5), (30, 35)]),
            (merge_ranges, &two_lines, &[(0, 5), (30, 35)], &[(0, 35)]),
            (merge_ranges, &two_lines, &[(25, 30), (55, 60)], &[(25, 30), (55, 60)]),
            (verbatim_runs, &one_line, &[(0, 5), (8, 13)], &[(0, 13)]),
            (verbatim_runs, &one_line, &[(0, 5), (9, 14)], &[(0, 5), (9, 14)]),
            (verbatim_runs, &two_lines, &[(0, 12), (22, 27)], &[(0, 27)]),
        ];
        let ranges = |pairs: &[(u32, u32)]| pairs.iter().map(|&(a, b)| a..b).collect::<Vec<_>>();
        for (merge, tokens, input, expected) in cases {
            assert_eq!(merge(ranges(input), tokens), ranges(expected), "{input:?}");
        }
    }
}
