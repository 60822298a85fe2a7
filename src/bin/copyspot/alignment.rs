//! `copyspot eval-alignment`: passage alignment scored with the PAN measures (Potthast et al.,
//! "An Evaluation Framework for Plagiarism Detection", COLING 2010) on a PAN-format corpus: a
//! folder of sub-corpora, each with a `pairs` file (`suspicious source` a line) and one XML of
//! true cases a pair, beside `susp/` and `src/` holding the texts.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use copyspot::extract::quality::f1;
use copyspot::matching::compare;
use quick_xml::Reader;
use quick_xml::events::Event;
use serde::Serialize;
use thiserror::Error;

/// Why a corpus could not be read.
#[derive(Debug, Error)]
pub enum CorpusError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a PAN truth file: {message}")]
    Truth { path: String, message: String },
    #[error(
        "{0}: no sub-corpus folders with a `pairs` file (is this a PAN text-alignment corpus?)"
    )]
    Empty(String),
}

/// A reused passage, or a detection of one: character ranges in both documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub suspicious: Range<usize>,
    pub source: Range<usize>,
}

impl Case {
    fn length(&self) -> usize {
        self.suspicious.len() + self.source.len()
    }

    /// PAN's "r detects s": the two overlap in both documents.
    fn detects(&self, case: &Case) -> bool {
        overlap(&self.suspicious, &case.suspicious) > 0 && overlap(&self.source, &case.source) > 0
    }
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// One pair's true cases and what the aligner reported.
struct Pair {
    cases: Vec<Case>,
    detections: Vec<Case>,
    /// The comparison's score: the document-level decision.
    score: u8,
}

/// The PAN measures over a set of pairs.
#[derive(Debug, Default, Serialize)]
pub struct Measures {
    pub pairs: usize,
    pub cases: usize,
    pub detections: usize,
    pub precision: f64,
    pub recall: f64,
    pub granularity: f64,
    pub plagdet: f64,
}

/// What `copyspot eval-alignment` reports.
#[derive(Debug, Serialize)]
pub struct AlignmentFigures {
    /// Per sub-corpus (obfuscation type), then "overall".
    pub types: BTreeMap<String, Measures>,
    /// Pairs with reuse against the pairs that share nothing, ranked by the comparison's score.
    pub document_auc: f64,
    /// Passages reported on pairs that share nothing, per 100 such pairs.
    pub spurious_per_100_pairs: f64,
    pub mean_ms_per_pair: f64,
    pub max_ms_per_pair: f64,
}

/// The sub-corpus holding the pairs that share nothing.
const NO_REUSE: &str = "01-no-plagiarism";

/// Compares every pair (the first `per_type` of each sub-corpus when given) and scores it.
pub fn evaluate(folder: &Path, per_type: Option<usize>) -> Result<AlignmentFigures, CorpusError> {
    let mut types: BTreeMap<String, Vec<Pair>> = BTreeMap::new();
    let (mut total_ms, mut max_ms, mut compared) = (0.0f64, 0.0f64, 0usize);
    for (name, sub) in sub_corpora(folder)? {
        let listing = read(&sub.join("pairs"))?;
        let mut pairs = Vec::new();
        for line in listing.lines().take(per_type.unwrap_or(usize::MAX)) {
            let Some((suspicious, source)) = line.split_once(' ') else {
                continue;
            };
            let stem = |file: &str| file.trim_end_matches(".txt").to_owned();
            let truth = sub.join(format!("{}-{}.xml", stem(suspicious), stem(source)));
            let cases = read_cases(&truth)?;
            let suspicious_text = read(&folder.join("susp").join(suspicious))?;
            let source_text = read(&folder.join("src").join(source.trim()))?;
            let started = Instant::now();
            let comparison = compare(&suspicious_text, &source_text);
            let ms = started.elapsed().as_secs_f64() * 1e3;
            (total_ms, max_ms, compared) = (total_ms + ms, max_ms.max(ms), compared + 1);
            let detections = comparison
                .passages
                .iter()
                .map(|p| Case {
                    suspicious: p.suspect.start..p.suspect.end,
                    source: p.source.start..p.source.end,
                })
                .collect();
            pairs.push(Pair {
                cases,
                detections,
                score: comparison.score,
            });
        }
        types.insert(name, pairs);
    }
    if types.is_empty() {
        return Err(CorpusError::Empty(folder.display().to_string()));
    }
    let negatives: Vec<u8> = types
        .get(NO_REUSE)
        .map(|pairs| pairs.iter().map(|p| p.score).collect())
        .unwrap_or_default();
    let positives: Vec<u8> = types
        .values()
        .flatten()
        .filter(|p| !p.cases.is_empty())
        .map(|p| p.score)
        .collect();
    let spurious = types.get(NO_REUSE).map_or(0.0, |pairs| {
        let detections: usize = pairs.iter().map(|p| p.detections.len()).sum();
        100.0 * detections as f64 / pairs.len().max(1) as f64
    });
    let all: Vec<&Pair> = types.values().flatten().collect();
    let mut measures: BTreeMap<String, Measures> = types
        .iter()
        .map(|(name, pairs)| (name.clone(), measure(&pairs.iter().collect::<Vec<_>>())))
        .collect();
    measures.insert("overall".into(), measure(&all));
    Ok(AlignmentFigures {
        types: measures,
        document_auc: auc(&positives, &negatives),
        spurious_per_100_pairs: spurious,
        mean_ms_per_pair: total_ms / compared.max(1) as f64,
        max_ms_per_pair: max_ms,
    })
}

/// The sub-corpus folders (those with a `pairs` file), in name order.
fn sub_corpora(folder: &Path) -> Result<Vec<(String, PathBuf)>, CorpusError> {
    let entries = std::fs::read_dir(folder).map_err(|source| CorpusError::Read {
        path: folder.display().to_string(),
        source,
    })?;
    let mut subs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("pairs").is_file())
        .filter_map(|p| Some((p.file_name()?.to_str()?.to_owned(), p)))
        .collect();
    subs.sort();
    Ok(subs)
}

fn read(path: &Path) -> Result<String, CorpusError> {
    std::fs::read_to_string(path).map_err(|source| CorpusError::Read {
        path: path.display().to_string(),
        source,
    })
}

/// The `plagiarism` features of a truth file.
fn read_cases(path: &Path) -> Result<Vec<Case>, CorpusError> {
    let xml = read(path)?;
    let bad = |message: String| CorpusError::Truth {
        path: path.display().to_string(),
        message,
    };
    let mut reader = Reader::from_str(&xml);
    let mut cases = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.name().as_ref() == b"feature" => {
                let mut fields: BTreeMap<Vec<u8>, String> = BTreeMap::new();
                for attribute in e.attributes() {
                    let attribute = attribute.map_err(|e| bad(e.to_string()))?;
                    let value = attribute.unescape_value().map_err(|e| bad(e.to_string()))?;
                    fields.insert(attribute.key.as_ref().to_vec(), value.into_owned());
                }
                if fields.get(b"name".as_slice()).map(String::as_str) != Some("plagiarism") {
                    continue;
                }
                let number = |key: &str| -> Result<usize, CorpusError> {
                    fields
                        .get(key.as_bytes())
                        .and_then(|v| v.parse().ok())
                        .ok_or_else(|| bad(format!("a plagiarism feature without {key}")))
                };
                let (this, source) = (number("this_offset")?, number("source_offset")?);
                cases.push(Case {
                    suspicious: this..this + number("this_length")?,
                    source: source..source + number("source_length")?,
                });
            }
            Ok(Event::Eof) => return Ok(cases),
            Err(e) => return Err(bad(e.to_string())),
            Ok(_) => {}
        }
    }
}

/// Characters of `ranges` (any order, may overlap).
fn union_length(mut ranges: Vec<Range<usize>>) -> usize {
    ranges.sort_by_key(|r| r.start);
    let (mut total, mut reach) = (0, 0);
    for r in ranges {
        let start = r.start.max(reach);
        if r.end > start {
            total += r.end - start;
            reach = r.end;
        }
    }
    total
}

/// Characters of `of` that the `others` detecting it (or detected by it) cover, in both documents.
fn covered(of: &Case, others: &[&Case]) -> usize {
    let clip = |a: &Range<usize>, b: &Range<usize>| a.start.max(b.start)..a.end.min(b.end);
    union_length(
        others
            .iter()
            .map(|o| clip(&of.suspicious, &o.suspicious))
            .collect(),
    ) + union_length(others.iter().map(|o| clip(&of.source, &o.source)).collect())
}

/// PAN's macro precision and recall, granularity and plagdet; detections meet only the cases
/// of their own pair.
fn measure(pairs: &[&Pair]) -> Measures {
    let (mut precision_sum, mut recall_sum, mut detected, mut granularity_sum) = (0.0, 0.0, 0, 0);
    let (mut cases, mut detections) = (0, 0);
    for pair in pairs {
        cases += pair.cases.len();
        detections += pair.detections.len();
        for r in &pair.detections {
            let found: Vec<&Case> = pair.cases.iter().filter(|s| r.detects(s)).collect();
            precision_sum += covered(r, &found) as f64 / r.length().max(1) as f64;
        }
        for s in &pair.cases {
            let by: Vec<&Case> = pair.detections.iter().filter(|r| r.detects(s)).collect();
            recall_sum += covered(s, &by) as f64 / s.length().max(1) as f64;
            if !by.is_empty() {
                detected += 1;
                granularity_sum += by.len();
            }
        }
    }
    let precision = if detections == 0 {
        0.0
    } else {
        precision_sum / detections as f64
    };
    let recall = if cases == 0 {
        0.0
    } else {
        recall_sum / cases as f64
    };
    let granularity = if detected == 0 {
        1.0
    } else {
        granularity_sum as f64 / detected as f64
    };
    Measures {
        pairs: pairs.len(),
        cases,
        detections,
        precision,
        recall,
        granularity,
        plagdet: f1(precision, recall) / (1.0 + granularity).log2(),
    }
}

/// The probability that a pair with reuse outscores one without, ties counted half.
fn auc(positives: &[u8], negatives: &[u8]) -> f64 {
    if positives.is_empty() || negatives.is_empty() {
        return f64::NAN;
    }
    let wins: f64 = positives
        .iter()
        .map(|p| {
            negatives
                .iter()
                .map(|n| match p.cmp(n) {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                })
                .sum::<f64>()
        })
        .sum();
    wins / (positives.len() * negatives.len()) as f64
}

/// The table as printed.
pub fn table(figures: &AlignmentFigures) -> String {
    let mut out = format!(
        "{:<28} {:>6} {:>6} {:>10} {:>9} {:>7} {:>11} {:>8}\n",
        "type", "pairs", "cases", "detections", "precision", "recall", "granularity", "plagdet"
    );
    for (name, m) in &figures.types {
        out += &format!(
            "{:<28} {:>6} {:>6} {:>10} {:>9.3} {:>7.3} {:>11.3} {:>8.3}\n",
            name, m.pairs, m.cases, m.detections, m.precision, m.recall, m.granularity, m.plagdet
        );
    }
    out += &format!(
        "document AUC {:.3}; {:.1} spurious passages per 100 pairs without reuse; {:.2} ms a pair (max {:.1})",
        figures.document_auc,
        figures.spurious_per_100_pairs,
        figures.mean_ms_per_pair,
        figures.max_ms_per_pair
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(suspicious: Range<usize>, source: Range<usize>) -> Case {
        Case { suspicious, source }
    }

    #[test]
    fn a_perfect_detection_scores_1() {
        let truth = case(0..100, 50..150);
        let pair = Pair {
            cases: vec![truth.clone()],
            detections: vec![truth],
            score: 100,
        };
        let m = measure(&[&pair]);
        assert_eq!(
            (m.precision, m.recall, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn halves_and_fragments_count_as_pan_counts_them() {
        // Two detections each covering half of the case in both documents: full recall,
        // full precision, granularity 2, plagdet 1 / log2(3).
        let pair = Pair {
            cases: vec![case(0..100, 0..100)],
            detections: vec![case(0..50, 0..50), case(50..100, 50..100)],
            score: 100,
        };
        let m = measure(&[&pair]);
        assert_eq!((m.precision, m.recall, m.granularity), (1.0, 1.0, 2.0));
        assert!((m.plagdet - 1.0 / 3f64.log2()).abs() < 1e-12);
        // A detection overlapping the case in one document only detects nothing.
        let pair = Pair {
            cases: vec![case(0..100, 0..100)],
            detections: vec![case(0..100, 500..600)],
            score: 10,
        };
        let m = measure(&[&pair]);
        assert_eq!((m.precision, m.recall), (0.0, 0.0));
        // Twice the case's length in the suspicious document: precision (100 + 100) / 300.
        let pair = Pair {
            cases: vec![case(0..100, 0..100)],
            detections: vec![case(0..200, 0..100)],
            score: 100,
        };
        let m = measure(&[&pair]);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.recall, 1.0);
    }
}
