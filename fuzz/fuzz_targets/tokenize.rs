//! Any text through normalization, tokenization and fingerprinting: spans must stay inside
//! the input and on character boundaries.
#![no_main]

use copyspot::fingerprint::text_fingerprints;
use copyspot::text::tokenize;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for token in tokenize(text) {
        assert!(text.get(token.span.clone()).is_some(), "span {:?} outside the input", token.span);
    }
    let _ = text_fingerprints(text);
});
