//! Reading the command line's inputs: files, folders, standard input and JSONL.

use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use copyspot::{Document, ReferenceDoc, extract::extract};
use serde::Deserialize;
use thiserror::Error;

/// Why an input could not be used.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: binary data, not text or HTML")]
    Binary { path: String },
    #[error("{path}: empty input, nothing to check")]
    Empty { path: String },
    #[error("{path}: no .txt, .html, .jsonl, .xml, .json or .warc files in this folder")]
    EmptyFolder { path: String },
    #[error("{path}: {message}")]
    Source { path: String, message: String },
    #[error(
        "{path}:{line}: not a JSON reference ({message}); expected {{\"id\", \"title\", \"url\", \"text\" or \"html\"}}"
    )]
    Jsonl {
        path: String,
        line: usize,
        message: String,
    },
}

/// Files an input names: itself, or the .txt/.html/.htm/.jsonl/.xml/.json/.warc/.gz files under
/// a folder, sorted.
pub fn expand(input: &str) -> Result<Vec<String>, InputError> {
    let path = Path::new(input);
    if input == "-" || !path.is_dir() {
        return Ok(vec![input.to_owned()]);
    }
    let mut files = Vec::new();
    walk(path, &mut files).map_err(|source| InputError::Read {
        path: input.to_owned(),
        source,
    })?;
    files.sort();
    if files.is_empty() {
        return Err(InputError::EmptyFolder {
            path: input.to_owned(),
        });
    }
    Ok(files
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect())
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if matches!(
            extension(&path).as_str(),
            "txt" | "html" | "htm" | "jsonl" | "xml" | "json" | "warc" | "gz"
        ) {
            files.push(path);
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads a file (or standard input for `-`) as text. HTML in a legacy encoding is read with
/// invalid bytes replaced; NUL bytes or mostly control characters mean binary junk.
pub fn read_text(input: &str) -> Result<String, InputError> {
    let read_error = |source| InputError::Read {
        path: input.to_owned(),
        source,
    };
    let bytes = if input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(read_error)?;
        bytes
    } else {
        fs::read(input).map_err(read_error)?
    };
    if looks_binary(&bytes) {
        return Err(InputError::Binary {
            path: input.to_owned(),
        });
    }
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            path: input.to_owned(),
        });
    }
    Ok(text)
}

/// Control bytes in one byte of ten, or a NUL in what is not UTF-8. Text scraped from the web
/// can hold a stray NUL (PAN 2013's corpus has such files); images and archives are not UTF-8.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    // A character cut at the end of the head is no sign of binary data.
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    };
    control * 10 > head.len() || (head.contains(&0) && !utf8)
}

/// The document kind of an input: by extension, else by content.
pub fn document<'a>(input: &str, text: &'a str) -> Document<'a> {
    match extension(Path::new(input)).as_str() {
        "html" | "htm" => Document::Html(text),
        "txt" => Document::Text(text),
        _ => Document::sniff(text),
    }
}

#[derive(Debug, Deserialize)]
struct JsonReference {
    id: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
    text: Option<String>,
    html: Option<String>,
}

/// The reference documents in one input file: one per line of a .jsonl file, else the file.
/// A text file's first line is its title (as in most article dumps).
pub fn references(input: &str) -> Result<Vec<ReferenceDoc>, InputError> {
    let content = read_text(input)?;
    if extension(Path::new(input)) == "jsonl" {
        return content
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(index, line)| jsonl_reference(input, index + 1, line))
            .collect();
    }
    let id = Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| input.to_owned());
    let article = extract(document(input, &content));
    let title = if article.title.is_empty() {
        article
            .text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_owned()
    } else {
        article.title
    };
    Ok(vec![ReferenceDoc {
        id,
        title,
        source: input.to_owned(),
        text: article.text,
    }])
}

fn jsonl_reference(path: &str, line: usize, json: &str) -> Result<ReferenceDoc, InputError> {
    let error = |message: String| InputError::Jsonl {
        path: path.to_owned(),
        line,
        message,
    };
    let record: JsonReference = serde_json::from_str(json).map_err(|e| error(e.to_string()))?;
    let text = match (record.text, record.html) {
        (Some(text), _) => text,
        (None, Some(html)) => extract(Document::Html(&html)).text,
        (None, None) => return Err(error("it has neither \"text\" nor \"html\"".into())),
    };
    Ok(ReferenceDoc {
        id: record.id.unwrap_or_else(|| format!("{path}:{line}")),
        title: record.title,
        source: record.url,
        text,
    })
}

/// A WARC file as a buffered stream, un-gzipped when it is gzipped.
pub fn open_archive(archive: &str) -> Result<BufReader<Box<dyn Read + Send>>, InputError> {
    let read_error = |source| InputError::Read {
        path: archive.to_owned(),
        source,
    };
    let file = BufReader::new(File::open(archive).map_err(read_error)?);
    copyspot::sources::warc::ungzipped(file).map_err(read_error)
}
