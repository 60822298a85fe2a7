//! Gathering references from every kind of input `pack build` takes: folders, text, HTML and
//! JSONL files as before, and feeds, sitemaps (and their indexes), WordPress and Ghost exports
//! and WARC files, each from a file or a URL. Pages a feed or sitemap only links to are
//! fetched; what could not be used is counted by reason for the build's summary.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

use copyspot::sources::{self, Format, Item, warc};
use copyspot::{Document, Pack, ReferenceDoc, extract::extract};
use flate2::read::MultiGzDecoder;
use indicatif::ProgressBar;

use crate::fetch::{Fetcher, Skip};
use crate::inputs::{self, InputError};

/// Why a page is not added again.
const ALREADY: &str = "already in the pack or listed twice";
/// Sitemap indexes nest at most this deep (the protocol allows one level; some sites use more).
const MAX_SITEMAP_DEPTH: usize = 4;

/// Collects references, skipping what an older pack already holds.
pub struct Gatherer {
    fetcher: Fetcher,
    /// Ids, aliases and sources already in the pack being updated.
    old: HashSet<String>,
    /// URLs (pages, sitemaps) already used this run: a page both a feed and a sitemap list is
    /// fetched once.
    seen: HashSet<String>,
    /// Why inputs or items were not used, and how often.
    pub skipped: BTreeMap<String, usize>,
    progress: ProgressBar,
}

impl std::fmt::Debug for Gatherer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gatherer")
            .field("old", &self.old.len())
            .field("skipped", &self.skipped)
            .finish()
    }
}

impl Gatherer {
    pub fn new(fetcher: Fetcher, progress: ProgressBar) -> Self {
        Gatherer {
            fetcher,
            old: HashSet::new(),
            seen: HashSet::new(),
            skipped: BTreeMap::new(),
            progress,
        }
    }

    /// Skips whatever `pack` holds already (`pack build --update`).
    pub fn know(&mut self, pack: &Pack) {
        for reference in (0..pack.len() as u32).filter_map(|i| pack.reference(i)) {
            let names = [reference.id, reference.source].into_iter();
            self.old.extend(
                names
                    .chain(reference.aliases.lines())
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned),
            );
        }
    }

    /// Every reference an input holds, handed to `add`.
    pub fn gather(
        &mut self,
        input: &str,
        add: &mut dyn FnMut(ReferenceDoc),
    ) -> Result<(), InputError> {
        if is_url(input) {
            if !self.is_new(input) {
                self.count(ALREADY);
                return Ok(());
            }
            self.progress.set_message(input.to_owned());
            match self.fetcher.get(input) {
                Ok(fetched) => self.source(input, &ungzip(fetched.bytes), add, 0),
                Err(skip) => {
                    self.skip(&skip);
                    Ok(())
                }
            }
        } else {
            for file in inputs::expand(input)? {
                self.progress.set_message(file.clone());
                self.file(&file, add)?;
            }
            Ok(())
        }
    }

    fn file(&mut self, file: &str, add: &mut dyn FnMut(ReferenceDoc)) -> Result<(), InputError> {
        let name = file.to_ascii_lowercase();
        let read_error = |source| InputError::Read {
            path: file.to_owned(),
            source,
        };
        if name.ends_with(".warc.gz") || name.ends_with(".warc") {
            return self.archive(file, inputs::open_archive(file)?, add);
        }
        let listed = matches!(
            Path::new(file).extension().and_then(|e| e.to_str()),
            Some("txt" | "html" | "htm" | "jsonl")
        );
        if !listed {
            let bytes = ungzip(std::fs::read(file).map_err(read_error)?);
            if Format::sniff(file, &bytes) != Format::Page {
                return self.source(file, &bytes, add, 0);
            }
        }
        // A file's id is its name, which other folders repeat; its source, the path, is its
        // own. A JSONL line's id is its writer's.
        let jsonl = name.ends_with(".jsonl");
        for reference in inputs::references(file)? {
            let old =
                self.old.contains(&reference.source) || (jsonl && self.old.contains(&reference.id));
            if old {
                self.count(ALREADY);
            } else {
                self.progress.inc(1);
                add(reference);
            }
        }
        Ok(())
    }

    /// A fetched or read source by its format.
    fn source(
        &mut self,
        name: &str,
        bytes: &[u8],
        add: &mut dyn FnMut(ReferenceDoc),
        depth: usize,
    ) -> Result<(), InputError> {
        let format = Format::sniff(name, bytes);
        match format {
            Format::Warc => self.archive(name, bytes, add),
            Format::Page => {
                let html = String::from_utf8_lossy(bytes);
                self.add_page(name, "", &html, add);
                Ok(())
            }
            _ => {
                let items = sources::items(format, bytes).map_err(|error| InputError::Source {
                    path: name.to_owned(),
                    message: error.to_string(),
                })?;
                for item in items {
                    self.item(item, add, depth)?;
                }
                Ok(())
            }
        }
    }

    fn item(
        &mut self,
        item: Item,
        add: &mut dyn FnMut(ReferenceDoc),
        depth: usize,
    ) -> Result<(), InputError> {
        if item.is_sitemap {
            if depth >= MAX_SITEMAP_DEPTH || !self.seen.insert(item.url.clone()) {
                self.count("sitemap nested too deep or seen twice");
                return Ok(());
            }
            self.progress.set_message(item.url.clone());
            return match self.fetcher.get(&item.url) {
                Ok(fetched) => self.source(&item.url, &ungzip(fetched.bytes), add, depth + 1),
                Err(skip) => {
                    self.skip(&skip);
                    Ok(())
                }
            };
        }
        if !self.is_new(&item.url) {
            self.count(ALREADY);
            return Ok(());
        }
        match item.html {
            Some(html) => self.add_page(&item.url, &item.title, &html, add),
            None => {
                self.progress.set_message(item.url.clone());
                match self.fetcher.get(&item.url) {
                    Ok(fetched) if is_html(&fetched.content_type) => {
                        let html = String::from_utf8_lossy(&fetched.bytes).into_owned();
                        self.add_page(&item.url, &item.title, &html, add);
                    }
                    Ok(_) => self.count("not HTML"),
                    Err(skip) => self.skip(&skip),
                }
            }
        }
        Ok(())
    }

    fn archive(
        &mut self,
        name: &str,
        reader: impl std::io::BufRead,
        add: &mut dyn FnMut(ReferenceDoc),
    ) -> Result<(), InputError> {
        // Pages before a damaged record are added; the damage is reported.
        let skipped = warc::read_pages(reader, |page| {
            if self.is_new(&page.url) {
                self.add_page(&page.url, "", &page.html, add);
            } else {
                self.count(ALREADY);
            }
        })
        .map_err(|error| InputError::Source {
            path: name.to_owned(),
            message: error.to_string(),
        })?;
        if skipped > 0 {
            *self
                .skipped
                .entry("WARC record not an HTML page".to_owned())
                .or_default() += skipped;
        }
        Ok(())
    }

    /// A page (by URL) added under its URL.
    fn add_page(&mut self, url: &str, title: &str, html: &str, add: &mut dyn FnMut(ReferenceDoc)) {
        self.seen.insert(url.to_owned());
        let article = extract(Document::Html(html));
        let title = if title.is_empty() {
            article.title
        } else {
            title.to_owned()
        };
        self.progress.inc(1);
        add(ReferenceDoc {
            id: url.to_owned(),
            title,
            source: url.to_owned(),
            text: article.text,
        });
    }

    /// Neither in the pack being updated nor used already this run.
    fn is_new(&self, url: &str) -> bool {
        !self.old.contains(url) && !self.seen.contains(url)
    }

    fn skip(&mut self, skip: &Skip) {
        self.count(&skip.to_string());
    }

    fn count(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }
}

fn is_url(input: &str) -> bool {
    input.starts_with("http://") || input.starts_with("https://")
}

fn is_html(content_type: &str) -> bool {
    content_type.is_empty() || content_type.contains("html")
}

/// Gzipped bytes (a sitemap.xml.gz, a gzipped feed) un-gzipped; anything else as it is.
fn ungzip(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut out = Vec::new();
    match MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out) {
        Ok(_) => out,
        Err(_) => bytes,
    }
}
