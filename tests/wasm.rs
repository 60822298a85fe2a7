//! The core and its JS API in wasm (wasm-bindgen-test under node):
//! `./build.sh test` runs it with `cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

mod golden;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn wasm_output_is_identical_to_native() {
    assert!(
        golden::seed_outputs() == golden::EXPECTED,
        "wasm and native disagree on the seeds"
    );
}

#[wasm_bindgen_test]
fn the_js_api_checks_a_page_and_reports_errors_as_exceptions() {
    use copyspot::wasm_api::{Checker, compare_texts};
    let checker = Checker::new(&golden::seed_pack_bytes()).expect("pack loads");
    let result = checker
        .check(golden::SEEDS[2].1, None)
        .expect("check works");
    let score = js_sys::Reflect::get(
        &js_sys::Reflect::get(&result, &"report".into()).unwrap(),
        &"score".into(),
    )
    .unwrap();
    assert_eq!(score.as_f64(), Some(100.0));
    assert!(compare_texts(golden::SEEDS[1].1, golden::SEEDS[0].1).is_ok());

    let mut damaged = golden::seed_pack_bytes();
    damaged.truncate(damaged.len() / 2);
    assert!(Checker::new(&damaged).is_err());
    assert!(Checker::new(b"not a pack").is_err());
}
