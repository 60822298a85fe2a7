//! The HTML pages of a WARC file (ISO 28500, the format of Common Crawl and the Internet
//! Archive), read as a stream through the `warc` crate, record by record: memory stays bounded
//! by the largest record, whatever the archive's size.
//!
//! ```
//! use copyspot::sources::warc::read_pages;
//!
//! let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Hello</p>";
//! let warc = format!(
//!     "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
//!      WARC-Date: 2026-11-30T10:00:00Z\r\nWARC-Target-URI: https://example.org/\r\n\
//!      Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
//!     page.len()
//! );
//! let mut pages = Vec::new();
//! let skipped = read_pages(warc.as_bytes(), |page| pages.push(page))?;
//! assert_eq!((pages.len(), skipped), (1, 0));
//! assert_eq!(pages[0].url, "https://example.org/");
//! assert_eq!(pages[0].html, "<p>Hello</p>");
//! # Ok::<(), copyspot::sources::SourceError>(())
//! ```

use std::io::{BufRead, BufReader, Read};

use warc::{RecordType, WarcHeader, WarcReader};

use super::SourceError;

/// Records larger than this are skipped, not read into memory.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// One archived HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedPage {
    pub url: String,
    /// The record's WARC-Date.
    pub date: String,
    pub html: String,
}

/// A WARC stream as it is stored, un-gzipped when it is gzipped (by its first bytes: a
/// `.warc.gz` is many gzip members, one a record, all read).
pub fn ungzipped<R: BufRead + Send + 'static>(
    mut stored: R,
) -> std::io::Result<BufReader<Box<dyn Read + Send>>> {
    let gzipped = stored.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read + Send> = if gzipped {
        Box::new(flate2::bufread::MultiGzDecoder::new(stored))
    } else {
        Box::new(stored)
    };
    Ok(BufReader::new(reader))
}

/// Hands every HTML response of a WARC stream (un-gzipped already: wrap a `.warc.gz` in a
/// multi-member gzip decoder) to `page`, in archive order, and returns how many records it
/// passed over (not a response, not HTML, not status 200, or over [`MAX_RECORD_BYTES`]). A
/// damaged record ends the stream with an error; the pages before it have been handed over.
pub fn read_pages<R: BufRead>(
    reader: R,
    mut page: impl FnMut(ArchivedPage),
) -> Result<usize, SourceError> {
    let mut reader = WarcReader::new(reader);
    let mut records = reader.stream_records();
    let mut skipped = 0;
    while let Some(record) = records.next_item() {
        let mut record = record.map_err(|error| SourceError::Warc(error.to_string()))?;
        if *record.warc_type() != RecordType::Response || record.content_length() > MAX_RECORD_BYTES
        {
            skipped += 1;
            continue;
        }
        let url = record
            .header(WarcHeader::TargetURI)
            .map(|u| u.into_owned())
            .unwrap_or_default();
        let date = record.date().to_rfc3339();
        let mut body = Vec::with_capacity(record.content_length() as usize);
        record
            .read_to_end(&mut body)
            .map_err(|error| SourceError::Warc(error.to_string()))?;
        match html_of_response(body) {
            Some(html) => page(ArchivedPage { url, date, html }),
            None => skipped += 1,
        }
    }
    Ok(skipped)
}

/// The HTML of an HTTP response with status 200 and an HTML content type, un-chunked and
/// decompressed.
fn html_of_response(mut response: Vec<u8>) -> Option<String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut parsed = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(head) = parsed.parse(&response).ok()? else {
        return None;
    };
    if parsed.code != Some(200) {
        return None;
    }
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    if !(content_type.contains("text/html") || content_type.contains("xhtml")) {
        return None;
    }
    let chunked = header("transfer-encoding").is_some_and(|t| t.contains("chunked"));
    let encoding = header("content-encoding");
    // The body moved to the front in place: a page is copied once, from the archive.
    response.drain(..head);
    let mut body = response;
    if chunked {
        body = unchunk(&body)?;
    }
    match encoding.as_deref() {
        Some("gzip" | "x-gzip") => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        _ => {}
    }
    // Valid UTF-8, as nearly every page is, is taken as it is: checking it is many times
    // faster than the lossy decoding a page with a stray byte needs.
    Some(
        String::from_utf8(body)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
    )
}

fn inflate(mut decoder: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    decoder
        .by_ref()
        .take(MAX_RECORD_BYTES * 4)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn unchunk(mut chunked: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let httparse::Status::Complete((start, size)) = httparse::parse_chunk_size(chunked).ok()?
        else {
            return None;
        };
        if size == 0 {
            return Some(out);
        }
        let end = start.checked_add(usize::try_from(size).ok()?)?;
        out.extend_from_slice(chunked.get(start..end)?);
        chunked = chunked.get(end + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, url: &str, payload: &str) -> String {
        format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{url}>\r\n\
             WARC-Date: 2026-11-30T10:00:00Z\r\nWARC-Target-URI: {url}\r\n\
             Content-Length: {}\r\n\r\n{payload}\r\n\r\n",
            payload.len()
        )
    }

    #[test]
    fn html_responses_only_unchunked() {
        let html = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>One</p>";
        let chunked = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\
            \r\n\r\n4\r\n<p>T\r\n6\r\nwo</p>\r\n0\r\n\r\n";
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNG";
        let moved = "HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: /\r\n\r\n";
        let warc = [
            record("warcinfo", "urn:info", "software: test"),
            record("request", "https://a.example/", "GET / HTTP/1.1\r\n\r\n"),
            record("response", "https://a.example/", html),
            record("response", "https://a.example/logo.png", image),
            record("response", "https://b.example/", moved),
            record("response", "https://c.example/", chunked),
        ]
        .concat();
        let mut found = Vec::new();
        let skipped = read_pages(warc.as_bytes(), |page| found.push((page.url, page.html)));
        assert_eq!(
            found,
            [
                ("https://a.example/".into(), "<p>One</p>".into()),
                ("https://c.example/".into(), "<p>Two</p>".into())
            ]
        );
        assert_eq!(skipped.expect("well-formed"), 4);
    }

    #[test]
    fn a_stray_byte_is_replaced_not_a_lost_page() {
        let mut response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>caf".to_vec();
        response.extend_from_slice(b"\xE9</p>");
        assert_eq!(
            html_of_response(response).as_deref(),
            Some("<p>caf\u{FFFD}</p>")
        );
    }

    #[test]
    fn a_damaged_archive_is_an_error_not_a_panic() {
        let warc = record("response", "https://a.example/", "HTTP/1.1 200 OK\r\n\r\n");
        let cut = &warc.as_bytes()[..warc.len() - 20];
        assert!(read_pages(cut, |_| {}).is_err());
        // Every truncation and every flipped byte of an archive is an answer, never a panic.
        let bytes = warc.as_bytes();
        for end in 0..bytes.len() {
            let _ = read_pages(&bytes[..end], |_| {});
        }
        for at in 0..bytes.len() {
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 0x5a;
            let _ = read_pages(&flipped[..], |_| {});
        }
        assert!(read_pages(&b"not a warc file at all\r\n\r\n"[..], |_| {}).is_err());
    }
}
