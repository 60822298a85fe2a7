//! Speed of the core stages on 6 KB and 60 KB article texts: `./build.sh bench` runs it and
//! puts the figures in one table with the wasm and peer figures (benches/report.mjs).
//!
//! Packs: the BBC corpus (2.1k references) when ../shared/corpus/bbc is present, and the
//! generated 10k / 100k packs when `COPYSPOT_BENCH_PACKS` names the folder build.sh made them
//! in (pack-10k.cspk, pack-100k.cspk). The floor is one plain hash pass over the same bytes.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use copyspot::fingerprint::{Channel, text_fingerprints};
use copyspot::text::tokenize;
use copyspot::{Pack, PackBuilder, ReferenceDoc, check, compare};
use criterion::{Criterion, criterion_group, criterion_main};

const SEEDS: [&str; 3] = [
    include_str!("../tests/fixtures/000_65db108d60c74e38.txt"),
    include_str!("../tests/fixtures/001_d6cec7cc6cecf5e2.txt"),
    include_str!("../tests/fixtures/002_5543096b6f1dd9d0.txt"),
];

/// `bytes` of article text: the seeds one after another, as often as needed. Written beside the
/// packs (text-6KB.txt, text-60KB.txt) so that benches/wasm.mjs and benches/peer_datasketch.py
/// measure the very same bytes.
fn article(bytes: usize) -> String {
    article_from(0, bytes)
}

/// The same, starting from seed `first`.
fn article_from(first: usize, bytes: usize) -> String {
    let mut text = String::new();
    for seed in SEEDS.iter().cycle().skip(first) {
        for c in seed.chars() {
            if text.len() + c.len_utf8() > bytes {
                return text;
            }
            text.push(c);
        }
    }
    text
}

fn bbc_pack() -> Option<Pack> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if !corpus.is_dir() {
        eprintln!("SKIPPED the BBC pack: ../shared/corpus/bbc is absent");
        return None;
    }
    let mut builder = PackBuilder::new();
    let mut files: Vec<_> = walk(&corpus);
    files.sort();
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).ok()?).into_owned();
        builder.add(ReferenceDoc {
            id: file.display().to_string(),
            text,
            ..Default::default()
        });
    }
    builder.add(ReferenceDoc {
        id: "000".into(),
        text: SEEDS[0].into(),
        ..Default::default()
    });
    Pack::from_bytes(builder.build().0).ok()
}

fn generated_pack(name: &str) -> Option<Pack> {
    let folder = std::env::var_os("COPYSPOT_BENCH_PACKS")?;
    let bytes = std::fs::read(Path::new(&folder).join(format!("pack-{name}.cspk"))).ok()?;
    Pack::from_bytes(bytes).ok()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let packs: Vec<(&str, Pack)> = [
        ("2k", bbc_pack()),
        ("10k", generated_pack("10k")),
        ("100k", generated_pack("100k")),
    ]
    .into_iter()
    .filter_map(|(name, pack)| Some((name, pack?)))
    .collect();
    for (size, bytes) in [("6KB", 6 * 1024), ("60KB", 60 * 1024)] {
        let text = article(bytes);
        if let Some(folder) = std::env::var_os("COPYSPOT_BENCH_PACKS") {
            let _ = std::fs::write(Path::new(&folder).join(format!("text-{size}.txt")), &text);
        }
        let tokens = tokenize(&text);
        let fingerprints: Vec<_> = Channel::ALL
            .map(|channel| (channel, channel.fingerprints(&tokens)))
            .into();
        let mut group = c.benchmark_group(size);
        group
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        group.bench_function("floor hash pass", |b| {
            b.iter(|| crc32fast::hash(black_box(text.as_bytes())))
        });
        group.bench_function("normalize+tokenize", |b| {
            b.iter(|| tokenize(black_box(&text)))
        });
        group.bench_function("text to fingerprints", |b| {
            b.iter(|| text_fingerprints(black_box(&text)))
        });
        for (name, pack) in &packs {
            group.bench_function(format!("lookup {name}"), |b| {
                b.iter(|| {
                    fingerprints
                        .iter()
                        .flat_map(|(channel, selected)| {
                            selected
                                .iter()
                                .map(|f| pack.lookup(*channel, f.key).count())
                        })
                        .sum::<usize>()
                })
            });
            group.bench_function(format!("whole check {name}"), |b| {
                b.iter(|| check(black_box(pack), black_box(&text)))
            });
        }
        group.finish();
    }
}

/// Aligning two texts of 5,000 words (30 KB each), the spun copy leading one and the original
/// the other: every seed kind and the sentence index at work.
fn alignment(c: &mut Criterion) {
    let (suspect, source) = (article_from(1, 30 * 1024), article_from(0, 30 * 1024));
    let mut group = c.benchmark_group("compare");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("5000 words each", |b| {
        b.iter(|| compare(black_box(&suspect), black_box(&source)))
    });
    group.finish();
}

criterion_group!(benches, stages, alignment);
criterion_main!(benches);
