//! What a server answers a ClientHello with, read from the bytes it sends: its ServerHello
//! (or HelloRetryRequest), in TLS 1.2 and below its certificate and key exchange, or the
//! alert it refuses with. Pure bytes, sans I/O: the caller reads the socket and feeds
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
mod messages;
mod outcome;

pub use crate::model::x509::CertificateKey;
pub use answer::ServerAnswer;
pub use outcome::{AlertAnswer, Answer, AnswerError, HelloRetry, ServerCertificate, ServerHelloInfo};

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
