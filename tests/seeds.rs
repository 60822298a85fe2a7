//! The seed trio: an original, a spun partial copy and an aggregator scrape.

mod common;

use common::*;
use copyspot::matching::{ALARM_SCORE, Scope, Status};
use copyspot::{Document, check, check_document, compare};

fn seed_pack() -> copyspot::Pack {
    pack_of([reference("000", &fixture(ORIGINAL))])
}

#[test]
fn the_original_scores_100_against_itself() {
    let report = check(&seed_pack(), &fixture(ORIGINAL));
    assert_eq!(report.score, 100);
    assert_eq!(report.matches[0].id, "000");
    assert_eq!(report.matches[0].passages.len(), 1, "one unbroken passage");
}

#[test]
fn the_aggregator_scrape_is_a_whole_copy() {
    let report = check(&seed_pack(), &fixture(AGGREGATOR));
    let best = &report.matches[0];
    assert_eq!(best.id, "000");
    assert!(report.score >= 95, "score {}", report.score);
    assert!(best.reference_share > 0.99);
    // The page share alone would miss it: most of the page is boilerplate.
    assert!(best.page_share < 0.5);
}

#[test]
fn the_spun_partial_copy_is_caught() {
    let report = check(&seed_pack(), &fixture(SPUN));
    assert_eq!(report.matches[0].id, "000");
    assert!(report.score >= 70, "score {}", report.score);
    assert!(report.score >= ALARM_SCORE);
}

#[test]
fn an_unrelated_article_scores_under_10() {
    let report = check(&seed_pack(), UNRELATED);
    assert_eq!(report.status, Status::Checked);
    assert!(report.score < 10, "score {}", report.score);
}

#[test]
fn passages_point_at_the_copied_text() {
    let page = fixture(AGGREGATOR);
    let report = check(&seed_pack(), &page);
    let chars: Vec<char> = page.chars().collect();
    for passage in &report.matches[0].passages {
        let shown: String = chars[passage.span.start..passage.span.end].iter().collect();
        assert_eq!(shown, passage.text);
    }
    // Winnowing may start a passage up to WINDOW - 1 words into the copied run.
    let first = &report.matches[0].passages[0];
    assert!(first.text.contains("officials declined Sunday on CNN"));
    assert!(first.text.ends_with("attacks in the South and in the East"));
}

#[test]
fn too_little_text_is_not_scored() {
    let report = check(&seed_pack(), "Blinken did say that he believes");
    assert_eq!(report.status, Status::NoArticleText);
    assert_eq!(report.score, 0);
    assert!(report.matches.is_empty());
}

#[test]
fn a_short_quotation_is_not_an_alarm() {
    let page = format!(
        "{UNRELATED} At a press briefing, one official repeated what NATO's chief had said: \
         \"It is a brutality against civilians we haven't seen in Europe for decades.\" {UNRELATED}"
    );
    let report = check(&seed_pack(), &page);
    assert!(report.score < ALARM_SCORE, "score {}", report.score);
}

#[test]
fn compare_aligns_the_spun_copy_with_its_source() {
    let (suspect, source) = (fixture(SPUN), fixture(ORIGINAL));
    let comparison = compare(&suspect, &source);
    assert!(comparison.score >= 70, "score {}", comparison.score);
    let suspect_chars: Vec<char> = suspect.chars().collect();
    let source_chars: Vec<char> = source.chars().collect();
    let quote = "We have more than 100 nationalities";
    let passage = comparison
        .passages
        .iter()
        .find(|p| {
            suspect_chars[p.suspect.start..p.suspect.end]
                .iter()
                .collect::<String>()
                .contains(quote)
        })
        .expect("the long quotation is aligned");
    let in_source: String = source_chars[passage.source.start..passage.source.end]
        .iter()
        .collect();
    assert!(in_source.contains(quote));
}

#[test]
fn compare_of_unrelated_texts_is_empty() {
    let comparison = compare(UNRELATED, &fixture(ORIGINAL));
    assert!(comparison.passages.is_empty());
    assert_eq!(comparison.score, 0);
}

/// The original seed as HTML paragraphs.
fn original_paragraphs() -> String {
    fixture(ORIGINAL)
        .lines()
        .map(|l| format!("<p>{l}</p>\n"))
        .collect()
}

#[test]
fn html_pages_are_checked_on_their_article() {
    let paragraphs = original_paragraphs();
    let page = format!(
        "<html><head><title>Mirror</title></head><body><nav><a href=/>Home</a></nav>\
         <article>{paragraphs}</article><footer>Copyright Someone Else</footer></body></html>"
    );
    let checked = check_document(&seed_pack(), Document::Html(&page));
    assert!(checked.report.score >= 95, "score {}", checked.report.score);
    assert!(!checked.article.text.contains("Copyright Someone Else"));
}

#[test]
fn a_copy_beside_a_longer_article_is_found_on_the_whole_page() {
    let copy = original_paragraphs();
    // The page's own article is several times as long as the copy under it, and Readability
    // takes it alone.
    let own: String = (0..10)
        .map(|i| format!("<p>Day {i}, part one. {UNRELATED}</p><p>Day {i}, part two, again: {UNRELATED}</p>\n"))
        .collect();
    let page = format!(
        "<html><head><title>Bakery news</title></head><body><article>{own}</article>\
         <div><div><div><div>{copy}</div></div></div></div></body></html>"
    );
    let checked = check_document(&seed_pack(), Document::Html(&page));
    assert!(
        !checked
            .article
            .text
            .contains("officials declined Sunday on CNN")
    );
    assert_eq!(checked.report.scope, Scope::Page);
    assert_eq!(checked.report.matches[0].id, "000");
    assert!(
        checked.report.score >= ALARM_SCORE,
        "score {}",
        checked.report.score
    );
    // A page that copies nothing anywhere keeps its article's report.
    let clean = check_document(&seed_pack(), Document::Html(&page.replace(&copy, "")));
    assert_eq!(clean.report.scope, Scope::Article);
    assert!(clean.report.matches.is_empty());
}

#[test]
fn a_quotation_in_the_article_does_not_hide_a_copy_beside_it() {
    // The decoy: the page's own article quotes the original, so it matches it a little, while
    // the whole original sits outside the article.
    let quoting = "At a press briefing, one official repeated what NATO's chief had said: \
        \"It is a brutality against civilians we haven't seen in Europe for decades.\" And \
        Blinken said, \"We will look hard, document everything we see\" and \"put it all \
        together\" for the \"relevant institutions and organizations.\"";
    let own: String = (0..10)
        .map(|i| format!("<p>Day {i}. {UNRELATED}</p><p>{quoting} {UNRELATED}</p>\n"))
        .collect();
    let page = format!(
        "<html><head><title>Bakery news</title></head><body><article>{own}</article>\
         <div><div><div><div>{}</div></div></div></div></body></html>",
        original_paragraphs()
    );
    let checked = check_document(&seed_pack(), Document::Html(&page));
    let article_alone = check(&seed_pack(), &checked.article.text);
    assert!(!article_alone.matches.is_empty(), "the decoy should match");
    assert!(
        article_alone.score < ALARM_SCORE,
        "score {}",
        article_alone.score
    );
    assert_eq!(checked.report.scope, Scope::Page);
    assert!(
        checked.report.score >= ALARM_SCORE,
        "score {}",
        checked.report.score
    );
}

#[test]
fn the_spun_copy_scores_at_least_as_high_as_a_verbatim_copy_of_the_same_paragraphs() {
    let pack = seed_pack();
    let original = fixture(ORIGINAL);
    // 001 leaves out the first two paragraphs of 000.
    let same_paragraphs: String = original.lines().skip(2).collect::<Vec<_>>().join("\n\n");
    let verbatim = check(&pack, &same_paragraphs).score;
    let spun = check(&pack, &fixture(SPUN)).score;
    assert!(spun >= verbatim, "spun {spun} < verbatim {verbatim}");
}

#[test]
fn passages_are_labelled_verbatim_spun_or_quoted() {
    use copyspot::matching::PassageKind;
    let pack = seed_pack();
    let kinds = |text: &str| -> Vec<PassageKind> {
        check(&pack, text)
            .matches
            .first()
            .map(|m| m.passages.iter().map(|p| p.kind).collect())
            .unwrap_or_default()
    };
    assert_eq!(kinds(&fixture(ORIGINAL)), [PassageKind::Verbatim]);
    assert!(
        kinds(&fixture(SPUN)).contains(&PassageKind::Spun),
        "{:?}",
        kinds(&fixture(SPUN))
    );
    let quoting = format!(
        "{UNRELATED} A reader wrote to us quoting the report: \"Blinken did say that he believes \
         Russian forces have committed war crimes in Ukraine since the invasion in February.\" {UNRELATED}"
    );
    assert_eq!(kinds(&quoting), [PassageKind::Quoted]);
    assert!(check(&pack, &quoting).score < 20);
}

/// The original with junk words after every `every`-th word, in spans a stylesheet hides in
/// the way `style` says (a scraper's defence against fingerprinting: readers see the article,
/// a text copier gets noise).
fn with_hidden_decoys(every: usize, style: &str) -> String {
    let junk = ["the", "of", "Obsidian", "and", "which", "Paris"];
    let mut paragraphs = String::new();
    for (p, line) in fixture(ORIGINAL).lines().enumerate() {
        paragraphs.push_str("<p>");
        for (i, word) in line.split_whitespace().enumerate() {
            paragraphs.push_str(word);
            paragraphs.push(' ');
            if i % every == every - 1 {
                let decoy = junk[(i + p) % junk.len()];
                paragraphs.push_str(&format!(
                    "<span class=\"w{p}\">{decoy} {} {decoy} </span>",
                    junk[(i + p + 1) % junk.len()]
                ));
            }
        }
        paragraphs.push_str("</p>\n");
    }
    let rules: String = (0..fixture(ORIGINAL).lines().count())
        .map(|p| format!(".w{p}{{{style}}}\n"))
        .collect();
    format!(
        "<html><head><title>Mirror</title><style>body{{font:16px serif}}\n{rules}</style></head>\
         <body><article>{paragraphs}</article></body></html>"
    )
}

#[test]
fn words_the_page_styles_hide_are_not_page_text() {
    for style in [
        "display:none",
        "visibility: hidden",
        "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)",
        "position:absolute; left:-10000px",
    ] {
        let page = with_hidden_decoys(4, style);
        let checked = check_document(&seed_pack(), Document::Html(&page));
        assert_eq!(checked.report.score, 100, "{style}");
        assert!(!checked.article.text.contains("Obsidian"), "{style}");
    }
    // Rendered HTML (the extension's) has already lost what the browser hides: its styles are
    // not applied again, so the decoys left in here are read.
    let page = with_hidden_decoys(4, "display:none");
    let rendered = check_document(&seed_pack(), Document::Rendered(&page));
    assert!(rendered.article.text.contains("Obsidian"));
    assert!(
        rendered.report.score < ALARM_SCORE,
        "score {}",
        rendered.report.score
    );
}

/// A text as a wire feed or an e-mail sends it: lines broken at 68 characters inside
/// paragraphs, each paragraph indented, no blank lines.
fn hard_wrapped(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.lines().filter(|p| !p.trim().is_empty()) {
        let mut line = String::from("   ");
        for word in paragraph.split_whitespace() {
            if !line.trim().is_empty() && line.len() + 1 + word.len() > 68 {
                out += &line;
                out.push('\n');
                line = word.to_owned();
            } else {
                if !line.trim().is_empty() {
                    line.push(' ');
                }
                line += word;
            }
        }
        out += &line;
        out.push('\n');
    }
    out
}

#[test]
fn a_hard_wrapped_original_is_found_whole_but_not_from_one_sentence() {
    // A short original: few fingerprints survive its line breaks, and as a share of them one
    // sentence once read as most of it.
    let original: String = fixture(ORIGINAL)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("\n");
    let pack = pack_of([reference("000", &hard_wrapped(&original))]);
    let whole = check(&pack, &original);
    assert!(whole.score >= 95, "whole copy: {}", whole.score);
    // Its longest sentence of under 40 words.
    let sentence = original
        .lines()
        .flat_map(|line| line.split(". "))
        .filter(|s| s.split_whitespace().count() < 40)
        .max_by_key(|s| s.split_whitespace().count())
        .unwrap_or_default();
    assert!(sentence.split_whitespace().count() >= 25, "{sentence}");
    let page = format!("{UNRELATED}\n{sentence}.\n{UNRELATED}");
    let report = check(&pack, &page);
    // A fifth of a short original: part of it, not a copy.
    assert!(report.score < ALARM_SCORE, "one sentence: {}", report.score);
}
