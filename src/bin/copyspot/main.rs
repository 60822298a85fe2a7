//! The `copyspot` command line: argument handling and output around the core.

mod alignment;
mod eval;
mod fetch;
mod gather;
mod inputs;
mod scan;

use std::fs;
use std::io::{self, Write};

/// Prints a line to standard output; a closed pipe (`copyspot check … | head`) ends the run.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(io::stdout().lock(), $($arg)*).map_err(CliError::Stdout)
    };
}
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use copyspot::fingerprint::Channel;
use copyspot::matching::{ALARM_SCORE, Status};
use copyspot::pack::format::{DESCRIPTION_MAX, NAME_MAX};
use copyspot::{Pack, PackBuilder, check_document, compare, extract::extract};
use fetch::Fetcher;
use gather::Gatherer;
use indicatif::{ProgressBar, ProgressStyle};
use inputs::InputError;
use thiserror::Error;

#[derive(Debug, Parser)]
#[command(
    name = "copyspot",
    version,
    about = "Spot scraped copies of articles: build reference packs, check pages against them",
    after_long_help = "Examples:\n  \
        copyspot pack build -o refs.cspk articles/ feed.jsonl\n  \
        copyspot check --pack refs.cspk page.html suspects/\n  \
        copyspot compare suspect.txt original.txt\n\n\
        A score of 50 or more is an alarm (a copy); 20-49 a partial copy; under 20 clean."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build, combine or inspect reference packs (.cspk).
    #[command(
        subcommand,
        after_long_help = "Examples:\n  \
            copyspot pack build -o refs.cspk articles/\n  \
            copyspot pack info refs.cspk"
    )]
    Pack(PackCommand),
    /// Check pages against a pack and print each page's score and best matches.
    ///
    /// Inputs are text or HTML files, folders of them, or - for standard input. HTML is reduced
    /// to its article text first. Exits 1 if any input could not be read or checked.
    #[command(after_long_help = "Examples:\n  \
        copyspot check --pack refs.cspk page.html suspects/\n  \
        curl -s https://example.com/story | copyspot check --pack refs.cspk --json -")]
    Check {
        /// The reference pack (from `copyspot pack build`).
        #[arg(long)]
        pack: String,
        /// One JSON object per input, one per line: {"input": PATH, "report": REPORT}.
        #[arg(long)]
        json: bool,
        /// Files, folders or - (standard input).
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Check every HTML page of WARC archives against a pack, on every core, as JSONL.
    ///
    /// Prints one JSON object a line for each page with a match: {"url", "date", "score",
    /// "matches": [{"id", "title", "source", "score", "passages"}]}; then, on standard error,
    /// pages checked, records passed over and pages a second. Memory stays bounded whatever
    /// the archive's size.
    #[command(after_long_help = "Example:\n  \
        copyspot scan --pack refs.cspk CC-MAIN-2026-49-00000.warc.gz > matches.jsonl")]
    Scan {
        /// The reference pack (.cspk).
        #[arg(long)]
        pack: String,
        /// Threads checking pages (default: one a core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Print every page, matched or not.
        #[arg(long)]
        all: bool,
        /// WARC or WARC.gz files.
        #[arg(required = true)]
        archives: Vec<String>,
    },
    /// Align the passages a suspect text shares with a source text.
    ///
    /// Both may be text or HTML files; prints the score, both shares and each aligned passage.
    #[command(after_long_help = "Example:\n  copyspot compare --json suspect.html original.txt")]
    Compare {
        /// One JSON object with the score and the aligned passages.
        #[arg(long)]
        json: bool,
        /// The text that may be a copy.
        suspect: String,
        /// The text it may copy.
        source: String,
    },
    /// Score main-content extraction against pages with expected output.
    ///
    /// The folder holds one folder a page with source.html and expected.html, as in Mozilla
    /// Readability's test pages; prints precision, recall and F1 over the pages' words.
    #[command(after_long_help = "Example:\n  \
        copyspot eval-extraction --pages ../shared/corpus/readability-test-pages")]
    EvalExtraction {
        /// Print every page's precision and recall.
        #[arg(long)]
        pages: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// The folder of test pages.
        folder: String,
    },
    /// Score passage alignment on a PAN text-alignment corpus: plagdet per obfuscation type.
    ///
    /// The folder holds `susp/`, `src/` and one folder a type with a `pairs` file and a truth
    /// XML a pair, as the PAN 2013 corpora do. Prints PAN's precision, recall, granularity and
    /// plagdet per type and overall, the document-level AUC and the time a pair.
    #[command(after_long_help = "Example:\n  \
        copyspot eval-alignment --per-type 100 ../shared/corpus/pan13-train")]
    EvalAlignment {
        /// Only the first N pairs of each type.
        #[arg(long)]
        per_type: Option<usize>,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<String>,
        /// The corpus folder.
        folder: String,
    },
    /// Score detection over labelled test pages: caught and false-alarm rates per set.
    ///
    /// The sets are JSONL written by tests/eval/make-sets.mjs (`./build.sh eval` makes them and
    /// the pack).
    #[command(after_long_help = "Example:\n  \
        copyspot eval --pack target/copyspot/eval/pack.cspk --misses target/copyspot/eval/sets.jsonl")]
    Eval {
        /// The pack the sets were made against.
        #[arg(long)]
        pack: String,
        /// Also write the figures as JSON here.
        #[arg(long)]
        json: Option<String>,
        /// Use the verbatim channel only (to see what the spin-robust channel buys).
        #[arg(long)]
        verbatim_only: bool,
        /// Print every missed copy and false alarm to standard error.
        #[arg(long)]
        misses: bool,
        /// The labelled pages (JSONL).
        sets: String,
    },
    /// Print the article text extracted from a page (HTML or text).
    ///
    /// What `check` fingerprints: the main article, with the page's hidden text and
    /// boilerplate (comments, share bars, related links) left out.
    #[command(after_long_help = "Example:\n  copyspot extract --json page.html")]
    Extract {
        /// Print the title, the article text and its paragraphs' byte ranges as JSON.
        #[arg(long)]
        json: bool,
        /// A text or HTML file, or - for standard input.
        input: String,
    },
}

#[derive(Debug, Subcommand)]
enum PackCommand {
    /// Build a pack from files, folders, feeds, sitemaps, site exports and web archives.
    ///
    /// Inputs are files or http(s) URLs: .txt (first line the title), HTML pages (reduced to
    /// their article), JSONL ({"id", "title", "url", "text" | "html"} a line), RSS/Atom/JSON
    /// feeds (full content when the feed carries it, else the linked pages are fetched),
    /// sitemaps and sitemap indexes (every page fetched), WordPress (WXR) and Ghost exports,
    /// and WARC/WARC.gz files (their HTML responses); folders are searched for all of these.
    /// Fetching honours robots.txt, asks one host at a time with a delay, and retries with
    /// backoff. Word-for-word duplicates are stored once. Prints references, duplicates merged,
    /// fingerprints, bytes, time and what was skipped and why.
    #[command(after_long_help = "Examples:\n  \
        copyspot pack build -o refs.cspk articles/ more.jsonl\n  \
        copyspot pack build -o site.cspk https://example.org/sitemap.xml\n  \
        copyspot pack build --update site.cspk -o site.cspk https://example.org/feed/")]
    Build {
        /// Where to write the pack.
        #[arg(short, long)]
        output: String,
        /// Start from this pack and add only what it does not hold yet (may be the output).
        #[arg(long, value_name = "OLD.cspk")]
        update: Option<String>,
        /// Seconds between two requests to one host (robots.txt's Crawl-delay when longer).
        #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
        delay: f64,
        #[command(flatten)]
        about: About,
        /// Files, folders and URLs.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Combine packs into one (a reference id found twice is kept once, from the first pack).
    #[command(after_long_help = "Example:\n  copyspot pack merge -o all.cspk news.cspk blog.cspk")]
    Merge {
        /// Where to write the merged pack.
        #[arg(short, long)]
        output: String,
        #[command(flatten)]
        about: About,
        /// The packs to combine, in order of precedence.
        #[arg(required = true)]
        packs: Vec<String>,
    },
    /// Show what a pack holds: references, fingerprints, bytes, format version.
    #[command(after_long_help = "Example:\n  copyspot pack info --json refs.cspk")]
    Info {
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// The pack file.
        pack: String,
    },
}

/// The name and description a pack carries, shown to those who subscribe to it.
#[derive(Debug, clap::Args)]
struct About {
    /// The pack's name, in a line (at most 200 bytes). Default: the updated or first pack's.
    #[arg(long)]
    name: Option<String>,
    /// What the pack holds and who keeps it (at most 2,000 bytes). Default: as for --name.
    #[arg(long)]
    description: Option<String>,
}

impl About {
    /// Names the pack being built: as asked, else as `old` was.
    fn describe(&self, builder: &mut PackBuilder, old: Option<&Pack>) -> Result<(), CliError> {
        let name = self
            .name
            .as_deref()
            .or(old.map(Pack::name))
            .unwrap_or_default();
        let description = (self.description.as_deref())
            .or(old.map(Pack::description))
            .unwrap_or_default();
        for (option, value, max) in [
            ("--name", name, NAME_MAX),
            ("--description", description, DESCRIPTION_MAX),
        ] {
            if value.len() > max {
                return Err(CliError::TooLong {
                    option,
                    bytes: value.len(),
                    max,
                });
            }
        }
        builder.describe(name, description);
        Ok(())
    }
}

#[derive(Debug, Error)]
enum CliError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Corpus(#[from] alignment::CorpusError),
    #[error("{path}: {source}")]
    Pack {
        path: String,
        source: copyspot::PackError,
    },
    #[error("{path}: cannot write: {source}")]
    Write { path: String, source: io::Error },
    #[error("{option} is {bytes} bytes long; a pack keeps at most {max}: shorten it")]
    TooLong {
        option: &'static str,
        bytes: usize,
        max: usize,
    },
    #[error("no references with enough words to fingerprint in the inputs")]
    NoReferences,
    #[error("cannot write to standard output: {0}")]
    Stdout(io::Error),
    #[error("cannot start the checking threads: {0}")]
    Threads(String),
    #[error("{0} of the inputs could not be checked (see above)")]
    SomeInputsFailed(usize),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Pack(PackCommand::Build {
            output,
            update,
            delay,
            about,
            inputs,
        }) => build_pack(&output, update.as_deref(), delay, &about, &inputs),
        Command::Scan {
            pack,
            jobs,
            all,
            archives,
        } => load_pack(&pack).and_then(|pack| scan::scan(&pack, &archives, jobs, all)),
        Command::Pack(PackCommand::Info { json, pack }) => pack_info(&pack, json),
        Command::Pack(PackCommand::Merge {
            output,
            about,
            packs,
        }) => merge_packs(&output, &about, &packs),
        Command::Check { pack, json, inputs } => check(&pack, &inputs, json),
        Command::Compare {
            json,
            suspect,
            source,
        } => compare_files(&suspect, &source, json),
        Command::Extract { json, input } => extract_file(&input, json),
        Command::Eval {
            pack,
            json,
            verbatim_only,
            misses,
            sets,
        } => eval_detection(&pack, &sets, json.as_deref(), verbatim_only, misses),
        Command::EvalAlignment {
            per_type,
            json,
            folder,
        } => eval_alignment(&folder, per_type, json.as_deref()),
        Command::EvalExtraction {
            pages,
            json,
            folder,
        } => eval_extraction(&folder, pages, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Stdout(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("copyspot: {error}");
            ExitCode::FAILURE
        }
    }
}

fn build_pack(
    output: &str,
    update: Option<&str>,
    delay: f64,
    about: &About,
    inputs: &[String],
) -> Result<(), CliError> {
    let started = Instant::now();
    let progress = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} references {elapsed} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let delay = Duration::try_from_secs_f64(delay).unwrap_or(Duration::from_secs(1));
    let mut gatherer = Gatherer::new(Fetcher::new(delay), progress.clone());
    let mut builder = PackBuilder::new();
    let old = update.map(load_pack).transpose()?;
    about.describe(&mut builder, old.as_ref())?;
    if let Some(old) = &old {
        gatherer.know(old);
        builder.add_pack(old);
    }
    let before = builder.len();
    for input in inputs {
        gatherer.gather(input, &mut |reference| builder.add(reference))?;
    }
    progress.finish_and_clear();
    if builder.is_empty() {
        return Err(CliError::NoReferences);
    }
    let added = builder.len() - before;
    let (bytes, summary) = builder.build();
    write_atomically(output, &bytes)?;
    say!(
        "{output}: {} references{} ({} duplicates merged, {} too short), {} fingerprints, {} bytes ({} per reference), {:.2} s",
        summary.references,
        if old.is_some() {
            format!(", {added} new")
        } else {
            String::new()
        },
        summary.duplicates,
        summary.too_short,
        summary.fingerprints,
        summary.bytes,
        summary.bytes / u64::from(summary.references.max(1)),
        started.elapsed().as_secs_f64()
    )?;
    if !gatherer.skipped.is_empty() {
        let reasons: Vec<String> = gatherer
            .skipped
            .iter()
            .map(|(reason, count)| format!("{count} {reason}"))
            .collect();
        say!("skipped: {}", reasons.join(", "))?;
    }
    Ok(())
}

/// Writes beside the target and renames, so an interrupted build never leaves half a pack.
fn write_atomically(path: &str, bytes: &[u8]) -> Result<(), CliError> {
    let error = |source| CliError::Write {
        path: path.to_owned(),
        source,
    };
    let partial = format!("{path}.partial");
    fs::write(&partial, bytes).map_err(error)?;
    fs::rename(&partial, path).map_err(error)
}

fn load_pack(path: &str) -> Result<Pack, CliError> {
    let bytes = fs::read(path).map_err(|source| {
        CliError::Input(InputError::Read {
            path: path.to_owned(),
            source,
        })
    })?;
    Pack::from_bytes(bytes).map_err(|source| CliError::Pack {
        path: path.to_owned(),
        source,
    })
}

fn merge_packs(output: &str, about: &About, packs: &[String]) -> Result<(), CliError> {
    let mut builder = PackBuilder::new();
    for (i, path) in packs.iter().enumerate() {
        let pack = load_pack(path)?;
        if i == 0 {
            about.describe(&mut builder, Some(&pack))?;
        }
        builder.add_pack(&pack);
    }
    let (bytes, summary) = builder.build();
    write_atomically(output, &bytes)?;
    say!(
        "{output}: {} references from {} packs ({} ids already present skipped), {} fingerprints, {} bytes",
        summary.references,
        packs.len(),
        summary.duplicates,
        summary.fingerprints,
        summary.bytes
    )?;
    Ok(())
}

fn pack_info(path: &str, json: bool) -> Result<(), CliError> {
    let info = load_pack(path)?.info();
    if json {
        say!("{}", serde_json::json!(info))?;
    } else {
        if !info.name.is_empty() {
            say!("{}", info.name)?;
        }
        if !info.description.is_empty() {
            say!("{}", info.description)?;
        }
        say!(
            "{path}: format version {}, {} references, {} verbatim fingerprints ({}-word n-grams, window {} on pages and {} stored), {} robust fingerprints ({}-grams, windows {} and {}), {} duplicates merged, {} boilerplate keys dropped, {} bytes",
            info.version,
            info.references,
            info.verbatim_fingerprints,
            info.parameters[0],
            info.parameters[1],
            info.reference_windows[0],
            info.robust_fingerprints,
            info.parameters[2],
            info.parameters[3],
            info.reference_windows[1],
            info.duplicates_merged,
            info.boilerplate_keys_dropped,
            info.bytes
        )?;
    }
    Ok(())
}

fn check(pack_path: &str, inputs: &[String], json: bool) -> Result<(), CliError> {
    let pack = load_pack(pack_path)?;
    let mut rows = Vec::new();
    let mut failed = 0;
    for input in inputs {
        let files = match inputs::expand(input) {
            Ok(files) => files,
            Err(error) => {
                eprintln!("copyspot: {error}");
                failed += 1;
                continue;
            }
        };
        for file in files {
            let text = match inputs::read_text(&file) {
                Ok(text) => text,
                Err(error) => {
                    eprintln!("copyspot: {error}");
                    failed += 1;
                    continue;
                }
            };
            let report = check_document(&pack, inputs::document(&file, &text)).report;
            if json {
                say!("{}", serde_json::json!({ "input": file, "report": report }))?;
            } else {
                rows.push((file, report));
            }
        }
    }
    if !json {
        rows.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.cmp(&b.0)));
        say!(
            "{:>5}  {:>6}  {:<40}  best match",
            "score",
            "words",
            "input"
        )?;
        for (file, report) in &rows {
            let best = match (report.status, report.matches.first()) {
                (Status::NoArticleText, _) => "(no article text)".to_owned(),
                (_, None) => "-".to_owned(),
                (_, Some(m)) => format!(
                    "{} \"{}\": {:.0}% of it on the page, {:.0}% of the page copied{}",
                    m.id,
                    shorten(&m.title, 50),
                    m.reference_share * 100.0,
                    m.page_share * 100.0,
                    if m.score >= ALARM_SCORE { "  COPY" } else { "" }
                ),
            };
            say!(
                "{:>5}  {:>6}  {:<40}  {best}",
                report.score,
                report.words,
                file
            )?;
        }
    }
    if failed > 0 {
        return Err(CliError::SomeInputsFailed(failed));
    }
    Ok(())
}

fn compare_files(suspect: &str, source: &str, json: bool) -> Result<(), CliError> {
    let read = |path: &str| -> Result<String, CliError> {
        let text = inputs::read_text(path)?;
        Ok(extract(inputs::document(path, &text)).text)
    };
    let (suspect_text, source_text) = (read(suspect)?, read(source)?);
    let comparison = compare(&suspect_text, &source_text);
    if json {
        say!("{}", serde_json::json!(comparison))?;
        return Ok(());
    }
    say!(
        "score {}: {:.0}% of {} ({} words) appears in {}; {:.0}% of {} ({} words) is copied",
        comparison.score,
        comparison.source_share * 100.0,
        source,
        comparison.source_words,
        suspect,
        comparison.suspect_share * 100.0,
        suspect,
        comparison.suspect_words
    )?;
    for passage in &comparison.passages {
        let excerpt: String = suspect_text
            .chars()
            .skip(passage.suspect.start)
            .take(passage.suspect.end - passage.suspect.start)
            .collect();
        say!(
            "  suspect {}..{} = source {}..{} ({} words): {}",
            passage.suspect.start,
            passage.suspect.end,
            passage.source.start,
            passage.source.end,
            passage.words,
            shorten(&excerpt, 70)
        )?;
    }
    Ok(())
}

fn extract_file(input: &str, json: bool) -> Result<(), CliError> {
    let text = inputs::read_text(input)?;
    let article = extract(inputs::document(input, &text));
    if json {
        say!("{}", serde_json::json!(article))?;
    } else {
        say!("{}\n\n{}", article.title, article.text)?;
    }
    Ok(())
}

fn eval_alignment(
    folder: &str,
    per_type: Option<usize>,
    json: Option<&str>,
) -> Result<(), CliError> {
    let figures = alignment::evaluate(std::path::Path::new(folder), per_type)?;
    say!("{}", alignment::table(&figures))?;
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&figures).unwrap_or_default();
        write_atomically(path, text.as_bytes())?;
    }
    Ok(())
}

fn eval_detection(
    pack_path: &str,
    sets: &str,
    json: Option<&str>,
    verbatim_only: bool,
    misses: bool,
) -> Result<(), CliError> {
    let pack = load_pack(pack_path)?;
    let content = inputs::read_text(sets)?;
    let pages = content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            serde_json::from_str::<eval::TestPage>(line).map_err(|e| {
                CliError::Input(InputError::Jsonl {
                    path: sets.to_owned(),
                    line: index + 1,
                    message: e.to_string(),
                })
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let started = Instant::now();
    let channels: &[Channel] = if verbatim_only {
        &[Channel::Verbatim]
    } else {
        &Channel::ALL
    };
    let figures = eval::evaluate(&pack, &pages, channels, misses);
    say!("{}", eval::table(&figures))?;
    say!(
        "{} pages checked in {:.2} s against {} references",
        pages.len(),
        started.elapsed().as_secs_f64(),
        pack.len()
    )?;
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&figures).unwrap_or_default();
        write_atomically(path, text.as_bytes())?;
    }
    Ok(())
}

fn eval_extraction(folder: &str, show_pages: bool, json: bool) -> Result<(), CliError> {
    use copyspot::extract::quality::{PageScore, Summary};
    let read_error = |source| {
        CliError::Input(InputError::Read {
            path: folder.to_owned(),
            source,
        })
    };
    let mut pages: Vec<_> = fs::read_dir(folder)
        .map_err(read_error)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file() && p.join("expected.html").is_file())
        .collect();
    pages.sort();
    let mut scores = Vec::new();
    let mut millis = Vec::new();
    for page in &pages {
        let source = inputs::read_text(&page.join("source.html").to_string_lossy())?;
        let expected = inputs::read_text(&page.join("expected.html").to_string_lossy())?;
        let started = Instant::now();
        let article = extract(copyspot::Document::Html(&source));
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
        let score = PageScore::of(&article.text, &copyspot::extract::html_text(&expected));
        if show_pages {
            let name = page
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            say!("{:>6.3} {:>6.3}  {name}", score.precision, score.recall)?;
        }
        scores.push(score);
    }
    let summary = Summary::of(&scores);
    millis.sort_by(f64::total_cmp);
    let percentile = |p: usize| millis.get(millis.len() * p / 100).copied().unwrap_or(0.0);
    let (median, p95) = (percentile(50), percentile(95));
    if json {
        say!(
            "{}",
            serde_json::json!({ "summary": summary, "median_ms": median, "p95_ms": p95 })
        )?;
    } else {
        say!(
            "{} pages: precision {:.4}, recall {:.4}, F1 {:.4}; extraction {median:.2} ms median, {p95:.2} ms p95",
            summary.pages,
            summary.precision,
            summary.recall,
            summary.f1
        )?;
    }
    Ok(())
}

/// The first `max` characters of a one-line version of `text`.
fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}
