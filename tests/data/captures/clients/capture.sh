#!/usr/bin/env bash
# Records real TLS clients talking to `openssl s_server` on the loopback
# interface and writes the packet captures, plus manifest.json, into the
# folder this script lives in.
#
#   bash tests/data/captures/clients/capture.sh
#
# Needs root (or capture capabilities) for tcpdump/dumpcap, and openssl,
# tcpdump and python3. Every other client (curl, gnutls-cli, node, java) is
# used when present and skipped with a message when not; dumpcap is used for
# the pcapng file when present, tshark/capinfos for the manifest when present.
#
# Only 127.0.0.1 and [::1] are ever contacted. Every process started here is
# stopped by its pid on exit.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tls-client-captures.XXXXXX")
SNI_NAME=device.example
PIDS=()

log() { printf '[capture] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

cleanup() {
    local p i
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do
        for i in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {
    local p keep=()
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}

have() { command -v "$1" >/dev/null 2>&1; }

# shjoin ARGS...: the command line as one would type it (quoted only where needed)
shjoin() {
    local a out=() q="'"
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./:=@,+%-]+$ ]]; then out+=("$a"); else out+=("$q${a//$q/$q\\$q$q}$q"); fi
    done
    printf '%s' "${out[*]}"
}

for tool in openssl tcpdump python3 ss; do
    have "$tool" || die "$tool is needed"
done

# --- throwaway server certificate ------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
    -subj "/CN=$SNI_NAME" -addext "subjectAltName=DNS:$SNI_NAME" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1 \
    || die "openssl req failed"

# --- helper client programs (run from $WORK, so commands carry no paths) ---
cat >"$WORK/client.py" <<'EOF'
# python3 client.py HOST PORT SERVER_NAME: one handshake with the ssl module
import socket, ssl, sys
host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
with socket.create_connection((host, port), timeout=5) as raw:
    with ctx.wrap_socket(raw, server_hostname=name) as tls:
        print(tls.version(), tls.cipher())
EOF

cat >"$WORK/client.js" <<'EOF'
// node client.js HOST PORT SERVER_NAME: one handshake with tls.connect
const tls = require('tls');
const [host, port, servername] = process.argv.slice(2);
const s = tls.connect({ host, port: Number(port), servername, rejectUnauthorized: false }, () => {
  console.log(s.getProtocol(), s.getCipher().name);
  s.end();
});
s.setTimeout(5000, () => s.destroy());
s.on('error', (e) => { console.error(e.message); process.exitCode = 1; });
EOF

cat >"$WORK/Client.java" <<'EOF'
// java Client.java HOST PORT SERVER_NAME: one handshake with SSLSocket,
// trusting any certificate, SNI set through SSLParameters.
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.*;

public class Client {
    public static void main(String[] args) throws Exception {
        TrustManager[] trustAll = { new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String type) {}
            public void checkServerTrusted(X509Certificate[] chain, String type) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        } };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustAll, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(args[0], Integer.parseInt(args[1]))) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(args[2])));
            s.setSSLParameters(p);
            s.setSoTimeout(5000);
            s.startHandshake();
            System.out.println(s.getSession().getProtocol() + " " + s.getSession().getCipherSuite());
        }
    }
}
EOF

# --- servers ----------------------------------------------------------------
listening() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q .; }

# start_server HOST -> sets SERVER_PORT, SERVER_PID
start_server() {
    local host=$1 try port accept pid i
    for try in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        listening "$port" && continue
        case $host in *:*) accept="[$host]:$port" ;; *) accept="$host:$port" ;; esac
        # SECLEVEL=0 so the TLS 1.0 client can finish its handshake too.
        openssl s_server -accept "$accept" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
            -www -cipher 'DEFAULT@SECLEVEL=0' </dev/null >>"$WORK/s_server-$port.log" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        for i in $(seq 1 50); do
            listening "$port" && { SERVER_PORT=$port; SERVER_PID=$pid; return 0; }
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; forget_pid "$pid"
    done
    die "could not start openssl s_server on $host"
}

start_server 127.0.0.1
PORT4=$SERVER_PORT
log "openssl s_server on 127.0.0.1:$PORT4 (pid $SERVER_PID)"
start_server ::1
PORT6=$SERVER_PORT
log "openssl s_server on [::1]:$PORT6 (pid $SERVER_PID)"

# --- captures ---------------------------------------------------------------
: >"$WORK/captures.tsv"
: >"$WORK/runs.tsv"
CAP_FILE= CAP_PID= CAP_PORT= CAP_HOST=

# begin_capture FILE HOST PORT TOOL ARGS... (the capture filter is appended)
begin_capture() {
    CAP_FILE=$1 CAP_HOST=$2 CAP_PORT=$3; shift 3
    local tool=$1; shift
    local filter="tcp port $CAP_PORT" i
    local -a cmd
    rm -f "$HERE/$CAP_FILE"
    if [ "$tool" = tcpdump ]; then
        cmd=(tcpdump "$@" -U -w "$CAP_FILE" "$filter")
    else
        cmd=(dumpcap -q -f "$filter" "$@" -w "$CAP_FILE")
    fi
    : >"$WORK/$CAP_FILE.log"
    (cd "$HERE" && exec "${cmd[@]}") >"$WORK/$CAP_FILE.log" 2>&1 &
    CAP_PID=$!
    PIDS+=("$CAP_PID")
    for i in $(seq 1 100); do
        grep -qE 'listening on|Capturing on' "$WORK/$CAP_FILE.log" && break
        kill -0 "$CAP_PID" 2>/dev/null || { cat "$WORK/$CAP_FILE.log" >&2; die "${cmd[0]} exited"; }
        sleep 0.1
    done
    grep -qE 'listening on|Capturing on' "$WORK/$CAP_FILE.log" || die "${cmd[0]} did not start"
    sleep 0.5
    printf '%s\t%s\t%s\t%s\n' "$CAP_FILE" "$CAP_HOST" "$CAP_PORT" "$(shjoin "${cmd[@]}")" >>"$WORK/captures.tsv"
    log "capturing $CAP_FILE: ${cmd[*]}"
}

end_capture() {
    local i
    sleep 1  # the last FIN/ACKs
    kill -INT "$CAP_PID" 2>/dev/null
    for i in $(seq 1 50); do kill -0 "$CAP_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$CAP_PID" 2>/dev/null; then
        log "capture of $CAP_FILE did not stop in 5 s; killing it"
        kill -KILL "$CAP_PID" 2>/dev/null
    fi
    wait "$CAP_PID" 2>/dev/null
    forget_pid "$CAP_PID"
    log "$CAP_FILE: $(tail -n 3 "$WORK/$CAP_FILE.log" | tr '\n' ' ')"
}

# client PROGRAM-LABEL COMMAND... : one connection, output discarded
client() {
    local label=$1; shift
    if ! have "$1"; then
        log "skipping $label: $1 is not installed"
        return 0
    fi
    local rc
    (cd "$WORK" && timeout 20 "$@") </dev/null >/dev/null 2>&1
    rc=$?
    printf '%s\t%s\t%s\t%s\n' "$CAP_FILE" "$label" "$rc" "$(shjoin "$@")" >>"$WORK/runs.tsv"
    [ "$rc" = 0 ] || log "$label exited $rc: $*"
    sleep 0.2
}

H=127.0.0.1 P=$PORT4

# 1. lo, Ethernet, microsecond pcap: every client, one connection each.
begin_capture lo-ethernet.pcap $H $P tcpdump -i lo
client "openssl s_client" openssl s_client -connect $H:$P
client "openssl s_client" openssl s_client -connect $H:$P -servername $SNI_NAME
client "openssl s_client" openssl s_client -connect $H:$P -tls1_2
client "openssl s_client" openssl s_client -connect $H:$P -tls1_2 -cipher ECDHE-RSA-AES128-GCM-SHA256
# TLS 1.0 (s_client refuses -no_tls1_3 next to -tls1, which alone already means 1.0 only)
client "openssl s_client" openssl s_client -connect $H:$P -tls1 -cipher 'DEFAULT@SECLEVEL=0'
client "openssl s_client" openssl s_client -connect $H:$P -servername $SNI_NAME -alpn h2,http/1.1
client "curl" curl -k --max-time 5 https://$H:$P/
client "curl" curl -k --max-time 5 --tlsv1.2 --tls-max 1.2 https://$H:$P/
client "curl" curl -k --max-time 5 --resolve $SNI_NAME:$P:$H https://$SNI_NAME:$P/
client "python3 ssl" python3 client.py $H $P $SNI_NAME
client "gnutls-cli" gnutls-cli --insecure --port $P $H
client "node tls" node client.js $H $P $SNI_NAME
client "java SSLSocket" java Client.java $H $P $SNI_NAME
end_capture

# 2. any, tcpdump's default link type for it (LINUX_SLL2 here).
begin_capture any-sll2.pcap $H $P tcpdump -i any
client "openssl s_client" openssl s_client -connect $H:$P -servername $SNI_NAME
client "curl" curl -k --max-time 5 --resolve $SNI_NAME:$P:$H https://$SNI_NAME:$P/
end_capture

# 3. any, Linux cooked v1.
begin_capture any-sll.pcap $H $P tcpdump -i any -y LINUX_SLL
client "openssl s_client" openssl s_client -connect $H:$P -tls1_2
client "python3 ssl" python3 client.py $H $P $SNI_NAME
end_capture

# 4. lo, nanosecond pcap.
begin_capture lo-nanosecond.pcap $H $P tcpdump -i lo --time-stamp-precision=nano
client "openssl s_client" openssl s_client -connect $H:$P -servername $SNI_NAME -alpn h2,http/1.1
client "node tls" node client.js $H $P $SNI_NAME
end_capture

# 5. pcapng with two interfaces (lo and any): each packet is seen on both.
if have dumpcap; then
    begin_capture lo-and-any.pcapng $H $P dumpcap -i lo -i any
    client "openssl s_client" openssl s_client -connect $H:$P -servername $SNI_NAME
    client "curl" curl -k --max-time 5 https://$H:$P/
    client "gnutls-cli" gnutls-cli --insecure --port $P $H
    end_capture
else
    log "skipping lo-and-any.pcapng: dumpcap is not installed (wireshark-common)"
    rm -f "$HERE/lo-and-any.pcapng"
fi

# 6. IPv6 on lo, against the s_server on [::1].
H6=::1 P=$PORT6
begin_capture lo-ipv6.pcap $H6 $P tcpdump -i lo
client "openssl s_client" openssl s_client -connect "[$H6]:$P"
client "curl" curl -k --max-time 5 "https://[$H6]:$P/"
client "python3 ssl" python3 client.py $H6 $P $SNI_NAME
end_capture

# dumpcap writes its file readable by its owner only
chmod 644 "$HERE"/*.pcap "$HERE"/*.pcapng 2>/dev/null

# --- manifest ---------------------------------------------------------------
python3 "$HERE/make_manifest.py" --dir "$HERE" \
    --captures "$WORK/captures.tsv" --runs "$WORK/runs.tsv" \
    || die "make_manifest.py failed"
log "done: $(cd "$HERE" && du -cb ./*.pcap ./*.pcapng 2>/dev/null | tail -n 1)"
