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
//! Two shares are measured: how much of the *reference* appears in the page, and how much of the
//! *page* lies in copied passages. The first is measured in words: the page words covered by
//! stretches of dense evidence (hits of either channel, each within [`CHAIN_GAP`] words of the
//! next, at least [`MIN_CHAIN_FINGERPRINTS`] distinct fingerprints a stretch) over the
//! reference's evidence words, what a whole copy of it shows the same way. A heavily spun copy keeps a sixth of its n-grams, but spread in step over
//! the whole text; a quoted sentence keeps all of its own and nothing around it; and a
//! reference whose lines were broken badly cannot reach the alarm from one sentence. The first
//! share catches a whole article wrapped in someone else's boilerplate and excerpts of it; the
//! second an excerpt that makes up most of a page. The score is the larger of the two on one
//! scale where 50, the alarm ([`ALARM_SCORE`]), is reached when a quarter of the reference
//! ([`REFERENCE_SHARE_AT_ALARM`]) or half of the page is copied, and 100 when all of either is.
//! Below the alarm the reference share counts quadratically, so the few phrases same-topic
//! articles share stay near 0.
//!
//! Passages are **verbatim** (found by word n-grams), **spun** (found only by the robust
//! channel: a synonym spinner went over them) or **quoted** (inside quotation marks on the
//! page). Spun passages count like verbatim ones; quoted passages count a tenth, and their
//! hits are no evidence, since quoting a sentence is not scraping an article. A page share only
//! counts fully once the copied text reaches [`FULL_WEIGHT_WORDS`] words.

mod align;
mod evidence;
mod passages;
mod quotes;
mod sentences;
mod spans;

use std::ops::Range;

use serde::Serialize;

use crate::extract::Article;
use crate::fingerprint::{Channel, Fingerprint, NGRAM};
use crate::pack::Pack;
use crate::text::{Token, tokenize};
use align::align;
pub(crate) use evidence::evidence_words;
pub use evidence::{CHAIN_GAP, MIN_CHAIN_FINGERPRINTS};
use passages::{merge_ranges, verbatim_runs};
use quotes::{is_quoted, quoted_regions};
use spans::{SpanMapper, byte_range};

/// A score at or above this means the page copies the reference.
pub const ALARM_SCORE: u8 = 50;
/// The share of a reference that, copied, reaches the alarm score.
pub const REFERENCE_SHARE_AT_ALARM: f32 = 0.25;
/// A reference must share at least this many distinct robust fingerprints to be reported
/// through that channel alone.
pub const MIN_SHARED_ROBUST: usize = 4;
/// How much a quoted passage counts compared with a copied one.
pub const QUOTED_WEIGHT: f32 = 0.1;
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

/// How a passage was copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// Word for word.
    Verbatim,
    /// Reworded: a synonym spinner went over it (in a check, found by the robust channel only),
    /// or its words were shuffled, replaced or translated back and forth.
    Spun,
    /// Inside quotation marks on the page.
    Quoted,
    /// Condensing a longer passage of the source: found by [`compare`], which has the source's
    /// text.
    Summary,
}

/// A copied passage of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Where the passage is in the page text.
    pub span: Span,
    /// Words in the passage.
    pub words: usize,
    pub kind: PassageKind,
    /// The passage as it appears in the page.
    pub text: String,
}

/// One reference the page copies from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub id: String,
    pub title: String,
    pub source: String,
    /// Ids of word-for-word duplicates of this reference in the pack.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// 0–100, see the module docs.
    pub score: u8,
    /// Share of the reference found in the page (0–1): the page words in stretches of dense
    /// evidence over the reference's words, quoted passages left out.
    pub reference_share: f32,
    /// Share of the page's words inside copied passages (0–1).
    pub page_share: f32,
    /// Distinct fingerprints the page shares with the reference (verbatim, robust).
    pub shared_fingerprints: [usize; 2],
    /// Copied passages in page order.
    pub passages: Vec<Passage>,
}

/// What text of the page a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The article extraction chose (or the plain text given).
    Article,
    /// All the page's text: the article stayed below the alarm and the whole page scored higher.
    Page,
}

/// The result of checking one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub status: Status,
    /// Which text the spans of the passages point into.
    pub scope: Scope,
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
    /// Verbatim, spun (reworded) or summary.
    pub kind: PassageKind,
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

/// One fingerprint of the page found in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    reference: u32,
    channel: u8,
    start: u32,
    end: u32,
    key: u32,
}

/// Checks a page's text against every reference in the pack.
pub fn check(pack: &Pack, text: &str) -> Report {
    check_packs(&[pack], text, &Channel::ALL)
}

/// [`check`] with only some fingerprint channels (to measure what each one buys).
pub fn check_channels(pack: &Pack, text: &str, channels: &[Channel]) -> Report {
    check_packs(&[pack], text, channels)
}

/// Checks a page against several packs at once (the bundled one and the user's own); the
/// matches of all of them are ranked together.
pub fn check_packs(packs: &[&Pack], text: &str, channels: &[Channel]) -> Report {
    let tokens = tokenize(text);
    if tokens.len() < MIN_ARTICLE_WORDS {
        return Report {
            status: Status::NoArticleText,
            scope: Scope::Article,
            score: 0,
            words: tokens.len(),
            matches: vec![],
        };
    }
    let fingerprints: Vec<(Channel, Vec<Fingerprint>)> = channels
        .iter()
        .map(|&channel| (channel, channel.fingerprints(&tokens)))
        .collect();
    // Found only once a reference is matched: most pages match nothing.
    let quotes = std::cell::OnceCell::new();
    let mut spans = SpanMapper::new(text);
    let mut matches: Vec<Match> = Vec::new();
    for pack in packs {
        let mut hits: Vec<Hit> = Vec::new();
        for (channel, selected) in &fingerprints {
            for f in selected {
                hits.extend(pack.lookup(*channel, f.key).map(|reference| Hit {
                    reference,
                    channel: *channel as u8,
                    start: f.start,
                    end: f.end,
                    key: f.key,
                }));
            }
        }
        // Stable, by reference and channel only: each channel's hits went in in page order.
        hits.sort_by_key(|h| u64::from(h.reference) << 8 | u64::from(h.channel));
        matches.extend(
            hits.chunk_by(|a, b| a.reference == b.reference)
                .filter_map(|group| {
                    match_reference(pack, text, &tokens, &quotes, group, &mut spans)
                }),
        );
    }
    matches.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(b.reference_share.total_cmp(&a.reference_share))
            .then_with(|| a.id.cmp(&b.id))
    });
    matches.truncate(MAX_MATCHES);
    Report {
        status: Status::Checked,
        scope: Scope::Article,
        score: matches.first().map_or(0, |m| m.score),
        words: tokens.len(),
        matches,
    }
}

/// Checks an extracted article, and when it stays below the alarm, the rest of its page too:
/// extraction picks one block, and a copy can sit beside a longer one (a page of several
/// articles, a copy under a long comment thread), even beside a block that quotes another
/// reference as a decoy. The higher of the two reports wins.
pub fn check_article(packs: &[&Pack], article: &Article, channels: &[Channel]) -> Report {
    let report = check_packs(packs, &article.text, channels);
    if report.score >= ALARM_SCORE || article.page_text.len() <= article.text.len() {
        return report;
    }
    let page = check_packs(packs, &article.page_text, channels);
    if page.score > report.score {
        Report {
            scope: Scope::Page,
            ..page
        }
    } else {
        report
    }
}

/// The match with one reference, from the page's hits on it (sorted by channel, then start).
fn match_reference(
    pack: &Pack,
    text: &str,
    tokens: &[Token],
    quotes: &std::cell::OnceCell<Vec<Range<usize>>>,
    hits: &[Hit],
    spans: &mut SpanMapper<'_>,
) -> Option<Match> {
    let distinct = |channel: u8| {
        let mut keys: Vec<u32> = hits
            .iter()
            .filter(|h| h.channel == channel)
            .map(|h| h.key)
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    };
    let shared = [distinct(0), distinct(1)];
    if shared[0] < MIN_SHARED_FINGERPRINTS && shared[1] < MIN_SHARED_ROBUST {
        return None;
    }
    let reference = pack.reference(hits[0].reference)?;
    let ranges_of = |channel: u8| -> Vec<Range<u32>> {
        hits.iter()
            .filter(|h| h.channel == channel)
            .map(|h| h.start..h.end)
            .collect()
    };
    // What verbatim n-grams cover, only the pack's sampling gaps bridged: a passage with
    // wider holes was spun.
    let verbatim = verbatim_runs(ranges_of(0), tokens);
    let mut all = ranges_of(0);
    all.extend(ranges_of(1));
    all.sort_by_key(|r| r.start);
    let passages: Vec<(Range<u32>, PassageKind)> = merge_ranges(all, tokens)
        .into_iter()
        .map(|run| {
            let bytes = byte_range(tokens, &run);
            let kind = if is_quoted(text, &bytes, quotes.get_or_init(|| quoted_regions(text))) {
                PassageKind::Quoted
            } else if overlap(&verbatim, &run) * 10 >= run.len() * 9 {
                PassageKind::Verbatim
            } else {
                PassageKind::Spun
            };
            (run, kind)
        })
        .collect();

    let quoted: Vec<&Range<u32>> = passages
        .iter()
        .filter(|p| p.1 == PassageKind::Quoted)
        .map(|p| &p.0)
        .collect();
    let outside_quotes = |h: &Hit| !quoted.iter().any(|q| q.start <= h.start && h.end <= q.end);
    let evidence = evidence_words(
        hits.iter()
            .filter(|h| outside_quotes(h))
            .map(|h| (h.start, h.end, h.key)),
    );
    let reference_share = (evidence as f32 / reference.evidence_words.max(1) as f32).min(1.0);
    let copied: f32 = passages
        .iter()
        .map(|(run, kind)| {
            run.len() as f32
                * if *kind == PassageKind::Quoted {
                    QUOTED_WEIGHT
                } else {
                    1.0
                }
        })
        .sum();
    let page_share = copied / tokens.len() as f32;
    Some(Match {
        id: reference.id.to_owned(),
        title: reference.title.to_owned(),
        source: reference.source.to_owned(),
        aliases: reference.aliases.lines().map(str::to_owned).collect(),
        score: score(reference_share, page_share, copied as usize),
        reference_share,
        page_share,
        shared_fingerprints: shared,
        passages: passages
            .into_iter()
            .map(|(run, kind)| {
                let bytes = byte_range(tokens, &run);
                Passage {
                    span: spans.span(&bytes),
                    words: run.len(),
                    kind,
                    text: text[bytes].to_owned(),
                }
            })
            .collect(),
    })
}

/// Tokens of `run` inside the sorted, disjoint `ranges`.
fn overlap(ranges: &[Range<u32>], run: &Range<u32>) -> usize {
    ranges
        .iter()
        .map(|r| r.end.min(run.end).saturating_sub(r.start.max(run.start)) as usize)
        .sum()
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
    let pairs = align((suspect, &suspect_tokens), (source, &source_tokens));
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
                kind: p.kind,
            })
            .collect(),
    }
}

/// The headline score: see the module docs.
fn score(reference_share: f32, page_share: f32, copied_words: usize) -> u8 {
    let alarm = f32::from(ALARM_SCORE) / 100.0;
    let knee = REFERENCE_SHARE_AT_ALARM;
    let reference = reference_share.clamp(0.0, 1.0);
    let reference = if reference >= knee {
        alarm + (1.0 - alarm) * (reference - knee) / (1.0 - knee)
    } else {
        alarm * (reference / knee).powi(2)
    };
    let weight = (copied_words as f32 / FULL_WEIGHT_WORDS as f32).min(1.0);
    let page = (page_share * weight).clamp(0.0, 1.0);
    (reference.max(page) * 100.0).round() as u8
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
