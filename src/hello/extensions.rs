//! The ClientHello body and its extensions: the walk, and the checks of each extension rustls reads.

use super::*;

/// What the record layer says of a hello: the first record's version, how many records it
/// spans, and the bytes after it in its last record.
pub(super) struct Framing {
    pub(super) version: ProtocolVersion,
    pub(super) records: usize,
    pub(super) trailing: usize,
}

/// The extensions the reader keeps, as it finds them.
#[derive(Default)]
pub(super) struct Found<'a> {
    pub(super) supported_versions: Option<&'a [u8]>,
    pub(super) groups: Option<&'a [u8]>,
    pub(super) signature_schemes: Option<&'a [u8]>,
    pub(super) server_name: Option<&'a [u8]>,
    pub(super) alpn: Option<&'a [u8]>,
    pub(super) ec_point_formats: Option<&'a [u8]>,
    pub(super) key_share: bool,
    illegal_in_tls13: bool,
}

impl Found<'_> {
    /// A `key_share` was read; `illegal` if it holds a value TLS 1.3 forbids.
    pub(super) fn note_key_share(&mut self, illegal: bool) {
        self.key_share = true;
        self.illegal_in_tls13 |= illegal;
    }
}

/// Reads the ClientHello body from `bytes[..message]` (handshake header included).
pub(super) fn body<'a>(
    bytes: &'a [u8],
    message: usize,
    framing: Framing,
    map: &dyn Fn(usize) -> usize,
) -> Result<ClientHello<'a>, HelloError> {
    let Some(msg) = bytes.get(..message) else {
        return Err(HelloError::Truncated {
            offset: map(bytes.len()),
            what: "ClientHello",
            needed: message.saturating_sub(bytes.len()),
        });
    };
    let mut r = Reader { bytes: msg, at: 4, base: 0, map };
    let legacy_version = ProtocolVersion::from(r.u16("legacy_version")?);
    let random = r.take(32, "random")?;
    let session_id = r.vector(1, "legacy_session_id", 0, 32, false)?;
    let suites = r.vector(2, "cipher_suites", 2, 0xFFFE, true)?;
    let compression_at = r.at;
    let compression = r.vector(1, "legacy_compression_methods", 1, 0xFF, false)?;
    // RFC 5246 §7.4.1.2: "this vector MUST contain ... CompressionMethod.null"; OpenSSL
    // answers decode_error. (TLS 1.3's "exactly [null]" is the engine's, once the version is
    // known.)
    if !compression.contains(&0) {
        return Err(r.bad_value(
            compression_at,
            "legacy_compression_methods",
            "the rule that it holds null (0) (RFC 5246 §7.4.1.2)",
            Reason::Malformed,
        ));
    }
    let mut found = Found::default();
    // RFC 5246 §7.4.1.2: a TLS 1.2 ClientHello may end here, without extensions.
    let extensions = if r.done() {
        None
    } else {
        let all = r.vector(2, "extensions", 0, 0xFFFF, false)?;
        if !r.done() {
            return Err(HelloError::BadLength {
                offset: r.offset(r.at),
                field: "ClientHello",
                length: message - 4,
                rule: "the end of its extensions (bytes left over)",
            });
        }
        read_extensions(&r.sub(all, r.at - all.len()), &mut found)?;
        Some(all)
    };
    // Built here, in the caller's slot, rather than filled in and moved.
    Ok(ClientHello {
        record_version: framing.version,
        records: framing.records,
        length: message,
        trailing: framing.trailing,
        legacy_version,
        random,
        session_id,
        suites,
        compression,
        extensions,
        supported_versions: found.supported_versions,
        groups: found.groups,
        signature_schemes: found.signature_schemes,
        server_name: found.server_name,
        alpn: found.alpn,
        ec_point_formats: found.ec_point_formats,
        key_share: found.key_share,
        illegal_in_tls13: found.illegal_in_tls13,
    })
}

/// Walks the extensions (`list`'s bytes), checking each header, that no type repeats, and the
/// grammar of every extension the engine or rustls reads; what the engine needs goes into
/// `found`. One pass, linear in the list: see [`walk`].
#[inline(never)]
pub(super) fn read_extensions<'a>(list: &Reader<'a, '_>, found: &mut Found<'a>) -> Result<(), HelloError> {
    let mut few = FewTypes { types: [0; RareCodes::FEW], len: 0 };
    match walk(list, found, 0, &mut few, 0)? {
        None => Ok(()),
        Some((seen, at)) => walk_on(list, found, seen, &few, at),
    }
}

/// The rest of the walk from the extension at `at`, once more rare types came than
/// [`FewTypes`] holds (a hostile or very unusual hello).
#[cold]
#[inline(never)]
pub(super) fn walk_on<'a>(
    list: &Reader<'a, '_>,
    found: &mut Found<'a>,
    seen: u64,
    few: &FewTypes,
    at: usize,
) -> Result<(), HelloError> {
    let mut all = AllTypes([0; 1024]);
    for &ty in few.types.get(..few.len).unwrap_or(&[]) {
        all.insert(ty);
    }
    walk(list, found, seen, &mut all, at).map(|_| ())
}

/// Reads the extensions from byte `start` of the list; `seen` holds the types below 64 met so
/// far (one bit each), `rare` the others. Returns where it stopped, with `seen`, when `rare`
/// ran out of room.
#[inline(always)]
pub(super) fn walk<'a, R: RareTypes>(
    list: &Reader<'a, '_>,
    found: &mut Found<'a>,
    mut seen: u64,
    rare: &mut R,
    start: usize,
) -> Result<Option<(u64, usize)>, HelloError> {
    /// The types below 64 read further, as a bit set.
    const READ: u64 = 1 << ext::SERVER_NAME
        | 1 << ext::STATUS_REQUEST
        | 1 << ext::SUPPORTED_GROUPS
        | 1 << ext::EC_POINT_FORMATS
        | 1 << ext::SIGNATURE_ALGORITHMS
        | 1 << ext::ALPN
        | 1 << ext::CLIENT_CERTIFICATE_TYPE
        | 1 << ext::SERVER_CERTIFICATE_TYPE
        | 1 << ext::EXTENDED_MASTER_SECRET
        | 1 << ext::COMPRESS_CERTIFICATE
        | 1 << ext::PRE_SHARED_KEY
        | 1 << ext::EARLY_DATA
        | 1 << ext::SUPPORTED_VERSIONS
        | 1 << ext::COOKIE
        | 1 << ext::PSK_KEY_EXCHANGE_MODES
        | 1 << ext::CERTIFICATE_AUTHORITIES
        | 1 << ext::KEY_SHARE
        | 1 << ext::TICKET_REQUEST;
    let all = list.bytes;
    // The walk follows a slice rather than an index: the step from one header to the next is
    // then one addition, the chain every TLV walk waits on.
    let mut rest = all.get(start..).unwrap_or(&[]);
    // struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
    loop {
        rest = rare.skip_run(rest);
        let Some((&[t0, t1, l0, l1], tail)) = rest.split_first_chunk() else { break };
        let ty = u16::from_be_bytes([t0, t1]);
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let at = all.len() - rest.len();
        let Some((data, next)) = tail.split_at_checked(len) else {
            return Err(list.truncated_at(at + 4, len, "extension data"));
        };
        rest = next;
        // RFC 8446 §4.2: "There MUST NOT be more than one extension of the same type."
        // Types below 64 (all the common ones) are tracked in one word, the others by `rare`.
        if ty < 64 {
            let bit = 1u64 << ty;
            if seen & bit != 0 {
                return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty });
            }
            seen |= bit;
            if bit & READ == 0 {
                continue;
            }
        } else {
            match rare.insert(ty) {
                Some(false) => {}
                Some(true) => return Err(HelloError::DuplicateExtension { offset: list.offset(at), ext_type: ty }),
                None => return Ok(Some((seen, at))),
            }
            if !matches!(ty, ext::ECH_OUTER_EXTENSIONS | ext::ENCRYPTED_CLIENT_HELLO | ext::RENEGOTIATION_INFO) {
                continue;
            }
        }
        // The common shapes are checked in one go; anything else goes through the reader,
        // which says what is wrong.
        let kept = match ty {
            // opaque ProtocolVersion versions<2..254>;
            ext::SUPPORTED_VERSIONS => whole_list(data, 1, 254).map(|l| found.supported_versions = Some(l)).is_some(),
            // NamedGroup named_group_list<2..2^16-1>;
            ext::SUPPORTED_GROUPS => whole_list(data, 2, 0xFFFF).map(|l| found.groups = Some(l)).is_some(),
            // SignatureScheme supported_signature_algorithms<2..2^16-2>;
            ext::SIGNATURE_ALGORITHMS => {
                whole_list(data, 2, 0xFFFE).map(|l| found.signature_schemes = Some(l)).is_some()
            }
            // RFC 7627 §5.1 and RFC 8446 §4.2.10: "extension_data" is empty.
            ext::EXTENDED_MASTER_SECRET | ext::EARLY_DATA => data.is_empty(),
            // ECPointFormat ec_point_format_list<1..2^8-1>;
            ext::EC_POINT_FORMATS => byte_list(data).map(|l| found.ec_point_formats = Some(l)).is_some(),
            // PskKeyExchangeMode ke_modes<1..255>;
            ext::PSK_KEY_EXCHANGE_MODES => byte_list(data).is_some(),
            ext::KEY_SHARE => few_shares(data).map(|illegal| found.note_key_share(illegal)).is_some(),
            ext::SERVER_NAME => one_host_name(data).map(|name| found.server_name = Some(name)).is_some(),
            _ => false,
        };
        if !kept {
            let d = list.sub(data, list.base + at + 4);
            known_extension(d, ty, found, rest.is_empty())?;
        }
    }
    if !rest.is_empty() {
        return Err(list.truncated_at(all.len() - rest.len(), 4, "extension header"));
    }
    Ok(None)
}

/// The body of a list of bytes whose 1-byte length fills `data` exactly and is at least 1.
#[inline]
pub(super) fn byte_list(data: &[u8]) -> Option<&[u8]> {
    let (&n, list) = data.split_first()?;
    (usize::from(n) == list.len() && n > 0).then_some(list)
}

/// The common `key_share`: at most four well-formed entries filling `data`; says whether one
/// is illegal in TLS 1.3 (a repeated group, or a share in the wrong form for its group).
#[inline]
pub(super) fn few_shares(data: &[u8]) -> Option<bool> {
    let (&n, mut rest) = data.split_first_chunk::<2>()?;
    if usize::from(u16::from_be_bytes(n)) != rest.len() {
        return None;
    }
    let mut groups = [0u16; 4];
    let mut count = 0;
    let mut illegal = false;
    while let Some((&[g0, g1, l0, l1], tail)) = rest.split_first_chunk() {
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let key = tail.get(..len).filter(|k| !k.is_empty())?;
        let group = u16::from_be_bytes([g0, g1]);
        illegal |= groups.get(..count)?.contains(&group) || !key_share_fits(group, key);
        *groups.get_mut(count)? = group;
        count += 1;
        rest = tail.get(len..)?;
    }
    rest.is_empty().then_some(illegal)
}

/// The common `server_name`: one `host_name` filling `data`, a valid one.
#[inline]
pub(super) fn one_host_name(data: &[u8]) -> Option<&[u8]> {
    let (&[l0, l1, kind, n0, n1], name) = data.split_first_chunk()?;
    let whole = usize::from(u16::from_be_bytes([l0, l1])) == name.len() + 3;
    let fits = usize::from(u16::from_be_bytes([n0, n1])) == name.len();
    (whole && fits && kind == 0 && is_host_name(name)).then_some(name)
}

/// The body of a list of 16-bit values whose `prefix`-byte length fills `data` exactly and
/// is within `<2..max>`, the common case; `None` otherwise.
#[inline]
pub(super) fn whole_list(data: &[u8], prefix: usize, max: usize) -> Option<&[u8]> {
    let (length, list) = match prefix {
        1 => data.split_first().map(|(&n, list)| (usize::from(n), list))?,
        _ => data.split_first_chunk().map(|(&n, list)| (usize::from(u16::from_be_bytes(n)), list))?,
    };
    (length == list.len() && (2..=max).contains(&length) && length % 2 == 0).then_some(list)
}

/// Reads one extension with every check of its grammar, from `d` (its data); `last` says
/// whether it ends the list.
#[inline(never)]
pub(super) fn known_extension<'a>(
    mut d: Reader<'a, '_>,
    ty: u16,
    found: &mut Found<'a>,
    last: bool,
) -> Result<(), HelloError> {
    let data_at = d.base;
    match ty {
        // opaque ProtocolVersion versions<2..254>;
        ext::SUPPORTED_VERSIONS => found.supported_versions = Some(d.vector(1, "supported_versions", 2, 254, true)?),
        // NamedGroup named_group_list<2..2^16-1>;
        ext::SUPPORTED_GROUPS => found.groups = Some(d.vector(2, "supported_groups", 2, 0xFFFF, true)?),
        // SignatureScheme supported_signature_algorithms<2..2^16-2>;
        ext::SIGNATURE_ALGORITHMS => {
            found.signature_schemes = Some(d.vector(2, "signature_algorithms", 2, 0xFFFE, true)?);
        }
        // ServerName server_name_list<1..2^16-1>; struct { NameType; HostName<1..2^16-1> }
        ext::SERVER_NAME => {
            let list = d.vector(2, "server_name_list", 1, 0xFFFF, false)?;
            let mut names = d.sub(list, data_at + 2);
            while !names.done() {
                let kind_at = names.at;
                // RFC 6066 §3: host_name (0) is the only type, and another cannot be skipped
                // (its length form is unknown): the rest of the list is left unread, as rustls
                // and OpenSSL do.
                if names.u8("server name type")? != 0 {
                    break;
                }
                let name = names.vector(2, "host_name", 1, 0xFFFF, false)?;
                // "The ServerNameList MUST NOT contain more than one name of the same
                // name_type"; OpenSSL and rustls answer decode_error.
                if found.server_name.is_some() {
                    let rule = "the rule of one host_name (RFC 6066 §3)";
                    return Err(names.bad_value(kind_at, "server_name_list", rule, Reason::Malformed));
                }
                if !is_host_name(name) {
                    let rule = "the DNS host name syntax: letters, digits, hyphens, dots (RFC 6066 §3)";
                    return Err(names.bad_value(kind_at + 3, "host_name", rule, Reason::IllegalParameter));
                }
                found.server_name = Some(name);
            }
            // A list without a host_name names no server: rustls refuses it (47).
            if found.server_name.is_none() {
                let rule = "the rule that it holds a host_name (RFC 6066 §3)";
                return Err(d.bad_value(2, "server_name_list", rule, Reason::IllegalParameter));
            }
        }
        // struct { CertificateStatusType status_type; select (status_type) { case ocsp:
        // OCSPStatusRequest; } } with ResponderID responder_id_list<0..2^16-1>; Extensions
        // request_extensions; (RFC 6066 §8); other types are opaque.
        ext::STATUS_REQUEST => {
            if d.u8("status_type")? == 1 {
                let ids = d.vector(2, "responder_id_list", 0, 0xFFFF, false)?;
                let mut ids = d.sub(ids, data_at + 3);
                while !ids.done() {
                    ids.vector(2, "ResponderID", 1, 0xFFFF, false)?;
                }
                d.vector(2, "request_extensions", 0, 0xFFFF, false)?;
            } else {
                d.at = d.bytes.len();
            }
        }
        // ECPointFormat ec_point_format_list<1..2^8-1>; (RFC 8422 §5.1.2)
        ext::EC_POINT_FORMATS => found.ec_point_formats = Some(d.vector(1, "ec_point_format_list", 1, 0xFF, false)?),
        // ProtocolName protocol_name_list<2..2^16-1>; opaque ProtocolName<1..2^8-1>;
        ext::ALPN => {
            let list = d.vector(2, "protocol_name_list", 2, 0xFFFF, false)?;
            let mut names = d.sub(list, data_at + 2);
            while !names.done() {
                names.vector(1, "protocol name", 1, 0xFF, false)?;
            }
            found.alpn = Some(list);
        }
        // CertificateType client_certificate_types<1..2^8-1>; (RFC 7250 §3)
        ext::CLIENT_CERTIFICATE_TYPE | ext::SERVER_CERTIFICATE_TYPE => {
            d.vector(1, "certificate_types", 1, 0xFF, false)?;
        }
        // Empty (RFC 7627 §5.1, RFC 8446 §4.2.10): the fast path saw data, which is wrong.
        ext::EXTENDED_MASTER_SECRET | ext::EARLY_DATA => {}
        // CertificateCompressionAlgorithm algorithms<2..2^8-2>; (RFC 8879 §3)
        ext::COMPRESS_CERTIFICATE => {
            let algorithms = d.vector(1, "compress_certificate algorithms", 2, 0xFE, true)?;
            // At most 127 values: the quadratic scan is bounded.
            let repeated =
                algorithms.chunks_exact(2).enumerate().any(|(i, a)| algorithms.chunks_exact(2).take(i).any(|b| a == b));
            found.illegal_in_tls13 |= repeated;
        }
        // struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; }
        // with struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } and
        // opaque PskBinderEntry<32..255>; (RFC 8446 §4.2.11)
        ext::PRE_SHARED_KEY => {
            if !last {
                let rule = "the rule that it comes last (RFC 8446 §4.2.11)";
                return Err(d.bad_value(0, "pre_shared_key", rule, Reason::IllegalParameter));
            }
            let identities = d.vector(2, "identities", 7, 0xFFFF, false)?;
            let mut ids = d.sub(identities, data_at + 2);
            let mut count = 0usize;
            while !ids.done() {
                ids.vector(2, "identity", 1, 0xFFFF, false)?;
                ids.take(4, "obfuscated_ticket_age")?;
                count += 1;
            }
            let binders_at = d.at;
            let binders = d.vector(2, "binders", 33, 0xFFFF, false)?;
            let mut entries = d.sub(binders, data_at + binders_at + 2);
            while !entries.done() {
                entries.vector(1, "PskBinderEntry", 32, 0xFF, false)?;
                count = count.wrapping_sub(1);
            }
            // "... the server MUST validate the binder value ... abort ... illegal_parameter"
            // when the numbers differ (rustls does so in TLS 1.3).
            found.illegal_in_tls13 |= count != 0;
        }
        // opaque cookie<1..2^16-1>; (RFC 8446 §4.2.2)
        ext::COOKIE => {
            d.vector(2, "cookie", 1, 0xFFFF, false)?;
        }
        // PskKeyExchangeMode ke_modes<1..255>; (RFC 8446 §4.2.9)
        ext::PSK_KEY_EXCHANGE_MODES => {
            d.vector(1, "ke_modes", 1, 0xFF, false)?;
        }
        // DistinguishedName authorities<3..2^16-1>; opaque DistinguishedName<1..2^16-1>;
        // (RFC 8446 §4.2.4)
        ext::CERTIFICATE_AUTHORITIES => {
            let names = d.vector(2, "authorities", 3, 0xFFFF, false)?;
            let mut names = d.sub(names, data_at + 2);
            while !names.done() {
                names.vector(2, "DistinguishedName", 1, 0xFFFF, false)?;
            }
        }
        // KeyShareEntry client_shares<0..2^16-1>; struct { NamedGroup group;
        // opaque key_exchange<1..2^16-1>; } KeyShareEntry; (RFC 8446 §4.2.8)
        ext::KEY_SHARE => {
            let shares = d.vector(2, "client_shares", 0, 0xFFFF, false)?;
            let mut entries = d.sub(shares, data_at + 2);
            let mut groups = RareCodes::new();
            while !entries.done() {
                let at = entries.at;
                let group = entries.u16("key share group")?;
                let key = entries.vector(2, "key_exchange", 1, 0xFFFF, false)?;
                // "Clients MUST NOT offer multiple KeyShareEntry values for the same group"
                // (servers MAY refuse with illegal_parameter, and rustls does).
                let repeated = groups.repeats(group, at, || first_repeat(share_groups(shares)));
                found.illegal_in_tls13 |= repeated || !key_share_fits(group, key);
            }
            found.key_share = true;
        }
        // struct { uint8 new_session_count; uint8 resumption_count; } (RFC 9149 §3)
        ext::TICKET_REQUEST => {
            d.take(2, "ticket_request")?;
        }
        // ExtensionType OuterExtensions<2..254>; (RFC 9849 §5.1)
        ext::ECH_OUTER_EXTENSIONS => {
            d.vector(1, "ech_outer_extensions", 2, 254, true)?;
        }
        // enum { outer(0), inner(1) } ECHClientHelloType; outer: HpkeSymmetricCipherSuite
        // cipher_suite; uint8 config_id; opaque enc<0..2^16-1>; opaque payload<1..2^16-1>;
        // inner: empty. (RFC 9849 §5)
        ext::ENCRYPTED_CLIENT_HELLO => match d.u8("ECHClientHelloType")? {
            0 => {
                d.take(5, "ECH cipher_suite and config_id")?;
                d.vector(2, "ECH enc", 0, 0xFFFF, false)?;
                d.vector(2, "ECH payload", 1, 0xFFFF, false)?;
            }
            1 => {}
            _ => {
                let rule = "ECHClientHelloType outer (0) or inner (1) (RFC 9849 §5)";
                return Err(d.bad_value(0, "encrypted_client_hello", rule, Reason::Malformed));
            }
        },
        // opaque renegotiated_connection<0..255>; (RFC 5746 §3.2)
        ext::RENEGOTIATION_INFO => {
            d.vector(1, "renegotiated_connection", 0, 0xFF, false)?;
        }
        _ => return Ok(()),
    }
    if !d.done() {
        return Err(HelloError::BadLength {
            offset: d.offset(0),
            field: "extension data",
            length: d.bytes.len(),
            rule: "its own contents (bytes left over)",
        });
    }
    Ok(())
}

/// Every key share's group as `(start, group)`, while the entries hold.
pub(super) fn share_groups(shares: &[u8]) -> impl Iterator<Item = (usize, u16)> + '_ {
    let mut start = 0;
    core::iter::from_fn(move || {
        let (&[g0, g1, l0, l1], tail) = shares.get(start..)?.split_first_chunk()?;
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        tail.get(..len)?;
        let at = start;
        start += 4 + len;
        Some((at, u16::from_be_bytes([g0, g1])))
    })
}

/// Whether a key share has the form its group defines, for the groups whose form is fixed:
/// the uncompressed point `04 || X || Y` of RFC 8446 §4.2.8.2 for the NIST curves, 32 and 56
/// bytes for X25519 and X448 (RFC 7748 §6), 1184 + 32 bytes for X25519MLKEM768
/// (draft-ietf-tls-ecdhe-mlkem §4). Other groups are not judged.
pub(super) fn key_share_fits(group: u16, key: &[u8]) -> bool {
    let point = |len: usize| key.len() == len && key.first() == Some(&4);
    match group {
        0x0017 => point(65),
        0x0018 => point(97),
        0x0019 => point(133),
        0x001D => key.len() == 32,
        0x001E => key.len() == 56,
        0x11EC => key.len() == 1216,
        _ => true,
    }
}

/// Whether `name` is a host name as RFC 6066 §3 wants it ("the fully qualified DNS hostname
/// ... ASCII ... without a trailing dot"; one trailing dot is tolerated, as browsers send it),
/// in the LDH syntax of RFC 1123 §2.1 with `_`, which real names carry: labels of 1 to 63
/// letters, digits, hyphens and underscores, no hyphen first or last, 253 bytes at most, and
/// a last label that is not a number (it would read as an IPv4 address). An IP address
/// literal is not a host name, but rustls takes it as no name at all, so it is let through.
pub(super) fn is_host_name(name: &[u8]) -> bool {
    let trimmed = name.strip_suffix(b".").unwrap_or(name);
    // One pass: the current label's length, the byte before, where the last label starts.
    let (mut label, mut before, mut last) = (0usize, b'.', 0usize);
    let mut ok = !trimmed.is_empty() && trimmed.len() <= 253;
    for (i, &b) in trimmed.iter().enumerate() {
        if b == b'.' {
            ok &= label > 0 && before != b'-';
            label = 0;
            last = i + 1;
        } else {
            ok &= b.is_ascii_alphanumeric() || b == b'_' || (b == b'-' && label > 0);
            label += 1;
            ok &= label <= 63;
        }
        if !ok {
            break;
        }
        before = b;
    }
    ok &= label > 0 && before != b'-';
    let last = trimmed.get(last..).unwrap_or(&[]);
    let hex = matches!(last, [b'0', b'x' | b'X', digits @ ..] if digits.iter().all(u8::is_ascii_hexdigit));
    if ok && !hex && !last.iter().all(u8::is_ascii_digit) {
        return true;
    }
    core::str::from_utf8(name).is_ok_and(|s| s.parse::<core::net::IpAddr>().is_ok())
}
