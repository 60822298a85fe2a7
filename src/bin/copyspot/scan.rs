//! `copyspot scan`: every HTML page of WARC files checked against a pack on every core. Pages
//! are read as a stream and checked a batch at a time, so memory holds one batch whatever the
//! archive's size, and lines come out in archive order.

use std::io::{self, Write};
use std::sync::mpsc;
use std::time::Instant;

use copyspot::sources::warc::{ArchivedPage, read_pages};
use copyspot::{Document, Pack, check_document};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::CliError;
use crate::inputs::{InputError, open_archive};

/// Pages checked together: enough to keep every core busy, few enough to bound memory.
const BATCH: usize = 512;

/// Scans `archives`, printing a JSON line for each page with a match (every page with `all`).
pub fn scan(
    pack: &Pack,
    archives: &[String],
    jobs: Option<usize>,
    all: bool,
) -> Result<(), CliError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| CliError::Threads(e.to_string()))?;
    let progress = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} pages {per_sec} {elapsed} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let started = Instant::now();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let (mut pages, mut matched, mut passed_over) = (0usize, 0usize, 0usize);
    for archive in archives {
        progress.set_message(archive.clone());
        let reader = open_archive(archive)?;
        // One thread reads and un-gzips the next batch while the pool checks this one.
        let (send, batches) = mpsc::sync_channel::<Vec<ArchivedPage>>(1);
        let read = std::thread::scope(|scope| -> Result<usize, CliError> {
            let reading = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let read = read_pages(reader, |page| {
                    batch.push(page);
                    if batch.len() == BATCH {
                        // A closed channel means the checking side failed: stop sending.
                        let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                });
                let _ = send.send(batch);
                read
            });
            for batch in batches {
                let lines: Vec<Option<String>> =
                    pool.install(|| batch.par_iter().map(|page| line(pack, page, all)).collect());
                pages += batch.len();
                progress.inc(batch.len() as u64);
                for line in lines.into_iter().flatten() {
                    matched += 1;
                    writeln!(out, "{line}").map_err(CliError::Stdout)?;
                }
            }
            let read = reading
                .join()
                .map_err(|_| CliError::Threads("the reader stopped".into()))?;
            read.map_err(|error| {
                CliError::Input(InputError::Source {
                    path: archive.clone(),
                    message: error.to_string(),
                })
            })
        })?;
        passed_over += read;
    }
    out.flush().map_err(CliError::Stdout)?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "{pages} pages checked ({matched} printed, {passed_over} other records passed over) in {seconds:.2} s: {:.0} pages/s on {} threads",
        pages as f64 / seconds.max(1e-9),
        pool.current_num_threads()
    );
    Ok(())
}

/// The page's JSON line, when it matched something (or `all`).
fn line(pack: &Pack, page: &ArchivedPage, all: bool) -> Option<String> {
    let report = check_document(pack, Document::Html(&page.html)).report;
    if report.matches.is_empty() && !all {
        return None;
    }
    Some(
        serde_json::json!({
            "url": page.url,
            "date": page.date,
            "score": report.score,
            "matches": report.matches,
        })
        .to_string(),
    )
}
