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
    /// Copies whose best match is the right reference at or above the alarm threshold, %.
    pub caught_percent: Option<f64>,
    /// Non-copies whose best score reaches the threshold, %.
    pub false_alarm_percent: Option<f64>,
    pub median_score: f64,
    /// Evasion sets: the largest drop from the clean copy's score, in points.
    pub max_drop_from_clean: Option<i32>,
}

/// Scores every page against the pack; sets in name order.
/// With `list_misses`, every missed copy and false alarm is printed to standard error.
pub fn evaluate(
    pack: &Pack,
    pages: &[TestPage],
    channels: &[Channel],
    list_misses: bool,
) -> BTreeMap<String, SetFigures> {
    let scored: Vec<(u8, bool)> = pages
        .iter()
        .map(|page| {
            let report = if page.html {
                // As the extension checks a page: its article, then the whole page if that
                // stays below the alarm.
                check_article(&[pack], &extract(Document::Html(&page.text)), channels)
            } else {
                check_channels(pack, &page.text, channels)
            };
            // The right reference, or a duplicate of it scoring as high: the corpus holds the
            // same article under several ids.
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
            (report.score, right)
        })
        .collect();
    let clean_scores: HashMap<&str, u8> = pages
        .iter()
        .zip(&scored)
        .filter_map(|(page, (score, _))| page.id.as_deref().map(|id| (id, *score)))
        .collect();

    let mut by_set: BTreeMap<String, Vec<(&TestPage, u8, bool)>> = BTreeMap::new();
    for (page, &(score, right)) in pages.iter().zip(&scored) {
        by_set
            .entry(page.set.clone())
            .or_default()
            .push((page, score, right));
    }
    by_set
        .into_iter()
        .map(|(set, rows)| {
            let n = rows.len();
            let percent = |count: usize| 100.0 * count as f64 / n.max(1) as f64;
            let copies = rows.iter().filter(|r| r.0.expect.is_some()).count();
            let caught = rows.iter().filter(|r| r.2 && r.1 >= ALARM_SCORE).count();
            let alarms = rows
                .iter()
                .filter(|r| r.0.expect.is_none() && r.1 >= ALARM_SCORE)
                .count();
            let mut scores: Vec<u8> = rows.iter().map(|r| r.1).collect();
            scores.sort_unstable();
            let drops: Vec<i32> = rows
                .iter()
                .filter_map(|r| {
                    let clean = clean_scores.get(r.0.clean.as_deref()?)?;
                    Some(i32::from(*clean) - i32::from(r.1))
                })
                .collect();
            let figures = SetFigures {
                pages: n,
                caught_percent: (copies > 0).then(|| percent(caught)),
                false_alarm_percent: (copies == 0).then(|| percent(alarms)),
                median_score: f64::from(scores.get(n / 2).copied().unwrap_or(0)),
                max_drop_from_clean: drops.iter().max().copied(),
            };
            (set, figures)
        })
        .collect()
}

/// The table as printed.
pub fn table(figures: &BTreeMap<String, SetFigures>) -> String {
    let mut out = format!(
        "{:<28} {:>6} {:>9} {:>12} {:>7} {:>10}\n",
        "set", "pages", "caught %", "false alarm %", "median", "max drop"
    );
    let show = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    for (set, f) in figures {
        out += &format!(
            "{:<28} {:>6} {:>9} {:>12} {:>7.0} {:>10}\n",
            set,
            f.pages,
            show(f.caught_percent),
            show(f.false_alarm_percent),
            f.median_score,
            f.max_drop_from_clean
                .map_or("-".to_owned(), |d| d.to_string())
        );
    }
    out
}
