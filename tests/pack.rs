//! Pack round trips and damaged packs: each kind of damage has its own error.

mod common;

use common::*;
use copyspot::matching::ALARM_SCORE;
use copyspot::pack::format::{HEADER_LEN, VERSION, checksum};
use copyspot::{Pack, PackBuilder, PackError, check};

fn seed_pack_bytes() -> Vec<u8> {
    let mut builder = PackBuilder::new();
    builder.add(reference("000", &fixture(ORIGINAL)));
    builder.add(reference("unrelated", UNRELATED));
    builder.build().0
}

#[test]
fn round_trip_keeps_metadata_and_lookups() {
    let bytes = seed_pack_bytes();
    let pack = Pack::from_bytes(bytes.clone()).unwrap();
    assert_eq!(pack.len(), 2);
    let original = pack.reference(0).unwrap();
    assert_eq!(original.id, "000");
    assert_eq!(original.source, "test://000");
    assert!(original.title.starts_with("Top U.S. and NATO"));
    assert!(original.fingerprints[0] > 60 && original.fingerprints[1] > 40);
    assert_eq!(pack.as_bytes(), bytes.as_slice());
    assert!(pack.reference(2).is_none());
    assert_eq!(check(&pack, &fixture(AGGREGATOR)).matches[0].id, "000");
}

#[test]
fn building_twice_gives_the_same_bytes() {
    assert_eq!(seed_pack_bytes(), seed_pack_bytes());
}

#[test]
fn exact_duplicates_are_stored_once_with_an_alias() {
    let mut builder = PackBuilder::new();
    builder.add(reference("a", &fixture(ORIGINAL)));
    // Same words, different quotes and spacing.
    builder.add(reference(
        "b",
        &fixture(ORIGINAL)
            .replace('"', "\u{201C}")
            .replace(' ', "  "),
    ));
    let (bytes, summary) = builder.build();
    assert_eq!((summary.references, summary.duplicates), (1, 1));
    let pack = Pack::from_bytes(bytes).unwrap();
    assert_eq!(pack.reference(0).unwrap().aliases, "b");
}

#[test]
fn phrases_shared_by_many_references_are_dropped() {
    let boilerplate = "Follow us on social media and sign up for our daily newsletter today";
    let mut builder = PackBuilder::new();
    for i in 0..20 {
        let body: String = (0..40).map(|w| format!("topic{i}word{w} ")).collect();
        builder.add(reference(
            &format!("r{i}"),
            &format!("{body} {boilerplate}"),
        ));
    }
    let (bytes, summary) = builder.build();
    assert!(summary.boilerplate_keys > 0);
    let pack = Pack::from_bytes(bytes).unwrap();
    let page = format!("{boilerplate}. {UNRELATED}");
    assert!(check(&pack, &page).matches.is_empty());
}

#[test]
fn truncated_pack_is_rejected() {
    let bytes = seed_pack_bytes();
    let full = bytes.len() as u64;
    let cut = bytes[..bytes.len() - 10].to_vec();
    assert_eq!(
        Pack::from_bytes(cut).unwrap_err(),
        PackError::Truncated {
            expected: full,
            found: full - 10
        }
    );
    assert!(matches!(
        Pack::from_bytes(bytes[..12].to_vec()).unwrap_err(),
        PackError::Truncated { .. }
    ));
    assert_eq!(
        Pack::from_bytes(Vec::new()).unwrap_err(),
        PackError::BadMagic
    );
}

#[test]
fn flipped_bit_is_a_checksum_mismatch() {
    let mut bytes = seed_pack_bytes();
    let middle = HEADER_LEN + (bytes.len() - HEADER_LEN) / 2;
    bytes[middle] ^= 0x10;
    assert!(matches!(
        Pack::from_bytes(bytes).unwrap_err(),
        PackError::ChecksumMismatch { .. }
    ));
}

#[test]
fn other_files_are_not_packs() {
    let text = fixture(ORIGINAL).into_bytes();
    assert_eq!(Pack::from_bytes(text).unwrap_err(), PackError::BadMagic);
}

/// Packs users saved before the compact format (version 2, copyspot 0.1) keep working.
#[test]
fn version_2_packs_still_read_and_match_like_new_ones() {
    let bytes = std::fs::read(fixture_path("seed-000-format-v2.cspk")).unwrap();
    let old = Pack::from_bytes(bytes).unwrap();
    assert_eq!(old.info().version, 2);
    assert_eq!(old.info().reference_windows, [4, 4]);
    let mut builder = PackBuilder::new();
    builder.add(reference("000", &fixture(ORIGINAL)));
    let new = Pack::from_bytes(builder.build().0).unwrap();
    assert!(new.as_bytes().len() * 2 < old.as_bytes().len());
    // Version 2 fingerprints may span line breaks, which pages no longer look up: the scores
    // differ a little, every copy is still caught.
    for seed in [ORIGINAL, SPUN, AGGREGATOR] {
        let (old_report, new_report) = (check(&old, &fixture(seed)), check(&new, &fixture(seed)));
        assert!(
            old_report.score >= ALARM_SCORE,
            "{seed}: {}",
            old_report.score
        );
        assert!(
            new_report.score >= ALARM_SCORE,
            "{seed}: {}",
            new_report.score
        );
    }
    assert_merges_like(&old);
}

/// Packs written before key bits were cut (format 3) keep working.
#[test]
fn version_3_packs_still_read_and_match_like_new_ones() {
    let bytes = std::fs::read(fixture_path("seed-000-format-v3.cspk")).unwrap();
    let old = Pack::from_bytes(bytes).unwrap();
    assert_eq!(old.info().version, 3);
    let mut builder = PackBuilder::new();
    builder.add(reference("000", &fixture(ORIGINAL)));
    let new = Pack::from_bytes(builder.build().0).unwrap();
    assert!(new.as_bytes().len() < old.as_bytes().len());
    for seed in [ORIGINAL, SPUN, AGGREGATOR] {
        let (old_report, new_report) = (check(&old, &fixture(seed)), check(&new, &fixture(seed)));
        assert_eq!(old_report.score, new_report.score, "{seed}");
        assert_eq!(
            old_report.matches[0].passages, new_report.matches[0].passages,
            "{seed}"
        );
    }
    assert_merges_like(&old);
}

/// Packs written before they carried a name (format 4) keep working, nameless.
#[test]
fn version_4_packs_still_read_and_match_like_new_ones() {
    let bytes = std::fs::read(fixture_path("seed-000-format-v4.cspk")).unwrap();
    let old = Pack::from_bytes(bytes).unwrap();
    assert_eq!(
        (old.info().version, old.name(), old.description()),
        (4, "", "")
    );
    let mut builder = PackBuilder::new();
    builder.add(reference("000", &fixture(ORIGINAL)));
    let new = Pack::from_bytes(builder.build().0).unwrap();
    for seed in [ORIGINAL, SPUN, AGGREGATOR] {
        let (old_report, new_report) = (check(&old, &fixture(seed)), check(&new, &fixture(seed)));
        assert_eq!(old_report.score, new_report.score, "{seed}");
        assert_eq!(
            old_report.matches[0].passages,
            new_report.matches[0].passages
        );
    }
    assert_merges_like(&old);
}

#[test]
fn a_pack_carries_its_name_and_description() {
    let mut builder = PackBuilder::new();
    builder.describe(
        "  Harbour\nGazette  archive ",
        "Every article since 2019.\nKept by the newsroom.",
    );
    builder.add(reference("000", &fixture(ORIGINAL)));
    let pack = Pack::from_bytes(builder.build().0).unwrap();
    assert_eq!(pack.name(), "Harbour Gazette archive");
    assert_eq!(
        pack.description(),
        "Every article since 2019.\nKept by the newsroom."
    );
    assert_eq!(pack.info().name, "Harbour Gazette archive");
    assert_eq!(pack.reference(0).unwrap().id, "000");
    assert_eq!(check(&pack, &fixture(AGGREGATOR)).matches[0].id, "000");
    // A merge keeps the builder's own name, not the merged pack's.
    let mut merged = PackBuilder::new();
    merged.add_pack(&pack);
    assert_eq!(Pack::from_bytes(merged.build().0).unwrap().name(), "");
}

#[test]
fn names_too_long_are_cut_between_characters() {
    let mut builder = PackBuilder::new();
    builder.describe(&"é".repeat(150), &"ü".repeat(1500));
    builder.add(reference("000", &fixture(ORIGINAL)));
    let pack = Pack::from_bytes(builder.build().0).unwrap();
    assert_eq!(pack.name(), "é".repeat(100));
    assert_eq!(pack.description(), "ü".repeat(1000));
}

#[test]
fn a_name_length_past_its_bounds_is_malformed_not_a_panic() {
    let mut builder = PackBuilder::new();
    builder.describe("é", "");
    builder.add(reference("000", &fixture(ORIGINAL)));
    let bytes = builder.build().0;
    // The name's length is the ninth count: 1 byte cuts "é" in half, 2^31 runs past the end.
    for name_len in [1u32, 1 << 31] {
        let mut damaged = bytes.clone();
        damaged[HEADER_LEN + 32..HEADER_LEN + 36].copy_from_slice(&name_len.to_le_bytes());
        let sum = checksum(VERSION, &damaged[HEADER_LEN..]);
        damaged[24..28].copy_from_slice(&sum.to_le_bytes());
        assert!(
            matches!(Pack::from_bytes(damaged), Err(PackError::Malformed(_))),
            "{name_len}"
        );
    }
}

/// Merging an older pack into a new one keeps the top bits of every key: the merged
/// pack finds the same copies, give or take a page key that agrees with a stored one on those
/// bits alone.
fn assert_merges_like(old: &Pack) {
    let mut merged = PackBuilder::new();
    merged.add_pack(old);
    let merged = Pack::from_bytes(merged.build().0).expect("the merged pack reads");
    let fingerprints = |pack: &Pack| pack.reference(0).map(|r| r.fingerprints);
    assert_eq!(fingerprints(&merged), fingerprints(old));
    for seed in [ORIGINAL, SPUN, AGGREGATOR] {
        let (old_report, merged_report) =
            (check(old, &fixture(seed)), check(&merged, &fixture(seed)));
        assert_eq!(old_report.score, merged_report.score, "{seed}");
        let (old_best, merged_best) = (&old_report.matches[0], &merged_report.matches[0]);
        let found = |p: &&copyspot::matching::Passage| merged_best.passages.contains(p);
        assert!(old_best.passages.iter().all(|p| found(&p)), "{seed}");
        assert!(
            merged_best.passages.len() <= old_best.passages.len() + 1,
            "{seed}"
        );
        for channel in 0..2 {
            let extra =
                merged_best.shared_fingerprints[channel] - old_best.shared_fingerprints[channel];
            assert!(extra <= 1, "{seed}: {extra} more shared fingerprints");
        }
    }
}

#[test]
fn newer_format_version_is_named() {
    let mut bytes = seed_pack_bytes();
    bytes[8..12].copy_from_slice(&(VERSION + 1).to_le_bytes());
    let error = Pack::from_bytes(bytes).unwrap_err();
    assert_eq!(
        error,
        PackError::UnsupportedVersion {
            found: VERSION + 1,
            supported: VERSION
        }
    );
    assert!(error.to_string().contains("update copyspot"));
}

#[test]
fn different_fingerprint_parameters_are_named() {
    let mut bytes = seed_pack_bytes();
    bytes[12] = 7;
    assert!(matches!(
        Pack::from_bytes(bytes).unwrap_err(),
        PackError::UnsupportedParameters {
            found: [7, _, _, _],
            ..
        }
    ));
}

#[test]
fn trailing_bytes_are_rejected() {
    let mut bytes = seed_pack_bytes();
    bytes.extend_from_slice(b"junk");
    assert_eq!(
        Pack::from_bytes(bytes).unwrap_err(),
        PackError::TrailingBytes { extra: 4 }
    );
}

#[test]
fn crafted_counts_with_a_valid_checksum_are_malformed_not_a_panic() {
    let mut bytes = seed_pack_bytes();
    // Claim a huge reference count, then fix the checksum so only the layout check can tell.
    bytes[HEADER_LEN..HEADER_LEN + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let sum = checksum(VERSION, &bytes[HEADER_LEN..]);
    bytes[24..28].copy_from_slice(&sum.to_le_bytes());
    assert!(matches!(
        Pack::from_bytes(bytes).unwrap_err(),
        PackError::Malformed(_)
    ));
}

#[test]
fn every_truncation_and_bit_flip_is_an_error_not_a_panic() {
    let bytes = seed_pack_bytes();
    for len in (0..bytes.len()).step_by(7) {
        assert!(Pack::from_bytes(bytes[..len].to_vec()).is_err());
    }
    for position in (0..bytes.len()).step_by(5) {
        let mut damaged = bytes.clone();
        damaged[position] ^= 1 << (position % 8);
        assert!(
            Pack::from_bytes(damaged).is_err(),
            "flip at {position} went unnoticed"
        );
    }
}

/// References with a stock phrase more of them share than a small pack keeps, and copies of
/// earlier ones (as the BBC corpus has), in input order.
fn collection() -> Vec<copyspot::ReferenceDoc> {
    let boilerplate = "Follow us on social media and sign up for our daily newsletter today";
    let mut docs: Vec<_> = (0..30)
        .map(|i| {
            let body: String = (0..40).map(|w| format!("topic{i}word{w} ")).collect();
            reference(&format!("r{i}"), &format!("{body} {boilerplate}"))
        })
        .collect();
    docs.insert(3, reference("000", &fixture(ORIGINAL)));
    docs.push(reference("short", "Too short."));
    for (at, copy_of) in [(8, 1), (20, 3), (25, 3), (31, 12)] {
        let copy = copyspot::ReferenceDoc {
            id: format!("copy-of-{}", docs[copy_of].id),
            ..docs[copy_of].clone()
        };
        docs.insert(at, copy);
    }
    docs
}

fn whole_build(docs: &[copyspot::ReferenceDoc]) -> Vec<u8> {
    let mut builder = PackBuilder::new();
    docs.iter().cloned().for_each(|doc| builder.add(doc));
    builder.describe("All", "Every reference.");
    builder.build().0
}

#[test]
fn partial_builds_of_slices_added_in_order_give_the_whole_build_byte_for_byte() {
    let docs = collection();
    let whole = whole_build(&docs);
    let info = Pack::from_bytes(whole.clone()).unwrap().info();
    assert!(info.boilerplate_keys_dropped > 0);
    assert_eq!(info.duplicates_merged, 4);
    for cuts in [
        vec![],
        vec![1],
        vec![4, 9],
        vec![2, 9, 21, 26, 30],
        (1..docs.len()).collect(),
    ] {
        let mut joined = PackBuilder::new();
        let mut start = 0;
        for end in cuts.iter().copied().chain([docs.len()]) {
            let mut part = PackBuilder::new();
            docs[start..end]
                .iter()
                .cloned()
                .for_each(|doc| part.add(doc));
            joined.add_partial(&part.into_partial()).unwrap();
            start = end;
        }
        joined.describe("All", "Every reference.");
        let (bytes, built) = joined.build();
        assert_eq!(built.too_short, 1, "cut at {cuts:?}");
        let joined = Pack::from_bytes(bytes.clone()).map(|p| p.info());
        assert!(bytes == whole, "cut at {cuts:?}: {joined:?} vs {info:?}");
    }
}

#[test]
fn a_partial_build_of_partial_builds_is_one_partial_build() {
    let docs = collection();
    let part = |range: std::ops::Range<usize>| {
        let mut builder = PackBuilder::new();
        docs[range].iter().cloned().for_each(|doc| builder.add(doc));
        builder.into_partial()
    };
    let (a, b, c) = (part(0..10), part(10..22), part(22..docs.len()));
    let mut right = PackBuilder::new();
    right.add_partial(&b).unwrap();
    right.add_partial(&c).unwrap();
    let mut joined = PackBuilder::new();
    joined.add_partial(&a).unwrap();
    joined.add_partial(&right.into_partial()).unwrap();
    joined.describe("All", "Every reference.");
    assert!(joined.build().0 == whole_build(&docs));
}

#[test]
fn packs_added_before_partial_builds_are_kept_as_in_one_builder() {
    let old = Pack::from_bytes(seed_pack_bytes()).unwrap();
    let docs = collection();
    let mut whole = PackBuilder::new();
    whole.add_pack(&old);
    docs.iter().cloned().for_each(|doc| whole.add(doc));
    let mut first = PackBuilder::new();
    first.add_pack(&old);
    docs[..7].iter().cloned().for_each(|doc| first.add(doc));
    let mut second = PackBuilder::new();
    docs[7..].iter().cloned().for_each(|doc| second.add(doc));
    let mut joined = PackBuilder::new();
    joined.add_partial(&first.into_partial()).unwrap();
    joined.add_partial(&second.into_partial()).unwrap();
    assert!(joined.build().0 == whole.build().0);
}

#[test]
fn damaged_partial_builds_are_refused_with_their_reason() {
    use copyspot::pack::partial::PartialError;
    let mut builder = PackBuilder::new();
    builder.add(reference("000", &fixture(ORIGINAL)));
    let partial = builder.into_partial();
    let refused = |bytes: &[u8]| PackBuilder::new().add_partial(bytes).unwrap_err();

    assert_eq!(refused(&seed_pack_bytes()), PartialError::BadMagic);
    assert_eq!(refused(b""), PartialError::BadMagic);
    let mut newer = partial.clone();
    newer[8] += 1;
    assert!(matches!(
        refused(&newer),
        PartialError::UnsupportedVersion { .. }
    ));
    let mut other_parameters = partial.clone();
    other_parameters[12] += 1;
    assert!(matches!(
        refused(&other_parameters),
        PartialError::UnsupportedParameters { .. }
    ));
    let mut flipped = partial.clone();
    *flipped.last_mut().unwrap() ^= 1;
    assert_eq!(refused(&flipped), PartialError::ChecksumMismatch);
    for cut in [partial.len() - 1, partial.len() / 2, 30] {
        assert!(
            refused(&partial[..cut])
                .to_string()
                .contains("partial build")
        );
    }
    // A body that passes the checksum but is not a partial build: an error, not a panic.
    let header = &partial[..22];
    for body in [
        &[0xffu8; 40][..],
        &[1, 0, 0, 0],
        &partial[22..partial.len() - 3],
    ] {
        let mut bytes = header.to_vec();
        bytes.extend_from_slice(body);
        let sum = copyspot::pack::format::checksum(VERSION, body);
        bytes[18..22].copy_from_slice(&sum.to_le_bytes());
        assert!(
            matches!(refused(&bytes), PartialError::Malformed(_)),
            "{body:?}"
        );
    }
}
