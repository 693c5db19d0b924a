#!/usr/bin/env python3
"""Writes manifest.json for the client captures in this folder.

Run by capture.sh after the captures are made:

    python3 make_manifest.py --dir DIR --captures captures.tsv --runs runs.tsv

captures.tsv: file, server host, server port, capture command (tab separated)
runs.tsv:     file, client label, exit status, client command

The files are read here with a small pcap/pcapng reader of its own (standard
library only): TCP connections to the server port, the client's byte stream,
the ClientHello in it (SNI, ALPN, versions, a JA3 string). tshark, capinfos,
tcpdump and file, where installed, are asked about the same files and what
they say is recorded beside it, so the Rust reader can be checked against
both.
"""

import argparse
import hashlib
import ipaddress
import json
import os
import platform
import shutil
import struct
import subprocess
import sys

CLIENT_TOOL = {
    "openssl s_client": "openssl",
    "curl": "curl",
    "python3 ssl": "python3",
    "gnutls-cli": "gnutls-cli",
    "node tls": "node",
    "java SSLSocket": "java",
}

LINKTYPE_NAMES = {0: "NULL", 1: "ETHERNET", 101: "RAW", 113: "LINUX_SLL", 276: "LINUX_SLL2"}


def run(cmd, stdin=subprocess.DEVNULL):
    try:
        p = subprocess.run(cmd, stdin=stdin, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    return p, None


def first_line(cmd, use_stderr=False):
    if not shutil.which(cmd[0]):
        return None
    p, err = run(cmd)
    if p is None:
        return None
    out = (p.stderr if use_stderr else p.stdout) or p.stdout or p.stderr
    lines = [l for l in out.splitlines() if l.strip()]
    return lines[0].strip() if lines else None


def versions():
    v = {}
    v["openssl"] = first_line(["openssl", "version"])
    v["curl"] = first_line(["curl", "--version"])
    if shutil.which("python3"):
        p, _ = run(["python3", "-c", "import ssl, platform; print(platform.python_version(), '|', ssl.OPENSSL_VERSION)"])
        if p and p.returncode == 0:
            py, ssl_v = [s.strip() for s in p.stdout.split("|", 1)]
            v["python3"] = "Python %s, ssl module: %s" % (py, ssl_v)
    v["gnutls-cli"] = first_line(["gnutls-cli", "--version"])
    if shutil.which("node"):
        p, _ = run(["node", "-p", "process.version + ', OpenSSL ' + process.versions.openssl"])
        v["node"] = p.stdout.strip() if p and p.returncode == 0 else None
    if shutil.which("java"):
        p, _ = run(["java", "-version"])
        v["java"] = "; ".join(l.strip() for l in p.stderr.splitlines()[:2]) if p else None
    tools = {}
    if shutil.which("tcpdump"):
        p, _ = run(["tcpdump", "--version"])
        tools["tcpdump"] = "; ".join(l.strip() for l in p.stdout.splitlines()[:2]) if p else None
    tools["dumpcap"] = first_line(["dumpcap", "--version"])
    tools["tshark"] = first_line(["tshark", "--version"])
    tools["capinfos"] = first_line(["capinfos", "--version"])
    tools["file"] = first_line(["file", "--version"])
    tools["server"] = "openssl s_server (%s), -www, -cipher DEFAULT@SECLEVEL=0, self-signed RSA 2048 certificate for device.example" % v["openssl"]
    tools["kernel"] = platform.system() + " " + platform.release()
    return {k: x for k, x in v.items() if x}, {k: x for k, x in tools.items() if x}


# --------------------------------------------------------------------------
# capture files


class Capture:
    def __init__(self):
        self.format = None
        self.endianness = None
        self.version = None
        self.interfaces = []  # dicts: linktype, snaplen, name, tsresol (digits or 'bin:N')
        self.packets = []  # (frame_no, iface, ts_int, ts_units, data)


def parse_pcap(buf, cap):
    magic = struct.unpack("<I", buf[:4])[0]
    table = {
        0xA1B2C3D4: ("little", "microsecond"),
        0xA1B23C4D: ("little", "nanosecond"),
        0xD4C3B2A1: ("big", "microsecond"),
        0x4D3CB2A1: ("big", "nanosecond"),
    }
    cap.endianness, precision = table[magic]
    e = "<" if cap.endianness == "little" else ">"
    vmaj, vmin, _zone, _sigfigs, snaplen, linktype = struct.unpack(e + "HHiIII", buf[4:24])
    cap.format = "pcap"
    cap.version = "%d.%d" % (vmaj, vmin)
    units = 10 ** 6 if precision == "microsecond" else 10 ** 9
    cap.interfaces.append({"linktype": linktype & 0xFFFF, "snaplen": snaplen, "name": None,
                           "timestamp_precision": precision, "units": units})
    off, frame = 24, 0
    while off + 16 <= len(buf):
        sec, frac, incl, _orig = struct.unpack(e + "IIII", buf[off:off + 16])
        off += 16
        frame += 1
        cap.packets.append((frame, 0, sec * units + frac, units, buf[off:off + incl]))
        off += incl


def parse_pcapng(buf, cap):
    cap.format = "pcapng"
    off, frame, e = 0, 0, "<"
    while off + 12 <= len(buf):
        btype = struct.unpack(e + "I", buf[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = buf[off + 8:off + 12]
            e = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            cap.endianness = "little" if e == "<" else "big"
            vmaj, vmin = struct.unpack(e + "HH", buf[off + 12:off + 16])
            cap.version = "%d.%d" % (vmaj, vmin)
        blen = struct.unpack(e + "I", buf[off + 4:off + 8])[0]
        body = buf[off + 8:off + blen - 4]
        if btype == 1:  # interface description
            linktype, _res, snaplen = struct.unpack(e + "HHI", body[:8])
            iface = {"linktype": linktype, "snaplen": snaplen, "name": None,
                     "timestamp_precision": "microsecond", "units": 10 ** 6}
            o = 8
            while o + 4 <= len(body):
                code, olen = struct.unpack(e + "HH", body[o:o + 4])
                val = body[o + 4:o + 4 + olen]
                o += 4 + ((olen + 3) & ~3)
                if code == 0:
                    break
                if code == 2:
                    iface["name"] = val.decode("utf-8", "replace")
                elif code == 9:
                    r = val[0]
                    if r & 0x80:
                        iface["units"] = 2 ** (r & 0x7F)
                        iface["timestamp_precision"] = "2^-%d s" % (r & 0x7F)
                    else:
                        iface["units"] = 10 ** r
                        iface["timestamp_precision"] = {6: "microsecond", 9: "nanosecond"}.get(r, "10^-%d s" % r)
            cap.interfaces.append(iface)
        elif btype == 6:  # enhanced packet
            ifid, hi, lo, caplen, _orig = struct.unpack(e + "IIIII", body[:20])
            frame += 1
            units = cap.interfaces[ifid]["units"]
            cap.packets.append((frame, ifid, (hi << 32) | lo, units, body[20:20 + caplen]))
        elif btype == 3:  # simple packet
            frame += 1
            snap = cap.interfaces[0]["snaplen"] or len(body) - 4
            cap.packets.append((frame, 0, None, None, body[4:4 + min(snap, struct.unpack(e + "I", body[:4])[0])]))
        off += blen


def read_capture(path):
    with open(path, "rb") as f:
        buf = f.read()
    cap = Capture()
    if buf[:4] == b"\x0a\x0d\x0d\x0a":
        parse_pcapng(buf, cap)
    else:
        parse_pcap(buf, cap)
    return cap


def ts_string(ts, units):
    if ts is None:
        return None
    sec, frac = divmod(ts, units)
    u = str(units)
    if u[0] == "1" and set(u[1:]) <= {"0"}:
        digits = len(u) - 1
    else:  # binary resolution: shown to the nanosecond
        digits, frac = 9, frac * 10 ** 9 // units
    return "%d.%0*d" % (sec, digits, frac)


def ip_payload(linktype, data):
    """(ethertype-or-version, network-layer bytes) for the link types we write."""
    if linktype == 1:
        et, o = struct.unpack(">H", data[12:14])[0], 14
        while et in (0x8100, 0x88A8):
            et, o = struct.unpack(">H", data[o + 2:o + 4])[0], o + 4
        return et, data[o:]
    if linktype == 113:
        return struct.unpack(">H", data[14:16])[0], data[16:]
    if linktype == 276:
        return struct.unpack(">H", data[0:2])[0], data[20:]
    if linktype in (101, 12):
        return {4: 0x0800, 6: 0x86DD}.get(data[0] >> 4), data
    if linktype == 0:
        return {2: 0x0800, 10: 0x86DD, 24: 0x86DD, 28: 0x86DD, 30: 0x86DD}.get(struct.unpack("<I", data[:4])[0]), data[4:]
    return None, b""


def tcp_segment(linktype, data):
    et, net = ip_payload(linktype, data)
    if et == 0x0800 and len(net) >= 20 and net[9] == 6:
        ihl = (net[0] & 0x0F) * 4
        total = struct.unpack(">H", net[2:4])[0]
        src = ".".join(str(b) for b in net[12:16])
        dst = ".".join(str(b) for b in net[16:20])
        tcp = net[ihl:total]
    elif et == 0x86DD and len(net) >= 40 and net[6] == 6:
        plen = struct.unpack(">H", net[4:6])[0]
        src = str(ipaddress.IPv6Address(net[8:24]))
        dst = str(ipaddress.IPv6Address(net[24:40]))
        tcp = net[40:40 + plen]
    else:
        return None
    sport, dport, seq, _ack, doff_flags = struct.unpack(">HHIIH", tcp[:14])
    doff = (doff_flags >> 12) * 4
    return src, sport, dst, dport, seq, doff_flags & 0x3F, tcp[doff:]


# --------------------------------------------------------------------------
# TLS


def is_grease(v):
    return (v & 0x0F0F) == 0x0A0A and (v >> 8) == (v & 0xFF)


def parse_client_hello(body):
    o = 0
    version = struct.unpack(">H", body[o:o + 2])[0]
    o += 2 + 32
    o += 1 + body[o]
    n = struct.unpack(">H", body[o:o + 2])[0]
    suites = list(struct.unpack(">%dH" % (n // 2), body[o + 2:o + 2 + n]))
    o += 2 + n
    o += 1 + body[o]
    exts = []
    if o + 2 <= len(body):
        end = o + 2 + struct.unpack(">H", body[o:o + 2])[0]
        o += 2
        while o + 4 <= end:
            t, l = struct.unpack(">HH", body[o:o + 4])
            exts.append((t, body[o + 4:o + 4 + l]))
            o += 4 + l
    sni, alpn, sv, groups, formats = None, [], [], [], []
    for t, d in exts:
        if t == 0 and len(d) >= 5:
            p = 2
            while p + 3 <= len(d):
                nt, nl = d[p], struct.unpack(">H", d[p + 1:p + 3])[0]
                if nt == 0:
                    sni = d[p + 3:p + 3 + nl].decode("ascii", "replace")
                    break
                p += 3 + nl
        elif t == 16:
            p = 2
            while p < len(d):
                alpn.append(d[p + 1:p + 1 + d[p]].decode("ascii", "replace"))
                p += 1 + d[p]
        elif t == 43 and d:
            sv = ["0x%04x" % x for x in struct.unpack(">%dH" % (d[0] // 2), d[1:1 + d[0]])]
        elif t == 10 and len(d) >= 2:
            n = struct.unpack(">H", d[:2])[0]
            groups = list(struct.unpack(">%dH" % (n // 2), d[2:2 + n]))
        elif t == 11 and d:
            formats = list(d[1:1 + d[0]])
    ja3 = ",".join([
        str(version),
        "-".join(str(x) for x in suites if not is_grease(x)),
        "-".join(str(t) for t, _ in exts if not is_grease(t)),
        "-".join(str(x) for x in groups if not is_grease(x)),
        "-".join(str(x) for x in formats),
    ])
    return {
        "legacy_version": "0x%04x" % version,
        "supported_versions": sv,
        "cipher_suites": len(suites),
        "extensions": [t for t, _ in exts],
        "sni": sni,
        "alpn": alpn,
        "ja3_full": ja3,
        "ja3": hashlib.md5(ja3.encode()).hexdigest(),
    }


def find_hello(segments):
    """segments: [(seq, payload, frame, ts)] client->server in capture order.
    Returns (hello dict, frame, ts, hello_bytes) or None."""
    data, marks, nxt = b"", [], None
    for seq, payload, frame, ts in segments:
        if not payload:
            continue
        if nxt is None:
            nxt = seq
        if seq > nxt:
            break  # a gap: stop at what is contiguous
        skip = nxt - seq
        if skip >= len(payload):
            continue
        data += payload[skip:]
        nxt = seq + len(payload)
        marks.append((len(data), frame, ts))
    # walk TLS records, collecting handshake bytes and where each record ends
    hs, rec_ends, o = b"", [], 0
    while o + 5 <= len(data) and data[o] == 22:
        rlen = struct.unpack(">H", data[o + 3:o + 5])[0]
        frag = data[o + 5:o + 5 + rlen]
        hs += frag
        o += 5 + rlen
        rec_ends.append((len(hs), min(o, len(data))))
        if len(hs) >= 4:
            need = 4 + int.from_bytes(hs[1:4], "big")
            if len(hs) >= need:
                break
    if len(hs) < 4 or hs[0] != 1:
        return None
    need = 4 + int.from_bytes(hs[1:4], "big")
    if len(hs) < need:
        return None
    stream_end = next(end for hlen, end in rec_ends if hlen >= need)
    # the record holding the last hello byte may end later; the byte itself is at
    # stream offset stream_end - (hlen - need)
    hlen = next(h for h, end in rec_ends if h >= need)
    last_byte = stream_end - (hlen - need)
    frame, ts = next((f, t) for end, f, t in marks if end >= last_byte)
    return parse_client_hello(hs[4:need]), frame, ts


# --------------------------------------------------------------------------
# other tools


TSHARK_FIELDS = [
    "frame.number", "frame.interface_id", "ip.src", "ipv6.src", "tcp.srcport",
    "ip.dst", "ipv6.dst", "tcp.dstport", "tls.handshake.type",
    "tls.handshake.extensions_server_name", "tls.handshake.ja3", "tls.handshake.ja3_full",
    "frame.time_epoch", "tls.handshake.extensions_alpn_str",
]


NO_SEQ_ANALYSIS = "tcp.analyze_sequence_numbers:FALSE"


def tshark_cmd(path, port, extra=()):
    cmd = ["tshark", "-n", "-r", path, "-d", "tcp.port==%d,tls" % port] + list(extra) + [
           "-Y", "tls.handshake.type==1", "-T", "fields",
           "-E", "separator=/t", "-E", "aggregator=|", "-E", "occurrence=a"]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    return cmd


def tshark_hellos(path, port, extra=()):
    if not shutil.which("tshark"):
        return None, "tshark is not installed"
    p, err = run(tshark_cmd(path, port, extra))
    if p is None or p.returncode != 0:
        return None, err or p.stderr.strip()
    rows = []
    for line in p.stdout.splitlines():
        cols = line.split("\t")
        cols += [""] * (len(TSHARK_FIELDS) - len(cols))
        rows.append({k: (v if v != "" else None) for k, v in zip(TSHARK_FIELDS, cols)})
    return rows, None


def capinfos(path):
    if not shutil.which("capinfos"):
        return None
    p, _ = run(["capinfos", path])
    if p is None or p.returncode != 0:
        return {"error": (p.stderr if p else "").strip()}
    keep = {"File type", "File encapsulation", "File timestamp precision", "Number of packets",
            "Number of interfaces in file"}
    out, iface = {"interfaces": []}, None
    for line in p.stdout.splitlines():
        s = line.strip()
        if s.startswith("Interface #") and s.endswith("info:"):
            iface = {}
            out["interfaces"].append(iface)
            continue
        if iface is not None and " = " in s:
            k, v = s.split(" = ", 1)
            if k in ("Name", "Encapsulation", "Time precision", "Capture length", "Capture filter"):
                iface[k] = v
            continue
        if ":" in s:
            k, v = s.split(":", 1)
            if k.strip() in keep:
                out[k.strip()] = v.strip()
                iface = None
    return out


def tcpdump_says(path):
    if not shutil.which("tcpdump"):
        return None
    p, _ = run(["tcpdump", "-n", "-r", path, "-c", "1"])
    if p is None:
        return None
    # the first line names the link type; a later "tcpdump: ..." line is an error
    lines = [l.replace(path, os.path.basename(path)) for l in p.stderr.splitlines()
             if l.startswith("reading from") or l.startswith("tcpdump:")]
    return " / ".join(lines) if lines else None


def file_says(path):
    if not shutil.which("file"):
        return None
    p, _ = run(["file", "-b", path])
    return p.stdout.strip() if p else None


# --------------------------------------------------------------------------


def describe(path, host, port, capture_cmd, runs, client_versions):
    cap = read_capture(path)
    conns, order = {}, []
    for frame, ifid, ts, units, data in cap.packets:
        seg = tcp_segment(cap.interfaces[ifid]["linktype"], data)
        if seg is None:
            continue
        src, sport, dst, dport, seq, flags, payload = seg
        if dport == port:
            key, to_server = (src, sport, dst, dport), True
        elif sport == port:
            key, to_server = (dst, dport, src, sport), False
        else:
            continue
        c = conns.get(key)
        if c is None:
            c = conns[key] = {"first_frame": frame, "syn": False, "segments": {}}
            order.append(key)
        if to_server:
            if flags & 0x02:
                c["syn"] = True
            c["segments"].setdefault(ifid, []).append((seq + (1 if flags & 0x02 else 0), payload, frame, ts_string(ts, units)))
    tshark_rows, tshark_err = tshark_hellos(path, port)
    tshark_rows2 = None  # second pass, only when the first missed a hello
    problems, tshark_missed = [], []
    with_hello, without_hello = [], []
    for key in order:
        c = conns[key]
        sightings = []
        for ifid in sorted(c["segments"]):
            found = find_hello(c["segments"][ifid])
            if found:
                sightings.append((ifid,) + found)
        (with_hello if sightings else without_hello).append((key, c, sightings))
    if len(with_hello) != len(runs):
        problems.append("%d connections carry a ClientHello but %d clients were run" % (len(with_hello), len(runs)))
    used_rows = set()
    out_conns = []
    for i, (key, c, sightings) in enumerate(with_hello):
        r = runs[i] if i < len(runs) else None
        hello = sightings[0][1]
        entry = {
            "index": i,
            "client_program": r["label"] if r else None,
            "client_version": client_versions.get(CLIENT_TOOL.get(r["label"])) if r else None,
            "command": r["command"] if r else None,
            "client_exit_status": r["rc"] if r else None,
            "client": {"address": key[0], "port": key[1]},
            "server": {"address": key[2], "port": key[3]},
            "first_frame": c["first_frame"],
            "syn_seen": c["syn"],
            "sni": hello["sni"],
            "alpn": hello["alpn"],
            "hello": hello,
            "seen_on": [],
        }
        for ifid, h, frame, ts in sightings:
            seen = {
                "interface_id": ifid,
                "interface_name": cap.interfaces[ifid]["name"],
                "hello_completed_in_frame": frame,
                "hello_completed_at": ts,
            }
            if tshark_rows is not None:
                row = next((j for j, t in enumerate(tshark_rows) if t["frame.number"] == str(frame)), None)
                t, how = None, None
                if row is not None:
                    used_rows.add(row)
                    t, how = tshark_rows[row], "default"
                else:
                    if tshark_rows2 is None:
                        tshark_rows2, _ = tshark_hellos(path, port, ["-o", NO_SEQ_ANALYSIS])
                        tshark_rows2 = tshark_rows2 or []
                    t = next((t for t in tshark_rows2 if t["frame.number"] == str(frame)), None)
                    how = "-o " + NO_SEQ_ANALYSIS if t else None
                    tshark_missed.append({
                        "connection": i, "interface_id": ifid, "frame": frame,
                        "found_with": how,
                        "why": "with its default settings tshark takes this copy of the hello for a TCP "
                               "retransmission of the same connection seen on the other interface, and "
                               "does not dissect it as TLS" if how and len(cap.interfaces) > 1 else None,
                    })
                    if not how:
                        problems.append("tshark found no ClientHello for connection %d (client port %d) in frame %d"
                                        % (i, key[1], frame))
                seen["tshark_settings"] = how
                if t is None:
                    seen["tshark"] = None
                else:
                    seen["tshark"] = {k: t[k] for k in (
                        "tls.handshake.extensions_server_name", "tls.handshake.ja3", "tls.handshake.ja3_full",
                        "tls.handshake.type", "frame.time_epoch", "tls.handshake.extensions_alpn_str")}
                    if t["tls.handshake.ja3_full"] != h["ja3_full"]:
                        problems.append("connection %d: tshark's ja3_full differs from the one computed here" % i)
                    if (t["tls.handshake.extensions_server_name"] or None) != h["sni"]:
                        problems.append("connection %d: tshark's server name differs from the one read here" % i)
                    if t["frame.time_epoch"] != ts and not (t["frame.time_epoch"] or "").startswith(ts):
                        problems.append("connection %d: tshark's frame.time_epoch %s, read here %s"
                                        % (i, t["frame.time_epoch"], ts))
            entry["seen_on"].append(seen)
        out_conns.append(entry)
    if tshark_rows is not None:
        for j, t in enumerate(tshark_rows):
            if j not in used_rows:
                problems.append("tshark found a ClientHello in frame %s that is not matched here" % t["frame.number"])
    for key, c, _ in without_hello:
        problems.append("TCP connection %s:%d -> %s:%d carries no ClientHello" % key)

    linktypes = []
    for ifid, iface in enumerate(cap.interfaces):
        linktypes.append({
            "interface_id": ifid,
            "name": iface["name"],
            "linktype": iface["linktype"],
            "linktype_name": LINKTYPE_NAMES.get(iface["linktype"], str(iface["linktype"])),
            "snaplen": iface["snaplen"],
            "timestamp_precision": iface["timestamp_precision"],
            "packets": sum(1 for p in cap.packets if p[1] == ifid),
        })
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    stamps = [p[2] * 10 ** 9 // p[3] for p in cap.packets if p[2] is not None]
    ordered = all(a <= b for a, b in zip(stamps, stamps[1:]))
    precisions = sorted({i["timestamp_precision"] for i in cap.interfaces})
    return {
        "file": os.path.basename(path),
        "bytes": os.path.getsize(path),
        "sha256": digest,
        "capture_command": capture_cmd,
        "format": cap.format,
        "format_version": cap.version,
        "endianness": cap.endianness,
        "timestamp_precision": precisions[0] if len(precisions) == 1 else precisions,
        "interfaces": linktypes,
        "packets": len(cap.packets),
        "tcpdump_says": tcpdump_says(path),
        "file_says": file_says(path),
        "capinfos": capinfos(path),
        "server": {"address": host, "port": port},
        "tshark_client_hellos": len(tshark_rows) if tshark_rows is not None else None,
        "tshark_client_hellos_without_sequence_analysis":
            len(tshark_rows2) if tshark_rows2 is not None else None,
        "tshark_missed": tshark_missed,
        "tshark_error": tshark_err,
        "timestamps_in_file_order": ordered,
        "connections": out_conns,
        "problems": problems,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--runs", required=True)
    a = ap.parse_args()
    runs = {}
    with open(a.runs) as f:
        for line in f:
            file, label, rc, command = line.rstrip("\n").split("\t", 3)
            runs.setdefault(file, []).append({"label": label, "rc": int(rc), "command": command})
    client_versions, tools = versions()
    captures = []
    with open(a.captures) as f:
        for line in f:
            file, host, port, command = line.rstrip("\n").split("\t", 3)
            path = os.path.join(a.dir, file)
            captures.append(describe(path, host, int(port), command, runs.get(file, []), client_versions))
    manifest = {
        "about": "Real TLS clients recorded on the loopback interface against openssl s_server; "
                 "regenerate with: bash tests/data/captures/clients/capture.sh",
        "tools": tools,
        "client_versions": client_versions,
        "tshark_command": " ".join(tshark_cmd("FILE", 0)).replace("tcp.port==0", "tcp.port==PORT"),
        "notes": [
            "connections: one entry per TCP connection that carries a ClientHello, in capture order "
            "(order of its first packet); seen_on lists each interface it was captured on "
            "(two for the pcapng, which records lo and any).",
            "hello: read from the capture by make_manifest.py itself; ja3/ja3_full computed the usual way "
            "(GREASE values left out); tshark's view of the same frame is under seen_on[].tshark.",
            "hello_completed_in_frame is the 1-based frame number (as tshark counts) of the packet "
            "carrying the hello's last byte; hello_completed_at is that packet's timestamp, exactly "
            "as stored (6 or 9 decimals).",
            "tshark_client_hellos counts the ClientHellos tshark finds with its default settings; "
            "tshark_missed lists each hello it did not find so, and whether it found it with "
            "tcp.analyze_sequence_numbers off (in the pcapng, the copy on the second interface looks "
            "to tshark like a retransmission).",
            "timestamps_in_file_order: false when a later packet in the file carries an earlier timestamp "
            "(dumpcap writes the packets of its two interfaces in batches, not interleaved by time).",
            "problems: anything that did not match (a missing hello, tshark disagreeing); empty when all is well.",
        ],
        "captures": captures,
    }
    with open(os.path.join(a.dir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    bad = [(c["file"], p) for c in captures for p in c["problems"]]
    for file, p in bad:
        print("manifest: %s: %s" % (file, p), file=sys.stderr)
    for c in captures:
        print("manifest: %-22s %7d bytes  %-6s %-28s %d connections with a hello, tshark found %s" % (
            c["file"], c["bytes"], c["format"],
            "+".join(i["linktype_name"] for i in c["interfaces"]),
            len(c["connections"]), c["tshark_client_hellos"]), file=sys.stderr)


if __name__ == "__main__":
    main()
