//! Any bytes through the server-answer reader, whole and in two pieces: nothing may panic,
//! and where the bytes are cut must not change what they read as.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tls_policy::scan::ServerAnswer;

fuzz_target!(|data: &[u8]| {
    let whole = ServerAnswer::parse(data);
    let _ = whole.as_ref().map_err(ToString::to_string);
    let cut = data.first().map_or(0, |b| usize::from(*b)).min(data.len());
    let mut pieces = ServerAnswer::new();
    let _ = pieces.feed(&data[..cut]);
    let _ = pieces.feed(&data[cut..]);
    assert_eq!(pieces.finish(), whole, "a split changed the answer");
});
