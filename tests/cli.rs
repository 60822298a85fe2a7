//! The `copyspot` command line, run as a user would.

mod common;

use common::*;

fn seed_pack(dir: &std::path::Path) -> String {
    let pack = dir.join("seeds.cspk").to_string_lossy().into_owned();
    let original = fixture_path(ORIGINAL).to_string_lossy().into_owned();
    let output = copyspot(&["pack", "build", "-o", &pack, &original]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("1 references"),
        "{}",
        stdout(&output)
    );
    pack
}

#[test]
fn build_info_check_and_compare() {
    let dir = temp_dir("flow");
    let pack = seed_pack(&dir);
    let info = copyspot(&["pack", "info", "--json", &pack]);
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).expect("info is JSON");
    assert_eq!(info["references"], 1);

    let fixtures = fixture_path("").to_string_lossy().into_owned();
    let check = copyspot(&["check", "--json", "--pack", &pack, &fixtures]);
    assert!(check.status.success(), "{}", stderr(&check));
    let lines: Vec<serde_json::Value> = stdout(&check)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let seeds: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l["input"].as_str().unwrap().contains("/00"))
        .collect();
    assert_eq!(seeds.len(), 3, "one line per seed in the folder");
    assert!(lines.len() > 3, "the folder's pages/ are checked too");
    for line in seeds {
        assert_eq!(line["report"]["matches"][0]["id"], "000_65db108d60c74e38");
        assert!(line["report"]["score"].as_u64().unwrap() >= 70);
    }

    let table = copyspot(&["check", "--pack", &pack, &fixtures]);
    assert!(
        stdout(&table)
            .lines()
            .nth(1)
            .unwrap()
            .trim_start()
            .starts_with("100")
    );

    let spun = fixture_path(SPUN).to_string_lossy().into_owned();
    let original = fixture_path(ORIGINAL).to_string_lossy().into_owned();
    let compare = copyspot(&["compare", "--json", &spun, &original]);
    let compare: serde_json::Value = serde_json::from_slice(&compare.stdout).expect("JSON");
    assert!(compare["score"].as_u64().unwrap() >= 70);
    assert!(compare["passages"][0]["source"]["start"].is_u64());
}

#[test]
fn bad_input_exits_1_with_one_line() {
    let dir = temp_dir("bad");
    let pack = seed_pack(&dir);
    let junk = dir.join("junk.bin");
    std::fs::write(
        &junk,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let junk = junk.to_string_lossy().into_owned();
    let empty = empty.to_string_lossy().into_owned();
    let missing = dir.join("missing.txt").to_string_lossy().into_owned();

    for (args, expected) in [
        (vec!["check", "--pack", &missing, &empty], "cannot read"),
        (
            vec!["check", "--pack", &junk, &empty],
            "not a copyspot pack",
        ),
        (vec!["check", "--pack", &pack, &junk], "binary data"),
        (vec!["check", "--pack", &pack, &empty], "empty input"),
        (vec!["check", "--pack", &pack, &missing], "cannot read"),
        (vec!["compare", &junk, &empty], "binary data"),
        (vec!["pack", "info", &empty], "not a copyspot pack"),
        (vec!["pack", "build", "-o", &missing, &empty], "empty input"),
    ] {
        let output = copyspot(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert!(message.contains(expected), "{args:?}: {message}");
        assert!(!message.contains("panicked"), "{args:?}: {message}");
    }

    // A text with a stray NUL, as scraped text can hold, is still text.
    let stray = dir.join("stray.txt");
    std::fs::write(
        &stray,
        format!(
            "{}\0{}",
            "plain words ".repeat(20),
            "more words ".repeat(20)
        ),
    )
    .unwrap();
    let stray = stray.to_string_lossy().into_owned();
    let output = copyspot(&["compare", &stray, &stray]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn damaged_pack_is_named_as_such() {
    let dir = temp_dir("damaged");
    let pack = seed_pack(&dir);
    let bytes = std::fs::read(&pack).unwrap();
    let truncated = dir.join("truncated.cspk");
    std::fs::write(&truncated, &bytes[..bytes.len() - 3]).unwrap();
    let output = copyspot(&["pack", "info", &truncated.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("truncated"), "{}", stderr(&output));
}

#[test]
fn jsonl_references_and_html_pages() {
    let dir = temp_dir("jsonl");
    let original = fixture(ORIGINAL);
    let record = serde_json::json!({
        "id": "politico-1", "title": "Officials decline to call it genocide",
        "url": "https://example.org/politico-1", "text": original,
    });
    let jsonl = dir.join("refs.jsonl");
    std::fs::write(&jsonl, format!("{record}\n\n{{\"id\": \"broken\"}}\n")).unwrap();
    let pack = dir.join("refs.cspk").to_string_lossy().into_owned();
    let jsonl = jsonl.to_string_lossy().into_owned();
    let output = copyspot(&["pack", "build", "-o", &pack, &jsonl]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a record without text is an error"
    );
    assert!(
        stderr(&output).contains("refs.jsonl:3"),
        "{}",
        stderr(&output)
    );

    std::fs::write(&jsonl, format!("{record}\n")).unwrap();
    assert!(
        copyspot(&["pack", "build", "-o", &pack, &jsonl])
            .status
            .success()
    );
    let html: String = original.lines().map(|l| format!("<p>{l}</p>")).collect();
    let page = dir.join("mirror.html");
    std::fs::write(
        &page,
        format!("<html><body><nav>Menu</nav><article>{html}</article></body></html>"),
    )
    .unwrap();
    let check = copyspot(&["check", "--json", "--pack", &pack, &page.to_string_lossy()]);
    let line: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    assert_eq!(
        line["report"]["matches"][0]["source"],
        "https://example.org/politico-1"
    );
    assert!(line["report"]["score"].as_u64().unwrap() >= 95);
}

#[test]
fn pack_builds_are_reproducible_byte_for_byte() {
    let dir = temp_dir("reproducible");
    let fixtures = fixture_path("").to_string_lossy().into_owned();
    let build = |name: &str| {
        let path = dir.join(name).to_string_lossy().into_owned();
        assert!(
            copyspot(&["pack", "build", "-o", &path, &fixtures])
                .status
                .success()
        );
        std::fs::read(&path).unwrap()
    };
    assert_eq!(build("a.cspk"), build("b.cspk"));
}

#[test]
fn packs_merge_into_one_that_finds_both() {
    let dir = temp_dir("merge");
    let seeds = seed_pack(&dir);
    let unrelated = dir.join("unrelated.txt");
    std::fs::write(&unrelated, UNRELATED).unwrap();
    let other = dir.join("other.cspk").to_string_lossy().into_owned();
    assert!(
        copyspot(&["pack", "build", "-o", &other, &unrelated.to_string_lossy()])
            .status
            .success()
    );
    let merged = dir.join("merged.cspk").to_string_lossy().into_owned();
    let output = copyspot(&["pack", "merge", "-o", &merged, &seeds, &other, &seeds]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("2 references from 3 packs (1 ids already present skipped)"),
        "{}",
        stdout(&output)
    );
    for (page, id) in [
        (fixture_path(AGGREGATOR), "000_65db108d60c74e38"),
        (unrelated, "unrelated"),
    ] {
        let check = copyspot(&[
            "check",
            "--json",
            "--pack",
            &merged,
            &page.to_string_lossy(),
        ]);
        let line: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
        assert_eq!(line["report"]["matches"][0]["id"], id);
        assert!(line["report"]["score"].as_u64().unwrap() >= 95);
    }
}

#[test]
fn a_pack_is_named_at_build_and_keeps_its_name_through_updates_and_merges() {
    let dir = temp_dir("named");
    let pack = dir.join("named.cspk").to_string_lossy().into_owned();
    let original = fixture_path(ORIGINAL).to_string_lossy().into_owned();
    let about = [
        "--name",
        "Harbour Gazette",
        "--description",
        "Our articles since 2019.",
    ];
    let build = copyspot(&[&["pack", "build", "-o", &pack][..], &about, &[&original]].concat());
    assert!(build.status.success(), "{}", stderr(&build));
    let info = |path: &str| -> serde_json::Value {
        serde_json::from_slice(&copyspot(&["pack", "info", "--json", path]).stdout).expect("JSON")
    };
    assert_eq!(info(&pack)["name"], "Harbour Gazette");
    assert_eq!(info(&pack)["description"], "Our articles since 2019.");
    assert_eq!(info(&pack)["version"], 5);
    let shown = stdout(&copyspot(&["pack", "info", &pack]));
    assert!(
        shown.starts_with("Harbour Gazette\nOur articles since 2019.\n"),
        "{shown}"
    );

    let unrelated = dir.join("unrelated.txt");
    std::fs::write(&unrelated, UNRELATED).unwrap();
    let unrelated = unrelated.to_string_lossy().into_owned();
    let update = copyspot(&["pack", "build", "--update", &pack, "-o", &pack, &unrelated]);
    assert!(update.status.success(), "{}", stderr(&update));
    assert_eq!(info(&pack)["name"], "Harbour Gazette");
    assert_eq!(info(&pack)["references"], 2);

    let merged = dir.join("merged.cspk").to_string_lossy().into_owned();
    let merge = copyspot(&["pack", "merge", "--name", "All", "-o", &merged, &pack]);
    assert!(merge.status.success(), "{}", stderr(&merge));
    assert_eq!(info(&merged)["name"], "All");
    assert_eq!(info(&merged)["description"], "Our articles since 2019.");

    let long = "x".repeat(201);
    let refused = copyspot(&["pack", "build", "--name", &long, "-o", &merged, &original]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("--name is 201 bytes long; a pack keeps at most 200"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn every_command_says_what_it_does_in_one_line_with_an_example() {
    let commands: &[&[&str]] = &[
        &[],
        &["pack"],
        &["pack", "build"],
        &["pack", "merge"],
        &["pack", "info"],
        &["check"],
        &["scan"],
        &["compare"],
        &["extract"],
        &["eval"],
        &["eval-extraction"],
        &["eval-alignment"],
    ];
    for command in commands {
        let short = copyspot(&[*command, &["-h"][..]].concat());
        let summary = stdout(&short);
        let first_line = summary.lines().next().unwrap_or_default();
        assert!(
            !first_line.is_empty() && summary.lines().nth(1) == Some(""),
            "{command:?} -h should open with one line: {summary}"
        );
        let long = stdout(&copyspot(&[*command, &["--help"][..]].concat()));
        assert!(
            long.contains("Example") && long.contains("copyspot "),
            "{command:?} --help has no example: {long}"
        );
    }
}

#[test]
fn files_of_the_same_name_in_different_folders_are_all_kept() {
    let dir = temp_dir("stems");
    let original = fixture(ORIGINAL);
    let halves = original.split_at(original.len() / 2);
    for (folder, text) in [("business", halves.0), ("sport", halves.1)] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("001.txt"), text).unwrap();
    }
    let pack = dir.join("p.cspk").to_string_lossy().into_owned();
    let output = copyspot(&["pack", "build", "-o", &pack, &dir.to_string_lossy()]);
    assert!(
        stdout(&output).contains(": 2 references"),
        "{}",
        stdout(&output)
    );
    // Updating with the same folder adds nothing: the paths are known.
    let output = copyspot(&[
        "pack",
        "build",
        "--update",
        &pack,
        "-o",
        &pack,
        &dir.to_string_lossy(),
    ]);
    assert!(
        stdout(&output).contains(": 2 references, 0 new"),
        "{}",
        stdout(&output)
    );
}
