//! Speed of the core stages on a 6 KB article: `./build.sh bench` (or `cargo bench`).
//! The whole check runs against the BBC pack when ../shared/corpus/bbc is present.

use std::hint::black_box;
use std::path::Path;

use copyspot::fingerprint::fingerprints;
use copyspot::text::tokenize;
use copyspot::{Pack, PackBuilder, ReferenceDoc, check};
use criterion::{Criterion, criterion_group, criterion_main};

/// About 6 KB of article text: the seed original, twice over with a paragraph of its own.
fn six_kb_article() -> String {
    let original = include_str!("../tests/fixtures/000_65db108d60c74e38.txt");
    let text = format!(
        "{original}\n{}\n{original}",
        include_str!("../tests/fixtures/001_d6cec7cc6cecf5e2.txt")
    );
    text.chars().take(6 * 1024).collect()
}

fn bbc_pack() -> Option<Pack> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if !corpus.is_dir() {
        eprintln!("SKIPPED check against the BBC pack: ../shared/corpus/bbc is absent");
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
        text: include_str!("../tests/fixtures/000_65db108d60c74e38.txt").into(),
        ..Default::default()
    });
    Pack::from_bytes(builder.build().0).ok()
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
    let article = six_kb_article();
    let tokens = tokenize(&article);
    c.bench_function("6KB normalize+tokenize", |b| {
        b.iter(|| tokenize(black_box(&article)))
    });
    c.bench_function("6KB fingerprint (from tokens)", |b| {
        b.iter(|| fingerprints(black_box(&tokens)))
    });
    if let Some(pack) = bbc_pack() {
        c.bench_function("6KB whole check, BBC pack (2.1k refs)", |b| {
            b.iter(|| check(black_box(&pack), black_box(&article)))
        });
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
