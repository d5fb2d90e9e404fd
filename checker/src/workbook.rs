//! Finding things: the workbook checkout, a chapter's crates, and the crate
//! that `--path` names.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::suite::Chapter;

/// A crate with a binary to build and run.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    pub manifest: PathBuf,
    pub package: String,
    pub bin: String,
}

/// The workbook checkout the checker works in: the nearest folder, from the
/// current directory up, that has `chapters/` beside a `Cargo.toml`; failing
/// that, the checkout the checker was built from.
pub fn root() -> PathBuf {
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            if is_workbook(dir) {
                return dir.to_path_buf();
            }
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("checker/ has a parent")
        .to_path_buf()
}

fn is_workbook(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file()
        && dir.join("chapters").is_dir()
        && dir.join("solutions").is_dir()
}

/// The chapter's crate in `root`: `chapters/NN-slug` (the starter) or
/// `solutions/NN-slug`.
pub fn chapter_crate(root: &Path, chapter: &Chapter, solution: bool) -> Result<Crate, String> {
    let folder = if solution { "solutions" } else { "chapters" };
    let dir = root.join(folder).join(chapter.dir_name());
    if !dir.join("Cargo.toml").is_file() {
        return Err(format!(
            "{} has no Cargo.toml: is this a complete checkout of the workbook?",
            dir.display()
        ));
    }
    describe_crate(&dir)
}

/// The crate `--path DIR` names: a workbook checkout (its starter for the
/// chapter) or a single crate with one binary.
pub fn path_crate(dir: &Path, chapter: &Chapter) -> Result<Crate, String> {
    if !dir.is_dir() {
        return Err(format!("--path {}: no such folder", dir.display()));
    }
    if is_workbook(dir) {
        return chapter_crate(dir, chapter, false);
    }
    if !dir.join("Cargo.toml").is_file() {
        return Err(format!(
            "--path {}: not a Cargo crate (no Cargo.toml) nor a workbook checkout (no chapters/)",
            dir.display()
        ));
    }
    describe_crate(dir)
}

/// `cargo metadata --no-deps` for the workspace of `manifest`: its packages
/// (with their path dependencies), its root and its target folder.
pub fn cargo_metadata(manifest: &Path) -> Result<serde_json::Value, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .arg("--manifest-path")
        .arg(manifest)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|err| format!("could not run cargo: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo cannot read {}:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    serde_json::from_slice(&output.stdout)
        .map_err(|err| format!("cargo metadata answered something unreadable: {err}"))
}

/// Asks cargo for the package and binary in `dir` (it knows better than any
/// hand-written TOML reading: inherited fields, `[[bin]]` sections, ...).
fn describe_crate(dir: &Path) -> Result<Crate, String> {
    let manifest = dir.join("Cargo.toml");
    let metadata = cargo_metadata(&manifest)?;
    let canonical = manifest.canonicalize().unwrap_or(manifest.clone());
    let package = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        // Both sides real paths: a folder reached through a link is the
        // same crate.
        .find(|p| {
            p["manifest_path"]
                .as_str()
                .and_then(|m| Path::new(m).canonicalize().ok())
                .as_deref()
                == Some(canonical.as_path())
        })
        .ok_or_else(|| {
            format!(
                "{} is a workspace manifest, not a crate: point --path at a crate folder",
                manifest.display()
            )
        })?;
    let name = package["name"].as_str().unwrap_or_default().to_string();
    let bins: Vec<&str> = package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| {
            t["kind"]
                .as_array()
                .is_some_and(|k| k.iter().any(|k| k == "bin"))
        })
        .filter_map(|t| t["name"].as_str())
        .collect();
    let bin = match bins.as_slice() {
        [one] => one.to_string(),
        [] => {
            return Err(format!(
                "crate `{name}` has no binary to run (no src/main.rs)"
            ));
        }
        many if many.contains(&name.as_str()) => name.clone(),
        many => {
            return Err(format!(
                "crate `{name}` has several binaries ({}); keep one",
                many.join(", ")
            ));
        }
    };
    Ok(Crate {
        manifest,
        package: name,
        bin,
    })
}
