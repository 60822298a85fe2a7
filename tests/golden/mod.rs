//! Output that native and wasm builds must agree on byte for byte. Uses only `include_str!`
//! inputs so the same code runs under wasm-bindgen-test, where there is no file system.

use copyspot::{Document, PackBuilder, ReferenceDoc, check_document, compare};

pub const SEEDS: [(&str, &str); 3] = [
    ("000", include_str!("../fixtures/000_65db108d60c74e38.txt")),
    ("001", include_str!("../fixtures/001_d6cec7cc6cecf5e2.txt")),
    ("002", include_str!("../fixtures/002_5543096b6f1dd9d0.txt")),
];

/// Aggregator-style pages written for the extraction tests.
pub const PAGES: [(&str, &str); 3] = [
    (
        "aggregator-newsbreak",
        include_str!("../fixtures/pages/aggregator-newsbreak.html"),
    ),
    (
        "aggregator-blog",
        include_str!("../fixtures/pages/aggregator-blog.html"),
    ),
    (
        "aggregator-flat",
        include_str!("../fixtures/pages/aggregator-flat.html"),
    ),
];

/// The committed expectation, written by the native test with `COPYSPOT_BLESS=1`.
pub const EXPECTED: &str = include_str!("seeds.json");

/// The seed pack's bytes (the original only).
pub fn seed_pack_bytes() -> Vec<u8> {
    let mut builder = PackBuilder::new();
    builder.add(ReferenceDoc {
        id: "000".into(),
        title: "Blinken, Stoltenberg hold back on labeling Russia's actions 'genocide'".into(),
        source: "tests/fixtures/000_65db108d60c74e38.txt".into(),
        text: SEEDS[0].1.into(),
    });
    builder.build().0
}

/// Every seed and fixture page checked against the seed pack (with the extracted article),
/// and each copy compared with the original, as JSON.
pub fn seed_outputs() -> String {
    let pack = copyspot::Pack::from_bytes(seed_pack_bytes()).expect("seed pack loads");
    let checks: Vec<_> = SEEDS
        .iter()
        .map(|(name, text)| (name, check_document(&pack, Document::sniff(text))))
        .collect();
    let comparisons: Vec<_> = SEEDS[1..]
        .iter()
        .map(|(name, text)| (name, compare(text, SEEDS[0].1)))
        .collect();
    let pages: Vec<_> = PAGES
        .iter()
        .map(|(name, html)| (name, check_document(&pack, Document::Html(html))))
        .collect();
    let json = serde_json::json!({ "checks": checks, "comparisons": comparisons, "pages": pages });
    serde_json::to_string_pretty(&json).expect("reports serialize") + "\n"
}
