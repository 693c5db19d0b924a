//! Adapters from what people already have to the crate's types: OpenSSL cipher strings
//! ([`openssl`]), the Azure IoT SDK releases that support TLS 1.2 ([`sdk`]), and (feature
//! `files`) policy files, ARM templates and Mozilla's guidelines ([`files`]).

#[cfg(feature = "files")]
#[cfg_attr(docsrs, doc(cfg(feature = "files")))]
pub mod files;
pub mod openssl;
pub mod sdk;
