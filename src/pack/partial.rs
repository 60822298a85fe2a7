//! Partial builds: one pack built on many machines.
//!
//! Packs built from slices of a collection and joined with [`PackBuilder::add_pack`] differ
//! from a pack of the whole: each slice drops as boilerplate the keys too many of *its*
//! references share, and a copy of an article in another slice is not seen as a duplicate. A
//! partial build hands over what a pack leaves out, every key before the boilerplate cut and
//! each text's content hash, so that the partial builds of consecutive slices, added in order,
//! give byte for byte the pack one builder would give for the whole collection.
//!
//! ```
//! use copyspot::pack::{PackBuilder, ReferenceDoc};
//!
//! let doc = |id: &str, text: &str| ReferenceDoc {
//!     id: id.into(),
//!     text: text.into(),
//!     ..ReferenceDoc::default()
//! };
//! let first = "An original article that a scraper might copy word for word one day.";
//! let second = "Another article, on another subject, with words of its own to fingerprint.";
//!
//! let mut whole = PackBuilder::new();
//! whole.add(doc("a", first));
//! whole.add(doc("b", second));
//!
//! // The same two articles on two machines, joined where the pack is written.
//! let mut left = PackBuilder::new();
//! left.add(doc("a", first));
//! let mut right = PackBuilder::new();
//! right.add(doc("b", second));
//! let mut joined = PackBuilder::new();
//! joined.add_partial(&left.into_partial())?;
//! joined.add_partial(&right.into_partial())?;
//!
//! assert_eq!(joined.build().0, whole.build().0);
//! # Ok::<(), copyspot::pack::PartialError>(())
//! ```
//!
//! The bytes: [`MAGIC`], the format version (u32, little-endian), the fingerprint parameters
//! and reference windows of a pack header, the XXH3-64 checksum of the body (its low 32 bits),
//! then the body in postcard (serde's compact binary form). A partial is a hand-over between
//! the machines of one job, not a file to keep: a copyspot reads only its own version's.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::format::{PARAMETERS, REFERENCE_WINDOWS, checksum};

/// First eight bytes of every partial build.
pub const MAGIC: [u8; 8] = *b"\x89CSPP\r\n\x1a";
/// The partial-build version this copyspot writes and reads.
pub const VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 4 + 2 + 4;

/// Why bytes could not be added as a partial build.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PartialError {
    #[error(
        "not a copyspot partial build (bad magic bytes); make one with `PackBuilder::into_partial`"
    )]
    BadMagic,
    #[error(
        "partial build version {found} is not this copyspot's ({VERSION}); build every part with the same copyspot"
    )]
    UnsupportedVersion { found: u32 },
    #[error(
        "partial build was made with fingerprint parameters {found:?} and windows {windows:?}; build every part with the same copyspot"
    )]
    UnsupportedParameters { found: [u8; 4], windows: [u8; 2] },
    #[error("partial build checksum mismatch; it was damaged on its way, build that part again")]
    ChecksumMismatch,
    #[error("partial build is malformed ({0}); build that part again")]
    Malformed(String),
}

/// What a builder holds, as handed over.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Partial {
    pub references: Vec<PartialReference>,
    pub duplicates: u32,
    pub too_short: u32,
    pub merged_key_bits: [Option<u32>; 2],
}

/// One reference before the pack is written: what a builder holds of it.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct PartialReference {
    pub id: String,
    pub title: String,
    pub source: String,
    pub aliases: Vec<String>,
    /// The hash of its words, to find copies of it in later parts; none for a reference taken
    /// from a pack, which keeps no text.
    pub content: Option<u64>,
    /// Distinct keys per channel, in `Channel::ALL` order, before any is dropped as boilerplate.
    pub keys: [Vec<u32>; 2],
    pub evidence_words: u32,
}

impl Partial {
    pub fn to_bytes(&self) -> Vec<u8> {
        // Serializing plain owned data into a Vec cannot fail.
        let body = postcard::to_allocvec(self).unwrap_or_default();
        let mut bytes = Vec::with_capacity(HEADER_LEN + body.len());
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&VERSION.to_le_bytes());
        bytes.extend_from_slice(&PARAMETERS);
        bytes.extend_from_slice(&REFERENCE_WINDOWS);
        bytes.extend_from_slice(&checksum(super::format::VERSION, &body).to_le_bytes());
        bytes.extend_from_slice(&body);
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PartialError> {
        if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC {
            return Err(PartialError::BadMagic);
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let found = u32_at(8);
        if found != VERSION {
            return Err(PartialError::UnsupportedVersion { found });
        }
        let (parameters, windows) = (&bytes[12..16], &bytes[16..18]);
        if parameters != PARAMETERS || windows != REFERENCE_WINDOWS {
            return Err(PartialError::UnsupportedParameters {
                found: [parameters[0], parameters[1], parameters[2], parameters[3]],
                windows: [windows[0], windows[1]],
            });
        }
        let body = &bytes[HEADER_LEN..];
        if checksum(super::format::VERSION, body) != u32_at(18) {
            return Err(PartialError::ChecksumMismatch);
        }
        let (partial, rest): (Self, &[u8]) =
            postcard::take_from_bytes(body).map_err(|e| PartialError::Malformed(e.to_string()))?;
        if !rest.is_empty() {
            return Err(PartialError::Malformed(format!(
                "{} bytes after its end",
                rest.len()
            )));
        }
        Ok(partial)
    }
}
