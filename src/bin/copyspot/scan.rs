//! `copyspot scan`: every HTML page of WARC files checked against a pack on every core. A
//! reader thread un-gzips and parses records into small batches on a short queue; each
//! checking thread takes the next batch when it is done with its own, so no thread waits for
//! another's slowest page; lines come out in archive order. Memory holds the queue and the
//! batches being checked, whatever the archive's size.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use copyspot::sources::warc::{ArchivedPage, read_pages};
use copyspot::{Document, Pack, check_document};
use indicatif::{ProgressBar, ProgressStyle};

use crate::CliError;
use crate::inputs::{InputError, open_archive};

/// A batch closes at this many pages or bytes of HTML. Batches, not pages, go through the
/// queue: waking the reader for every page cost a tenth of the throughput in switches
/// between threads, while a batch is still small beside a thread's share of an archive.
const BATCH_PAGES: usize = 16;
const BATCH_BYTES: usize = 4 << 20;

/// Numbered pages, in archive order.
type Batch = Vec<(usize, ArchivedPage)>;

/// The batches waiting to be checked (one a checking thread), shared by the checking threads.
/// It is dropped with the last of them when checking ends early (standard output closed): the
/// reader's sends then fail, and what it reads on is not kept.
type Queue = Arc<Mutex<Receiver<Batch>>>;

/// Scans `archives`, printing a JSON line for each page with a match (every page with `all`).
pub fn scan(
    pack: &Pack,
    archives: &[String],
    jobs: Option<usize>,
    all: bool,
) -> Result<(), CliError> {
    let threads = jobs
        .filter(|&jobs| jobs > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
    let progress = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {pos} pages {per_sec} {elapsed} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let started = Instant::now();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut totals = Totals::default();
    for archive in archives {
        progress.set_message(archive.clone());
        let reader = open_archive(archive)?;
        let (send_batch, batches) = mpsc::sync_channel(threads);
        let (send_line, lines) = mpsc::channel();
        let passed_over = std::thread::scope(|scope| -> Result<usize, CliError> {
            let cannot_start = |error: io::Error| CliError::Threads(error.to_string());
            let reading = std::thread::Builder::new()
                .spawn_scoped(scope, move || read_in_order(reader, send_batch))
                .map_err(cannot_start)?;
            let queue: Queue = Arc::new(Mutex::new(batches));
            for _ in 0..threads {
                let (queue, send_line) = (Arc::clone(&queue), send_line.clone());
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || check_from(&queue, pack, all, &send_line))
                    .map_err(cannot_start)?;
            }
            drop((queue, send_line));
            write_in_order(lines, &mut out, &progress, &mut totals)?;
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
        totals.passed_over += passed_over;
    }
    out.flush().map_err(CliError::Stdout)?;
    progress.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let Totals {
        pages,
        printed,
        passed_over,
    } = totals;
    eprintln!(
        "{pages} pages checked ({printed} printed, {passed_over} other records passed over) in {seconds:.2} s: {:.0} pages/s on {threads} threads",
        pages as f64 / seconds.max(1e-9),
    );
    Ok(())
}

#[derive(Debug, Default)]
struct Totals {
    pages: usize,
    printed: usize,
    passed_over: usize,
}

/// Reads the archive's pages into `queue` in numbered batches; stops sending when no thread
/// is left to check them.
fn read_in_order(
    reader: impl io::BufRead,
    queue: SyncSender<Batch>,
) -> Result<usize, copyspot::sources::SourceError> {
    let (mut next, mut batch, mut bytes) = (0, Vec::new(), 0);
    let read = read_pages(reader, |page| {
        bytes += page.html.len();
        batch.push((next, page));
        next += 1;
        if batch.len() == BATCH_PAGES || bytes >= BATCH_BYTES {
            bytes = 0;
            // A closed queue means checking stopped: the rest is not wanted.
            let _ = queue.send(std::mem::take(&mut batch));
        }
    });
    let _ = queue.send(batch);
    read
}

/// Checks batches from `queue` until it is empty and closed, sending each page's line.
fn check_from(
    queue: &Queue,
    pack: &Pack,
    all: bool,
    lines: &mpsc::Sender<(usize, Option<String>)>,
) {
    loop {
        // The lock is held only to take a batch, not while checking it.
        let next = queue
            .lock()
            .map_err(|_| ())
            .and_then(|q| q.recv().map_err(|_| ()));
        let Ok(batch) = next else { return };
        for (number, page) in batch {
            if lines.send((number, line(pack, &page, all))).is_err() {
                return;
            }
        }
    }
}

/// Writes the lines as they come, in page order: a line that comes early waits for those
/// before it.
fn write_in_order(
    lines: Receiver<(usize, Option<String>)>,
    out: &mut impl Write,
    progress: &ProgressBar,
    totals: &mut Totals,
) -> Result<(), CliError> {
    let mut waiting: BTreeMap<usize, Option<String>> = BTreeMap::new();
    let mut next = 0;
    for (number, line) in lines {
        waiting.insert(number, line);
        while let Some(line) = waiting.remove(&next) {
            next += 1;
            totals.pages += 1;
            progress.inc(1);
            if let Some(line) = line {
                totals.printed += 1;
                writeln!(out, "{line}").map_err(CliError::Stdout)?;
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_out_in_page_order_whatever_order_they_come_in() {
        let (send, lines) = mpsc::channel();
        for (number, line) in [(2, Some("c")), (0, None), (3, Some("d")), (1, Some("b"))] {
            send.send((number, line.map(str::to_owned))).expect("open");
        }
        drop(send);
        let (mut out, mut totals) = (Vec::new(), Totals::default());
        write_in_order(lines, &mut out, &ProgressBar::hidden(), &mut totals).expect("written");
        assert_eq!(String::from_utf8_lossy(&out), "b\nc\nd\n");
        assert_eq!((totals.pages, totals.printed), (4, 3));
    }
}
