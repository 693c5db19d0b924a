#!/bin/sh
# Regenerates the expected outputs of tests/openssl_strings.rs from strings.txt.
#
# For every line of strings.txt ("= STRING" or "? STRING", see the README) it writes
# NNN.txt: the string, OpenSSL's verdict and the two listings
#   openssl ciphers -V 'STRING'              (the configured list)
#   openssl ciphers -s -psk -srp -V 'STRING' (what a handshake can use at the security level)
# run with OPENSSL_CONF=/dev/null, so no system configuration (a Debian CipherString or
# MinProtocol) changes them; only the compiled-in defaults count.
set -eu
cd "$(dirname "$0")"
export OPENSSL_CONF=/dev/null
version=$(openssl version)
rm -f [0-9][0-9][0-9].txt
n=0
while IFS= read -r line; do
    case "$line" in '#'*|'') continue ;; esac
    n=$((n + 1))
    tag=${line%% *}
    string=${line#? }
    out=$(printf '%03d.txt' "$n")
    {
        printf '# %s, OPENSSL_CONF=/dev/null; written by generate.sh\n' "$version"
        printf 'tag: %s\n' "$tag"
        printf 'string: %s\n' "$string"
        if err=$(openssl ciphers -V "$string" 2>&1 >/dev/null); then
            printf 'status: ok\n'
        else
            reason=$(printf '%s\n' "$err" | sed -n 's/.*:error:[^:]*:[^:]*:[^:]*:\([^:]*\):.*/\1/p' | head -n 1)
            printf 'status: error %s\n' "$reason"
        fi
        printf -- '--- openssl ciphers -V\n'
        openssl ciphers -V "$string" 2>/dev/null || true
        printf -- '--- openssl ciphers -s -psk -srp -V\n'
        openssl ciphers -s -psk -srp -V "$string" 2>/dev/null || true
    } > "$out"
done < strings.txt
echo "$n strings"
