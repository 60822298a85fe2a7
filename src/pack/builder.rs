//! Building a pack from reference documents.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use serde::Serialize;

use super::Pack;
use super::format::{
    DESCRIPTION_MAX, HEADER_LEN, KEY_BITS, MAGIC, NAME_MAX, PARAMETERS, REFERENCE_LEN,
    REFERENCE_WINDOWS, VERSION, checksum, reference_bits,
};
use super::partial::{Partial, PartialError, PartialReference};
use crate::fingerprint::Channel;
use crate::matching::evidence_words;
use crate::text::{Token, tokenize, truncate};

/// A reference article to put in a pack.
#[derive(Debug, Clone, Default)]
pub struct ReferenceDoc {
    /// Stable identifier (file name, database id…).
    pub id: String,
    /// Human-readable title.
    pub title: String,
    /// Where the original lives: a URL or a file path.
    pub source: String,
    /// The article text (already extracted from HTML).
    pub text: String,
}

/// What a build put in the pack.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BuildSummary {
    /// References stored (exact duplicates count once).
    pub references: u32,
    /// Inputs that repeated an earlier reference word for word; their ids become aliases.
    pub duplicates: u32,
    /// Inputs skipped because they had too few words to fingerprint.
    pub too_short: u32,
    /// Fingerprint entries stored, both channels.
    pub fingerprints: u64,
    /// Distinct keys dropped because too many references share them (boilerplate).
    pub boilerplate_keys: u32,
    /// Size of the pack in bytes.
    pub bytes: u64,
}

/// Collects references, then writes a pack.
#[derive(Debug, Default)]
pub struct PackBuilder {
    references: Vec<PartialReference>,
    by_content: HashMap<u64, usize>,
    duplicates: u32,
    too_short: u32,
    /// The fewest key bits a merged pack kept, per channel: the keys it gave have no more.
    merged_key_bits: [Option<u32>; 2],
    name: String,
    description: String,
}

/// One channel's index, ready to write.
struct Index {
    entries: Vec<(u32, u32)>,
    bits: u32,
    /// Top bits of each key kept; the rest of every key in `entries` is zero.
    key_bits: u32,
    directory: Vec<u32>,
}

impl PackBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the pack and says what it holds, as a subscriber's list shows it. Each is cut at
    /// a character boundary to [`NAME_MAX`] and [`DESCRIPTION_MAX`] bytes, line breaks in the
    /// name become spaces.
    pub fn describe(&mut self, name: &str, description: &str) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.name = truncate(&name, NAME_MAX).to_owned();
        self.description = truncate(description.trim(), DESCRIPTION_MAX).to_owned();
    }

    /// Adds one reference. Texts shorter than an n-gram are counted and skipped; a text that
    /// repeats an earlier one word for word is stored once, with this id as an alias.
    pub fn add(&mut self, doc: ReferenceDoc) {
        let tokens = tokenize(&doc.text);
        let fingerprints = Channel::ALL.map(|channel| channel.reference_fingerprints(&tokens));
        // A whole copy finds every stored fingerprint where it is here: what it shows as
        // evidence is what a check measures a copy against.
        let evidence_words = evidence_words(
            fingerprints
                .iter()
                .flatten()
                .map(|f| (f.start, f.end, f.key)),
        );
        let keys = fingerprints.map(|fingerprints| {
            let mut keys: Vec<u32> = fingerprints.iter().map(|f| f.key).collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        });
        if keys[0].is_empty() {
            self.too_short += 1;
            return;
        }
        // Packs keep fingerprints, not texts: the text is dropped here.
        self.push(PartialReference {
            id: doc.id,
            title: doc.title,
            source: doc.source,
            aliases: Vec::new(),
            content: Some(content_hash(&tokens)),
            keys,
            evidence_words: u32::try_from(evidence_words).unwrap_or(u32::MAX),
        });
    }

    /// Stores a reference, or makes it and its aliases aliases of an earlier one with the
    /// same words.
    fn push(&mut self, reference: PartialReference) {
        let Some(content) = reference.content else {
            self.references.push(reference);
            return;
        };
        match self.by_content.entry(content) {
            Entry::Occupied(first) => {
                self.duplicates += 1;
                let aliases = &mut self.references[*first.get()].aliases;
                aliases.push(reference.id);
                aliases.extend(reference.aliases);
            }
            Entry::Vacant(slot) => {
                slot.insert(self.references.len());
                self.references.push(reference);
            }
        }
    }

    /// What this builder holds, as a partial build for [`PackBuilder::add_partial`] on
    /// another machine (see [`mod@super::partial`]). The name and description stay behind.
    pub fn into_partial(self) -> Vec<u8> {
        Partial {
            references: self.references,
            duplicates: self.duplicates,
            too_short: self.too_short,
            merged_key_bits: self.merged_key_bits,
        }
        .to_bytes()
    }

    /// Adds a partial build's references after those added so far, as if its inputs had been
    /// added here: a text already seen becomes an alias, keys are cut as boilerplate only
    /// when the pack is built.
    pub fn add_partial(&mut self, bytes: &[u8]) -> Result<(), PartialError> {
        let partial = Partial::from_bytes(bytes)?;
        self.duplicates += partial.duplicates;
        self.too_short += partial.too_short;
        for (channel, theirs) in partial.merged_key_bits.into_iter().enumerate() {
            self.narrow_key_bits(channel, theirs);
        }
        partial
            .references
            .into_iter()
            .for_each(|reference| self.push(reference));
        Ok(())
    }

    /// Keeps no more key bits on `channel` than a pack merged in kept (`None`: no pack).
    fn narrow_key_bits(&mut self, channel: usize, theirs: Option<u32>) {
        let merged = &mut self.merged_key_bits[channel];
        *merged = match (*merged, theirs) {
            (Some(ours), Some(theirs)) => Some(ours.min(theirs)),
            (ours, theirs) => ours.or(theirs),
        };
    }

    /// Adds every reference of an existing pack, with its fingerprints as they are (the texts
    /// are not in packs). A reference whose id is already in the builder is skipped.
    pub fn add_pack(&mut self, pack: &Pack) {
        let mut keys: Vec<[Vec<u32>; 2]> = vec![[Vec::new(), Vec::new()]; pack.len()];
        for channel in Channel::ALL {
            self.narrow_key_bits(channel as usize, Some(pack.key_bits(channel)));
            for (key, reference) in pack.entries(channel) {
                if let Some(slot) = keys.get_mut(reference as usize) {
                    slot[channel as usize].push(key);
                }
            }
        }
        let known: std::collections::HashSet<String> =
            self.references.iter().map(|r| r.id.clone()).collect();
        for (index, keys) in keys.into_iter().enumerate() {
            let Some(reference) = pack.reference(index as u32) else {
                continue;
            };
            if known.contains(reference.id) {
                self.duplicates += 1;
                continue;
            }
            self.references.push(PartialReference {
                id: reference.id.to_owned(),
                title: reference.title.to_owned(),
                source: reference.source.to_owned(),
                aliases: reference.aliases.lines().map(str::to_owned).collect(),
                content: None,
                keys,
                evidence_words: reference.evidence_words,
            });
        }
    }

    /// References added so far (duplicates excluded).
    pub fn len(&self) -> usize {
        self.references.len()
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.references.is_empty()
    }

    /// Writes the pack. The output depends only on the references and their order.
    pub fn build(self) -> (Vec<u8>, BuildSummary) {
        let mut kept_per_reference = vec![[0u32; 2]; self.references.len()];
        let mut boilerplate_keys = 0u32;
        let indexes = [0, 1].map(|channel| {
            let (index, dropped) = self.index(channel, &mut kept_per_reference);
            boilerplate_keys += dropped;
            index
        });

        let mut strings = [self.name.as_bytes(), self.description.as_bytes()].concat();
        let mut records = Vec::with_capacity(self.references.len() * REFERENCE_LEN);
        for (reference, kept) in self.references.iter().zip(&kept_per_reference) {
            let aliases = reference.aliases.join("\n");
            for field in [&reference.id, &reference.title, &reference.source, &aliases] {
                push_u32(&mut records, strings.len() as u32);
                push_u32(&mut records, field.len() as u32);
                strings.extend_from_slice(field.as_bytes());
            }
            push_u32(&mut records, kept[0]);
            push_u32(&mut records, kept[1]);
            push_u32(&mut records, reference.evidence_words);
        }

        let mut payload = Vec::new();
        for count in [
            self.references.len() as u32,
            strings.len() as u32,
            self.duplicates,
            boilerplate_keys,
            indexes[0].entries.len() as u32,
            indexes[0].bits,
            indexes[1].entries.len() as u32,
            indexes[1].bits,
            self.name.len() as u32,
            self.description.len() as u32,
        ] {
            push_u32(&mut payload, count);
        }
        payload.extend_from_slice(&records);
        let reference_bits = reference_bits(self.references.len() as u32);
        for index in &indexes {
            index
                .directory
                .iter()
                .for_each(|&d| push_u32(&mut payload, d));
            let stored_bits = index.key_bits - index.bits;
            let mut entries = BitWriter::default();
            for &(key, reference) in &index.entries {
                let below = (u64::from(key) >> (32 - index.key_bits)) as u32;
                entries.push(below & low_bits(stored_bits), stored_bits);
                entries.push(reference, reference_bits);
            }
            payload.extend_from_slice(&entries.finish());
        }
        payload.extend_from_slice(&strings);

        let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
        bytes.extend_from_slice(&MAGIC);
        push_u32(&mut bytes, VERSION);
        bytes.extend_from_slice(&PARAMETERS);
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        push_u32(&mut bytes, checksum(VERSION, &payload));
        bytes.extend_from_slice(&REFERENCE_WINDOWS);
        bytes.extend_from_slice(&indexes.each_ref().map(|index| index.key_bits as u8));
        bytes.extend_from_slice(&payload);

        let summary = BuildSummary {
            references: self.references.len() as u32,
            duplicates: self.duplicates,
            too_short: self.too_short,
            fingerprints: indexes.iter().map(|i| i.entries.len() as u64).sum(),
            boilerplate_keys,
            bytes: bytes.len() as u64,
        };
        (bytes, summary)
    }

    /// The sorted (key, reference) entries of one channel without boilerplate keys, and how
    /// many distinct keys were dropped as boilerplate.
    fn index(&self, channel: usize, kept_per_reference: &mut [[u32; 2]]) -> (Index, u32) {
        let max_sharing = boilerplate_limit(self.references.len());
        let key_bits = self.merged_key_bits[channel].map_or(KEY_BITS, |bits| bits.min(KEY_BITS));
        let kept_bits = !low_bits(32 - key_bits);
        let mut entries: Vec<(u32, u32)> = self
            .references
            .iter()
            .enumerate()
            .flat_map(|(index, r)| {
                r.keys[channel]
                    .iter()
                    .map(move |&k| (k & kept_bits, index as u32))
            })
            .collect();
        entries.sort_unstable();
        // Two keys of a reference may agree on the bits kept.
        entries.dedup();
        // Drop keys held by too many references: stock phrases, not copying.
        let mut kept: Vec<(u32, u32)> = Vec::with_capacity(entries.len());
        let mut dropped = 0;
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            if group.len() > max_sharing {
                dropped += 1;
                continue;
            }
            for &(key, reference) in group {
                kept_per_reference[reference as usize][channel] += 1;
                kept.push((key, reference));
            }
        }
        let entry_bits = key_bits + reference_bits(self.references.len() as u32);
        let bits = directory_bits(kept.len(), key_bits, entry_bits);
        let mut directory = vec![0u32; (1usize << bits) + 1];
        for &(key, _) in &kept {
            directory[bucket(key, bits) + 1] += 1;
        }
        for i in 1..directory.len() {
            directory[i] += directory[i - 1];
        }
        (
            Index {
                entries: kept,
                bits,
                key_bits,
                directory,
            },
            dropped,
        )
    }
}

/// A key held by more references than this is boilerplate. Small packs keep everything a few
/// articles share; large ones drop what a tenth of a percent of all articles say.
fn boilerplate_limit(references: usize) -> usize {
    (references / 1000).max(8)
}

/// Identifies a text by its normalized words, so copies differing only in spacing, quotes or
/// case count as duplicates. XXH3, not std's hasher: partial builds carry it between
/// machines, and std's may change with the compiler.
fn content_hash(tokens: &[Token]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    tokens
        .iter()
        .for_each(|t| hasher.update(&t.hash.to_le_bytes()));
    hasher.digest()
}

/// Directory size: the fewest bits for directory and entries together (an entry of
/// `entry_bits` with a whole key loses a bit for each bit of directory), with at most 32
/// entries a bucket on average so that a lookup stays short: a guess and a few steps, or a
/// binary search of five (with 256, lookups took three times as long for 3% less pack).
fn directory_bits(entries: usize, key_bits: u32, entry_bits: u32) -> u32 {
    let most = key_bits.min(24);
    (0..=most)
        .filter(|&bits| entries >> bits <= 32 || bits == most)
        .min_by_key(|&bits| (32usize << bits) + entries * (entry_bits - bits) as usize)
        .unwrap_or(most)
}

/// A value with its low `bits` bits set.
fn low_bits(bits: u32) -> u32 {
    u32::MAX.checked_shr(32 - bits).unwrap_or(0)
}

/// Packs values of any width up to 32 bits, lowest bit first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl BitWriter {
    fn push(&mut self, value: u32, bits: u32) {
        self.pending |= u64::from(value & low_bits(bits)) << self.pending_bits;
        self.pending_bits += bits;
        while self.pending_bits >= 8 {
            self.bytes.push(self.pending as u8);
            self.pending >>= 8;
            self.pending_bits -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.pending_bits > 0 {
            self.bytes.push(self.pending as u8);
        }
        self.bytes
    }
}

/// The directory bucket of a key: its top `bits` bits.
pub(super) fn bucket(key: u32, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (key >> (32 - bits)) as usize
    }
}

fn push_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::format::read_bits;

    #[test]
    fn bit_packed_fields_read_back_at_every_width_and_offset() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut fields = Vec::new();
        let mut writer = BitWriter::default();
        for i in 0..2000u32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bits = 1 + i % 32;
            let value = state as u32 & low_bits(bits);
            writer.push(value, bits);
            fields.push((value, bits));
        }
        let bytes = writer.finish();
        let mut bit = 0u64;
        for (value, bits) in fields {
            assert_eq!(read_bits(&bytes, 0, bit, bits), Some(u64::from(value)));
            bit += u64::from(bits);
        }
        assert_eq!(bytes.len() as u64, bit.div_ceil(8));
        assert_eq!(read_bits(&bytes, 0, bit + 64, 8), None, "past the end");
    }
}
