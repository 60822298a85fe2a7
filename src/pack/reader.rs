//! Reading a pack straight from its bytes.

use serde::Serialize;

use super::builder::bucket;
use super::format::{COUNTS_LEN, HEADER_LEN, MAGIC, PackError, REFERENCE_LEN, VERSION, read_u32};
use crate::fingerprint::{NGRAM, WINDOW};

/// A loaded pack. Holds the file's bytes; every query reads them in place.
#[derive(Debug, Clone)]
pub struct Pack {
    bytes: Vec<u8>,
    references: u32,
    entries: u32,
    directory_bits: u32,
    records_at: usize,
    directory_at: usize,
    keys_at: usize,
    refs_at: usize,
    strings_at: usize,
    duplicates: u32,
    boilerplate_keys: u32,
}

/// One reference's metadata, borrowed from the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source: &'a str,
    /// Ids of inputs that were word-for-word duplicates of this one, newline-separated.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub aliases: &'a str,
    /// Fingerprints kept for this reference.
    pub fingerprints: u32,
    /// Words in the reference text.
    pub words: u32,
}

/// What `copyspot pack info` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackInfo {
    pub version: u32,
    pub references: u32,
    pub fingerprints: u32,
    pub duplicates_merged: u32,
    pub boilerplate_keys_dropped: u32,
    pub bytes: u64,
    pub ngram: u8,
    pub window: u8,
}

impl Pack {
    /// Checks the header, the checksum and the section layout, then keeps the bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, PackError> {
        let header = bytes
            .get(..HEADER_LEN)
            .ok_or(if bytes.starts_with(&MAGIC) {
                PackError::Truncated {
                    expected: HEADER_LEN as u64,
                    found: bytes.len() as u64,
                }
            } else {
                PackError::BadMagic
            })?;
        if header[..8] != MAGIC {
            return Err(PackError::BadMagic);
        }
        let version = read_u32(header, 8).unwrap_or_default();
        if version != VERSION {
            return Err(PackError::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        let (found_ngram, found_window) = (header[12], header[13]);
        if usize::from(found_ngram) != NGRAM || usize::from(found_window) != WINDOW {
            return Err(PackError::UnsupportedParameters {
                found_ngram,
                found_window,
                ngram: NGRAM as u8,
                window: WINDOW as u8,
            });
        }
        if header[14..16] != [0, 0] || header[28..32] != [0; 4] {
            return Err(PackError::Malformed("reserved header bytes are not zero"));
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&header[16..24]);
        let payload_len = u64::from_le_bytes(len);
        let expected = (HEADER_LEN as u64).saturating_add(payload_len);
        let found = bytes.len() as u64;
        if found < expected {
            return Err(PackError::Truncated { expected, found });
        }
        if found > expected {
            return Err(PackError::TrailingBytes {
                extra: found - expected,
            });
        }
        let stored = read_u32(header, 24).unwrap_or_default();
        let computed = crc32fast::hash(&bytes[HEADER_LEN..]);
        if stored != computed {
            return Err(PackError::ChecksumMismatch { stored, computed });
        }
        Self::layout(bytes)
    }

    fn layout(bytes: Vec<u8>) -> Result<Self, PackError> {
        if bytes.len() < HEADER_LEN + COUNTS_LEN {
            return Err(PackError::Malformed("counts block is missing"));
        }
        let count = |i: usize| read_u32(&bytes, HEADER_LEN + i * 4).unwrap_or_default();
        let [
            references,
            entries,
            directory_bits,
            strings_len,
            duplicates,
            boilerplate_keys,
        ] = [0, 1, 2, 3, 4, 5].map(count);
        if directory_bits > 24 {
            return Err(PackError::Malformed(
                "directory is larger than any pack needs",
            ));
        }
        // Sizes in u64 so that crafted counts cannot overflow a 32-bit usize in wasm.
        let records_at = (HEADER_LEN + COUNTS_LEN) as u64;
        let directory_at = records_at + u64::from(references) * REFERENCE_LEN as u64;
        let keys_at = directory_at + ((1u64 << directory_bits) + 1) * 4;
        let refs_at = keys_at + u64::from(entries) * 4;
        let strings_at = refs_at + u64::from(entries) * 4;
        if strings_at + u64::from(strings_len) != bytes.len() as u64 {
            return Err(PackError::Malformed(
                "section sizes do not add up to the file size",
            ));
        }
        // Every offset is now below the file length, so it fits in usize.
        let [records_at, directory_at, keys_at, refs_at, strings_at] =
            [records_at, directory_at, keys_at, refs_at, strings_at].map(|at| at as usize);
        let pack = Self {
            references,
            entries,
            directory_bits,
            records_at,
            directory_at,
            keys_at,
            refs_at,
            strings_at,
            duplicates,
            boilerplate_keys,
            bytes,
        };
        let last_bucket = 1usize << directory_bits;
        if pack.directory(last_bucket) != Some(entries) {
            return Err(PackError::Malformed("directory does not cover every entry"));
        }
        if std::str::from_utf8(&pack.bytes[strings_at..]).is_err() {
            return Err(PackError::Malformed("reference text is not UTF-8"));
        }
        Ok(pack)
    }

    /// Number of references.
    pub fn len(&self) -> usize {
        self.references as usize
    }

    /// Whether the pack holds no references.
    pub fn is_empty(&self) -> bool {
        self.references == 0
    }

    /// The pack's bytes, as loaded.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Counts for `copyspot pack info`.
    pub fn info(&self) -> PackInfo {
        PackInfo {
            version: VERSION,
            references: self.references,
            fingerprints: self.entries,
            duplicates_merged: self.duplicates,
            boilerplate_keys_dropped: self.boilerplate_keys,
            bytes: self.bytes.len() as u64,
            ngram: NGRAM as u8,
            window: WINDOW as u8,
        }
    }

    /// The reference at `index`, or `None` if out of range or its record is damaged.
    pub fn reference(&self, index: u32) -> Option<Reference<'_>> {
        if index >= self.references {
            return None;
        }
        let at = self.records_at + index as usize * REFERENCE_LEN;
        let field = |i: usize| -> Option<&str> {
            let offset = read_u32(&self.bytes, at + i * 8)? as usize;
            let len = read_u32(&self.bytes, at + i * 8 + 4)? as usize;
            let start = self.strings_at.checked_add(offset)?;
            std::str::from_utf8(self.bytes.get(start..start.checked_add(len)?)?).ok()
        };
        Some(Reference {
            id: field(0)?,
            title: field(1)?,
            source: field(2)?,
            aliases: field(3)?,
            fingerprints: read_u32(&self.bytes, at + 32)?,
            words: read_u32(&self.bytes, at + 36)?,
        })
    }

    /// The references that hold `key`.
    pub fn lookup(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let bucket = bucket(key, self.directory_bits);
        let lo = self.directory(bucket).unwrap_or(0);
        let hi = self.directory(bucket + 1).unwrap_or(0).min(self.entries);
        let first = self.first_at_least(key, lo, hi);
        (first..hi).map_while(move |i| {
            (self.key(i) == Some(key))
                .then(|| self.reference_of(i))
                .flatten()
        })
    }

    /// Index of the first entry in `lo..hi` whose key is at least `key`.
    fn first_at_least(&self, key: u32, mut lo: u32, mut hi: u32) -> u32 {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.key(mid).is_some_and(|k| k < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn directory(&self, bucket: usize) -> Option<u32> {
        read_u32(&self.bytes, self.directory_at + bucket * 4)
    }

    fn key(&self, entry: u32) -> Option<u32> {
        read_u32(&self.bytes, self.keys_at + entry as usize * 4)
    }

    fn reference_of(&self, entry: u32) -> Option<u32> {
        read_u32(&self.bytes, self.refs_at + entry as usize * 4)
    }
}
