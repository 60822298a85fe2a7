//! Any bytes as a pack: refused with an error or read; every reference and lookup of a
//! readable pack must then work without a panic.
#![no_main]

use copyspot::Pack;
use copyspot::fingerprint::Channel;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = Pack::from_bytes(data.to_vec()) else {
        return;
    };
    let _ = pack.info();
    for index in 0..pack.len() as u32 + 2 {
        let _ = pack.reference(index);
    }
    for channel in Channel::ALL {
        for key in [0, 1, u32::MAX, 0x8000_0000, data.len() as u32] {
            let _ = pack.lookup(channel, key).count();
        }
    }
    let _ = copyspot::check(&pack, "the quick brown fox jumps over the lazy dog again and again");
});
