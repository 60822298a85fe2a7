//! Reference packs: a set of original articles, fingerprinted, in one self-checking file.
//!
//! A pack is built once ([`PackBuilder`]) and then queried straight from its bytes ([`Pack`]):
//! loading checks the header and checksum and reads a few offsets, with no index to rebuild,
//! so a pack of 100k references is ready in milliseconds.
//!
//! ```
//! use copyspot::pack::{Pack, PackBuilder, ReferenceDoc};
//!
//! let mut builder = PackBuilder::new();
//! builder.add(ReferenceDoc {
//!     id: "a1".into(),
//!     title: "An original".into(),
//!     source: "https://example.org/a1".into(),
//!     text: "Some original article text that a scraper might copy word for word.".into(),
//! });
//! let (bytes, summary) = builder.build();
//! assert_eq!(summary.references, 1);
//! let pack = Pack::from_bytes(bytes)?;
//! assert_eq!(pack.reference(0).unwrap().title, "An original");
//! # Ok::<(), copyspot::pack::PackError>(())
//! ```
//!
//! The byte layout is in [`mod@format`]; damaged input is rejected with a [`PackError`] that names
//! the problem.

mod builder;
pub mod format;
pub mod partial;
mod reader;

pub use builder::{BuildSummary, PackBuilder, ReferenceDoc};
pub use format::PackError;
pub use partial::PartialError;
pub use reader::{Pack, PackInfo, Reference};
