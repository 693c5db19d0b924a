//! The command line: the commands, their flags and what `--help` says of them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tls_policy::KeyTypes;

#[derive(Parser)]
#[command(name = "tls-policy", about = "TLS cipher-suite catalogs and lookups", version)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
    /// The parameters file for `arm:` policies (`[parameters('name')]` values).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) arm_parameters: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Decide, for each captured ClientHello, what each policy does: accept (version, suite)
    /// or reject (reason, alert). Without PATH, checks sample captures bundled with the tool.
    Check {
        /// A policy id; repeat for one column each (default: dps-tls12 and dps-legacy-security).
        #[arg(long = "policy")]
        policies: Vec<String>,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// Print one JSON object per hello and policy, one per line (with the connection, SNI
        /// and fingerprints: JA4, JA3).
        #[arg(long)]
        json: bool,
        /// Print CSV with the JSON's columns, to open in a spreadsheet.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Exit 1 when any policy refuses any device (`reject`), for a pipeline to gate on.
        #[arg(long, value_name = "WHEN")]
        fail_on: Option<CheckGate>,
        #[command(flatten)]
        flows: Flows,
        /// Packet captures (.pcap, .pcapng: told by their content; one row per TCP
        /// connection, named FILE#client-ip:port), raw ClientHellos (.bin), hex dumps (.hex:
        /// hex digits, `xxd` output, Wireshark's hex stream or hex dump), or folders of them
        /// (walked, every skipped file named).
        paths: Vec<PathBuf>,
    },
    /// List the catalogs, or print one.
    Catalog {
        /// The catalog id (`dps-recommended`, `mozilla-intermediate`, ...).
        id: Option<String>,
        /// Print JSON: an array of entries (or of catalogs, without an id).
        #[arg(long)]
        json: bool,
    },
    /// Print one cipher suite found by IANA, OpenSSL or SChannel name, or by code.
    Suite {
        /// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`, `ECDHE-RSA-AES128-GCM-SHA256`,
        /// `TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA_P256`, `0xC02F`, `C02F` or `0xC0,0x2F`.
        query: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// What rustls configs built from a policy enforce: each entry realized or not and why,
    /// and the effective policy.
    Config {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa (certificates are made at start).
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// Fail, listing every gap, unless rustls enforces the policy exactly.
        #[arg(long)]
        strict: bool,
        /// Print one JSON object; its `effective` field reads back as a policy.
        #[arg(long)]
        json: bool,
    },
    /// Serve TLS on 127.0.0.1 with self-signed certificates, screening every ClientHello
    /// with the engine and answering each client's first request with what was negotiated (an
    /// HTTP page, JSON on `Accept: application/json`), one line per connection; Ctrl-C or
    /// SIGTERM stops.
    Serve {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// The port (0: any free port; the first line says which).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Connections served at once; the next ones wait in the listen queue.
        #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        max_connections: u32,
        /// Seconds a client has for its whole handshake, ClientHello included.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
        handshake_timeout: u64,
        /// Verify devices' certificates against the CA certificates in this PEM file (mutual
        /// TLS, as DPS authenticates X.509 devices); each line then names the device.
        #[arg(long, value_name = "CA.pem")]
        client_ca: Option<std::path::PathBuf>,
        /// Echo each client's first request back instead of answering it (for protocol tests).
        #[arg(long)]
        echo: bool,
        /// Whether a device must present a certificate (with --client-ca).
        #[arg(
            long,
            value_enum,
            requires = "client_ca",
            default_value_if("client_ca", clap::builder::ArgPredicate::IsPresent, "required")
        )]
        client_auth: Option<ClientAuthMode>,
    },
    /// What a policy allows that current guidance advises against, what rustls cannot
    /// enforce, and (with --against) what falls outside a catalog.
    Audit {
        /// The policy id.
        #[arg(long)]
        policy: String,
        /// A catalog to check compliance with (`nist-800-52r2`, `bsi-tr-02102-2`,
        /// `mozilla-intermediate`, ...).
        #[arg(long)]
        against: Option<String>,
        /// Print a JSON array of findings.
        #[arg(long)]
        json: bool,
    },
    /// Send each captured ClientHello as is to a live endpoint and say what it answered
    /// (accept with version, suite and group; reject with the alert; closed), beside what a
    /// policy predicts; exit status 1 when a prediction differs. Without PATH, the bundled
    /// samples.
    Replay {
        /// The endpoint, HOST:PORT.
        #[arg(long, value_name = "HOST:PORT")]
        to: String,
        /// A policy id whose prediction to set beside each answer.
        #[arg(long)]
        policy: Option<String>,
        /// The endpoint's certificate keys, for the prediction: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// Print one JSON object per capture, one per line.
        #[arg(long)]
        json: bool,
        /// Raw captures (.bin), hex dumps (.hex), or folders of them.
        paths: Vec<PathBuf>,
    },
    /// What a live endpoint accepts: each version (or the alert that refuses it), the suites
    /// of each in the endpoint's order, its groups, whether it honours TLS_FALLBACK_SCSV and
    /// its certificates' key types; with --policy, every way it differs from a server with that
    /// policy (exit status 1 when it differs, 2 when it cannot be scanned).
    Scan {
        /// The endpoint, HOST:PORT.
        #[arg(value_name = "HOST:PORT")]
        target: String,
        /// The host name to send in server_name (default: HOST when it is a name).
        #[arg(long, value_name = "NAME")]
        sni: Option<String>,
        /// A policy id to check the endpoint against.
        #[arg(long)]
        policy: Option<String>,
        /// The policy's server keys for the comparison: rsa, ecdsa or rsa,ecdsa (default: the
        /// key types the scan finds).
        #[arg(long)]
        keys: Option<KeyTypes>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// The most connections the scan makes.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        max_connections: u32,
        /// The most seconds the whole scan takes.
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
        max_time: u64,
        /// Seconds one connection may take, connect to answer.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: u64,
    },
    /// Which devices a policy change affects: captures whose verdict changes, and a summary
    /// (N devices, M lose access, K change suite). Without PATH, the bundled samples.
    Diff {
        /// The policy now.
        #[arg(long)]
        from: String,
        /// The policy after the change.
        #[arg(long)]
        to: String,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// Print one JSON object per capture, then the summary object.
        #[arg(long)]
        json: bool,
        /// Print CSV with the JSON's columns (the summary on stderr).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Exit 1 when any device loses access (`lose-access`), for a pipeline to gate on.
        #[arg(long, value_name = "WHEN")]
        fail_on: Option<DiffGate>,
        /// Also write the readiness report, one self-contained HTML page: the answer, charts
        /// of the verdicts, the devices by fingerprint (JA4), and what was not read.
        #[arg(long, value_name = "REPORT.html")]
        html: Option<PathBuf>,
        #[command(flatten)]
        flows: Flows,
        /// Packet captures (.pcap, .pcapng), raw ClientHellos (.bin), hex dumps (.hex), or
        /// folders of them.
        paths: Vec<PathBuf>,
    },
    /// The devices in packet captures grouped by fingerprint (JA4): per group the
    /// connections and distinct clients, a sample SNI and client, each policy's verdict and,
    /// between the first two policies, who loses access; largest groups first, then the
    /// totals. Without CAPTURE, the bundled samples.
    Fleet {
        /// A policy; repeat for a column each (default: dps-legacy-security, then dps-tls12).
        /// The first two are compared as in `diff` (from, to).
        #[arg(long = "policy")]
        policies: Vec<String>,
        /// The server's keys: rsa, ecdsa or rsa,ecdsa.
        #[arg(long, default_value = "rsa")]
        keys: KeyTypes,
        /// Print one JSON object per group, then the totals object.
        #[arg(long)]
        json: bool,
        /// Print CSV with the JSON's columns (the totals on stderr).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Exit 1 when any device loses access between the first two policies.
        #[arg(long, value_name = "WHEN")]
        fail_on: Option<DiffGate>,
        /// Also write the readiness report, one self-contained HTML page: the answer, charts
        /// of the verdicts, each fingerprint group with its verdicts and why a policy refuses
        /// it, and what was not read. The same inputs give the same bytes
        /// (`SOURCE_DATE_EPOCH` sets the report's date).
        #[arg(long, value_name = "REPORT.html")]
        html: Option<PathBuf>,
        #[command(flatten)]
        flows: Flows,
        /// Packet captures (.pcap, .pcapng), raw ClientHellos (.bin, .hex), or folders.
        #[arg(value_name = "CAPTURE")]
        paths: Vec<PathBuf>,
    },
    /// List the named policies, or show one: versions, entries in order, groups, preference.
    Policy {
        /// The policy id (`dps-tls12`, `dps-legacy-security`, ...).
        id: Option<String>,
        /// Read the policy from a policy file (.json, .toml), an ARM template
        /// (`arm:azuredeploy.json[#name]`) or an OpenSSL cipher string (`openssl:HIGH:!aNULL`).
        #[arg(long, value_name = "FILE_OR_STRING", conflicts_with = "id")]
        from: Option<String>,
        /// Print the policy as a JSON policy file (with no id, the named policies as a list of them).
        #[arg(long)]
        json: bool,
        /// Print the policy as a TOML policy file.
        #[arg(long, conflicts_with = "json")]
        toml: bool,
    },
    /// A policy as another program's settings: `openssl` prints the OpenSSL 3.0 cipher string
    /// (TLS 1.2 and below, in the policy's order; one line), `openssl-conf` an openssl.cnf
    /// section; `c-sdk`, `python`, `node`, `java`, `csharp` the device-side TLS settings of
    /// the Azure IoT SDK languages; `nginx`, `haproxy`, `apache`, `go` a gateway's; `rustls`
    /// the rustls server config this crate builds, as Rust. What the program cannot express
    /// is listed on stderr.
    Export {
        /// The policy.
        #[arg(long)]
        policy: String,
        /// The program.
        #[arg(long, value_enum)]
        to: Target,
    },
    /// Does this Azure IoT SDK release support TLS 1.2? LANGUAGE is c, python, csharp, java
    /// or node; VERSION a release (`1.21.4`) or, for C, a tag (`2019-12-11`, `LTS_07_2022_Ref01`).
    Sdk {
        /// The SDK's language.
        language: String,
        /// The release or tag.
        version: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// How the inputs are read: how much of a packet capture is kept at once, and whether
/// progress is shown.
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct Flows {
    /// The most TCP connections followed at once in a packet capture; beyond, the oldest is
    /// evicted (and counted).
    #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    max_flows: u64,
    /// No progress on stderr (shown only on a terminal, for runs longer than a second:
    /// bytes and connections read, rate, time left).
    #[arg(long, short)]
    quiet: bool,
}

impl Flows {
    /// `--quiet`: no progress.
    pub(crate) fn quiet(self) -> bool {
        self.quiet
    }

    /// The capture reader's limits.
    pub(crate) fn limits(self) -> tls_policy::capture::Limits {
        let mut limits = tls_policy::capture::Limits::default();
        limits.max_flows = usize::try_from(self.max_flows).unwrap_or(usize::MAX);
        limits
    }
}

/// `export --to`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Target {
    /// The OpenSSL 3.0 cipher string (one line).
    Openssl,
    /// An openssl.cnf section.
    OpensslConf,
    /// The Azure IoT C SDK with OpenSSL: its TLS options, in C.
    CSdk,
    /// Python's ssl: an SSLContext, in Python.
    Python,
    /// Node.js tls: the options of tls.connect, in JavaScript.
    Node,
    /// Java JSSE: SSLParameters, in Java.
    Java,
    /// .NET SslStream: SslProtocols and CipherSuitesPolicy, in C#.
    Csharp,
    /// nginx directives.
    Nginx,
    /// An HAProxy global section.
    Haproxy,
    /// Apache httpd mod_ssl directives.
    Apache,
    /// A Go crypto/tls Config literal.
    Go,
    /// The rustls server config the crate's adapter builds, as code.
    Rustls,
}

/// `check --fail-on`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckGate {
    /// Any device refused (or malformed) under any policy.
    Reject,
}

/// `diff --fail-on`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffGate {
    /// Any device that the change refuses and the current policy accepts.
    LoseAccess,
}

/// The `arm:` policies a command line names, to tell whether `--arm-parameters` is used.
pub(crate) fn names_arm(command: Option<&Command>) -> bool {
    let specs: Vec<&str> = match command {
        Some(Command::Check { policies, .. } | Command::Fleet { policies, .. }) => {
            policies.iter().map(String::as_str).collect()
        }
        Some(
            Command::Config { policy, .. }
            | Command::Serve { policy, .. }
            | Command::Audit { policy, .. }
            | Command::Export { policy, .. },
        ) => {
            vec![policy]
        }
        Some(Command::Diff { from, to, .. }) => vec![from, to],
        Some(Command::Replay { policy: Some(policy), .. } | Command::Scan { policy: Some(policy), .. }) => {
            vec![policy]
        }
        Some(Command::Policy { from: Some(from), .. }) => vec![from],
        _ => Vec::new(),
    };
    specs.iter().any(|s| s.starts_with("arm:"))
}

/// `serve --client-auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ClientAuthMode {
    /// A device without a certificate is refused.
    Required,
    /// A device may connect without one (`device=none`).
    Optional,
}
