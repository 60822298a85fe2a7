//! The measurement behind the fingerprint parameters (docs/detection.md, "Choosing n").
//! Run: `cargo test --release --test tuning -- --ignored --nocapture` (needs ../shared).
//!
//! For each n-gram length: how many of the spun seed's n-grams survive in the original (copy
//! signal), and how many n-grams an article shares with its most similar same-topic article that
//! it does not copy (noise). A good n keeps the signal high and the noise near zero.

mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use copyspot::text::normalized_words;

fn ngrams(text: &str, n: usize) -> HashSet<Vec<String>> {
    let words = normalized_words(text);
    words.windows(n).map(<[String]>::to_vec).collect()
}

fn shared_fraction(page: &HashSet<Vec<String>>, reference: &HashSet<Vec<String>>) -> f64 {
    page.intersection(reference).count() as f64 / page.len().max(1) as f64
}

#[test]
#[ignore = "a measurement, not a check: prints the table behind NGRAM"]
fn ngram_length_signal_and_noise() {
    let Some(corpus) = bbc_corpus("tuning::ngram_length") else {
        return;
    };
    let articles = bbc_articles(&corpus);
    println!("n  spun-seed survival  same-topic noise (mean, p99, max)");
    for n in 3..=8 {
        let survival = shared_fraction(&ngrams(&fixture(SPUN), n), &ngrams(&fixture(ORIGINAL), n));
        let sets: Vec<HashSet<Vec<String>>> = articles.iter().map(|a| ngrams(&a.2, n)).collect();
        let mut holders: HashMap<&Vec<String>, Vec<usize>> = HashMap::new();
        for (i, set) in sets.iter().enumerate() {
            set.iter()
                .for_each(|g| holders.entry(g).or_default().push(i));
        }
        // Noise: for every 10th article that reuses no 20-word run, the largest share of its
        // n-grams found in any single other article.
        let long: Vec<HashSet<Vec<String>>> = articles.iter().map(|a| ngrams(&a.2, 20)).collect();
        let mut long_holders: HashMap<&Vec<String>, usize> = HashMap::new();
        long.iter()
            .flatten()
            .for_each(|g| *long_holders.entry(g).or_default() += 1);
        let mut noise: Vec<f64> = (0..articles.len())
            .step_by(10)
            .filter(|&i| long[i].iter().all(|g| long_holders[g] == 1))
            .map(|i| {
                let mut per_other: HashMap<usize, usize> = HashMap::new();
                for g in &sets[i] {
                    for &j in &holders[g] {
                        if j != i {
                            *per_other.entry(j).or_default() += 1;
                        }
                    }
                }
                per_other.values().max().copied().unwrap_or(0) as f64 / sets[i].len().max(1) as f64
            })
            .collect();
        noise.sort_by(f64::total_cmp);
        let mean = noise.iter().sum::<f64>() / noise.len() as f64;
        let p99 = noise[noise.len() * 99 / 100];
        println!(
            "{n}  {:>6.1}%             {:>5.2}%  {:>5.2}%  {:>5.2}%",
            survival * 100.0,
            mean * 100.0,
            p99 * 100.0,
            noise[noise.len() - 1] * 100.0
        );
    }
}
