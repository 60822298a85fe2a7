//! Reading a pack straight from its bytes.

use serde::Serialize;

use super::builder::bucket;
use super::format::{
    DESCRIPTION_MAX, HEADER_LEN, MAGIC, NAME_MAX, OLDEST_VERSION, PARAMETERS, PackError,
    REFERENCE_LEN, VERSION, checksum, counts_len, key_width, read_bits, read_u32, read_uint,
    reference_bits, reference_width,
};
use crate::fingerprint::Channel;

/// A loaded pack. Holds the file's bytes; every query reads them in place.
#[derive(Debug, Clone)]
pub struct Pack {
    bytes: Vec<u8>,
    references: u32,
    records_at: usize,
    strings_at: usize,
    duplicates: u32,
    boilerplate_keys: u32,
    version: u32,
    reference_windows: [u8; 2],
    /// Lengths of the name and the description at the start of the strings.
    about_lens: [usize; 2],
    /// Verbatim, then robust.
    indexes: [IndexLayout; 2],
}

/// Where one channel's index sits in the bytes, and how its entries are stored.
#[derive(Debug, Clone, Copy)]
struct IndexLayout {
    entries: u32,
    bits: u32,
    /// How many top bits of a key the index keeps (32 before format 4).
    key_bits: u32,
    directory_at: usize,
    entries_at: usize,
    coding: EntryCoding,
}

#[derive(Debug, Clone, Copy)]
enum EntryCoding {
    /// Formats 2 and 3: an array of keys (their low `key_width` bytes), then one of
    /// references (`reference_width` bytes each).
    Bytes {
        key_width: usize,
        refs_at: usize,
        reference_width: usize,
    },
    /// Format 4: each entry `key_bits` below the directory's, then `reference_bits`.
    Bits { key_bits: u32, reference_bits: u32 },
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
    /// Fingerprints kept for this reference, per channel (verbatim, robust).
    pub fingerprints: [u32; 2],
    /// The words a whole copy of the reference shows as evidence: those in stretches of its own
    /// fingerprints (see [`crate::matching`]). Packs built before evidence was measured in
    /// words hold all its words here, which only makes their scores lower.
    pub evidence_words: u32,
}

/// What `copyspot pack info` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackInfo {
    /// What the pack is, in a line (empty in packs before format 5 or built without one).
    pub name: String,
    /// What it holds and who keeps it.
    pub description: String,
    pub version: u32,
    pub references: u32,
    pub verbatim_fingerprints: u32,
    pub robust_fingerprints: u32,
    pub duplicates_merged: u32,
    pub boilerplate_keys_dropped: u32,
    pub bytes: u64,
    /// Verbatim n-gram and window, robust n-gram and window.
    pub parameters: [u8; 4],
    /// Winnowing windows of the stored reference fingerprints, verbatim and robust.
    pub reference_windows: [u8; 2],
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
        if !(OLDEST_VERSION..=VERSION).contains(&version) {
            return Err(PackError::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        let found = [header[12], header[13], header[14], header[15]];
        if found != PARAMETERS {
            return Err(PackError::UnsupportedParameters {
                found,
                expected: PARAMETERS,
            });
        }
        // Version 2 packs stored every page-side fingerprint.
        let reference_windows = match version {
            2 => [PARAMETERS[1], PARAMETERS[3]],
            _ => [header[28], header[29]],
        };
        let reserved = match version {
            2 => &header[28..],
            3 => &header[30..],
            _ => &[],
        };
        if reserved.iter().any(|&b| b != 0) {
            return Err(PackError::Malformed("reserved header bytes are not zero"));
        }
        // A stored fingerprint is found by a page when it is the minimum of a window at least
        // as long as the page's.
        if reference_windows[0] < PARAMETERS[1] || reference_windows[1] < PARAMETERS[3] {
            return Err(PackError::UnsupportedParameters {
                found,
                expected: PARAMETERS,
            });
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
        let computed = checksum(version, &bytes[HEADER_LEN..]);
        if stored != computed {
            return Err(PackError::ChecksumMismatch { stored, computed });
        }
        let key_bits = [header[30], header[31]];
        Self::layout(bytes, version, reference_windows, key_bits)
    }

    fn layout(
        bytes: Vec<u8>,
        version: u32,
        reference_windows: [u8; 2],
        key_bits: [u8; 2],
    ) -> Result<Self, PackError> {
        let counts_len = counts_len(version);
        if bytes.len() < HEADER_LEN + counts_len {
            return Err(PackError::Malformed("counts block is missing"));
        }
        let count = |i: usize| read_u32(&bytes, HEADER_LEN + i * 4).unwrap_or_default();
        let [references, strings_len, duplicates, boilerplate_keys] = [0, 1, 2, 3].map(count);
        let about_lens = match version {
            5.. => [8, 9].map(|i| count(i) as usize),
            _ => [0, 0],
        };
        // Offsets in u64 so that crafted counts cannot overflow a 32-bit usize in wasm.
        let records_at = (HEADER_LEN + counts_len) as u64;
        let mut at = records_at + u64::from(references) * REFERENCE_LEN as u64;
        let mut indexes = [None; 2];
        for (channel, index) in indexes.iter_mut().enumerate() {
            let (entries, bits) = (count(4 + 2 * channel), count(5 + 2 * channel));
            if bits > 24 {
                return Err(PackError::Malformed(
                    "directory is larger than any pack needs",
                ));
            }
            let key_bits = match version {
                2 | 3 => 32,
                _ => u32::from(key_bits[channel]),
            };
            if !(bits..=32).contains(&key_bits) {
                return Err(PackError::Malformed("key bits do not fit the directory"));
            }
            let directory_at = at;
            let entries_at = directory_at + ((1u64 << bits) + 1) * 4;
            let (coding, entries_len) = match version {
                2 | 3 => {
                    let compact = version == 3;
                    let key_width = if compact { key_width(bits) } else { 4 };
                    let reference_width = if compact {
                        reference_width(references)
                    } else {
                        4
                    };
                    let refs_at = entries_at + u64::from(entries) * key_width as u64;
                    let coding = EntryCoding::Bytes {
                        key_width,
                        // Checked against the file length below, so it fits in usize.
                        refs_at: refs_at as usize,
                        reference_width,
                    };
                    (
                        coding,
                        u64::from(entries) * (key_width + reference_width) as u64,
                    )
                }
                _ => {
                    let coding = EntryCoding::Bits {
                        key_bits: key_bits - bits,
                        reference_bits: reference_bits(references),
                    };
                    let width = u64::from(key_bits - bits + reference_bits(references));
                    (coding, (u64::from(entries) * width).div_ceil(8))
                }
            };
            at = entries_at + entries_len;
            if at > bytes.len() as u64 {
                return Err(PackError::Malformed(
                    "an index runs past the end of the file",
                ));
            }
            // Below the file length, so these fit in usize.
            *index = Some(IndexLayout {
                entries,
                bits,
                key_bits,
                directory_at: directory_at as usize,
                entries_at: entries_at as usize,
                coding,
            });
        }
        let [Some(verbatim), Some(robust)] = indexes else {
            return Err(PackError::Malformed("an index is missing"));
        };
        if at + u64::from(strings_len) != bytes.len() as u64 {
            return Err(PackError::Malformed(
                "section sizes do not add up to the file size",
            ));
        }
        let pack = Self {
            references,
            records_at: records_at as usize,
            strings_at: at as usize,
            duplicates,
            boilerplate_keys,
            version,
            reference_windows,
            about_lens,
            indexes: [verbatim, robust],
            bytes,
        };
        for index in &pack.indexes {
            if pack.directory(index, 1usize << index.bits) != Some(index.entries) {
                return Err(PackError::Malformed("directory does not cover every entry"));
            }
        }
        if std::str::from_utf8(&pack.bytes[pack.strings_at..]).is_err() {
            return Err(PackError::Malformed("reference text is not UTF-8"));
        }
        let [name, description] = about_lens;
        if name > NAME_MAX
            || description > DESCRIPTION_MAX
            || pack.about_field(0, name).is_none()
            || pack.about_field(name, description).is_none()
        {
            return Err(PackError::Malformed(
                "the pack's name or description is too long or cut mid-character",
            ));
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

    /// What the pack is, in a line; empty if it was built without one.
    pub fn name(&self) -> &str {
        self.about_field(0, self.about_lens[0]).unwrap_or_default()
    }

    /// What the pack holds and who keeps it; may be empty.
    pub fn description(&self) -> &str {
        let [name, description] = self.about_lens;
        self.about_field(name, description).unwrap_or_default()
    }

    /// `len` bytes of the strings from `offset`, if they are whole characters there.
    fn about_field(&self, offset: usize, len: usize) -> Option<&str> {
        let start = self.strings_at.checked_add(offset)?;
        std::str::from_utf8(self.bytes.get(start..start.checked_add(len)?)?).ok()
    }

    /// Counts for `copyspot pack info`.
    pub fn info(&self) -> PackInfo {
        PackInfo {
            name: self.name().to_owned(),
            description: self.description().to_owned(),
            version: self.version,
            references: self.references,
            verbatim_fingerprints: self.indexes[0].entries,
            robust_fingerprints: self.indexes[1].entries,
            duplicates_merged: self.duplicates,
            boilerplate_keys_dropped: self.boilerplate_keys,
            bytes: self.bytes.len() as u64,
            parameters: PARAMETERS,
            reference_windows: self.reference_windows,
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
            fingerprints: [
                read_u32(&self.bytes, at + 32)?,
                read_u32(&self.bytes, at + 36)?,
            ],
            evidence_words: read_u32(&self.bytes, at + 40)?,
        })
    }

    /// The references that hold `key` in a channel's index.
    pub fn lookup(&self, channel: Channel, key: u32) -> impl Iterator<Item = u32> + '_ {
        let index = &self.indexes[channel as usize];
        let bucket = bucket(key, index.bits);
        let lo = self.directory(index, bucket).unwrap_or(0);
        let hi = self
            .directory(index, bucket + 1)
            .unwrap_or(0)
            .min(index.entries);
        let stored = index.stored_part(key);
        let first = self.first_at_least(index, stored, lo, hi);
        (first..hi).map_while(move |i| {
            (self.stored_key(index, i) == Some(stored))
                .then(|| self.reference_at(index, i))
                .flatten()
        })
    }

    /// Every (key, reference) entry of a channel's index, in key order; bits the index does
    /// not keep are zero (see [`Pack::key_bits`]).
    pub(crate) fn entries(&self, channel: Channel) -> impl Iterator<Item = (u32, u32)> + '_ {
        let index = self.indexes[channel as usize];
        (0..1usize << index.bits).flat_map(move |bucket| {
            let top = if index.bits == 0 {
                0
            } else {
                (bucket as u32) << (32 - index.bits)
            };
            let lo = self.directory(&index, bucket).unwrap_or(0);
            let hi = self
                .directory(&index, bucket + 1)
                .unwrap_or(0)
                .min(index.entries);
            (lo..hi).filter_map(move |i| {
                Some((
                    index.key_of(top, self.stored_key(&index, i)?),
                    self.reference_at(&index, i)?,
                ))
            })
        })
    }

    /// How many top bits of each key a channel's index keeps: keys that agree on them are one
    /// key to this pack.
    pub(crate) fn key_bits(&self, channel: Channel) -> u32 {
        self.indexes[channel as usize].key_bits
    }

    /// Index of the first entry in `lo..hi` whose stored key is at least `stored`.
    fn first_at_least(&self, index: &IndexLayout, stored: u32, mut lo: u32, mut hi: u32) -> u32 {
        // Keys are hashes, spread evenly over their bucket: start where `stored` would sit and
        // step to it (two or three reads, where halving takes five); a bucket skewed by a
        // crafted pack costs a few steps more, then is halved.
        let below = |i: u32| self.stored_key(index, i).is_some_and(|k| k < stored);
        if lo < hi {
            let guess = lo + index.guess(stored, hi - lo);
            if below(guess) {
                lo = guess + 1;
                for _ in 0..STEPS {
                    if lo == hi || !below(lo) {
                        return lo;
                    }
                    lo += 1;
                }
            } else {
                hi = guess;
                for _ in 0..STEPS {
                    if hi == lo || below(hi - 1) {
                        return hi;
                    }
                    hi -= 1;
                }
            }
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if below(mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn directory(&self, index: &IndexLayout, bucket: usize) -> Option<u32> {
        read_u32(&self.bytes, index.directory_at + bucket * 4)
    }

    #[inline]
    fn stored_key(&self, index: &IndexLayout, entry: u32) -> Option<u32> {
        match index.coding {
            EntryCoding::Bytes { key_width, .. } => read_uint(
                &self.bytes,
                index.entries_at + entry as usize * key_width,
                key_width,
            ),
            EntryCoding::Bits {
                key_bits,
                reference_bits,
            } => {
                let bit = u64::from(entry) * u64::from(key_bits + reference_bits);
                read_bits(&self.bytes, index.entries_at, bit, key_bits).map(|k| k as u32)
            }
        }
    }

    #[inline]
    fn reference_at(&self, index: &IndexLayout, entry: u32) -> Option<u32> {
        match index.coding {
            EntryCoding::Bytes {
                refs_at,
                reference_width,
                ..
            } => read_uint(
                &self.bytes,
                refs_at + entry as usize * reference_width,
                reference_width,
            ),
            EntryCoding::Bits {
                key_bits,
                reference_bits,
            } => {
                let bit = u64::from(entry) * u64::from(key_bits + reference_bits);
                let bit = bit + u64::from(key_bits);
                read_bits(&self.bytes, index.entries_at, bit, reference_bits).map(|r| r as u32)
            }
        }
    }
}

/// Entries a lookup steps through from its guess before it halves the rest of the bucket.
const STEPS: u32 = 4;

impl IndexLayout {
    /// Where an entry storing `stored` would sit among the `entries` (at least one) of its
    /// bucket, were their keys spread evenly.
    fn guess(&self, stored: u32, entries: u32) -> u32 {
        // The bits that vary within a bucket: below the directory's, as far as stored.
        let varying = (32 - self.bits).min(match self.coding {
            EntryCoding::Bytes { key_width, .. } => 8 * key_width as u32,
            EntryCoding::Bits { key_bits, .. } => key_bits,
        });
        let within = u64::from(stored) & u64::MAX.checked_shr(64 - varying).unwrap_or(0);
        ((within * u64::from(entries)) >> varying) as u32
    }

    /// The part of `key` the index stores for it.
    fn stored_part(&self, key: u32) -> u32 {
        match self.coding {
            EntryCoding::Bytes { key_width, .. } => key & (u32::MAX >> (32 - 8 * key_width as u32)),
            EntryCoding::Bits { key_bits, .. } => {
                let below = (u64::from(key) >> (32 - self.key_bits)) as u32;
                below & u32::MAX.checked_shr(32 - key_bits).unwrap_or(0)
            }
        }
    }

    /// The key of an entry of directory bucket `top` (its bits in place) that stores `stored`.
    fn key_of(&self, top: u32, stored: u32) -> u32 {
        match self.coding {
            EntryCoding::Bytes { .. } => top | stored,
            EntryCoding::Bits { .. } => top | (u64::from(stored) << (32 - self.key_bits)) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PackBuilder, ReferenceDoc};
    use std::collections::HashMap;

    /// Texts of words drawn by a xorshift sequence: thousands of entries a channel, so the
    /// directory has buckets of a few dozen and lookups land both near and far from the guess.
    fn random_pack() -> Pack {
        let words: Vec<&str> = "the of and to in said market players Government would it was \
            for on film a shares Labour with by that year he growth"
            .split_whitespace()
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut builder = PackBuilder::new();
        for reference in 0..60 {
            let text: Vec<&str> = (0..400)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    words[(state % words.len() as u64) as usize]
                })
                .collect();
            builder.add(ReferenceDoc {
                id: reference.to_string(),
                title: String::new(),
                source: String::new(),
                text: text.join(" "),
            });
        }
        Pack::from_bytes(builder.build().0).expect("a built pack reads")
    }

    /// Every stored key, and keys next to them, finds exactly the references a scan of the
    /// whole index finds, in every format.
    #[test]
    fn lookups_find_what_a_scan_of_the_index_finds() {
        let fixture = |name: &str| {
            let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
            Pack::from_bytes(std::fs::read(path).expect("fixture")).expect("fixture reads")
        };
        let packs = [
            random_pack(),
            fixture("seed-000-format-v2.cspk"),
            fixture("seed-000-format-v3.cspk"),
        ];
        for pack in &packs {
            for channel in Channel::ALL {
                let kept =
                    |key: u32| key & !(u32::MAX.checked_shr(pack.key_bits(channel)).unwrap_or(0));
                let mut scan: HashMap<u32, Vec<u32>> = HashMap::new();
                for (key, reference) in pack.entries(channel) {
                    scan.entry(kept(key)).or_default().push(reference);
                }
                assert!(scan.len() > 50, "{channel:?}: {} keys", scan.len());
                let probes = scan.keys().flat_map(|&k| {
                    let step = 1 << (32 - pack.key_bits(channel));
                    [
                        k,
                        k | (step - 1),
                        k.wrapping_sub(step),
                        k.wrapping_add(step),
                    ]
                });
                for key in probes.collect::<Vec<_>>() {
                    let found: Vec<u32> = pack.lookup(channel, key).collect();
                    let expected = scan.get(&kept(key)).cloned().unwrap_or_default();
                    assert_eq!(found, expected, "{channel:?} {key:08x}, v{}", pack.version);
                }
            }
        }
    }
}
