//! At scale, on the BBC corpus (read from ../shared; skipped with a notice when absent).

mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use copyspot::matching::ALARM_SCORE;
use copyspot::text::normalized_words;
use copyspot::{PackBuilder, ReferenceDoc, check};

/// Words in a row two articles must share before the held-out one counts as copying.
const REUSE_RUN: usize = 20;
const HELD_OUT_PER_TOPIC: usize = 40;

fn long_runs(text: &str) -> HashSet<Vec<String>> {
    let words = normalized_words(text);
    words.windows(REUSE_RUN).map(<[String]>::to_vec).collect()
}

/// The pack (every other article plus seed 000) and 200 held-out articles, 40 a topic, none of
/// which shares a run of `REUSE_RUN` words with any other article: the BBC reuses its own
/// paragraphs across stories, and those pages do copy.
fn split(corpus: &std::path::Path) -> (Vec<ReferenceDoc>, Vec<(String, String)>) {
    let articles = bbc_articles(corpus);
    let runs: Vec<HashSet<Vec<String>>> = articles.iter().map(|a| long_runs(&a.2)).collect();
    let mut holders: HashMap<&Vec<String>, usize> = HashMap::new();
    for set in &runs {
        for run in set {
            *holders.entry(run).or_default() += 1;
        }
    }
    let mut held_out = Vec::new();
    let mut per_topic: HashMap<&str, usize> = HashMap::new();
    let mut pack = vec![reference("000", &fixture(ORIGINAL))];
    for (index, (topic, name, text)) in articles.iter().enumerate() {
        let original = runs[index].iter().all(|run| holders[run] == 1);
        let taken = per_topic.entry(topic).or_default();
        if index % 3 == 0 && original && *taken < HELD_OUT_PER_TOPIC {
            *taken += 1;
            held_out.push((format!("{topic}/{name}"), text.clone()));
        } else {
            pack.push(reference(&format!("{topic}/{name}"), text));
        }
    }
    assert_eq!(held_out.len(), 5 * HELD_OUT_PER_TOPIC);
    (pack, held_out)
}

#[test]
fn seeds_find_their_original_among_the_bbc_corpus_and_held_out_articles_stay_quiet() {
    let Some(corpus) = bbc_corpus("bbc::seeds_and_false_alarms") else {
        return;
    };
    let (references, held_out) = split(&corpus);
    let pack = pack_of(references);

    for seed in [SPUN, AGGREGATOR] {
        let report = check(&pack, &fixture(seed));
        assert_eq!(report.matches[0].id, "000", "{seed}");
        assert!(report.score >= ALARM_SCORE, "{seed}: {}", report.score);
    }

    let mut worst = (0u8, String::new());
    for (name, text) in &held_out {
        let score = check(&pack, text).score;
        if score > worst.0 {
            worst = (score, name.clone());
        }
    }
    eprintln!(
        "highest score among {} held-out BBC articles: {} ({})",
        held_out.len(),
        worst.0,
        worst.1
    );
    assert!(
        worst.0 < ALARM_SCORE,
        "false alarm: {} scored {}",
        worst.1,
        worst.0
    );
}

#[test]
fn every_article_in_the_pack_finds_itself() {
    let Some(corpus) = bbc_corpus("bbc::every_article_finds_itself") else {
        return;
    };
    let articles = bbc_articles(&corpus);
    let pack = pack_of(
        articles
            .iter()
            .map(|(t, n, text)| reference(&format!("{t}/{n}"), text)),
    );
    for (topic, name, text) in articles.iter().step_by(11) {
        let report = check(&pack, text);
        assert!(report.score >= 95, "{topic}/{name}: {}", report.score);
    }
}

#[test]
fn the_corpus_built_in_uneven_parts_is_the_corpus_built_whole() {
    let Some(corpus) = bbc_corpus("bbc::built_in_parts") else {
        return;
    };
    let docs: Vec<ReferenceDoc> = bbc_articles(&corpus)
        .iter()
        .map(|(t, n, text)| reference(&format!("{t}/{n}"), text))
        .collect();
    let mut whole = PackBuilder::new();
    docs.iter().cloned().for_each(|doc| whole.add(doc));
    let (whole, summary) = whole.build();
    // The corpus repeats 100 articles word for word, across topics too; a pack of 2,225
    // drops keys that more than 8 share.
    assert!(
        summary.duplicates >= 90 && summary.boilerplate_keys > 0,
        "{summary:?}"
    );
    let mut joined = PackBuilder::new();
    for part in docs.chunks(317) {
        let mut builder = PackBuilder::new();
        part.iter().cloned().for_each(|doc| builder.add(doc));
        joined.add_partial(&builder.into_partial()).unwrap();
    }
    assert!(joined.build().0 == whole);
}
