//! Matching a page against a pack, and two texts against each other.
//!
//! [`check`] looks a page's fingerprints up in a [`Pack`] and, for every reference it shares
//! enough with, reports the copied passages and a score; [`compare`] aligns two texts directly.
//!
//! ```
//! use copyspot::matching::{check, compare, Status};
//! use copyspot::pack::{Pack, PackBuilder, ReferenceDoc};
//!
//! let original = "The committee met on Tuesday to discuss the new budget for schools in the \
//!     region, and after a long debate it agreed to raise spending on teachers by five percent \
//!     while cutting the money set aside for new buildings over the next three years.";
//! let mut builder = PackBuilder::new();
//! builder.add(ReferenceDoc { id: "budget".into(), text: original.into(), ..Default::default() });
//! let pack = Pack::from_bytes(builder.build().0)?;
//!
//! let report = check(&pack, &format!("Breaking news! {original} Share this story."));
//! assert_eq!(report.status, Status::Checked);
//! assert_eq!(report.matches[0].id, "budget");
//! assert!(report.score >= 95);
//!
//! let comparison = compare(original, original);
//! assert_eq!(comparison.score, 100);
//! # Ok::<(), copyspot::pack::PackError>(())
//! ```
//!
//! # The score
//! A match's score is the larger of two shares, as a percentage: how much of the *reference*
//! appears in the page, and how much of the *page* is copied from the reference. The first
//! catches a whole article wrapped in someone else's boilerplate; the second catches an excerpt
//! that makes up most of a page. A page share only counts fully once the copied text reaches
//! [`FULL_WEIGHT_WORDS`] words, so a short page that quotes one sentence is not an alarm.
//! Scores at or above [`ALARM_SCORE`] mean "copy".

mod passages;

use std::ops::Range;

use serde::Serialize;

use crate::fingerprint::{NGRAM, fingerprints, ngram_keys};
use crate::pack::Pack;
use crate::text::{Token, tokenize};
use passages::{align, merge_positions};

/// A score at or above this means the page copies the reference.
pub const ALARM_SCORE: u8 = 50;
/// A score at or above this (and below [`ALARM_SCORE`]) means part of the page is copied.
pub const PARTIAL_SCORE: u8 = 20;
/// Pages with fewer words than this have no article to check.
pub const MIN_ARTICLE_WORDS: usize = 25;
/// A reference must share at least this many distinct fingerprints to be reported.
pub const MIN_SHARED_FINGERPRINTS: usize = 3;
/// Copied text shorter than this counts only in proportion toward the page share.
pub const FULL_WEIGHT_WORDS: usize = 60;
/// At most this many matches are reported, best first.
pub const MAX_MATCHES: usize = 5;

/// Whether the page had text to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The page was checked; `matches` may still be empty.
    Checked,
    /// Too few words to say anything: no score, no matches.
    NoArticleText,
}

/// A range of the text, in Unicode scalar values (characters) from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A copied passage of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Where the passage is in the page text.
    pub span: Span,
    /// Words in the passage.
    pub words: usize,
    /// The passage as it appears in the page.
    pub text: String,
}

/// One reference the page copies from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub id: String,
    pub title: String,
    pub source: String,
    /// 0–100, see the module docs.
    pub score: u8,
    /// Share of the reference's fingerprints found in the page (0–1).
    pub reference_share: f32,
    /// Share of the page's words inside copied passages (0–1).
    pub page_share: f32,
    /// Distinct fingerprints the page shares with the reference.
    pub shared_fingerprints: usize,
    /// Copied passages in page order.
    pub passages: Vec<Passage>,
}

/// The result of checking one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub status: Status,
    /// The best match's score, 0 when nothing matched: what the badge shows.
    pub score: u8,
    /// Words on the page.
    pub words: usize,
    /// Best matches first, at most [`MAX_MATCHES`].
    pub matches: Vec<Match>,
}

/// A passage found in both texts of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlignedPassage {
    pub suspect: Span,
    pub source: Span,
    /// Words of the suspect text in the passage.
    pub words: usize,
}

/// The result of comparing a suspect text with a source text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub status: Status,
    /// 0–100, as for a match.
    pub score: u8,
    /// Share of the source's words inside aligned passages.
    pub source_share: f32,
    /// Share of the suspect's words inside aligned passages.
    pub suspect_share: f32,
    pub suspect_words: usize,
    pub source_words: usize,
    pub passages: Vec<AlignedPassage>,
}

/// Checks a page's text against every reference in the pack.
pub fn check(pack: &Pack, text: &str) -> Report {
    let tokens = tokenize(text);
    if tokens.len() < MIN_ARTICLE_WORDS {
        return Report {
            status: Status::NoArticleText,
            score: 0,
            words: tokens.len(),
            matches: vec![],
        };
    }
    // (reference, page position, key) for every fingerprint the pack knows.
    let mut hits: Vec<(u32, u32, u32)> = fingerprints(&tokens)
        .iter()
        .flat_map(|f| pack.lookup(f.key).map(move |r| (r, f.position, f.key)))
        .collect();
    hits.sort_unstable();

    let mut spans = SpanMapper::new(text);
    let mut matches: Vec<Match> = hits
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|group| {
            let mut keys: Vec<u32> = group.iter().map(|h| h.2).collect();
            keys.sort_unstable();
            keys.dedup();
            if keys.len() < MIN_SHARED_FINGERPRINTS {
                return None;
            }
            let reference = pack.reference(group[0].0)?;
            let positions: Vec<u32> = group.iter().map(|h| h.1).collect();
            let runs = merge_positions(&positions, tokens.len());
            let copied: usize = runs.iter().map(|r| r.len()).sum();
            let reference_share =
                (keys.len() as f32 / reference.fingerprints.max(1) as f32).min(1.0);
            let page_share = copied as f32 / tokens.len() as f32;
            Some(Match {
                id: reference.id.to_owned(),
                title: reference.title.to_owned(),
                source: reference.source.to_owned(),
                score: score(reference_share, page_share, copied),
                reference_share,
                page_share,
                shared_fingerprints: keys.len(),
                passages: runs
                    .iter()
                    .map(|run| {
                        let bytes = byte_range(&tokens, run);
                        Passage {
                            span: spans.span(&bytes),
                            words: run.len(),
                            text: text[bytes].to_owned(),
                        }
                    })
                    .collect(),
            })
        })
        .collect();
    matches.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.reference_share.total_cmp(&a.reference_share))
            .then_with(|| a.id.cmp(&b.id))
    });
    matches.truncate(MAX_MATCHES);
    Report {
        status: Status::Checked,
        score: matches.first().map_or(0, |m| m.score),
        words: tokens.len(),
        matches,
    }
}

/// Aligns the passages a suspect text shares with a source text.
pub fn compare(suspect: &str, source: &str) -> Comparison {
    let (suspect_tokens, source_tokens) = (tokenize(suspect), tokenize(source));
    let (suspect_words, source_words) = (suspect_tokens.len(), source_tokens.len());
    if suspect_words < NGRAM || source_words < NGRAM {
        return Comparison {
            status: Status::NoArticleText,
            score: 0,
            source_share: 0.0,
            suspect_share: 0.0,
            suspect_words,
            source_words,
            passages: vec![],
        };
    }
    let pairs = align(&ngram_keys(&suspect_tokens), &ngram_keys(&source_tokens));
    let covered = |runs: &mut dyn Iterator<Item = Range<u32>>| -> usize {
        let mut ranges: Vec<Range<u32>> = runs.collect();
        ranges.sort_by_key(|r| r.start);
        covered_length(&ranges)
    };
    let suspect_copied = covered(&mut pairs.iter().map(|p| p.suspect.clone()));
    let source_copied = covered(&mut pairs.iter().map(|p| p.source.clone()));
    let suspect_share = suspect_copied as f32 / suspect_words as f32;
    let source_share = source_copied as f32 / source_words as f32;

    let mut suspect_spans = SpanMapper::new(suspect);
    let mut source_spans = SpanMapper::new(source);
    Comparison {
        status: Status::Checked,
        score: score(source_share, suspect_share, suspect_copied),
        source_share,
        suspect_share,
        suspect_words,
        source_words,
        passages: pairs
            .iter()
            .map(|p| AlignedPassage {
                suspect: suspect_spans.span(&byte_range(&suspect_tokens, &p.suspect)),
                source: source_spans.span(&byte_range(&source_tokens, &p.source)),
                words: p.suspect.len(),
            })
            .collect(),
    }
}

/// The headline score: see the module docs.
fn score(reference_share: f32, page_share: f32, copied_words: usize) -> u8 {
    let weight = (copied_words as f32 / FULL_WEIGHT_WORDS as f32).min(1.0);
    let share = reference_share.max(page_share * weight).clamp(0.0, 1.0);
    (share * 100.0).round() as u8
}

/// Total length of sorted, possibly overlapping ranges.
fn covered_length(sorted: &[Range<u32>]) -> usize {
    let mut total = 0usize;
    let mut reach = 0u32;
    for range in sorted {
        let start = range.start.max(reach);
        if range.end > start {
            total += (range.end - start) as usize;
            reach = range.end;
        }
    }
    total
}

/// The input bytes covered by a run of tokens.
fn byte_range(tokens: &[Token], run: &Range<u32>) -> Range<usize> {
    let first = &tokens[run.start as usize];
    let last = &tokens[run.end as usize - 1];
    first.span.start..last.span.end
}

/// Turns byte offsets into character offsets, walking forward from the last call (passages
/// come mostly in order, so a page is scanned about once).
struct SpanMapper<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> SpanMapper<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn span(&mut self, bytes: &Range<usize>) -> Span {
        let start = self.chars_at(bytes.start);
        let end = self.chars_at(bytes.end);
        Span { start, end }
    }

    fn chars_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.chars) = (0, 0);
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}
