//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use copyspot::{Pack, PackBuilder, ReferenceDoc};

pub const ORIGINAL: &str = "000_65db108d60c74e38.txt";
pub const SPUN: &str = "001_d6cec7cc6cecf5e2.txt";
pub const AGGREGATOR: &str = "002_5543096b6f1dd9d0.txt";

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("fixture is readable")
}

/// `../shared/corpus/bbc` beside the project, or `None` with a notice that the test is skipped.
pub fn bbc_corpus(test: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/bbc");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("SKIPPED {test}: ../shared/corpus/bbc is absent");
        None
    }
}

/// BBC articles by topic, sorted: (topic, file name, text).
pub fn bbc_articles(corpus: &Path) -> Vec<(String, String, String)> {
    let mut articles = Vec::new();
    for topic in ["business", "entertainment", "politics", "sport", "tech"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join(topic))
            .expect("topic folder")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).expect("article");
            let name = file
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            articles.push((
                topic.to_owned(),
                name,
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    articles
}

pub fn reference(id: &str, text: &str) -> ReferenceDoc {
    ReferenceDoc {
        id: id.to_owned(),
        title: text.lines().next().unwrap_or_default().to_owned(),
        source: format!("test://{id}"),
        text: text.to_owned(),
    }
}

pub fn pack_of(references: impl IntoIterator<Item = ReferenceDoc>) -> Pack {
    let mut builder = PackBuilder::new();
    references.into_iter().for_each(|r| builder.add(r));
    Pack::from_bytes(builder.build().0).expect("fresh pack loads")
}

/// An article that has nothing to do with the seeds (written for these tests).
pub const UNRELATED: &str = "The village bakery on Elm Street reopened this week after a \
    three-month renovation that replaced its old brick oven with a modern wood-fired one. The \
    owners, a retired schoolteacher and her son, said the new oven bakes sourdough loaves more \
    evenly and lets them start earlier in the morning. Regular customers queued before dawn on \
    the first day, and by nine o'clock the shelves of rye bread, cinnamon rolls and seeded \
    baguettes were empty. The family plans to add a small seating area in the spring and to \
    offer weekend baking classes for children from the local primary school.";

/// Runs the `copyspot` command line.
pub fn copyspot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copyspot"))
        .args(args)
        .output()
        .expect("copyspot runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh, empty folder under the system's temporary one.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("copyspot-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
