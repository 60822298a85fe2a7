//! Native output on the fixtures equals the committed expectation (which the wasm test checks
//! too, so native and wasm agree). `COPYSPOT_BLESS=1 cargo test --test golden` rewrites it.

mod golden;

#[test]
fn native_output_matches_the_committed_expectation() {
    let actual = golden::seed_outputs();
    if std::env::var_os("COPYSPOT_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/seeds.json");
        std::fs::write(path, &actual).expect("write expectation");
        return;
    }
    assert!(
        actual == golden::EXPECTED,
        "output changed: rerun with COPYSPOT_BLESS=1 and review the diff"
    );
}
