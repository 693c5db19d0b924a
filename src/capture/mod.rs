//! Packet captures in, ClientHellos out: pcap and pcapng files read block by block, the link,
//! IP and TCP headers of each packet, the client's first flight of each TCP connection put
//! back together, and the fingerprints (JA4, JA3) of each hello.

pub mod fingerprint;
