//! `copyspot eval`: detection quality over labelled test pages (see tests/eval/make-sets.mjs),
//! with the definitions of ../shared/docs/QUALITY.md.

use std::collections::{BTreeMap, HashMap};

use copyspot::Pack;
use copyspot::extract::{Document, extract};
use copyspot::fingerprint::Channel;
use copyspot::matching::ALARM_SCORE;
use copyspot::matching::{check_article, check_channels};
use serde::{Deserialize, Serialize};

/// One labelled page.
#[derive(Debug, Deserialize)]
pub struct TestPage {
    pub set: String,
    /// Set on pages that other pages name as their `clean` twin.
    pub id: Option<String>,
    /// The reference it copies, or null for a page that copies nothing.
    pub expect: Option<String>,
    /// `text` is an HTML page (its article is extracted first).
    #[serde(default)]
    pub html: bool,
    pub text: String,
    /// For evasion variants: the id of the same copy without the evasion.
    pub clean: Option<String>,
}

/// Figures for one set.
#[derive(Debug, Default, Serialize)]
pub struct SetFigures {
    pub pages: usize,
    /// Copies whose best match is the right reference at or above the shipped alarm, %.
    pub caught_percent: Option<f64>,
    /// The same at the calibrated threshold, %.
    pub caught_calibrated_percent: Option<f64>,
    /// Non-copies whose best score reaches the shipped alarm, %.
    pub false_alarm_percent: Option<f64>,
    /// The same at the calibrated threshold, %.
    pub false_alarm_calibrated_percent: Option<f64>,
    /// Copy sets: the area under the ROC curve of this set's pages against every non-copy
    /// page of all sets (a copy matched to the wrong reference counts as score 0).
    pub auc: Option<f64>,
    pub median_score: f64,
    /// Evasion sets: the largest drop from the clean copy's score, in points.
    pub max_drop_from_clean: Option<i32>,
}

/// The figures of a whole evaluation.
#[derive(Debug, Serialize)]
pub struct Evaluation {
    /// The shipped alarm score.
    pub shipped_threshold: u8,
    /// The lowest score that keeps false alarms over all non-copy pages at or under
    /// [`CALIBRATION_FALSE_ALARMS`]: a figure at it cannot come from a lucky threshold.
    pub calibrated_threshold: u8,
    pub sets: BTreeMap<String, SetFigures>,
}

/// The false-alarm rate over all non-copies the calibrated threshold allows.
pub const CALIBRATION_FALSE_ALARMS: f64 = 0.005;

/// One scored page: its best score, and whether the best match is the right reference.
struct Scored {
    score: u8,
    right: bool,
}

impl Scored {
    /// The score a copy earns: a match with the wrong reference catches nothing.
    fn as_copy(&self) -> u8 {
        if self.right { self.score } else { 0 }
    }
}

/// Scores every page against the pack; sets in name order.
/// With `list_misses`, every missed copy and false alarm is printed to standard error.
pub fn evaluate(
    pack: &Pack,
    pages: &[TestPage],
    channels: &[Channel],
    list_misses: bool,
) -> Evaluation {
    let scored: Vec<Scored> = pages
        .iter()
        .map(|page| score_page(pack, page, channels, list_misses))
        .collect();
    let negatives: Vec<u8> = pages
        .iter()
        .zip(&scored)
        .filter(|(page, _)| page.expect.is_none())
        .map(|(_, s)| s.score)
        .collect();
    let calibrated = calibrated_threshold(&negatives);
    let clean_scores: HashMap<&str, u8> = pages
        .iter()
        .zip(&scored)
        .filter_map(|(page, s)| page.id.as_deref().map(|id| (id, s.score)))
        .collect();

    let mut by_set: BTreeMap<String, Vec<(&TestPage, &Scored)>> = BTreeMap::new();
    for (page, s) in pages.iter().zip(&scored) {
        by_set.entry(page.set.clone()).or_default().push((page, s));
    }
    let sets = by_set
        .into_iter()
        .map(|(set, rows)| {
            let n = rows.len();
            let percent = |count: usize| 100.0 * count as f64 / n.max(1) as f64;
            let copies = rows.iter().any(|r| r.0.expect.is_some());
            let caught = |at: u8| rows.iter().filter(|r| r.1.as_copy() >= at).count();
            let alarms = |at: u8| rows.iter().filter(|r| r.1.score >= at).count();
            let mut scores: Vec<u8> = rows.iter().map(|r| r.1.score).collect();
            scores.sort_unstable();
            let drops: Vec<i32> = rows
                .iter()
                .filter_map(|r| {
                    let clean = clean_scores.get(r.0.clean.as_deref()?)?;
                    Some(i32::from(*clean) - i32::from(r.1.score))
                })
                .collect();
            let copy_scores: Vec<u8> = rows.iter().map(|r| r.1.as_copy()).collect();
            let figures = SetFigures {
                pages: n,
                caught_percent: copies.then(|| percent(caught(ALARM_SCORE))),
                caught_calibrated_percent: copies.then(|| percent(caught(calibrated))),
                false_alarm_percent: (!copies).then(|| percent(alarms(ALARM_SCORE))),
                false_alarm_calibrated_percent: (!copies).then(|| percent(alarms(calibrated))),
                auc: copies.then(|| auc(&copy_scores, &negatives)),
                median_score: f64::from(scores.get(n / 2).copied().unwrap_or(0)),
                max_drop_from_clean: drops.iter().max().copied(),
            };
            (set, figures)
        })
        .collect();
    Evaluation {
        shipped_threshold: ALARM_SCORE,
        calibrated_threshold: calibrated,
        sets,
    }
}

fn score_page(pack: &Pack, page: &TestPage, channels: &[Channel], list_misses: bool) -> Scored {
    let report = if page.html {
        // As the extension checks a page: its article, then the whole page if that stays
        // below the alarm.
        check_article(&[pack], &extract(Document::Html(&page.text)), channels)
    } else {
        check_channels(pack, &page.text, channels)
    };
    // The right reference, or a duplicate of it scoring as high: the corpus holds the same
    // article under several ids.
    let right = page.expect.as_deref().is_some_and(|expected| {
        report
            .matches
            .iter()
            .take_while(|m| m.score == report.score)
            .any(|m| m.id == expected || m.aliases.iter().any(|a| a == expected))
    });
    let wrong = match page.expect {
        Some(_) => !right || report.score < ALARM_SCORE,
        None => report.score >= ALARM_SCORE,
    };
    if list_misses && wrong {
        let best = report.matches.first();
        eprintln!(
            "{} {} {:?}: score {} best {:?} ref {:.2} page {:.2} words {}",
            if page.expect.is_some() {
                "miss"
            } else {
                "false alarm"
            },
            page.set,
            page.expect,
            report.score,
            best.map(|m| &m.id),
            best.map_or(0.0, |m| m.reference_share),
            best.map_or(0.0, |m| m.page_share),
            report.words
        );
    }
    Scored {
        score: report.score,
        right,
    }
}

/// The lowest score at which at most [`CALIBRATION_FALSE_ALARMS`] of the non-copies alarm
/// (101 when even 100 alarms too often).
fn calibrated_threshold(negatives: &[u8]) -> u8 {
    let allowed = (negatives.len() as f64 * CALIBRATION_FALSE_ALARMS).floor() as usize;
    (0..=101u8)
        .find(|&t| negatives.iter().filter(|&&s| s >= t).count() <= allowed)
        .unwrap_or(101)
}

/// The probability that a copy outscores a non-copy, ties counted half (Mann–Whitney).
fn auc(positives: &[u8], negatives: &[u8]) -> f64 {
    if positives.is_empty() || negatives.is_empty() {
        return f64::NAN;
    }
    let mut at_or_below = [0usize; 102]; // at_or_below[s + 1]: negatives scoring ≤ s
    for &s in negatives {
        at_or_below[usize::from(s) + 1] += 1;
    }
    for s in 1..at_or_below.len() {
        at_or_below[s] += at_or_below[s - 1];
    }
    let wins: f64 = positives
        .iter()
        .map(|&p| {
            let below = at_or_below[usize::from(p)];
            let equal = at_or_below[usize::from(p) + 1] - below;
            below as f64 + equal as f64 / 2.0
        })
        .sum();
    wins / (positives.len() * negatives.len()) as f64
}

/// The table as printed.
pub fn table(evaluation: &Evaluation) -> String {
    let (shipped, calibrated) = (
        evaluation.shipped_threshold,
        evaluation.calibrated_threshold,
    );
    let mut out = format!(
        "thresholds: shipped {shipped}, calibrated {calibrated} (false alarms ≤ {}% over all non-copies)\n",
        CALIBRATION_FALSE_ALARMS * 100.0
    );
    out += &format!(
        "{:<32} {:>5} {:>9} {:>9} {:>8} {:>8} {:>6} {:>6} {:>5}\n",
        "set",
        "pages",
        format!("caught@{shipped}"),
        format!("caught@{calibrated}"),
        format!("FA@{shipped}"),
        format!("FA@{calibrated}"),
        "AUC",
        "median",
        "drop"
    );
    let show = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    for (set, f) in &evaluation.sets {
        out += &format!(
            "{:<32} {:>5} {:>9} {:>9} {:>8} {:>8} {:>6} {:>6.0} {:>5}\n",
            set,
            f.pages,
            show(f.caught_percent),
            show(f.caught_calibrated_percent),
            show(f.false_alarm_percent),
            show(f.false_alarm_calibrated_percent),
            f.auc.map_or("-".to_owned(), |a| format!("{a:.3}")),
            f.median_score,
            f.max_drop_from_clean
                .map_or("-".to_owned(), |d| d.to_string())
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calibrated_threshold_allows_half_a_percent_of_false_alarms() {
        let mut negatives = vec![0u8; 398];
        negatives.extend([60, 40]); // 2 of 400 = 0.5%
        assert_eq!(calibrated_threshold(&negatives), 1);
        negatives.push(30); // 3 of 401 > 0.5%: two may reach it
        assert_eq!(calibrated_threshold(&negatives), 31);
        assert_eq!(calibrated_threshold(&[100; 10]), 101);
    }

    #[test]
    fn auc_counts_ties_half() {
        assert_eq!(auc(&[90, 80], &[10, 20]), 1.0);
        assert_eq!(auc(&[10], &[10]), 0.5);
        assert_eq!(auc(&[0, 100], &[50]), 0.5);
    }
}
