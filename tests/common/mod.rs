//! Helpers shared by the integration tests (each test file is its own crate and includes this
//! module with `mod common;`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root, where the tests run the binary (so `fixtures` is a relative path).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary from the crate root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pledger")).args(args).current_dir(root()).output().expect("run pledger")
}

/// [`run`], asserting that it exits with status 0.
pub fn run_ok(args: &[&str]) -> Output {
    let out = run(args);
    assert_eq!(out.status.code(), Some(0), "pledger {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A scratch directory unique to this test process and `name`; removed on drop.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pledger-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// The path of `rel` inside the directory.
    pub fn path(&self, rel: &str) -> String {
        self.0.join(rel).to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
