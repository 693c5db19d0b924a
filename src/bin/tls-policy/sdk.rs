//! `sdk`: does an Azure IoT SDK release support TLS 1.2?

use tls_policy::import::sdk;

use crate::error::Failure;

/// `sdk LANGUAGE VERSION`: does that Azure IoT SDK release support TLS 1.2?
pub(crate) fn run(language: &str, version: &str, json: bool) -> Result<(), Failure> {
    let answer = sdk::check(language, version)?;
    if json {
        let value = serde_json::json!({
            "language": answer.language.to_string(),
            "version": answer.input,
            "tls12": answer.supported,
            "since": answer.language.tls12_since().to_string(),
        });
        say!("{value}")
    } else {
        say!("{answer}")
    }
}
