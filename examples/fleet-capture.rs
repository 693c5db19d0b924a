//! Writes a synthetic gateway capture of a fleet, to try `tls-policy fleet` (or tshark) on a
//! large file: N TCP connections to port 443, each one of the bundled real ClientHellos, 16
//! at a time interleaved, some retransmitted (`tests/support/fleet.rs`, the capture
//! `benches/capture.rs` measures).
//!
//! ```sh
//! cargo run --release --example fleet-capture -- 100000 /tmp/fleet.pcap
//! cargo run --release --features cli -- fleet /tmp/fleet.pcap
//! ```

#[path = "../tests/support/fleet.rs"]
mod fleet;
#[path = "../tests/support/pcap.rs"]
mod pcap;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(count), Some(path)) = (args.get(1).and_then(|n| n.parse::<usize>().ok()), args.get(2)) else {
        eprintln!("usage: fleet-capture CONNECTIONS FILE.pcap");
        return ExitCode::from(2);
    };
    let bytes = fleet::capture(count);
    match std::fs::write(path, &bytes) {
        Ok(()) => {
            println!("{path}: {count} connections, {} bytes", bytes.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(1)
        }
    }
}
