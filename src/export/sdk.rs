//! A policy as the TLS settings of a device's code, one snippet per Azure IoT device SDK
//! language (those of [`import::sdk`](crate::import::sdk)): C ([`c`]), Python ([`python`]),
//! Node.js ([`node`]), Java ([`java`]) and C# ([`csharp`]). Each is a [`Setting`]: the code to
//! paste and the gaps, what that language's TLS stack cannot be told.
//!
//! C, Python and Node.js hand their settings to OpenSSL, so their snippets carry
//! [`export::openssl`](super::openssl::openssl)'s cipher string (TLS 1.2 and below, in the policy's
//! order, with `@SECLEVEL` when needed) and its gaps; Java and C# name suites by their IANA
//! names.
//!
//! ```
//! use tls_policy::Policy;
//! use tls_policy::export::sdk;
//!
//! let dps = Policy::named("dps-tls12")?;
//! let java = sdk::java(&dps)?;
//! assert!(java.text.contains(r#"p.setProtocols(new String[] {"TLSv1.2"});"#));
//! assert!(java.text.contains(r#""TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384","#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::export::openssl::{OpensslSettings, openssl, protocol_name};
use crate::export::{ExportError, Gap, Setting};
use crate::model::group::NamedGroup;
use crate::model::version::ProtocolVersion;
use crate::policy::Policy;

/// The target of the C snippet, in gaps and errors.
const C: &str = "Azure IoT C SDK (tlsio_openssl)";
/// The target of the Python snippet.
const PYTHON: &str = "Python ssl";
/// The target of the Node.js snippet.
const NODE: &str = "Node.js tls";
/// The target of the Java snippet.
pub const JAVA: &str = "Java (JSSE)";
/// The target of the C# snippet.
const CSHARP: &str = ".NET SslStream";

/// The cipher suites JDK 17's JSSE supports and enables, in its default order (signalling
/// `TLS_EMPTY_RENEGOTIATION_INFO_SCSV` left out). Obtained on OpenJDK 17.0.15 (Debian 12,
/// its `java.security` as installed, so the suites of `jdk.tls.disabledAlgorithms` — 3DES,
/// RC4, anonymous, NULL, the static ECDH suites — are not in it) by running
/// `java Suites.java` on a one-file program printing
/// `SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()`;
/// `tests/export_sdk.rs` runs such a program again and compares.
pub const JDK17_CIPHER_SUITES: &[&str] = &[
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
    "TLS_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA",
];

/// The groups JDK 17 implements (the `jdk.tls.namedGroups` names, IANA's).
const JDK17_GROUPS: &[NamedGroup] = &[
    NamedGroup::x25519,
    NamedGroup::secp256r1,
    NamedGroup::secp384r1,
    NamedGroup::secp521r1,
    NamedGroup::x448,
    NamedGroup::ffdhe2048,
    NamedGroup::ffdhe3072,
    NamedGroup::ffdhe4096,
    NamedGroup::ffdhe6144,
    NamedGroup::ffdhe8192,
];

fn no_suites(target: &'static str, policy: &Policy) -> ExportError {
    ExportError::no_suites(target, policy)
}

/// The OpenSSL settings, with an error naming `target` instead of OpenSSL.
fn openssl_for(policy: &Policy, target: &'static str) -> Result<OpensslSettings, ExportError> {
    openssl(policy).map_err(|e| e.for_target(target))
}

/// Whether the policy allows a TLS 1.3 suite OpenSSL implements.
fn has_tls13(settings: &OpensslSettings) -> bool {
    !settings.ciphersuites.is_empty()
}

/// The Azure IoT C SDK with OpenSSL (azure-c-shared-utility's `tlsio_openssl.c`):
/// `OPTION_TLS_VERSION` and `OPTION_OPENSSL_CIPHER_SUITE` (`"CipherSuite"`, passed to
/// `SSL_CTX_set_cipher_list`) through `IoTHubDeviceClient_LL_SetOption`, or
/// `Prov_Device_LL_SetOption` for the provisioning (DPS) client, which hands options it does
/// not know to its transport's TLS layer the same way.
///
/// What the SDK's sources say (azure-c-shared-utility, `adapters/tlsio_openssl.c`):
/// `OPTION_TLS_VERSION` takes 10, 11 or 12 (0 is 1.0, anything else 1.2); it picks
/// `TLSv1_2_method()` and the like, one version, only with OpenSSL before 1.1.0. With OpenSSL
/// 1.1.0 and later the SDK calls `TLS_method()` and sets no range, so the option is stored but
/// has no effect: OpenSSL's defaults (and `openssl.cnf`'s `MinProtocol`) decide, TLS 1.3 on.
/// The snippet sets the highest TLS 1.2-or-older version of the policy all the same, for
/// OpenSSL 1.0.2. The TLS 1.3 suites and the groups cannot be set at all.
///
/// A policy of TLS 1.3 alone leaves nothing to set: [`ExportError::NoSuites`].
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::sdk;
///
/// let setting = sdk::c(&Policy::named("dps-tls12")?)?;
/// assert!(setting.text.contains("int tls_version = 12;"));
/// assert!(setting.text.contains(
///     "IoTHubDeviceClient_LL_SetOption(handle, OPTION_OPENSSL_CIPHER_SUITE, \"ECDHE-RSA-AES256-GCM-SHA384:"
/// ));
/// assert!(sdk::c(&Policy::named("mozilla-modern")?).is_err()); // TLS 1.3 alone
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn c(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = openssl_for(policy, C)?;
    let Some(cipher) = &settings.cipher_string else { return Err(no_suites(C, policy)) };
    let legacy_max = settings.max_protocol.min(ProtocolVersion::TLSv1_2);
    let (number, name) = match legacy_max {
        ProtocolVersion::TLSv1_0 => (10, "TLS 1.0"),
        ProtocolVersion::TLSv1_1 => (11, "TLS 1.1"),
        _ => (12, "TLS 1.2"),
    };
    let text = format!(
        "/* Policy {id}: the Azure IoT C SDK with OpenSSL (tlsio_openssl). */\n\
         #include \"azure_c_shared_utility/shared_util_options.h\"\n\
         \n\
         /* {name}; only OpenSSL before 1.1.0 uses it (one version), later ones ignore it. */\n\
         int tls_version = {number};\n\
         IoTHubDeviceClient_LL_SetOption(handle, OPTION_TLS_VERSION, &tls_version);\n\
         /* SSL_CTX_set_cipher_list: TLS 1.2 and below, in the policy's order. */\n\
         IoTHubDeviceClient_LL_SetOption(handle, OPTION_OPENSSL_CIPHER_SUITE, \"{cipher}\");\n\
         \n\
         /* The provisioning (DPS) client passes the same options on to its TLS layer:\n\
         Prov_Device_LL_SetOption(prov_handle, OPTION_TLS_VERSION, &tls_version);\n\
         Prov_Device_LL_SetOption(prov_handle, OPTION_OPENSSL_CIPHER_SUITE, \"{cipher}\"); */\n",
        id = super::comment_id(policy),
    );
    let mut gaps = settings.gaps.clone();
    gaps.push(Gap::Limit {
        target: C,
        what: "OPTION_TLS_VERSION selects one version (TLSv1_2_method) with OpenSSL 1.0.2 and is ignored with \
               OpenSSL 1.1.0 and later (TLS_method, no range set): OpenSSL's default versions and openssl.cnf's \
               MinProtocol decide, TLS 1.3 included",
    });
    if has_tls13(&settings) {
        gaps.push(Gap::Limit {
            target: C,
            what: "the TLS 1.3 suites cannot be set (OPTION_OPENSSL_CIPHER_SUITE is SSL_CTX_set_cipher_list, TLS 1.2 \
                   and below): OpenSSL's default TLS 1.3 suites are offered",
        });
    }
    gaps.push(Gap::Limit { target: C, what: "the groups cannot be set: OpenSSL's default groups are offered" });
    Ok(Setting::new(text, gaps))
}

/// Python's `ssl` name of a version.
fn python_version(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::SSLv3 => "SSLv3",
        ProtocolVersion::TLSv1_0 => "TLSv1",
        ProtocolVersion::TLSv1_1 => "TLSv1_1",
        ProtocolVersion::TLSv1_3 => "TLSv1_3",
        _ => "TLSv1_2",
    }
}

/// Python's `ssl` (OpenSSL): an `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)` with the policy's
/// version range and the OpenSSL cipher string, for your own MQTT or HTTP client; and the
/// `cipher=` argument the azure-iot-device 2.x clients take (`IoTHubDeviceClient`,
/// `ProvisioningDeviceClient`'s `create_from_*` methods), which builds its own context with
/// `ssl.PROTOCOL_TLSv1_2` and calls `set_ciphers` with it (azure-iot-sdk-python,
/// `common/mqtt_transport.py`).
///
/// The TLS 1.3 suites cannot be chosen from Python's `ssl` (OpenSSL's defaults are offered)
/// nor the client's groups (Python 3.11 has no such call); a policy of TLS 1.3 alone leaves
/// no cipher string: [`ExportError::NoSuites`].
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::sdk;
///
/// let setting = sdk::python(&Policy::named("mozilla-intermediate")?)?;
/// assert!(setting.text.contains("context.minimum_version = ssl.TLSVersion.TLSv1_2\n"));
/// assert!(setting.text.contains("context.maximum_version = ssl.TLSVersion.TLSv1_3\n"));
/// assert!(setting.text.contains("context.set_ciphers(\"ECDHE-ECDSA-AES128-GCM-SHA256:"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn python(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = openssl_for(policy, PYTHON)?;
    let Some(cipher) = &settings.cipher_string else { return Err(no_suites(PYTHON, policy)) };
    let text = format!(
        "import ssl\n\
         \n\
         # Policy {id}: an ssl.SSLContext for your own MQTT or HTTP client.\n\
         context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)\n\
         context.minimum_version = ssl.TLSVersion.{min}\n\
         context.maximum_version = ssl.TLSVersion.{max}\n\
         context.set_ciphers(\"{cipher}\")\n\
         context.load_default_certs()\n\
         \n\
         # azure-iot-device 2.x makes its own context (TLS 1.2 only) and takes the cipher string:\n\
         # IoTHubDeviceClient.create_from_connection_string(connection_string, cipher=\"{cipher}\")\n",
        id = super::comment_id(policy),
        min = python_version(settings.min_protocol),
        max = python_version(settings.max_protocol),
    );
    let mut gaps = settings.gaps.clone();
    if has_tls13(&settings) {
        gaps.push(Gap::Limit {
            target: PYTHON,
            what: "the TLS 1.3 suites cannot be chosen (set_ciphers is TLS 1.2 and below): OpenSSL's defaults \
                   (TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_128_GCM_SHA256) or openssl.cnf's \
                   Ciphersuites are offered, first",
        });
    }
    gaps.push(Gap::Limit {
        target: PYTHON,
        what: "the client's groups cannot be set (set_ecdh_curve is for servers, one curve): OpenSSL's defaults are \
               offered",
    });
    if policy.versions() != crate::model::version::VersionSet::only(ProtocolVersion::TLSv1_2) {
        gaps.push(Gap::Limit {
            target: PYTHON,
            what: "azure-iot-device 2.x uses TLS 1.2 alone (ssl.PROTOCOL_TLSv1_2), whatever the policy's versions",
        });
    }
    Ok(Setting::new(text, gaps))
}

/// Node.js's `tls` (OpenSSL): the options of `tls.connect`, `minVersion`/`maxVersion`,
/// `ciphers` (the TLS 1.3 suites first by their `TLS_` names, which Node takes in the same
/// string, then the OpenSSL cipher string) and `ecdhCurve` (the groups, as
/// `SSL_CTX_set1_groups_list` takes them).
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::sdk;
///
/// let setting = sdk::node(&Policy::named("dps-tls12")?)?;
/// assert!(setting.text.contains("minVersion: 'TLSv1.2',\n  maxVersion: 'TLSv1.2',"));
/// assert!(setting.text.contains("ecdhCurve: 'P-256:P-384',"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn node(policy: &Policy) -> Result<Setting, ExportError> {
    let settings = openssl_for(policy, NODE)?;
    let mut ciphers: Vec<&str> = Vec::new();
    if has_tls13(&settings) {
        ciphers.push(&settings.ciphersuites);
    }
    if let Some(cipher) = &settings.cipher_string {
        ciphers.push(cipher);
    }
    if ciphers.is_empty() {
        return Err(no_suites(NODE, policy));
    }
    let mut text = format!(
        "const tls = require('tls');\n\
         \n\
         // Policy {id}: the options of tls.connect (or of your MQTT client's TLS connection).\n\
         const options = {{\n  \
         minVersion: '{min}',\n  \
         maxVersion: '{max}',\n  \
         ciphers: '{ciphers}',\n",
        id = super::comment_id(policy),
        min = protocol_name(settings.min_protocol).unwrap_or("TLSv1.2"),
        max = protocol_name(settings.max_protocol).unwrap_or("TLSv1.3"),
        ciphers = ciphers.join(":"),
    );
    if !settings.groups.is_empty() {
        text.push_str(&format!("  ecdhCurve: '{}',\n", settings.groups.join(":")));
    }
    text.push_str("};\nconst socket = tls.connect(8883, host, { ...options, servername: host });\n");
    Ok(Setting::new(text, settings.gaps))
}

/// Java's name of a version (`SSLParameters.setProtocols`).
fn java_version(version: ProtocolVersion) -> Option<&'static str> {
    match version {
        ProtocolVersion::TLSv1_0 => Some("TLSv1"),
        ProtocolVersion::TLSv1_1 => Some("TLSv1.1"),
        ProtocolVersion::TLSv1_2 => Some("TLSv1.2"),
        ProtocolVersion::TLSv1_3 => Some("TLSv1.3"),
        _ => None,
    }
}

/// Java's JSSE: `SSLParameters` with `setProtocols` (the policy's versions, one by one, so
/// no range gap), `setCipherSuites` (IANA names, which JSSE uses, of the suites JDK 17
/// implements, [`JDK17_CIPHER_SUITES`], in the policy's order) and `setNamedGroups` (Java 20
/// and later; before, the `jdk.tls.namedGroups` system property, for the whole JVM). A suite
/// JDK 17 lacks is a [`Gap::Suite`] of `"Java (JSSE)"`; none left is
/// [`ExportError::NoSuites`].
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::sdk;
///
/// let setting = sdk::java(&Policy::named("mozilla-intermediate")?)?;
/// assert!(setting.text.contains(r#"p.setProtocols(new String[] {"TLSv1.2", "TLSv1.3"});"#));
/// assert!(setting.text.contains(r#"p.setNamedGroups(new String[] {"x25519", "secp256r1", "secp384r1"});"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn java(policy: &Policy) -> Result<Setting, ExportError> {
    let mut gaps = Vec::new();
    let mut names = Vec::new();
    for entry in policy.entries() {
        let suite = entry.suite;
        match suite.iana_name().filter(|n| JDK17_CIPHER_SUITES.contains(n)) {
            Some(name) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => gaps.push(Gap::Suite { target: JAVA, suite }),
        }
        if let Some(group) = entry.group {
            gaps.push(Gap::GroupConstraint { target: JAVA, suite, group });
        }
    }
    if names.is_empty() {
        return Err(no_suites(JAVA, policy));
    }
    let protocols: Vec<String> =
        policy.versions().iter().filter_map(java_version).map(|v| format!("\"{v}\"")).collect();
    if policy.versions().iter().any(|v| v < ProtocolVersion::TLSv1_2) {
        gaps.push(Gap::Limit {
            target: JAVA,
            what: "TLS 1.0 and 1.1 are in jdk.tls.disabledAlgorithms (java.security) since 8u291 and 11.0.11: \
                   setProtocols alone does not enable them",
        });
    }
    let mut groups = Vec::new();
    for &group in policy.groups() {
        match (JDK17_GROUPS.contains(&group), group.name()) {
            (true, Some(name)) => groups.push(format!("\"{name}\"")),
            _ => gaps.push(Gap::Group { target: JAVA, group }),
        }
    }
    let suites: String = names.iter().map(|n| format!("    \"{n}\",\n")).collect();
    let mut text = format!(
        "// Policy {id}: for the SSLSocket or SSLEngine of your MQTT or HTTPS client.\n\
         SSLContext context = SSLContext.getInstance(\"TLS\");\n\
         context.init(null, null, null);\n\
         SSLParameters p = context.getDefaultSSLParameters();\n\
         p.setProtocols(new String[] {{{protocols}}});\n\
         p.setCipherSuites(new String[] {{\n{suites}}});\n",
        id = super::comment_id(policy),
        protocols = protocols.join(", "),
    );
    if !groups.is_empty() {
        let list = groups.join(", ");
        let property = list.replace(['"', ' '], "");
        text.push_str(&format!(
            "p.setNamedGroups(new String[] {{{list}}}); // Java 20 and later\n\
             // before Java 20: java -Djdk.tls.namedGroups={property} (for the whole JVM)\n"
        ));
        gaps.push(Gap::Limit {
            target: JAVA,
            what: "SSLParameters.setNamedGroups needs Java 20; before, the jdk.tls.namedGroups system property sets \
                   the groups for the whole JVM",
        });
    }
    text.push_str("// socket.setSSLParameters(p);\n");
    gaps.push(Gap::Limit {
        target: JAVA,
        what: "the signature schemes are JSSE's defaults (SSLParameters.setSignatureSchemes needs Java 19; before, \
               the jdk.tls.client.SignatureSchemes system property)",
    });
    Ok(Setting::new(text, gaps))
}

/// .NET's name of a version (`SslProtocols`).
fn dotnet_version(version: ProtocolVersion) -> Option<&'static str> {
    match version {
        ProtocolVersion::TLSv1_0 => Some("SslProtocols.Tls"),
        ProtocolVersion::TLSv1_1 => Some("SslProtocols.Tls11"),
        ProtocolVersion::TLSv1_2 => Some("SslProtocols.Tls12"),
        ProtocolVersion::TLSv1_3 => Some("SslProtocols.Tls13"),
        _ => None,
    }
}

/// C# (.NET `SslStream`): `SslClientAuthenticationOptions.EnabledSslProtocols` (the policy's
/// versions; `Tls13` is .NET Core 3.0 and later) and, on Linux (OpenSSL 1.1.1 or later) and
/// macOS with .NET Core 3.0 and later, a `CipherSuitesPolicy` of the policy's suites by their
/// `TlsCipherSuite` names, which are IANA's. On Windows `new CipherSuitesPolicy` throws
/// `PlatformNotSupportedException` (SChannel takes its suites and order from the OS), so the
/// snippet sets it only elsewhere; the Azure IoT C# SDK's own switch is
/// `TlsVersions.Instance.SetMinimumTlsVersions`.
///
/// ```
/// use tls_policy::Policy;
/// use tls_policy::export::sdk;
///
/// let setting = sdk::csharp(&Policy::named("dps-tls12")?)?;
/// assert!(setting.text.contains("EnabledSslProtocols = SslProtocols.Tls12,"));
/// assert!(setting.text.contains("        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn csharp(policy: &Policy) -> Result<Setting, ExportError> {
    let mut gaps = Vec::new();
    let mut names = Vec::new();
    for entry in policy.entries() {
        match entry.suite.iana_name() {
            Some(name) if names.contains(&name) => {}
            Some(name) if entry.suite.info().is_some() => names.push(name),
            _ => gaps.push(Gap::Suite { target: CSHARP, suite: entry.suite }),
        }
    }
    if names.is_empty() {
        return Err(no_suites(CSHARP, policy));
    }
    let protocols: Vec<&str> = policy.versions().iter().filter_map(dotnet_version).collect();
    let minimum = policy.versions().iter().find_map(dotnet_version).unwrap_or("SslProtocols.Tls12");
    let suites: String = names.iter().map(|n| format!("        TlsCipherSuite.{n},\n")).collect();
    let text = format!(
        "using System.Net.Security;\n\
         using System.Runtime.InteropServices;\n\
         using System.Security.Authentication;\n\
         \n\
         // Policy {id}: for your SslStream's AuthenticateAsClientAsync.\n\
         var options = new SslClientAuthenticationOptions\n\
         {{\n    \
         TargetHost = host,\n    \
         EnabledSslProtocols = {protocols},\n\
         }};\n\
         // Linux (OpenSSL 1.1.1 or later) and macOS, .NET Core 3.0 and later; Windows throws.\n\
         if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))\n\
         {{\n    \
         options.CipherSuitesPolicy = new CipherSuitesPolicy(new[]\n    \
         {{\n{suites}    }});\n\
         }}\n\
         \n\
         // The Azure IoT C# SDK (Microsoft.Azure.Devices.Client) sets its versions itself:\n\
         // TlsVersions.Instance.SetMinimumTlsVersions({minimum});\n",
        id = super::comment_id(policy),
        protocols = protocols.join(" | "),
    );
    gaps.push(Gap::Limit {
        target: CSHARP,
        what: "CipherSuitesPolicy throws PlatformNotSupportedException on Windows and Android: SChannel takes its \
               suites and their order from the OS (Group Policy, Enable-TlsCipherSuite)",
    });
    if policy.entries().iter().any(|e| e.group.is_some()) || !policy.groups().is_empty() {
        gaps.push(Gap::Limit {
            target: CSHARP,
            what: "SslStream cannot set the groups: OpenSSL's (Linux), the OS's (Windows, macOS) are offered",
        });
    }
    gaps.push(Gap::Limit {
        target: CSHARP,
        what: "SslStream cannot set the signature schemes: OpenSSL's (Linux), the OS's (Windows, macOS) are offered",
    });
    Ok(Setting::new(text, gaps))
}

/// The groups of a policy by OpenSSL's names, for the snippets that pass them to OpenSSL.
#[cfg(test)]
fn openssl_groups(policy: &Policy) -> Vec<&'static str> {
    policy.groups().iter().filter_map(|g| crate::export::openssl::group_name(*g)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_policy_exports_or_says_why() {
        for id in Policy::named_ids() {
            let policy = Policy::named(id).expect("named");
            for (target, result) in [
                (C, c(&policy)),
                (PYTHON, python(&policy)),
                (NODE, node(&policy)),
                (JAVA, java(&policy)),
                (CSHARP, csharp(&policy)),
            ] {
                match result {
                    Ok(setting) => assert!(setting.text.contains(id), "{target} {id}"),
                    Err(ExportError::NoSuites { target: t, .. }) => assert_eq!(t, target, "{id}"),
                    Err(e) => panic!("{target} {id}: {e}"),
                }
            }
        }
    }

    #[test]
    fn node_groups_are_openssls_names() {
        let policy = Policy::named("mozilla-intermediate").expect("named");
        let text = node(&policy).expect("node").text;
        assert!(text.contains(&format!("ecdhCurve: '{}'", openssl_groups(&policy).join(":"))), "{text}");
    }
}
