//! Any bytes through the packet-capture reader (pcap, pcapng, link, IP, TCP reassembly) with
//! small limits, every hello it finds through the ClientHello reader and the fingerprints:
//! nothing may panic, and what it keeps stays within its limits.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tls_policy::capture::{CaptureReader, Event, Fingerprints, Limits, MAX_HELLO_BYTES};

fuzz_target!(|data: &[u8]| {
    let mut limits = Limits::default();
    limits.max_flows = 8;
    limits.max_bytes = 64 * 1024;
    limits.max_fragmented = 4;
    let Ok(mut reader) = CaptureReader::with_limits(data, limits) else { return };
    let mut buffer = Vec::new();
    for event in &mut reader {
        match event {
            Ok(Event::Hello(captured)) => {
                assert!(captured.bytes.len() <= MAX_HELLO_BYTES, "a hello past the grammar's largest");
                if let Ok(hello) = captured.parse(&mut buffer) {
                    let _ = Fingerprints::of(&hello);
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(reader.stats().peak_flows <= 8, "more connections followed than the limit");
});
