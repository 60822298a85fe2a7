//! How extraction quality is measured (the metric public extraction benchmarks use): split both
//! texts into `\w+` tokens, take word 4-gram shingles; precision = shared / predicted shingles,
//! recall = shared / expected. Over many pages, precision and recall are averaged and F1 is
//! taken of the two averages.
//!
//! ```
//! use copyspot::extract::quality::{PageScore, Summary};
//!
//! let page = PageScore::of("one two three four five", "one two three four five six");
//! assert_eq!(page.precision, 1.0);
//! assert_eq!(page.recall, 2.0 / 3.0);
//! let summary = Summary::of(&[page]);
//! assert!((summary.f1 - 0.8).abs() < 1e-9);
//! ```

use std::collections::HashSet;

use serde::Serialize;

const SHINGLE: usize = 4;

/// Precision and recall of one page's extraction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageScore {
    pub precision: f64,
    pub recall: f64,
}

impl PageScore {
    /// Scores `predicted` text against `expected` text. An empty prediction of a non-empty
    /// expectation scores 0 on both; two empty texts score 1.
    pub fn of(predicted: &str, expected: &str) -> Self {
        let (predicted, expected) = (shingles(predicted), shingles(expected));
        match (predicted.is_empty(), expected.is_empty()) {
            (true, true) => {
                return Self {
                    precision: 1.0,
                    recall: 1.0,
                };
            }
            (true, false) | (false, true) => {
                return Self {
                    precision: 0.0,
                    recall: 0.0,
                };
            }
            _ => {}
        }
        let shared = predicted.intersection(&expected).count() as f64;
        Self {
            precision: shared / predicted.len() as f64,
            recall: shared / expected.len() as f64,
        }
    }
}

/// Averages over pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Summary {
    pub fn of(pages: &[PageScore]) -> Self {
        let n = pages.len().max(1) as f64;
        let precision = pages.iter().map(|p| p.precision).sum::<f64>() / n;
        let recall = pages.iter().map(|p| p.recall).sum::<f64>() / n;
        Self {
            pages: pages.len(),
            precision,
            recall,
            f1: f1(precision, recall),
        }
    }
}

/// The harmonic mean of precision and recall (0 when both are).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

fn shingles(text: &str) -> HashSet<Vec<&str>> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(SHINGLE).map(<[&str]>::to_vec).collect()
}
