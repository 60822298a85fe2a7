//! Byte searches eight bytes at a time, in one u64 (SWAR): wasm has no vectorized search, and
//! the tokenizer and the matcher each look for a few kinds of byte across a whole page.
//!
//! ```text
//! first_byte(b"say \"hi\"", |chunk| first_equal(chunk, b'"'), |b| b == b'"')  →  Some(4)
//! ```

/// A byte of ones in each of the eight lanes.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each lane: set by [`non_ascii`] and [`first_equal`] in the lanes they flag.
const HIGH: u64 = 0x80 * ONES;

/// The high bit of each non-ASCII byte of `chunk`.
pub(crate) fn non_ascii(chunk: u64) -> u64 {
    chunk & HIGH
}

/// The high bit of the first byte of `chunk` equal to `byte` (later lanes may be flagged
/// wrongly, the first never).
pub(crate) fn first_equal(chunk: u64, byte: u8) -> u64 {
    let differs = chunk ^ (u64::from(byte) * ONES);
    differs.wrapping_sub(ONES) & !differs & HIGH
}

/// The offset of the first byte of `bytes` that is wanted: `flags` marks, in an eight-byte
/// little-endian chunk, its first wanted byte by that byte's high bit (see [`first_equal`]);
/// `wanted` tests a byte of the tail that no whole chunk covers. The two must agree.
pub(crate) fn first_byte(
    bytes: &[u8],
    flags: impl Fn(u64) -> u64,
    wanted: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let flagged = flags(u64::from_le_bytes(word));
        if flagged != 0 {
            return Some(offset + flagged.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    let tail = chunks.remainder().iter().position(|&b| wanted(b));
    tail.map(|at| offset + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_wanted_byte_is_found_at_every_offset_beside_every_other() {
        for length in 0..20 {
            for at in 0..=length {
                for (other, wanted) in [(b'a', b'"'), (b'"', b'\n'), (b'\n', b'"'), (0, 1)] {
                    let mut bytes = vec![other; length];
                    if at < length {
                        bytes[at] = wanted;
                        // A later match must not hide the first.
                        bytes.extend([wanted, other, wanted]);
                    }
                    let expected = bytes.iter().position(|&b| b == wanted);
                    let found = first_byte(&bytes, |c| first_equal(c, wanted), |b| b == wanted);
                    assert_eq!(found, expected, "{bytes:?}");
                }
            }
        }
    }
}
