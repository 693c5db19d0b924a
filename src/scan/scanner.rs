//! The scan: which hellos to send, in which order, and what the answers add up to.
//!
//! Per version, highest first: one hello of that version with the first slice of the
//! candidate suites (the suites valid in it, forward-secret AEAD ones first). An acceptance
//! starts the elimination: the chosen suite is removed and the rest offered again, until the
//! endpoint refuses; then the next slice. Each hello is kept within [`ScanOptions::max_hello`]
//! bytes (255, as nmap's `ssl-enum-ciphers` keeps them, for servers that cannot read longer
//! ones), so a slice holds about 60 suites. A refusal with `protocol_version` on the first
//! slice ends the version at once; any other refusal could be the suites', so the other slices
//! are tried before the version is called refused.
//!
//! Then, for each accepted version: one hello with the accepted suites reversed, which the
//! endpoint answers with its own first choice (server order) or with the first of the list
//! (client order); the groups by elimination in the same way; in TLS 1.3 one hello naming only
//! ECDSA and one naming only RSA signature schemes, for the certificate key types (in TLS 1.2
//! the suites accepted say it); and, when two versions are accepted, one hello of the lower
//! with `TLS_FALLBACK_SCSV`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::engine::offer::OwnedOffer;
use crate::hello::HelloWriter;
use crate::model::group::{GroupKind, NamedGroup};
use crate::model::key::KeyType;
use crate::model::signature::SignatureScheme;
use crate::model::suite::CipherSuite;
use crate::model::version::ProtocolVersion;
use crate::policy::{Policy, Preference};

use super::probe::{Peer, Probe, ProbeError, Reply, TcpPeer};
use super::seen::{Accepted, FallbackScsv, Scan, VersionScan, VersionState};

/// The limits and settings of a scan.
///
/// ```
/// use std::time::Duration;
/// use tls_policy::scan::ScanOptions;
///
/// let mut options = ScanOptions::default();
/// options.max_connections = 50;
/// assert_eq!((options.timeout, options.max_hello), (Duration::from_secs(5), 255));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanOptions {
    /// The host name sent in `server_name` (none: the target's host when it is a name, not an
    /// address).
    pub server_name: Option<String>,
    /// How long one connection may take, connect to answer (default 5 s).
    pub timeout: Duration,
    /// The most connections the scan makes (default 1000: an endpoint that accepts every
    /// registered suite in every version takes about 800).
    pub max_connections: usize,
    /// The most time the scan takes (default 120 s).
    pub max_time: Duration,
    /// The longest hello record sent while suites are searched, in bytes (default 255).
    pub max_hello: usize,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            server_name: None,
            timeout: Duration::from_secs(5),
            max_connections: 1000,
            max_time: Duration::from_secs(120),
            max_hello: 255,
        }
    }
}

impl ScanOptions {
    /// No budget at all: for a scan of the engine, which answers at once.
    pub(crate) fn unbounded() -> Self {
        Self { max_connections: usize::MAX, max_time: Duration::MAX, ..Self::default() }
    }
}

/// Why a scan could not be made at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// The target is not `HOST:PORT`, or its name does not resolve.
    #[error("{target:?} is not a reachable HOST:PORT ({why}); give a host and a port, as in 127.0.0.1:4433")]
    Address {
        /// The target as given.
        target: String,
        /// Why.
        why: String,
    },
    /// The first hello got no usable answer, so nothing can be learnt from this endpoint.
    #[error("{target}: {error}")]
    Unreachable {
        /// The target.
        target: String,
        /// What happened to the first hello.
        #[source]
        error: ProbeError,
    },
}

/// Scans the TLS endpoint at `target` (`HOST:PORT`) over TCP.
///
/// # Errors
///
/// [`ScanError`] when the target does not resolve or its first answer is not TLS; a budget
/// that runs out later gives a partial [`Scan`] with [`Scan::incomplete`] set.
pub fn scan(target: &str, options: &ScanOptions) -> Result<Scan, ScanError> {
    let address = resolve(target)?;
    let server_name = options.server_name.clone().or_else(|| host_name(target));
    let mut options = options.clone();
    options.server_name = server_name.clone();
    scan_with(&mut TcpPeer::new(address, server_name), target, &options)
}

/// Scans any [`Peer`]: a live endpoint, or [`EnginePeer`](super::EnginePeer) for what a
/// server with a policy does.
///
/// ```
/// use tls_policy::scan::{scan_with, EnginePeer, ScanOptions, VersionState};
/// use tls_policy::{CipherSuite, KeyTypes, Policy, ProtocolVersion};
///
/// let dps = Policy::named("dps-tls12")?;
/// let scan = scan_with(&mut EnginePeer::new(&dps, KeyTypes::RSA), "dps-tls12", &ScanOptions::default())?;
/// let (version, accepted) = scan.accepted_versions().next().unwrap();
/// assert_eq!(version, ProtocolVersion::TLSv1_2);
/// assert_eq!(accepted.suites[0], CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
/// assert_eq!(scan.version(ProtocolVersion::TLSv1_0).unwrap().state, VersionState::Refused { alert: Some(70) });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScanError::Unreachable`] when the first probe gets no usable answer.
pub fn scan_with(peer: &mut dyn Peer, target: &str, options: &ScanOptions) -> Result<Scan, ScanError> {
    let mut scanner = Scanner::new(peer, options);
    let mut versions = Vec::new();
    let mut certificates = Vec::new();
    let mut fallback_scsv = FallbackScsv::NotApplicable;
    let outcome = scanner.run(&mut versions, &mut certificates, &mut fallback_scsv);
    let incomplete = match outcome {
        Ok(()) => None,
        Err(Stop::Budget(why)) => Some(why),
        Err(Stop::Fatal(error)) => return Err(ScanError::Unreachable { target: target.to_owned(), error }),
    };
    certificates.sort_by_key(|k| matches!(k, KeyType::Ecdsa));
    certificates.dedup();
    Ok(Scan {
        target: target.to_owned(),
        connections: scanner.connections,
        elapsed: scanner.started.elapsed(),
        versions,
        fallback_scsv,
        certificates,
        certificate_keys: scanner.certificate_keys,
        faults: scanner.faults,
        incomplete,
    })
}

fn resolve(target: &str) -> Result<SocketAddr, ScanError> {
    let error = |why: String| ScanError::Address { target: target.to_owned(), why };
    let mut addresses = target.to_socket_addrs().map_err(|e| error(e.to_string()))?;
    addresses.next().ok_or_else(|| error("the name has no address".to_owned()))
}

/// The host part of `HOST:PORT` when it is a DNS name (an IP address is not sent as SNI,
/// RFC 6066 §3).
fn host_name(target: &str) -> Option<String> {
    let (host, _) = target.rsplit_once(':')?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    (!host.is_empty() && host.parse::<std::net::IpAddr>().is_err()).then(|| host.to_owned())
}

/// Why a scan stops early.
enum Stop {
    /// A budget ran out: the scan so far is kept.
    Budget(String),
    /// The first probe failed: there is no scan.
    Fatal(ProbeError),
}

struct Scanner<'a> {
    peer: &'a mut dyn Peer,
    options: &'a ScanOptions,
    started: Instant,
    connections: usize,
    /// Whether any probe has been answered (a failure before that is fatal).
    answered: bool,
    faults: Vec<String>,
    certificate_keys: Vec<crate::model::x509::CertificateKey>,
    /// Why the scan stopped, once a budget ran out in an elimination (what it found is kept).
    stopped: Option<String>,
}

/// How an elimination ended.
enum End {
    /// The endpoint refused what was left (with this alert, or by closing).
    Refused(Option<u8>),
    /// Every suite (or group) offered was chosen in turn.
    Exhausted,
    /// It answered with a lower version than the hello's.
    Lower(ProtocolVersion),
    /// It answered with something that was not offered (recorded as a fault).
    Odd,
    /// A budget ran out (`Scanner::stopped` says which).
    Budget,
}

/// Which list a probe varies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Varies {
    Suites,
    Groups,
}

/// The versions probed, highest first.
const VERSIONS: [ProtocolVersion; 5] = [
    ProtocolVersion::TLSv1_3,
    ProtocolVersion::TLSv1_2,
    ProtocolVersion::TLSv1_1,
    ProtocolVersion::TLSv1_0,
    ProtocolVersion::SSLv3,
];

/// Groups offered while suites are searched in TLS 1.2 and below: the common curves. FFDHE
/// groups are left out, so that a DHE suite is answered with the server's own parameters
/// (RFC 7919 §4) rather than refused for want of a named one.
const TLS12_GROUPS: [NamedGroup; 8] = [
    NamedGroup::x25519,
    NamedGroup::secp256r1,
    NamedGroup::x448,
    NamedGroup::secp521r1,
    NamedGroup::secp384r1,
    NamedGroup::brainpoolP256r1,
    NamedGroup::brainpoolP384r1,
    NamedGroup::brainpoolP512r1,
];

/// Groups offered while suites are searched in TLS 1.3 (with no key share, so that the
/// server answers with a HelloRetryRequest naming its choice).
const TLS13_GROUPS: [NamedGroup; 11] = [
    NamedGroup::X25519MLKEM768,
    NamedGroup::x25519,
    NamedGroup::secp256r1,
    NamedGroup::x448,
    NamedGroup::secp521r1,
    NamedGroup::secp384r1,
    NamedGroup::ffdhe2048,
    NamedGroup::ffdhe3072,
    NamedGroup::ffdhe4096,
    NamedGroup::ffdhe6144,
    NamedGroup::ffdhe8192,
];

/// TLS 1.3 signature schemes of ECDSA keys only, and of RSA keys only.
const ECDSA_ONLY: [SignatureScheme; 3] = [
    SignatureScheme::ecdsa_secp256r1_sha256,
    SignatureScheme::ecdsa_secp384r1_sha384,
    SignatureScheme::ecdsa_secp521r1_sha512,
];
const RSA_ONLY: [SignatureScheme; 3] =
    [SignatureScheme::rsa_pss_rsae_sha256, SignatureScheme::rsa_pss_rsae_sha384, SignatureScheme::rsa_pss_rsae_sha512];

/// The suites worth offering in `version`: every registered, non-signalling suite valid in
/// it, forward-secret AEAD suites first (the likeliest to be accepted, so that they share
/// the first hello), then by code.
fn candidates(version: ProtocolVersion) -> Vec<CipherSuite> {
    let valid_in = if version == ProtocolVersion::SSLv3 { ProtocolVersion::TLSv1_0 } else { version };
    let mut suites: Vec<_> =
        CipherSuite::all().filter(|info| info.versions().contains(valid_in) && !info.suite().is_signalling()).collect();
    suites.sort_by_key(|info| (!info.forward_secrecy(), !info.is_aead(), info.is_export(), info.suite().get()));
    suites.into_iter().map(|info| info.suite()).collect()
}

/// The groups worth offering in `version` while its groups are searched: every registered
/// group usable in it (elliptic curves only below TLS 1.3), the common ones first.
fn group_candidates(version: ProtocolVersion) -> Vec<NamedGroup> {
    let common: &[NamedGroup] = if version == ProtocolVersion::TLSv1_3 { &TLS13_GROUPS } else { &TLS12_GROUPS };
    let rest = NamedGroup::all()
        .filter(|info| info.kind() != GroupKind::Explicit)
        .map(|info| info.group())
        .filter(|g| g.usable_in(version) && (version == ProtocolVersion::TLSv1_3 || g.is_elliptic_curve()));
    let mut groups: Vec<NamedGroup> = common.to_vec();
    for g in rest {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    groups
}

/// The signature schemes offered in TLS 1.2 and 1.3 hellos: the builder's defaults, then
/// the SHA-1 pairs older servers sign with.
fn schemes() -> Vec<SignatureScheme> {
    let mut schemes = Policy::default_signature_schemes();
    schemes.extend([SignatureScheme::rsa_pkcs1_sha1, SignatureScheme::ecdsa_sha1]);
    schemes
}

/// A hello whose best version is `version`, offering `suites` and `groups`.
fn hello(version: ProtocolVersion, suites: Vec<CipherSuite>, groups: &[NamedGroup]) -> Probe {
    let tls13 = version == ProtocolVersion::TLSv1_3;
    let legacy = if tls13 { ProtocolVersion::TLSv1_2 } else { version };
    let mut offer = OwnedOffer::new(legacy, suites);
    offer.key_share = tls13;
    if tls13 {
        offer.supported_versions = Some(vec![ProtocolVersion::TLSv1_3]);
    }
    // SSL 3.0 hellos carry no extensions (RFC 6101 knows none).
    if version != ProtocolVersion::SSLv3 {
        offer.groups = Some(groups.to_vec());
        if !tls13 {
            offer.ec_point_formats = Some(vec![0]);
        }
    }
    if version >= ProtocolVersion::TLSv1_2 {
        offer.signature_schemes = Some(schemes());
    }
    Probe::new(offer, Vec::new())
}

impl<'a> Scanner<'a> {
    fn new(peer: &'a mut dyn Peer, options: &'a ScanOptions) -> Self {
        Self {
            peer,
            options,
            started: Instant::now(),
            connections: 0,
            answered: false,
            faults: Vec::new(),
            certificate_keys: Vec::new(),
            stopped: None,
        }
    }

    /// Sends one probe, within the budgets.
    fn ask(&mut self, probe: &Probe) -> Result<Reply, Stop> {
        if self.connections >= self.options.max_connections {
            return Err(Stop::Budget(format!("the connection budget ({}) ran out", self.options.max_connections)));
        }
        let left = self.options.max_time.saturating_sub(self.started.elapsed());
        if left.is_zero() {
            return Err(Stop::Budget(format!("the time budget ({:?}) ran out", self.options.max_time)));
        }
        self.connections += 1;
        match self.peer.exchange(probe, self.options.timeout.min(left)) {
            Ok(reply) => {
                self.answered = true;
                if let Reply::Accepted { certificate: Some(key), .. } = &reply
                    && !self.certificate_keys.contains(key)
                {
                    self.certificate_keys.push(key.clone());
                }
                Ok(reply)
            }
            Err(error) if !self.answered => Err(Stop::Fatal(error)),
            Err(_) if self.started.elapsed() >= self.options.max_time => {
                Err(Stop::Budget(format!("the time budget ({:?}) ran out", self.options.max_time)))
            }
            Err(error) => {
                self.faults.push(format!("probe {}: {error}", self.connections));
                Ok(Reply::Refused { alert: None })
            }
        }
    }

    fn fault(&mut self, what: String) {
        self.faults.push(format!("probe {}: {what}", self.connections));
    }

    /// Offers `remaining` (suites, or groups with `fixed` suites) again and again, removing
    /// what the endpoint chose, until it refuses or nothing is left. Returns what was chosen,
    /// in order, and how it ended.
    fn eliminate(
        &mut self,
        version: ProtocolVersion,
        varies: Varies,
        mut remaining: Vec<u16>,
        fixed: &[u16],
    ) -> Result<(Vec<u16>, End), Stop> {
        let mut chosen = Vec::new();
        let end = loop {
            if remaining.is_empty() {
                break End::Exhausted;
            }
            let probe = self.probe(version, varies, &remaining, fixed);
            let reply = match self.ask(&probe) {
                Err(Stop::Budget(why)) => {
                    self.stopped = Some(why);
                    break End::Budget;
                }
                other => other?,
            };
            match reply {
                Reply::Refused { alert } => break End::Refused(alert),
                Reply::Accepted { version: v, .. } if v.rank() < version.rank() => break End::Lower(v),
                Reply::Accepted { version: v, suite, group, .. } => {
                    let pick = match varies {
                        Varies::Suites => Some(suite.get()),
                        Varies::Groups => group.map(NamedGroup::get),
                    };
                    let at = pick.and_then(|p| remaining.iter().position(|r| *r == p));
                    match at {
                        Some(at) if v == version => chosen.push(remaining.remove(at)),
                        _ if varies == Varies::Groups && group.is_none() => {
                            self.fault(format!(
                                "a {version} hello offering groups was answered with {v} {suite} and no group (no \
                                 key exchange named one)"
                            ));
                            break End::Odd;
                        }
                        _ => {
                            self.fault(format!(
                                "a {version} hello was answered with {v} {suite}{}, which it did not offer",
                                group.map(|g| format!(" {g}")).unwrap_or_default()
                            ));
                            break End::Odd;
                        }
                    }
                }
            }
        };
        Ok((chosen, end))
    }

    /// The probe of one elimination step.
    fn probe(&self, version: ProtocolVersion, varies: Varies, list: &[u16], fixed: &[u16]) -> Probe {
        let suites = |codes: &[u16]| codes.iter().copied().map(CipherSuite::from_u16).collect::<Vec<_>>();
        let groups = |codes: &[u16]| codes.iter().copied().map(NamedGroup::from_u16).collect::<Vec<_>>();
        match varies {
            Varies::Suites => {
                let common: &[NamedGroup] =
                    if version == ProtocolVersion::TLSv1_3 { &TLS13_GROUPS } else { &TLS12_GROUPS };
                hello(version, suites(list), common)
            }
            Varies::Groups => hello(version, suites(fixed), &groups(list)),
        }
    }

    /// How many suites one hello of `version` holds within [`ScanOptions::max_hello`].
    fn slice(&self, version: ProtocolVersion) -> usize {
        let one = hello(version, vec![CipherSuite::TLS_AES_128_GCM_SHA256], &TLS13_GROUPS);
        let offer = one.offer.as_offer();
        let mut writer = HelloWriter::new(&offer).key_shares(&[]);
        if let Some(name) = &self.options.server_name {
            writer = writer.server_name(name);
        }
        // The common groups of TLS 1.3 are the longer list; TLS 1.2 hellos fit all the more.
        let size = writer.write().map_or(self.options.max_hello, |bytes| bytes.len());
        (self.options.max_hello.saturating_sub(size) / 2 + 1).clamp(8, 64)
    }

    fn run(
        &mut self,
        versions: &mut Vec<VersionScan>,
        certificates: &mut Vec<KeyType>,
        fallback: &mut FallbackScsv,
    ) -> Result<(), Stop> {
        for version in VERSIONS {
            let (state, slices) = self.version(version)?;
            versions.push(VersionScan { version, state });
            // Pushed first, so that a budget running out below keeps what was found.
            if let Some(VersionScan { state: VersionState::Accepted(accepted), .. }) = versions.last_mut() {
                self.order(version, accepted, slices)?;
                self.groups(version, accepted)?;
                certificates.extend(self.certificates(version, accepted)?);
            }
            if let Some(why) = self.stopped.take() {
                return Err(Stop::Budget(why));
            }
        }
        *fallback = self.fallback(versions)?;
        Ok(())
    }

    /// Whether `version` is accepted and, if so, with which suites (in the order found), and
    /// how many slices held accepted suites.
    fn version(&mut self, version: ProtocolVersion) -> Result<(VersionState, usize), Stop> {
        let candidates: Vec<u16> = candidates(version).iter().map(|s| s.get()).collect();
        let size = self.slice(version);
        let mut found = Vec::new();
        let mut slices = 0;
        let mut first_refusal = None;
        for (i, slice) in candidates.chunks(size).enumerate() {
            let (chosen, end) = self.eliminate(version, Varies::Suites, slice.to_vec(), &[])?;
            slices += usize::from(!chosen.is_empty());
            found.extend(chosen);
            match end {
                // What was found so far is kept (and the scan marked incomplete).
                End::Budget if found.is_empty() => {
                    return Err(Stop::Budget(self.stopped.take().unwrap_or_default()));
                }
                End::Budget => break,
                End::Lower(answered) if found.is_empty() => {
                    return Ok((VersionState::Lower { answered }, 0));
                }
                End::Lower(answered) => {
                    self.fault(format!("a {version} hello was answered with {answered} after {version} was accepted"));
                }
                End::Refused(alert) if i == 0 && found.is_empty() => {
                    first_refusal = Some(alert);
                    // protocol_version leaves no doubt: the version, not the suites.
                    if alert == Some(70) {
                        break;
                    }
                }
                _ => {}
            }
        }
        if found.is_empty() {
            return Ok((VersionState::Refused { alert: first_refusal.flatten() }, 0));
        }
        let suites = found.into_iter().map(CipherSuite::from_u16).collect();
        Ok((VersionState::Accepted(Accepted { suites, ..Accepted::default() }), slices))
    }

    /// Whether the endpoint picks suites by its order or the client's, and its order.
    fn order(&mut self, version: ProtocolVersion, accepted: &mut Accepted, slices: usize) -> Result<(), Stop> {
        let found: Vec<u16> = accepted.suites.iter().map(|s| s.get()).collect();
        let (Some(&first), Some(&last)) = (found.first(), found.last()) else { return Ok(()) };
        if found.len() < 2 {
            return Ok(());
        }
        let reversed: Vec<u16> = found.iter().rev().copied().collect();
        let Some(top) = self.pick(version, &reversed)? else { return Ok(()) };
        // Under client order the reversed list's first comes back; under server order the
        // endpoint's own first, which within one slice is the first found. With several
        // slices the endpoint's first could be the last found: the list in its found order
        // tells them apart.
        let preference = if top != last {
            Preference::Server
        } else if slices < 2 {
            Preference::Client
        } else {
            match self.pick(version, &found)? {
                Some(again) if again == first => Preference::Client,
                Some(_) => Preference::Server,
                None => return Ok(()),
            }
        };
        accepted.preference = Some(preference);
        if preference == Preference::Server && slices > 1 {
            // Slices were ordered apart: order the whole set in one elimination (its hellos
            // may exceed max_hello, but only with suites the endpoint already accepted).
            let rest: Vec<u16> = found.iter().copied().filter(|s| *s != top).collect();
            let (mut order, _) = self.eliminate(version, Varies::Suites, rest.clone(), &[])?;
            order.insert(0, top);
            order.extend(rest.iter().filter(|s| !order.contains(s)).copied().collect::<Vec<_>>());
            accepted.suites = order.into_iter().map(CipherSuite::from_u16).collect();
        }
        Ok(())
    }

    /// The suite the endpoint picks from `suites`, offered in this order.
    fn pick(&mut self, version: ProtocolVersion, suites: &[u16]) -> Result<Option<u16>, Stop> {
        let probe = self.probe(version, Varies::Suites, suites, &[]);
        match self.ask(&probe)? {
            Reply::Accepted { version: v, suite, .. } if v == version && suites.contains(&suite.get()) => {
                Ok(Some(suite.get()))
            }
            other => {
                self.fault(format!("the accepted {version} suites offered again were answered with {other:?}"));
                Ok(None)
            }
        }
    }

    /// The groups the endpoint accepts in `version`, and its preference among them.
    fn groups(&mut self, version: ProtocolVersion, accepted: &mut Accepted) -> Result<(), Stop> {
        let suites: Vec<u16> = accepted
            .suites
            .iter()
            .filter(|s| {
                version == ProtocolVersion::TLSv1_3
                    || s.info().is_some_and(|i| i.kx().is_ephemeral() && i.kx().is_elliptic_curve())
            })
            .map(|s| s.get())
            .collect();
        if suites.is_empty() || version == ProtocolVersion::SSLv3 {
            return Ok(());
        }
        let candidates: Vec<u16> = group_candidates(version).iter().map(|g| g.get()).collect();
        let (found, _) = self.eliminate(version, Varies::Groups, candidates, &suites)?;
        accepted.groups = found.iter().copied().map(NamedGroup::from_u16).collect();
        let (Some(&first), Some(&last)) = (found.first(), found.last()) else { return Ok(()) };
        if found.len() < 2 {
            return Ok(());
        }
        let reversed: Vec<u16> = found.iter().rev().copied().collect();
        let probe = self.probe(version, Varies::Groups, &reversed, &suites);
        accepted.group_preference = match self.ask(&probe)? {
            Reply::Accepted { group: Some(g), .. } if g.get() == first => Some(Preference::Server),
            Reply::Accepted { group: Some(g), .. } if g.get() == last => Some(Preference::Client),
            other => {
                self.fault(format!("the accepted {version} groups offered again were answered with {other:?}"));
                None
            }
        };
        Ok(())
    }

    /// The certificate key types `version` shows: below TLS 1.3 those of the suites accepted;
    /// in TLS 1.3 those for which a hello naming only that key type's schemes is accepted.
    fn certificates(&mut self, version: ProtocolVersion, accepted: &Accepted) -> Result<Vec<KeyType>, Stop> {
        if version != ProtocolVersion::TLSv1_3 {
            return Ok(accepted.suites.iter().filter_map(|s| s.info()?.auth().key_type()).collect());
        }
        // A real key share, so that the server goes on to choose its certificate (a
        // HelloRetryRequest comes before that choice).
        let Some(share) = accepted.groups.iter().copied().find(|g| HelloWriter::can_share(*g)) else {
            self.fault("no TLS 1.3 group with a fixed key share was accepted: certificates not probed".to_owned());
            return Ok(Vec::new());
        };
        let mut keys = Vec::new();
        for (key, schemes) in [(KeyType::Rsa, &RSA_ONLY), (KeyType::Ecdsa, &ECDSA_ONLY)] {
            let mut probe = hello(version, accepted.suites.clone(), &accepted.groups);
            probe.offer.signature_schemes = Some(schemes.to_vec());
            probe.key_shares = vec![share];
            if matches!(self.ask(&probe)?, Reply::Accepted { .. }) {
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// What the endpoint does with `TLS_FALLBACK_SCSV` in a hello of its second-best version.
    fn fallback(&mut self, versions: &[VersionScan]) -> Result<FallbackScsv, Stop> {
        let mut accepted = versions.iter().filter_map(|v| match &v.state {
            VersionState::Accepted(a) => Some((v.version, a)),
            _ => None,
        });
        let (Some(_), Some((lower, suites))) = (accepted.next(), accepted.next()) else {
            return Ok(FallbackScsv::NotApplicable);
        };
        let mut offered = suites.suites.clone();
        offered.push(CipherSuite::TLS_FALLBACK_SCSV);
        let probe = hello(lower, offered, &TLS12_GROUPS);
        Ok(match self.ask(&probe)? {
            Reply::Refused { alert: Some(86) } => FallbackScsv::Honoured,
            Reply::Accepted { .. } => FallbackScsv::Ignored,
            Reply::Refused { alert } => FallbackScsv::Unclear { alert },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_only_become_sni() {
        assert_eq!(host_name("device.example:443").as_deref(), Some("device.example"));
        assert_eq!(host_name("127.0.0.1:443"), None);
        assert_eq!(host_name("[::1]:443"), None);
        assert_eq!(host_name("nohost"), None);
    }

    #[test]
    fn every_candidate_is_valid_in_its_version_and_not_signalling() {
        for version in VERSIONS {
            let list = candidates(version);
            assert!(!list.is_empty(), "{version}");
            for suite in list {
                assert!(!suite.is_signalling());
                let valid_in = if version == ProtocolVersion::SSLv3 { ProtocolVersion::TLSv1_0 } else { version };
                assert!(suite.info().is_some_and(|i| i.versions().contains(valid_in)), "{suite} in {version}");
            }
        }
    }

    #[test]
    fn suite_hellos_keep_within_max_hello() {
        let options = ScanOptions { server_name: Some("a.long.device.name.example".to_owned()), ..Default::default() };
        let policy = Policy::named("dps-tls12").unwrap();
        let mut peer = super::super::EnginePeer::new(&policy, crate::KeyTypes::RSA);
        let scanner = Scanner::new(&mut peer, &options);
        for version in VERSIONS {
            let size = scanner.slice(version);
            let codes: Vec<u16> = candidates(version).iter().take(size).map(|s| s.get()).collect();
            let probe = scanner.probe(version, Varies::Suites, &codes, &[]);
            let offer = probe.offer.as_offer();
            let bytes = HelloWriter::new(&offer).server_name("a.long.device.name.example").key_shares(&[]).write();
            let length = bytes.map(|b| b.len()).unwrap_or(usize::MAX);
            assert!(length <= 255 || size == 8, "{version}: {size} suites make {length} bytes");
        }
    }
}
