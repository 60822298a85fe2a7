//! The `.cspk` byte layout, version 5. All integers are little-endian.
//!
//! ```text
//! header (32 bytes)
//!   0  magic        8  b"\x89CSPK\r\n\x1a" (catches text-mode transfers, like PNG's)
//!   8  version      u32
//!  12  parameters   4 × u8: verbatim n-gram and window, robust n-gram and window
//!  16  payload_len  u64  bytes after the header
//!  24  checksum     u32  of the payload: the low 32 bits of its XXH3-64 hash
//!  28  windows      2 × u8: the reference-side winnowing windows, verbatim and robust
//!  30  key bits     2 × u8: how many top bits of each key the verbatim and robust indexes keep
//! payload
//!   counts          10 × u32: references, strings length, duplicates merged, keys dropped as
//!                   boilerplate, entries and directory bits of each channel's index, then
//!                   the lengths of the pack's name and description
//!   references      references × 44 bytes: id, title, source, aliases as (offset u32,
//!                   length u32) into strings; verbatim fingerprints u32; robust fingerprints
//!                   u32; evidence words u32 (those in stretches of its own fingerprints)
//!   index × 2       verbatim, then robust:
//!     directory     (2^bits + 1) × u32: for each top-`bits` key prefix, its first entry
//!     entries       ⌈entries × (K + R) / 8⌉ bytes, bit-packed from the lowest bit: each entry
//!                   is K key bits (the ones below the directory's, K = key bits − bits) then R
//!                   reference bits (R = the fewest that number the references), in key order
//!   strings         UTF-8: the pack's name, its description, then the references' fields
//! ```
//!
//! A key is looked up by its prefix in the directory, then within that bucket from where its value
//! would sit (keys are hashes, spread evenly): no load-time index, no hashing at load. An entry
//! takes what it needs to the bit: keys keep their top [`KEY_BITS`] bits, reference numbers their
//! fewest. Two keys that agree on those bits are one key to the pack: with 7.4 million entries an
//! index (100,000 references) a lookup finds an unrelated entry one time in 36, spread over all
//! references, where a reference needs three distinct fingerprints to be reported; the detection
//! evaluation is unchanged with 26, 28 or 32 bits, and 28 keeps a stray 5-word passage on a matched
//! page to about one page in 3,000 (docs/pack-format.md, "Key bits").
//!
//! Versions 2 to 4 are still read. Version 4 is version 5 without a name and description (a
//! counts block of 8 × u32). Versions 2 and 3 store keys and reference numbers in whole bytes,
//! in two arrays: version 3 keys as the low ⌈(32 − bits) / 8⌉ bytes, references in the fewest
//! bytes, header bytes 30 and 31 zero; version 2 every key and reference a full u32, windows
//! zero and the checksum a CRC-32 (wasm computes it at a third of XXH3's speed).

use thiserror::Error;

/// First eight bytes of every pack.
pub const MAGIC: [u8; 8] = *b"\x89CSPK\r\n\x1a";
/// The format version this build writes.
pub const VERSION: u32 = 5;
/// The oldest format version this build reads.
pub const OLDEST_VERSION: u32 = 2;
/// Header size in bytes.
pub const HEADER_LEN: usize = 32;
/// Size of the counts block at the start of the payload of a pack of `version`.
pub const fn counts_len(version: u32) -> usize {
    if version >= 5 { 10 * 4 } else { 8 * 4 }
}
/// The longest name a pack carries, in bytes: a line in a list of subscriptions.
pub const NAME_MAX: usize = 200;
/// The longest description a pack carries, in bytes: a paragraph.
pub const DESCRIPTION_MAX: usize = 2000;
/// Size of one reference record.
pub const REFERENCE_LEN: usize = 44;

/// Why a pack could not be read. Each names the problem and what to do about it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PackError {
    #[error("not a copyspot pack (bad magic bytes); build one with `copyspot pack build`")]
    BadMagic,
    #[error(
        "pack format version {found} is not supported (this copyspot reads versions 2 to {supported}); rebuild the pack or update copyspot"
    )]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error(
        "pack was made with fingerprint parameters {found:?}, this copyspot uses {expected:?}; rebuild the pack"
    )]
    UnsupportedParameters { found: [u8; 4], expected: [u8; 4] },
    #[error(
        "pack is truncated: expected {expected} bytes, found {found}; the file is incomplete, copy it again"
    )]
    Truncated { expected: u64, found: u64 },
    #[error("pack has {extra} bytes after its end; the file is damaged, rebuild it")]
    TrailingBytes { extra: u64 },
    #[error(
        "pack checksum mismatch (stored {stored:08x}, computed {computed:08x}); the file is corrupted, rebuild it"
    )]
    ChecksumMismatch { stored: u32, computed: u32 },
    #[error("pack is malformed: {0}; rebuild it with `copyspot pack build`")]
    Malformed(&'static str),
}

/// N-gram length and window of each channel, as stored in the header.
pub const PARAMETERS: [u8; 4] = [
    crate::fingerprint::NGRAM as u8,
    crate::fingerprint::WINDOW as u8,
    crate::fingerprint::robust::NGRAM as u8,
    crate::fingerprint::robust::WINDOW as u8,
];

/// The reference-side winnowing windows (verbatim, robust) this build writes.
pub const REFERENCE_WINDOWS: [u8; 2] = [
    crate::fingerprint::REFERENCE_WINDOW as u8,
    crate::fingerprint::robust::REFERENCE_WINDOW as u8,
];

/// The payload checksum a pack of `version` stores.
pub fn checksum(version: u32, payload: &[u8]) -> u32 {
    if version == 2 {
        crc32fast::hash(payload)
    } else {
        xxhash_rust::xxh3::xxh3_64(payload) as u32
    }
}

/// How many top bits of a key packs of this build keep (see the module docs).
pub const KEY_BITS: u32 = 28;

/// Bytes of a stored key below a directory of `bits` bits (format 3).
pub(crate) fn key_width(bits: u32) -> usize {
    (32 - bits as usize).div_ceil(8)
}

/// The fewest bytes that number `references` references (format 3).
pub(crate) fn reference_width(references: u32) -> usize {
    (reference_bits(references) as usize).div_ceil(8)
}

/// The fewest bits that number `references` references (at least one).
pub(crate) fn reference_bits(references: u32) -> u32 {
    (u32::BITS - references.saturating_sub(1).leading_zeros()).max(1)
}

/// The `width`-bit field (at most 56 bits) that starts `bit` bits into the bytes at `offset`.
/// Bits past the end of `bytes` read as zero.
#[inline]
pub(crate) fn read_bits(bytes: &[u8], offset: usize, bit: u64, width: u32) -> Option<u64> {
    let start = offset.checked_add(usize::try_from(bit / 8).ok()?)?;
    let mask = u64::MAX.checked_shr(64 - width).unwrap_or(0);
    // One unaligned load, but for the last few bytes of the file.
    let word = match bytes.get(start..start.wrapping_add(8)) {
        Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => {
            let available = bytes.get(start..)?;
            let mut word = [0u8; 8];
            let length = available.len().min(8);
            word[..length].copy_from_slice(&available[..length]);
            u64::from_le_bytes(word)
        }
    };
    Some((word >> (bit % 8)) & mask)
}

/// Reads the `width`-byte little-endian integer at byte `offset`, if it is in bounds.
pub(crate) fn read_uint(bytes: &[u8], offset: usize, width: usize) -> Option<u32> {
    let slice = bytes.get(offset..offset.checked_add(width)?)?;
    Some(
        slice
            .iter()
            .rev()
            .fold(0, |value, &b| value << 8 | u32::from(b)),
    )
}

/// Reads the little-endian u32 at byte `offset`, if it is in bounds.
pub(crate) fn read_u32(bytes: &[u8], offset: usize) -> Option<u32> {
    let slice = bytes.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([slice[0], slice[1], slice[2], slice[3]]))
}
