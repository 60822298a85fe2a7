//! copyspot: spot scraped copies of articles.
//!
//! The flow is a chain of plain functions over plain data:
//! [`extract`](mod@extract) (main text of a page) → [`text`] (normalize, tokenize, spans) →
//! [`fingerprint`] (winnowed n-gram hashes) → [`matching`] (look up in a [`Pack`], passages,
//! scores) → [`Report`]. Nothing here knows about browsers, files or terminals: the command line
//! (`src/bin/copyspot`) and the wasm bindings (`src/wasm.rs`) are thin adapters.
//!
//! ```
//! use copyspot::{Document, PackBuilder, ReferenceDoc, Pack, check_document};
//!
//! let original = "The committee met on Tuesday to discuss the new budget for schools in the \
//!     region, and after a long debate it agreed to raise spending on teachers by five percent \
//!     while cutting the money set aside for new buildings over the next three years.";
//! let mut builder = PackBuilder::new();
//! builder.add(ReferenceDoc { id: "budget".into(), title: "Budget".into(), text: original.into(), ..Default::default() });
//! let pack = Pack::from_bytes(builder.build().0)?;
//!
//! let page = format!("<html><body><nav>Home</nav><article><p>{original}</p></article></body></html>");
//! let report = check_document(&pack, Document::Html(&page)).report;
//! assert_eq!(report.matches[0].title, "Budget");
//! assert!(report.score >= 95);
//! # Ok::<(), copyspot::pack::PackError>(())
//! ```

pub mod extract;
pub mod fingerprint;
pub mod matching;
pub mod pack;
#[cfg(feature = "sources")]
pub mod sources;
pub mod text;

#[cfg(target_arch = "wasm32")]
#[path = "wasm.rs"]
pub mod wasm_api;

pub use extract::{Article, Document};
pub use matching::{Comparison, Report, check, compare};
pub use pack::{Pack, PackBuilder, PackError, ReferenceDoc};

/// A checked page: the article text that was checked and the report on it. Passage spans in
/// the report point into `article.text`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CheckedDocument {
    pub article: Article,
    pub report: Report,
}

/// Extracts the article from a page (HTML or text) and checks it against the pack.
pub fn check_document(pack: &Pack, document: Document<'_>) -> CheckedDocument {
    check_document_in(&[pack], document)
}

/// [`check_document`] against several packs, their matches ranked together.
pub fn check_document_in(packs: &[&Pack], document: Document<'_>) -> CheckedDocument {
    let article = extract::extract(document);
    let report = matching::check_article(packs, &article, &fingerprint::Channel::ALL);
    CheckedDocument { article, report }
}
