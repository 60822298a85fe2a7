//! Any text as an HTML page: extraction must return (within libFuzzer's time limit).
#![no_main]

use copyspot::Document;
use copyspot::extract::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let _ = extract(Document::Html(html));
});
