//! The `tls-policy` binary `cargo test` built for these tests (shared by the CLI tests,
//! `#[path]`-included). Cargo builds a package's binaries before its integration tests and
//! names each in `CARGO_BIN_EXE_<name>`, so the tests always run the binary of this build.

use std::path::Path;

/// The path of the `tls-policy` binary.
pub(crate) fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_tls-policy"))
}
