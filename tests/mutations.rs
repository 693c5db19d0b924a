//! Issue 11 point 2: the engine refuses what rustls refuses. Every bundled capture is mutated
//! (1 to 3 byte edits, a committed seed, deterministic) and each result goes through the
//! reader and the engine on the effective policy of a config the crate builds, and through a
//! bare rustls server of that config in memory. Wherever the engine accepts, rustls must
//! accept the ClientHello and write its ServerHello, with the suite the engine chose; the
//! refusals that differ in their alert are counted and printed
//! (`cargo test --all-features --test mutations -- --nocapture`).
//!
//! What is checked is rustls's first flight (ServerHello onwards), not a finished handshake: a
//! mutated hello has no client that could finish it (its transcript and key share no longer
//! match any client state).

#![cfg(feature = "aws-lc-rs")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/tls.rs"]
mod tls;

use std::collections::BTreeMap;
use std::sync::Arc;

use rustls::server::Acceptor;
use tls_policy::rustls::Realizer;
use tls_policy::{ClientHello, KeyTypes, Policy, Refusal, negotiate};

/// The committed seed: change it and the counts below change, not the rule.
const SEED: u64 = 0x1102_2026_0000_0011;
/// Mutations per capture and configuration.
const PER_CAPTURE: usize = 100;

/// splitmix64 (Steele, Lea, Flood 2014): small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }

    fn byte(&mut self) -> u8 {
        self.next().to_le_bytes()[0]
    }
}

/// 1 to 3 edits: mostly a byte replaced (by a random value, a flipped bit, 0x00, 0xFF or a
/// neighbour), sometimes a byte inserted or removed.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(3) {
        if out.is_empty() {
            break;
        }
        let i = rng.below(out.len());
        match rng.below(20) {
            0..=7 => out[i] = rng.byte(),
            8..=11 => out[i] ^= 1 << rng.below(8),
            12 => out[i] = 0,
            13 => out[i] = 0xFF,
            14..=15 => out[i] = out[i].wrapping_add(1),
            16..=17 => out[i] = out[i].wrapping_sub(1),
            18 => out.insert(i, rng.byte()),
            _ => {
                out.remove(i);
            }
        }
    }
    out
}

/// What a bare rustls server did with the bytes.
#[derive(Debug)]
enum Rustls {
    /// It accepted the ClientHello and wrote a ServerHello: the suite it chose.
    ServerHello(u16),
    /// It refused, with this alert (none when it sent none).
    Refused(rustls::Error, Option<u8>),
    /// It waits for more bytes (a length claims more than was sent).
    Waiting,
}

fn alert_of(mut alert: rustls::server::AcceptedAlert) -> Option<u8> {
    let mut out = Vec::new();
    alert.write_all(&mut out).unwrap();
    // struct { level; description } in a record of type 21.
    (out.first() == Some(&21)).then(|| out.last().copied()).flatten()
}

fn bare_rustls(config: &Arc<rustls::ServerConfig>, bytes: &[u8]) -> Rustls {
    let mut acceptor = Acceptor::default();
    let mut input = bytes;
    while !input.is_empty() {
        if let Err(e) = acceptor.read_tls(&mut input) {
            return Rustls::Refused(rustls::Error::General(e.to_string()), None);
        }
    }
    let accepted = match acceptor.accept() {
        Ok(Some(accepted)) => accepted,
        Ok(None) => return Rustls::Waiting,
        Err((error, alert)) => return Rustls::Refused(error, alert_of(alert)),
    };
    match accepted.into_connection(Arc::clone(config)) {
        Ok(mut connection) => {
            let mut out = Vec::new();
            while connection.wants_write() {
                connection.write_tls(&mut out).unwrap();
            }
            // A handshake record whose first message is a ServerHello (type 2).
            assert!(out.len() > 5 && out[0] == 22 && out[5] == 2, "rustls accepted but wrote {:02X?}", &out[..8]);
            Rustls::ServerHello(connection.negotiated_cipher_suite().map(|s| u16::from(s.suite())).unwrap())
        }
        Err((error, alert)) => Rustls::Refused(error, alert_of(alert)),
    }
}

/// The tallies the closing note quotes.
#[derive(Debug, Default)]
struct Counts {
    run: usize,
    engine_accepts: usize,
    rustls_server_hello: usize,
    both_refuse: usize,
    /// The engine accepted a key share rustls found not on its curve.
    off_curve: usize,
    /// The engine accepted and rustls did not: the defects this test exists for.
    engine_only: Vec<String>,
    /// The engine refused what rustls accepted (the engine is stricter: a screen refuses it).
    stricter: BTreeMap<String, usize>,
    /// Both refused, with different alerts: (engine reason and alert, rustls error and alert).
    alerts: BTreeMap<String, usize>,
}

fn engine(policy: &Policy, bytes: &[u8], keys: KeyTypes) -> Result<u16, Refusal> {
    let mut buffer = Vec::new();
    let hello =
        ClientHello::parse_with(bytes, &mut buffer).map_err(|e| Refusal { reason: e.reason(), version: None })?;
    negotiate(policy, &hello.offer(), keys).map(|a| a.suite.get())
}

/// rustls's error without the parts that vary between hellos (lengths, host names).
fn kind(error: &rustls::Error) -> String {
    let text = format!("{error:?}");
    text.split(['(', ' ']).take(2).collect::<Vec<_>>().join("(")
}

#[test]
fn the_engine_refuses_every_mutated_capture_rustls_refuses() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hellos");
    let mut captures: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    captures.sort();
    assert_eq!(captures.len(), 49);

    // TLS 1.2 and 1.3 with an ECDSA key, TLS 1.2 only (DPS) with an RSA key.
    let setups: [(&str, &tls::Identity, KeyTypes); 2] =
        [("mozilla-intermediate", tls::p256(), KeyTypes::ECDSA), ("dps-tls12", tls::rsa(), KeyTypes::RSA)];
    let mut rng = Rng(SEED);
    let mut counts = Counts::default();
    for (id, identity, keys) in setups {
        let policy = Policy::named(id).unwrap();
        let (chain, key) = identity.parts();
        let realized = Realizer::new(&policy).server_config(chain, key).unwrap();
        let config = Arc::new(realized.config);
        let effective = realized.report.effective();
        for (name, original) in &captures {
            for n in 0..PER_CAPTURE {
                let bytes = mutate(&mut rng, original);
                let ours = engine(effective, &bytes, keys);
                let theirs = bare_rustls(&config, &bytes);
                counts.run += 1;
                let what = || format!("{id} {name} #{n}");
                match (&ours, &theirs) {
                    (Ok(suite), Rustls::ServerHello(chosen)) => {
                        counts.engine_accepts += 1;
                        counts.rustls_server_hello += 1;
                        if suite != chosen {
                            counts.engine_only.push(format!("{}: engine 0x{suite:04X}, rustls 0x{chosen:04X}", what()));
                        }
                    }
                    // rustls checks that an EC key share is a point on its curve (RFC 8446
                    // §4.2.8.2); the engine checks its form (04, length), not the curve
                    // equation, which needs the curve arithmetic only a TLS stack has.
                    (
                        Ok(_),
                        Rustls::Refused(rustls::Error::PeerMisbehaved(rustls::PeerMisbehaved::InvalidKeyShare), _),
                    ) => {
                        counts.engine_accepts += 1;
                        counts.off_curve += 1;
                    }
                    (Ok(_), other) => {
                        counts.engine_accepts += 1;
                        let summary = match other {
                            Rustls::Refused(error, alert) => format!("{} {alert:?}", kind(error)),
                            other => format!("{other:?}"),
                        };
                        counts.engine_only.push(format!(
                            "{}: rustls {summary} {error:?} {}",
                            what(),
                            hex(&bytes),
                            error = other
                        ));
                    }
                    (Err(refusal), Rustls::ServerHello(_)) => {
                        counts.rustls_server_hello += 1;
                        *counts.stricter.entry(format!("{:?}", refusal.reason)).or_default() += 1;
                    }
                    (Err(refusal), Rustls::Refused(error, alert)) => {
                        counts.both_refuse += 1;
                        let ours = refusal.alert().number();
                        if *alert != Some(ours) {
                            let key = format!("engine {:?} {ours}, rustls {} {alert:?}", refusal.reason, kind(error));
                            *counts.alerts.entry(key).or_default() += 1;
                        }
                    }
                    (Err(refusal), Rustls::Waiting) => {
                        counts.both_refuse += 1;
                        let key = format!(
                            "engine {:?} {}, rustls waits for more bytes",
                            refusal.reason,
                            refusal.alert().number()
                        );
                        *counts.alerts.entry(key).or_default() += 1;
                    }
                }
            }
        }
    }
    eprintln!(
        "mutations run {}, engine accepts {}, rustls ServerHello {}, both refuse {}, engine accepts a key share off its curve {}, engine accepts but rustls does not {}",
        counts.run,
        counts.engine_accepts,
        counts.rustls_server_hello,
        counts.both_refuse,
        counts.off_curve,
        counts.engine_only.len()
    );
    for (key, n) in &counts.stricter {
        eprintln!("  engine refuses ({key}) what rustls accepts: {n}");
    }
    for (key, n) in &counts.alerts {
        eprintln!("  alerts differ: {key}: {n}");
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for line in &counts.engine_only {
        *kinds.entry(line.split(": rustls ").nth(1).and_then(|r| r.split(' ').next()).unwrap_or("")).or_default() += 1;
    }
    for (kind, n) in &kinds {
        eprintln!("  engine accepts, rustls refuses: {kind}: {n}");
    }
    for line in counts.engine_only.iter().take(400) {
        eprintln!("  DISAGREE {line}");
    }
    assert_eq!(counts.run, 2 * 49 * PER_CAPTURE);
    assert!(
        counts.engine_only.is_empty(),
        "{} mutated hellos accepted by the engine and not by rustls",
        counts.engine_only.len()
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
