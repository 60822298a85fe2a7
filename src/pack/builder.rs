//! Building a pack from reference documents.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Serialize;

use super::Pack;
use super::format::{
    HEADER_LEN, MAGIC, PARAMETERS, REFERENCE_LEN, REFERENCE_WINDOWS, VERSION, checksum, key_width,
    reference_width,
};
use crate::fingerprint::Channel;
use crate::text::{Token, tokenize};

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

#[derive(Debug)]
struct PendingReference {
    doc: ReferenceDoc,
    aliases: Vec<String>,
    /// Distinct keys per channel, in `Channel::ALL` order.
    keys: [Vec<u32>; 2],
    words: u32,
}

/// Collects references, then writes a pack.
#[derive(Debug, Default)]
pub struct PackBuilder {
    references: Vec<PendingReference>,
    by_content: HashMap<u64, usize>,
    duplicates: u32,
    too_short: u32,
}

/// One channel's index, ready to write.
struct Index {
    entries: Vec<(u32, u32)>,
    bits: u32,
    directory: Vec<u32>,
}

impl PackBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one reference. Texts shorter than an n-gram are counted and skipped; a text that
    /// repeats an earlier one word for word is stored once, with this id as an alias.
    pub fn add(&mut self, doc: ReferenceDoc) {
        let tokens = tokenize(&doc.text);
        let keys = Channel::ALL.map(|channel| {
            let mut keys: Vec<u32> = channel
                .reference_fingerprints(&tokens)
                .iter()
                .map(|f| f.key)
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        });
        if keys[0].is_empty() {
            self.too_short += 1;
            return;
        }
        match self.by_content.entry(content_hash(&tokens)) {
            Entry::Occupied(first) => {
                self.duplicates += 1;
                self.references[*first.get()].aliases.push(doc.id);
            }
            Entry::Vacant(slot) => {
                slot.insert(self.references.len());
                self.references.push(PendingReference {
                    // Packs keep fingerprints, not texts: free the text now.
                    doc: ReferenceDoc {
                        text: String::new(),
                        ..doc
                    },
                    aliases: Vec::new(),
                    keys,
                    words: u32::try_from(tokens.len()).unwrap_or(u32::MAX),
                });
            }
        }
    }

    /// Adds every reference of an existing pack, with its fingerprints as they are (the texts
    /// are not in packs). A reference whose id is already in the builder is skipped.
    pub fn add_pack(&mut self, pack: &Pack) {
        let mut keys: Vec<[Vec<u32>; 2]> = vec![[Vec::new(), Vec::new()]; pack.len()];
        for channel in Channel::ALL {
            for (key, reference) in pack.entries(channel) {
                if let Some(slot) = keys.get_mut(reference as usize) {
                    slot[channel as usize].push(key);
                }
            }
        }
        let known: std::collections::HashSet<String> =
            self.references.iter().map(|r| r.doc.id.clone()).collect();
        for (index, keys) in keys.into_iter().enumerate() {
            let Some(reference) = pack.reference(index as u32) else {
                continue;
            };
            if known.contains(reference.id) {
                self.duplicates += 1;
                continue;
            }
            self.references.push(PendingReference {
                doc: ReferenceDoc {
                    id: reference.id.to_owned(),
                    title: reference.title.to_owned(),
                    source: reference.source.to_owned(),
                    text: String::new(),
                },
                aliases: reference.aliases.lines().map(str::to_owned).collect(),
                keys,
                words: reference.words,
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

        let mut strings = Vec::new();
        let mut records = Vec::with_capacity(self.references.len() * REFERENCE_LEN);
        for (reference, kept) in self.references.iter().zip(&kept_per_reference) {
            let aliases = reference.aliases.join("\n");
            for field in [
                &reference.doc.id,
                &reference.doc.title,
                &reference.doc.source,
                &aliases,
            ] {
                push_u32(&mut records, strings.len() as u32);
                push_u32(&mut records, field.len() as u32);
                strings.extend_from_slice(field.as_bytes());
            }
            push_u32(&mut records, kept[0]);
            push_u32(&mut records, kept[1]);
            push_u32(&mut records, reference.words);
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
        ] {
            push_u32(&mut payload, count);
        }
        payload.extend_from_slice(&records);
        let reference_width = reference_width(self.references.len() as u32);
        for index in &indexes {
            index
                .directory
                .iter()
                .for_each(|&d| push_u32(&mut payload, d));
            let key_width = key_width(index.bits);
            index
                .entries
                .iter()
                .for_each(|&(key, _)| push_uint(&mut payload, key, key_width));
            index
                .entries
                .iter()
                .for_each(|&(_, reference)| push_uint(&mut payload, reference, reference_width));
        }
        payload.extend_from_slice(&strings);

        let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
        bytes.extend_from_slice(&MAGIC);
        push_u32(&mut bytes, VERSION);
        bytes.extend_from_slice(&PARAMETERS);
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        push_u32(&mut bytes, checksum(VERSION, &payload));
        bytes.extend_from_slice(&REFERENCE_WINDOWS);
        bytes.extend_from_slice(&[0, 0]);
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
        let mut entries: Vec<(u32, u32)> = self
            .references
            .iter()
            .enumerate()
            .flat_map(|(index, r)| r.keys[channel].iter().map(move |&k| (k, index as u32)))
            .collect();
        entries.sort_unstable();
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
        let bits = directory_bits(kept.len());
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
/// case count as duplicates.
fn content_hash(tokens: &[Token]) -> u64 {
    let mut hasher = DefaultHasher::new();
    tokens.iter().for_each(|t| t.hash.hash(&mut hasher));
    hasher.finish()
}

/// Directory size: the fewest bytes for directory and keys together, with at most 32 entries
/// a bucket on average so that a lookup stays a binary search of five steps (with 256, lookups
/// took three times as long for 3% less pack).
fn directory_bits(entries: usize) -> u32 {
    (0..=24)
        .filter(|&bits| entries >> bits <= 32 || bits == 24)
        .min_by_key(|&bits| (4usize << bits) + entries * key_width(bits))
        .unwrap_or(24)
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

/// Appends the low `width` bytes of `value`, little-endian.
fn push_uint(out: &mut Vec<u8>, value: u32, width: usize) {
    out.extend_from_slice(&value.to_le_bytes()[..width]);
}
