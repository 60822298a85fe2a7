//! The core and its JS API in wasm (wasm-bindgen-test under node):
//! `./build.sh test` runs it with `cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

mod golden;

use js_sys::JsString;
use wasm_bindgen::JsCast;
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
    use copyspot::wasm_api::{Checker, compare_texts, extract_page};
    let checker = Checker::new(golden::seed_pack_bytes()).expect("pack loads");
    let result = checker
        .check(&golden::SEEDS[2].1.into(), None)
        .expect("check works");
    let report = js_sys::Reflect::get(&result, &"report".into()).expect("a report");
    let score = js_sys::Reflect::get(&report, &"score".into()).expect("a score");
    assert_eq!(score.as_f64(), Some(100.0));
    // The extension extracts first, then checks the text: the same report.
    let article = js_sys::Reflect::get(&result, &"article".into()).expect("an article");
    let text = js_sys::Reflect::get(&article, &"text".into()).expect("a text");
    let report_of_text = checker
        .check_text(&text.dyn_into().expect("text is a string"))
        .expect("check works");
    assert_eq!(
        js_sys::JSON::stringify(&report_of_text).ok(),
        js_sys::JSON::stringify(&report).ok()
    );
    // An extracted page stays in wasm until checked: the copy, wrapped in a page.
    let paragraphs: String = golden::SEEDS[0]
        .1
        .lines()
        .map(|line| format!("<p>{line}</p>"))
        .collect();
    let page = extract_page(
        &format!(
            "<html><head><title>Copy</title></head><body><article>{paragraphs}</article></body></html>"
        )
        .into(),
        None,
    );
    assert_eq!(page.title(), "Copy");
    // Served HTML has its hiding rules applied; rendered HTML (the content script's) is read
    // as it is.
    let hidden = "<html><head><style>.j{display:none}</style></head><body><article><p>The council \
        met on Tuesday <span class=j>junk words</span> to discuss the budget of the schools.</p>\
        </article></body></html>";
    assert!(!extract_page(&hidden.into(), None).text().contains("junk"));
    assert!(
        extract_page(&hidden.into(), Some(true))
            .text()
            .contains("junk")
    );
    assert!(
        page.text()
            .starts_with(golden::SEEDS[0].1.lines().next().unwrap_or_default())
    );
    let report = checker.check_page(&page).expect("check works");
    let score = js_sys::Reflect::get(&report, &"score".into()).expect("a score");
    assert_eq!(score.as_f64(), Some(100.0));
    assert!(compare_texts(&golden::SEEDS[1].1.into(), &golden::SEEDS[0].1.into()).is_ok());

    let mut damaged = golden::seed_pack_bytes();
    damaged.truncate(damaged.len() / 2);
    assert!(Checker::new(damaged).is_err());
    assert!(Checker::new(b"not a pack".to_vec()).is_err());
}

#[wasm_bindgen_test]
fn check_text_slices_the_passages_it_reports_from_the_callers_string() {
    use copyspot::wasm_api::Checker;
    let checker = Checker::new(golden::seed_pack_bytes()).expect("pack loads");
    let original = golden::SEEDS[0].1;
    // Slices when character offsets are UTF-16 offsets (one-byte and two-byte strings), the
    // decoded passages when a character beyond U+FFFF makes them differ.
    for prefix in [
        "",
        "Caf\u{e9} \u{201C}na\u{ef}ve\u{201D}.\n",
        "\u{1F600} emoji \u{1F600}.\n",
    ] {
        let text: JsString = format!("{prefix}{original}").into();
        let report = checker.check_text(&text).expect("check works");
        let decoded = js_sys::Reflect::get(
            &checker.check(&text, Some(false)).expect("check works"),
            &"report".into(),
        )
        .expect("a report");
        assert_eq!(
            js_sys::JSON::stringify(&report).ok(),
            js_sys::JSON::stringify(&decoded).ok(),
            "{prefix}"
        );
        let score = js_sys::Reflect::get(&report, &"score".into()).expect("a score");
        assert_eq!(score.as_f64(), Some(100.0), "{prefix}");
    }
}

#[wasm_bindgen_test]
fn the_pack_builder_adds_slices_and_packs_and_refuses_bad_input() {
    use copyspot::wasm_api::{Checker, JsPackBuilder};
    let reference = |id: &str, text: &str| {
        let object = js_sys::Object::new();
        for (key, value) in [("id", id), ("title", id), ("url", ""), ("text", text)] {
            js_sys::Reflect::set(&object, &key.into(), &value.into()).expect("settable");
        }
        js_sys::Array::of1(&object)
    };
    let mut builder = JsPackBuilder::new();
    builder
        .add_references(reference("spun", golden::SEEDS[1].1).into())
        .expect("a good slice");
    builder
        .add_pack(golden::seed_pack_bytes())
        .expect("a good pack");
    assert!(builder.add_pack(b"not a pack".to_vec()).is_err());
    assert!(
        builder
            .add_references(js_sys::Array::of1(&"no object".into()).into())
            .is_err()
    );
    assert_eq!(builder.length(), 2, "the spun seed and the pack's original");
    let mut checker = Checker::new(builder.finish()).expect("the built pack loads");
    assert_eq!(checker.reference_count(), 2);
    checker.use_bundled(false);
    assert_eq!(checker.reference_count(), 0);
}

#[wasm_bindgen_test]
fn subscribed_packs_are_checked_against_and_a_damaged_one_keeps_the_previous() {
    use copyspot::wasm_api::Checker;
    let mut checker = Checker::new(golden::seed_pack_bytes()).expect("pack loads");
    checker.use_bundled(false);
    let url = "https://packs.example/news.cspk".to_owned();
    let info = checker
        .set_subscription(url.clone(), Some(golden::seed_pack_bytes()))
        .expect("a good pack");
    let references = js_sys::Reflect::get(&info, &"references".into()).expect("counts");
    assert_eq!(references.as_f64(), Some(checker.reference_count() as f64));
    let score = |checker: &Checker| {
        let result = checker
            .check(&golden::SEEDS[2].1.into(), None)
            .expect("checks");
        let report = js_sys::Reflect::get(&result, &"report".into()).expect("a report");
        js_sys::Reflect::get(&report, &"score".into())
            .expect("a score")
            .as_f64()
    };
    assert_eq!(score(&checker), Some(100.0));
    let mut damaged = golden::seed_pack_bytes();
    damaged.truncate(100);
    assert!(
        checker
            .set_subscription(url.clone(), Some(damaged))
            .is_err()
    );
    assert_eq!(
        score(&checker),
        Some(100.0),
        "the previous copy still counts"
    );
    assert!(
        checker
            .set_subscription(url, None)
            .expect("cleared")
            .is_undefined()
    );
    assert_eq!(checker.reference_count(), 0);
    assert_eq!(score(&checker), Some(0.0));
}

#[wasm_bindgen_test]
fn js_strings_reach_the_core_as_their_utf8() {
    use copyspot::wasm_api::count_words;
    // One-byte and two-byte JS strings, characters of every UTF-8 length, a surrogate pair.
    for text in [
        "plain ASCII words",
        "caf\u{e9} na\u{ef}ve",
        "\u{201C}Quoted\u{201D} \u{5317}\u{4eac} \u{1F600} end",
    ] {
        assert_eq!(
            count_words(&text.into()),
            copyspot::text::tokenize(text).len(),
            "{text}"
        );
    }
    // A lone surrogate (not valid UTF-16) becomes U+FFFD rather than failing.
    let broken = JsString::from_char_code(&[0xD800, u16::from(b' '), u16::from(b'a')]);
    assert_eq!(count_words(&broken), 1);
}
