//! Device fingerprints of a ClientHello: JA4 and JA3.
