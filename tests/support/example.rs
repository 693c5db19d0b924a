//! Where `cargo test` put the `tls-policy` example (shared by the CLI tests, `#[path]`-included).

use std::path::PathBuf;

/// `target/<profile>/deps/<test>-<hash>` -> `target/<profile>/examples/tls-policy`.
pub(crate) fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
    let path = dir.join("examples").join(format!("tls-policy{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is missing: cargo test builds it", path.display());
    path
}
