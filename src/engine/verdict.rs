//! What a decision says: an agreement, or a refusal with its reason and the alert a server sends.

use core::fmt;

use crate::model::group::NamedGroup;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;

/// What the server and client agreed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Agreement {
    /// The protocol version.
    pub version: ProtocolVersion,
    /// The cipher suite.
    pub suite: CipherSuite,
    /// The key-exchange group: `None` for static RSA, and for DHE when the client named no
    /// FFDHE group (the server then uses its own parameters, RFC 7919 §4).
    pub group: Option<NamedGroup>,
}

impl fmt::Display for Agreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.version, self.suite)?;
        match self.group {
            Some(g) => write!(f, " {g}"),
            None => Ok(()),
        }
    }
}

/// A TLS alert a server sends when it refuses (RFC 8446 §6.2, RFC 7507 §2): the engine's
/// refusals of a ClientHello, and the refusals of a device's certificate (RFC 5246 §7.2.2).
///
/// ```
/// use tls_policy::Alert;
///
/// assert_eq!(Alert::ProtocolVersion.to_string(), "protocol_version (70)");
/// assert_eq!(Alert::CertificateRequired.number(), 116);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Alert {
    /// `handshake_failure` (40).
    HandshakeFailure,
    /// `illegal_parameter` (47).
    IllegalParameter,
    /// `decode_error` (50).
    DecodeError,
    /// `protocol_version` (70).
    ProtocolVersion,
    /// `inappropriate_fallback` (86).
    InappropriateFallback,
    /// `missing_extension` (109).
    MissingExtension,
    /// `bad_certificate` (42).
    BadCertificate,
    /// `unsupported_certificate` (43).
    UnsupportedCertificate,
    /// `certificate_revoked` (44).
    CertificateRevoked,
    /// `certificate_expired` (45): expired or not yet valid.
    CertificateExpired,
    /// `certificate_unknown` (46).
    CertificateUnknown,
    /// `unknown_ca` (48).
    UnknownCa,
    /// `access_denied` (49).
    AccessDenied,
    /// `decrypt_error` (51): a signature did not verify.
    DecryptError,
    /// `internal_error` (80).
    InternalError,
    /// `certificate_required` (116, RFC 8446 §4.4.2.4).
    CertificateRequired,
}

impl Alert {
    /// The alert's number on the wire.
    pub const fn number(self) -> u8 {
        match self {
            Self::HandshakeFailure => 40,
            Self::IllegalParameter => 47,
            Self::DecodeError => 50,
            Self::ProtocolVersion => 70,
            Self::InappropriateFallback => 86,
            Self::MissingExtension => 109,
            Self::BadCertificate => 42,
            Self::UnsupportedCertificate => 43,
            Self::CertificateRevoked => 44,
            Self::CertificateExpired => 45,
            Self::CertificateUnknown => 46,
            Self::UnknownCa => 48,
            Self::AccessDenied => 49,
            Self::DecryptError => 51,
            Self::InternalError => 80,
            Self::CertificateRequired => 116,
        }
    }

    /// Every alert the crate names, in declaration order.
    pub const ALL: [Self; 16] = [
        Self::HandshakeFailure,
        Self::IllegalParameter,
        Self::DecodeError,
        Self::ProtocolVersion,
        Self::InappropriateFallback,
        Self::MissingExtension,
        Self::BadCertificate,
        Self::UnsupportedCertificate,
        Self::CertificateRevoked,
        Self::CertificateExpired,
        Self::CertificateUnknown,
        Self::UnknownCa,
        Self::AccessDenied,
        Self::DecryptError,
        Self::InternalError,
        Self::CertificateRequired,
    ];

    /// The alert of this number, for the alerts the crate names.
    ///
    /// ```
    /// use tls_policy::Alert;
    ///
    /// assert_eq!(Alert::from_number(86), Some(Alert::InappropriateFallback));
    /// assert_eq!(Alert::from_number(0), None); // close_notify is not a refusal
    /// ```
    pub fn from_number(number: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.number() == number)
    }

    /// The alert's name in the RFCs (`protocol_version`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::HandshakeFailure => "handshake_failure",
            Self::IllegalParameter => "illegal_parameter",
            Self::DecodeError => "decode_error",
            Self::ProtocolVersion => "protocol_version",
            Self::InappropriateFallback => "inappropriate_fallback",
            Self::MissingExtension => "missing_extension",
            Self::BadCertificate => "bad_certificate",
            Self::UnsupportedCertificate => "unsupported_certificate",
            Self::CertificateRevoked => "certificate_revoked",
            Self::CertificateExpired => "certificate_expired",
            Self::CertificateUnknown => "certificate_unknown",
            Self::UnknownCa => "unknown_ca",
            Self::AccessDenied => "access_denied",
            Self::DecryptError => "decrypt_error",
            Self::InternalError => "internal_error",
            Self::CertificateRequired => "certificate_required",
        }
    }
}

impl fmt::Display for Alert {
    /// `protocol_version (70)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.number())
    }
}

/// Why a server refuses. Reasons are ordered by how specific they are, the least specific
/// first, so `max` (or [`Reason::most_specific`]) picks the one to report: a malformed hello
/// (decode_error) before the version, the fallback check and the missing or forbidden values,
/// then the furthest of the suite, group and signature stages that any candidate reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Reason {
    /// No offered suite is in the policy, valid in the version and runnable with a held key.
    NoSharedCipher,
    /// Some suite was, but no key-exchange group fits it.
    NoSharedGroup,
    /// Some suite had a group, but the client accepts no signature the server can make.
    NoSharedSignatureScheme,
    /// TLS 1.3 was agreed, but the client sent no `supported_groups`, `signature_algorithms`
    /// or `key_share` (RFC 8446 §9.2).
    MissingExtension,
    /// A field holds a value the protocol forbids: compression other than exactly null in
    /// TLS 1.3 (RFC 8446 §4.1.2), `ec_point_formats` without `uncompressed` beside elliptic
    /// curves (RFC 8422 §5.1.2), a repeated or misshapen key share (RFC 8446 §4.2.8), a
    /// host name that is not one (RFC 6066 §3), `pre_shared_key` not last (RFC 8446 §4.2.11).
    IllegalParameter,
    /// TLS_FALLBACK_SCSV from a client whose best version is below the server's (RFC 7507).
    InappropriateFallback,
    /// No protocol version both sides allow.
    ProtocolVersion,
    /// The ClientHello could not be read, or a list in it is empty or cut short.
    Malformed,
}

impl Reason {
    /// The alert a server sends for this reason.
    pub const fn alert(self) -> Alert {
        match self {
            Self::Malformed => Alert::DecodeError,
            Self::ProtocolVersion => Alert::ProtocolVersion,
            Self::InappropriateFallback => Alert::InappropriateFallback,
            Self::MissingExtension => Alert::MissingExtension,
            Self::IllegalParameter => Alert::IllegalParameter,
            Self::NoSharedCipher | Self::NoSharedGroup | Self::NoSharedSignatureScheme => Alert::HandshakeFailure,
        }
    }

    /// A stable snake_case name (`no_shared_cipher`), as used in JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::ProtocolVersion => "protocol_version",
            Self::InappropriateFallback => "inappropriate_fallback",
            Self::MissingExtension => "missing_extension",
            Self::IllegalParameter => "illegal_parameter",
            Self::NoSharedCipher => "no_shared_cipher",
            Self::NoSharedGroup => "no_shared_group",
            Self::NoSharedSignatureScheme => "no_shared_signature_scheme",
        }
    }

    /// The more specific of two reasons: a malformed hello beats everything, then the version,
    /// the fallback check, a forbidden value, a missing TLS 1.3 extension, and among the suite stages the furthest
    /// one reached. The same as `max`.
    #[must_use]
    pub fn most_specific(self, other: Self) -> Self {
        self.max(other)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Malformed => "malformed ClientHello",
            Self::ProtocolVersion => "no protocol version in common",
            Self::InappropriateFallback => "inappropriate fallback (TLS_FALLBACK_SCSV below the server's best version)",
            Self::MissingExtension => "TLS 1.3 without supported_groups, signature_algorithms or key_share",
            Self::IllegalParameter => "a field holds a value the protocol forbids",
            Self::NoSharedCipher => "no cipher suite in common",
            Self::NoSharedGroup => "no key-exchange group in common",
            Self::NoSharedSignatureScheme => "no signature scheme in common",
        })
    }
}

/// A server's refusal: the reason, and the version if one was agreed before the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("refused: {reason}, alert {}", reason.alert())]
pub struct Refusal {
    /// Why.
    pub reason: Reason,
    /// The version agreed before the suite stage, if it got that far.
    pub version: Option<ProtocolVersion>,
}

impl Refusal {
    /// The alert the server sends.
    pub const fn alert(&self) -> Alert {
        self.reason.alert()
    }
}
