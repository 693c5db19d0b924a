//! The other direction from the engine: what a live TLS endpoint does, learnt by sending it
//! ClientHellos, and whether that is what a policy says.
//!
//! - [`scan`] (blocking std networking, a timeout per connection and budgets on connections
//!   and time in [`ScanOptions`]) finds, for each version from TLS 1.3 down to SSL 3.0,
//!   whether the endpoint accepts it or the alert that refuses it; for each accepted version
//!   the suites it accepts (by elimination: offer all, remove the one chosen, repeat, in
//!   hellos of at most 255 bytes as old servers need), whether it picks by its order or the
//!   client's and in which order, its groups and their order; whether it honours
//!   `TLS_FALLBACK_SCSV`; the key types of its certificates. [`scan_with`] asks any [`Peer`]
//!   the same questions; [`EnginePeer`] is the engine standing for a server with a policy.
//! - [`conformance`] scans that engine server with the same algorithm and lists every
//!   [`Difference`] between the two.
//! - [`exchange`] sends one hello and reads the answer, as `tls-policy replay` does.
//!
//! ```
//! use tls_policy::scan::{conformance, scan_with, EnginePeer, ScanOptions};
//! use tls_policy::{KeyTypes, Policy};
//!
//! // A server configured with the legacy DPS policy, checked against TLS 1.2-only DPS: it
//! // still accepts TLS 1.0 and 1.1, and more suites than the recommended list.
//! let legacy = Policy::named("dps-legacy-security")?;
//! let seen = scan_with(&mut EnginePeer::new(&legacy, KeyTypes::RSA), "staging", &ScanOptions::default())?;
//! let verdict = conformance(&seen, &Policy::named("dps-tls12")?, None)?;
//! assert!(verdict.differences.iter().any(|d| d.kind() == "version"));
//! assert!(verdict.differences.iter().any(|d| d.kind() == "suite_accepted"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Against a live endpoint, `scan("127.0.0.1:4433", &ScanOptions::default())` does the same
//! over TCP; `tls-policy scan HOST:PORT --policy P` prints it.
//!
//! Underneath, the answers are read sans I/O: ServerHello (or HelloRetryRequest), in TLS 1.2
//! and below its certificate and key exchange, or the
//! alert it refuses with. Pure bytes: the caller reads the socket and feeds
//! [`ServerAnswer`] what arrives, in any pieces; a peer that closes or resets is the caller's
//! to notice, and [`ServerAnswer::finish`] turns what came before into [`Answer::Closed`].
//!
//! ```
//! use tls_policy::scan::{Answer, ServerAnswer};
//!
//! // A fatal protocol_version alert, as a TLS 1.2-only server answers a TLS 1.0 hello.
//! let mut answer = ServerAnswer::new();
//! assert_eq!(answer.feed(&[21, 3, 1, 0])?, None); // half a record: more is needed
//! let Some(Answer::Alert(alert)) = answer.feed(&[2, 2, 70])? else { panic!() };
//! assert_eq!((alert.level, alert.description), (2, 70));
//! # Ok::<(), tls_policy::scan::AnswerError>(())
//! ```
//!
//! The reader is bounded: it takes at most [`MAX_ANSWER`] bytes (or the limit given to
//! [`ServerAnswer::with_limit`]), refuses records longer than [`MAX_RECORD`] and handshake
//! messages longer than [`MAX_MESSAGE`] as soon as their headers say so, and does work
//! linear in what it takes. No bytes make it panic (the `server_answer` fuzz target).

mod answer;
mod conformance;
mod messages;
mod outcome;
mod probe;
mod scanner;
mod seen;

pub use crate::model::x509::CertificateKey;
pub use answer::ServerAnswer;
pub use conformance::{Conformance, Difference, conformance};
pub use outcome::{AlertAnswer, Answer, AnswerError, HelloRetry, ServerCertificate, ServerHelloInfo};
pub use probe::{EnginePeer, Peer, Probe, ProbeError, Reply, TcpPeer, exchange};
pub use scanner::{ScanError, ScanOptions, scan, scan_with};
pub use seen::{Accepted, FallbackScsv, Scan, VersionScan, VersionState};

/// The most bytes a [`ServerAnswer`] takes by default before giving up (64 KiB: a ServerHello,
/// a certificate chain of a few kilobytes and a key exchange fit many times over).
///
/// ```
/// assert_eq!(tls_policy::scan::MAX_ANSWER, 65536);
/// ```
pub const MAX_ANSWER: usize = 64 * 1024;

/// The longest record accepted: 2^14 + 2048 bytes, the bound of a `TLSCiphertext` fragment
/// (RFC 5246 §6.2.3); a plaintext one may hold only 2^14 (RFC 8446 §5.1), but a server's
/// record layer is not this reader's to police.
///
/// ```
/// assert_eq!(tls_policy::scan::MAX_RECORD, 18432);
/// ```
pub const MAX_RECORD: usize = (1 << 14) + 2048;

/// The longest handshake message accepted, by the length its header announces.
///
/// ```
/// assert_eq!(tls_policy::scan::MAX_MESSAGE, 65536);
/// ```
pub const MAX_MESSAGE: usize = 64 * 1024;
