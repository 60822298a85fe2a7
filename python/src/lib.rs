//! The copyspot core for Python: a thin adapter, like the wasm bindings and the command line.
//! Results are the core's serde types as plain dicts and lists (the JSON schema of
//! `copyspot check --json`); every error is a `ValueError` (bad input) or `OSError` (a file)
//! with the core's message; the GIL is released while the core works, so threads check pages
//! in parallel.
//!
//! ```python
//! import copyspot
//! builder = copyspot.PackBuilder()
//! builder.add("a1", "The council met on Tuesday …", title="Budget", url="https://example.org/a1")
//! pack = copyspot.Pack.from_bytes(builder.build())
//! report = copyspot.check(pack, "A page that may copy it …")
//! ```

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::sync::{Mutex, mpsc};

use copyspot::sources::warc::{ArchivedPage, read_pages, ungzipped};
use copyspot::{Document, Pack as CorePack, PackBuilder as CoreBuilder, ReferenceDoc};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use pythonize::pythonize;

fn value_error(error: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(error.to_string())
}

fn to_python<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, value).map_err(value_error)
}

/// A reference pack, read straight from its bytes (checked: magic, version, sizes, checksum).
#[pyclass(frozen, module = "copyspot")]
struct Pack(CorePack);

#[pymethods]
impl Pack {
    /// A pack from the bytes of a `.cspk` file; `ValueError` if they are not a good pack.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Self> {
        py.detach(|| CorePack::from_bytes(data))
            .map(Pack)
            .map_err(value_error)
    }

    /// The pack in the file at `path`.
    #[staticmethod]
    fn open(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let data = std::fs::read(&path)
            .map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
        Self::from_bytes(py, data)
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", path.display())))
    }

    /// Counts, name and description, as `copyspot pack info --json` prints them.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.info())
    }

    /// Every reference: `[{id, title, source, aliases?, fingerprints, evidence_words}]`.
    fn references<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let references: Vec<_> = (0..self.0.len() as u32)
            .filter_map(|i| self.0.reference(i))
            .collect();
        to_python(py, &references)
    }

    /// The pack's bytes, to write or to send to other processes.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.0.as_bytes())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// Collects references, then writes a pack (`build`), as `copyspot pack build` does: the same
/// references in the same order give the same bytes.
#[pyclass(module = "copyspot")]
#[derive(Default)]
struct PackBuilder(Option<CoreBuilder>);

const USED_UP: &str = "this builder has already built its pack";

impl PackBuilder {
    fn builder(&mut self) -> PyResult<&mut CoreBuilder> {
        self.0.as_mut().ok_or_else(|| value_error(USED_UP))
    }

    fn take(&mut self) -> PyResult<CoreBuilder> {
        self.0.take().ok_or_else(|| value_error(USED_UP))
    }
}

#[pymethods]
impl PackBuilder {
    #[new]
    fn new() -> Self {
        Self(Some(CoreBuilder::new()))
    }

    /// Fingerprints one reference's text (already extracted from its page).
    #[pyo3(signature = (id, text, title = String::new(), url = String::new()))]
    fn add(
        &mut self,
        py: Python<'_>,
        id: String,
        text: String,
        title: String,
        url: String,
    ) -> PyResult<()> {
        let builder = self.builder()?;
        py.detach(|| {
            builder.add(ReferenceDoc {
                id,
                title,
                source: url,
                text,
            })
        });
        Ok(())
    }

    /// Adds every reference of `pack` (an id already added is kept from the earlier one).
    fn add_pack(&mut self, py: Python<'_>, pack: &Pack) -> PyResult<()> {
        let builder = self.builder()?;
        py.detach(|| builder.add_pack(&pack.0));
        Ok(())
    }

    /// Names the pack (a line) and says what it holds, as subscribers see it.
    fn describe(&mut self, name: &str, description: &str) -> PyResult<()> {
        self.builder()?.describe(name, description);
        Ok(())
    }

    /// The pack's bytes; the builder is used up.
    fn build<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let builder = self.take()?;
        let (bytes, _) = py.detach(|| builder.build());
        Ok(PyBytes::new(py, &bytes))
    }

    /// What the builder holds, unfinished, for `add_partial` elsewhere: the partial builds of
    /// consecutive slices, added in order, build the pack of the whole byte for byte. The
    /// builder is used up; the name and description stay behind.
    fn partial<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let builder = self.take()?;
        let bytes = py.detach(|| builder.into_partial());
        Ok(PyBytes::new(py, &bytes))
    }

    /// Adds a partial build's references after those added so far.
    fn add_partial(&mut self, py: Python<'_>, data: &[u8]) -> PyResult<()> {
        let builder = self.builder()?;
        py.detach(|| builder.add_partial(data)).map_err(value_error)
    }

    fn __len__(&self) -> usize {
        self.0.as_ref().map_or(0, CoreBuilder::len)
    }
}

/// `pack` or a list of packs, as the core takes them.
fn packs_of<'a>(packs: &'a [PyRef<'a, Pack>]) -> Vec<&'a CorePack> {
    packs.iter().map(|pack| &pack.0).collect()
}

/// A single pack or a sequence of them.
#[derive(FromPyObject)]
enum Packs<'py> {
    One(PyRef<'py, Pack>),
    Many(Vec<PyRef<'py, Pack>>),
}

impl<'py> Packs<'py> {
    fn into_vec(self) -> Vec<PyRef<'py, Pack>> {
        match self {
            Packs::One(pack) => vec![pack],
            Packs::Many(packs) => packs,
        }
    }
}

/// Checks an article's text against `packs`: the report (`score`, `matches` with passages).
#[pyfunction]
fn check<'py>(py: Python<'py>, packs: Packs<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let packs = packs.into_vec();
    let packs = packs_of(&packs);
    let report = py.detach(|| {
        copyspot::matching::check_packs(&packs, text, &copyspot::fingerprint::Channel::ALL)
    });
    to_python(py, &report)
}

/// The document `content` is: `kind` "html" (a served page), "rendered" (a page as a browser
/// shows it), "text", or None to guess from the content.
fn document<'a>(content: &'a str, kind: Option<&str>) -> PyResult<Document<'a>> {
    Ok(match kind {
        None => Document::sniff(content),
        Some("html") => Document::Html(content),
        Some("rendered") => Document::Rendered(content),
        Some("text") => Document::Text(content),
        Some(other) => {
            return Err(value_error(format!(
                "kind must be \"html\", \"rendered\", \"text\" or None, not {other:?}"
            )));
        }
    })
}

/// Extracts a page's article and checks it: `{"article": {...}, "report": {...}}`, as
/// `copyspot check --json` reports a file.
#[pyfunction]
#[pyo3(signature = (packs, content, kind = None))]
fn check_document<'py>(
    py: Python<'py>,
    packs: Packs<'py>,
    content: &str,
    kind: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let packs = packs.into_vec();
    let packs = packs_of(&packs);
    let document = document(content, kind)?;
    let checked = py.detach(|| copyspot::check_document_in(&packs, document));
    to_python(py, &checked)
}

/// The passages two texts share, aligned in both (`copyspot compare --json`).
#[pyfunction]
fn compare<'py>(py: Python<'py>, suspect: &str, source: &str) -> PyResult<Bound<'py, PyAny>> {
    let comparison = py.detach(|| copyspot::compare(suspect, source));
    to_python(py, &comparison)
}

/// The article copyspot reads in a page: `{"title", "text", "paragraphs"}`.
#[pyfunction]
#[pyo3(signature = (content, kind = None))]
fn extract<'py>(py: Python<'py>, content: &str, kind: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
    let document = document(content, kind)?;
    let article = py.detach(|| copyspot::extract::extract(document));
    to_python(py, &article)
}

/// The HTML responses of a WARC or WARC.gz file (a path, or a binary file object such as
/// fsspec opens for S3, HDFS or HTTP), in archive order, as `{"url", "date", "html"}` dicts;
/// read on a thread of their own a few pages ahead, whatever the file's size.
#[pyclass(module = "copyspot")]
struct WarcPages {
    // A Mutex makes the receiver shareable, as Python objects must be; one reader at a time.
    pages: Mutex<mpsc::Receiver<Result<ArchivedPage, String>>>,
}

/// Pages read ahead of the one being used.
const READ_AHEAD: usize = 16;

#[pymethods]
impl WarcPages {
    #[new]
    fn new(source: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (file, name): (Box<dyn Read + Send>, String) =
            match source.extract::<std::path::PathBuf>() {
                Ok(path) => {
                    let name = path.display().to_string();
                    let file = File::open(&path)
                        .map_err(|e| PyOSError::new_err(format!("{name}: {e}")))?;
                    (Box::new(file), name)
                }
                Err(_) if source.hasattr("read")? => {
                    let name = match source.getattr("name") {
                        Ok(name) => name.str()?.to_string(),
                        Err(_) => "the file object".to_owned(),
                    };
                    (Box::new(PythonFile(source.clone().unbind())), name)
                }
                Err(_) => {
                    return Err(pyo3::exceptions::PyTypeError::new_err(
                        "WarcPages takes a path or a binary file object",
                    ));
                }
            };
        let py = source.py();
        let reader = py
            .detach(|| ungzipped(BufReader::with_capacity(1 << 20, file)))
            .map_err(|e| PyOSError::new_err(format!("{name}: {e}")))?;
        let (send, pages) = mpsc::sync_channel(READ_AHEAD);
        std::thread::spawn(move || {
            let read = read_pages(reader, |page| {
                // A closed channel: the iterator was dropped; the rest is not wanted.
                let _ = send.send(Ok(page));
            });
            if let Err(error) = read {
                let _ = send.send(Err(format!("{name}: {error}")));
            }
        });
        Ok(Self {
            pages: Mutex::new(pages),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let next = py.detach(|| match self.pages.lock() {
            Ok(pages) => pages.recv(),
            Err(_) => Err(mpsc::RecvError),
        });
        match next {
            Ok(Ok(page)) => {
                let dict = pyo3::types::PyDict::new(py);
                dict.set_item("url", page.url)?;
                dict.set_item("date", page.date)?;
                dict.set_item("html", page.html)?;
                Ok(Some(dict.into_any()))
            }
            Ok(Err(message)) => Err(value_error(message)),
            Err(mpsc::RecvError) => Ok(None),
        }
    }
}

/// A binary Python file object as a Rust reader, taking the GIL for each read.
struct PythonFile(Py<PyAny>);

impl Read for PythonFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .0
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(io::Error::other)?;
            let chunk = chunk
                .cast::<PyBytes>()
                .map_err(|_| {
                    io::Error::other(
                        "the file object's read() gave no bytes: open it in binary mode",
                    )
                })?
                .as_bytes();
            let into = buf
                .get_mut(..chunk.len())
                .ok_or_else(|| io::Error::other("the file object's read() gave more than asked"))?;
            into.copy_from_slice(chunk);
            Ok(chunk.len())
        })
    }
}

#[pymodule]
fn _copyspot(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Pack>()?;
    module.add_class::<PackBuilder>()?;
    module.add_class::<WarcPages>()?;
    module.add_function(wrap_pyfunction!(check, module)?)?;
    module.add_function(wrap_pyfunction!(check_document, module)?)?;
    module.add_function(wrap_pyfunction!(compare, module)?)?;
    module.add_function(wrap_pyfunction!(extract, module)?)?;
    module.add("ALARM_SCORE", copyspot::matching::ALARM_SCORE)?;
    Ok(())
}
