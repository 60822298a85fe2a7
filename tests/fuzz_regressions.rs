//! Replays every input kept in fuzz/regressions/<target>/ (inputs that crashed a fuzz target
//! once, or hostile inputs written by hand) through what that target exercises, on stable, in
//! every `cargo test`. `./build.sh fuzz SECONDS` runs the fuzz targets themselves.

use std::path::Path;

use copyspot::fingerprint::{Channel, text_fingerprints};
use copyspot::text::tokenize;
use copyspot::{Document, Pack, PackBuilder, ReferenceDoc, check_document, compare};

const ORIGINAL: &str = include_str!("fixtures/000_65db108d60c74e38.txt");

/// The kept inputs of one target (at least one: the folders are never empty).
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut found: Vec<_> = std::fs::read_dir(&folder)
        .expect("the regressions folder exists")
        .map(|entry| entry.expect("readable").path())
        .map(|path| {
            (
                path.display().to_string(),
                std::fs::read(&path).expect("readable"),
            )
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inputs in {}", folder.display());
    found
}

#[test]
fn pack_reader_inputs_are_refused_or_read_safely() {
    for (name, bytes) in inputs("pack_reader") {
        if let Ok(pack) = Pack::from_bytes(bytes) {
            for index in 0..pack.len() as u32 + 2 {
                let _ = pack.reference(index);
            }
            for channel in Channel::ALL {
                let _ = pack.lookup(channel, 0).count();
            }
            let _ = copyspot::check(&pack, ORIGINAL);
            eprintln!("{name}: read");
        }
    }
}

#[test]
fn tokenize_inputs_keep_spans_inside_the_input() {
    for (name, bytes) in inputs("tokenize") {
        let text = String::from_utf8_lossy(&bytes);
        for token in tokenize(&text) {
            assert!(
                text.get(token.span.clone()).is_some(),
                "{name}: {:?}",
                token.span
            );
        }
        let _ = text_fingerprints(&text);
    }
}

#[test]
fn extract_and_check_inputs_give_a_result() {
    let mut builder = PackBuilder::new();
    builder.add(ReferenceDoc {
        id: "000".into(),
        text: ORIGINAL.into(),
        ..Default::default()
    });
    let pack = Pack::from_bytes(builder.build().0).expect("the seed pack loads");
    for (name, bytes) in inputs("extract").into_iter().chain(inputs("check")) {
        let text = String::from_utf8_lossy(&bytes);
        let checked = check_document(&pack, Document::sniff(&text));
        let chars = checked.article.text.chars().count();
        for found in &checked.report.matches {
            for passage in &found.passages {
                assert!(
                    passage.span.start <= passage.span.end && passage.span.end <= chars,
                    "{name}"
                );
            }
        }
        let _ = compare(&text, ORIGINAL);
    }
}
