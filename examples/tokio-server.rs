//! A DPS-style endpoint on tokio: TLS 1.2 only with DPS's suites (`dps-tls12`), devices
//! authenticated by X.509 certificates issued by an enrollment group's CA, every ClientHello
//! screened by the engine first, and one log line per device.
//!
//! ```text
//! cargo run --example tokio-server --features tokio -- CA.pem [PORT]
//! ```
//!
//! The server's own certificate is made at start (self-signed, for `localhost`). Try it
//! with a device certificate signed by the CA (X.509 v3, as webpki requires: `openssl x509
//! -req ... -extfile` with `extendedKeyUsage=clientAuth`):
//!
//! ```text
//! openssl s_client -connect 127.0.0.1:8883 -cert device.pem -key device.key
//! ```

use std::error::Error;
use std::sync::Arc;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tls_policy::Policy;
use tls_policy::rustls::{AsyncScreened, ClientAuth, DeviceRefusal, Realizer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let ca = args.next().ok_or("usage: tokio-server CA.pem [PORT]")?;
    let port: u16 = args.next().map_or(Ok(8883), |p| p.parse())?;

    // DPS's TLS 1.2 policy; devices must present a certificate from this CA, ECDSA as DPS
    // recommends, or RSA.
    let policy = Policy::named("dps-tls12")?;
    let devices = ClientAuth::from_pem_file(&ca)?;
    let key = rcgen::KeyPair::generate()?; // ECDSA P-256
    let cert = rcgen::CertificateParams::new(vec!["localhost".into()])?.self_signed(&key)?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let screen = Arc::new(Realizer::new(&policy).client_auth(devices).screen(vec![(vec![cert.der().clone()], key)])?);
    for gap in screen.report().gaps() {
        eprintln!("not enforced: {gap}");
    }

    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening {}", listener.local_addr()?);
    loop {
        let (socket, peer) = listener.accept().await?;
        let screen = Arc::clone(&screen);
        tokio::spawn(async move {
            match screen.accept_async(socket).await {
                Ok(AsyncScreened::Accepted { mut stream, agreement, device }) => {
                    let device = device.map_or_else(|| "no certificate".to_owned(), |d| d.to_string());
                    println!("{peer} accepted {device}: {agreement}");
                    let _ = stream.write_all(b"registered\n").await;
                    let _ = stream.shutdown().await;
                }
                Ok(AsyncScreened::Refused { refusal, .. }) => {
                    println!("{peer} refused by policy: {refusal}");
                }
                Ok(_) => println!("{peer} an outcome this example does not know"),
                Err(error) => match error.rustls_error().and_then(DeviceRefusal::from_error) {
                    Some(device) => println!("{peer} refused device: {device} (alert {})", device.alert().number()),
                    None => println!("{peer} failed: {error}"),
                },
            }
        });
    }
}
