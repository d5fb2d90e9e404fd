//! Helpers shared by the workspace-level tests: run the checker in-process and
//! read its report.

pub mod book_share;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What one checker run produced.
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
    pub took: Duration,
}

impl Run {
    /// The JSON report (the run must have used `--format json`).
    pub fn report(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not a JSON report ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `checker ARGS...` the way `cargo run -p checker --` would.
pub fn checker(args: &[&str]) -> Run {
    let mut argv = vec!["checker".into()];
    argv.extend(args.iter().map(Into::into));
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let started = Instant::now();
    let code = checker::cli::run(argv, &mut stdout, &mut stderr);
    Run {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        took: started.elapsed(),
    }
}

/// The workbook checkout these tests belong to.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A fresh, empty folder under the system's temporary directory, named for
/// the test (`workbook-NAME-PID-NANOS`). Tests remove it when they pass.
pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("workbook-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// Whether process `pid` is gone (reaped, or a zombie nobody has reaped yet).
pub fn process_is_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rfind(')')
            .and_then(|i| stat[i + 2..].chars().next())
            .is_some_and(|state| state == 'Z' || state == 'X'),
    }
}
