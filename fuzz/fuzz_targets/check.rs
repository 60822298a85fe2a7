//! Any text checked against a pack holding the seed original, and compared with it: the
//! whole check, passages and spans included.
#![no_main]

use std::sync::OnceLock;

use copyspot::{Document, Pack, PackBuilder, ReferenceDoc, check_document, compare};
use libfuzzer_sys::fuzz_target;

const ORIGINAL: &str = include_str!("../../tests/fixtures/000_65db108d60c74e38.txt");

fn pack() -> &'static Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        let mut builder = PackBuilder::new();
        builder.add(ReferenceDoc { id: "000".into(), text: ORIGINAL.into(), ..Default::default() });
        Pack::from_bytes(builder.build().0).expect("the seed pack loads")
    })
}

fuzz_target!(|text: &str| {
    let checked = check_document(pack(), Document::sniff(text));
    for found in &checked.report.matches {
        for passage in &found.passages {
            assert!(passage.span.start <= passage.span.end);
        }
    }
    let _ = compare(text, ORIGINAL);
});
