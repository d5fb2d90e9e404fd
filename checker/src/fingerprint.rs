//! Content fingerprints: what a submission *is*, independent of file times.
//!
//! Cargo decides whether a build is fresh by comparing file modification
//! times. Submissions defeat that: a copy made with `cp -a`, or a resubmission
//! unpacked with its original (older) times, looks fresh to cargo in a target
//! folder that another submission (or the older version) was built into, and
//! the wrong binary is graded. [`build_tag`] names a crate by a hash of its
//! content instead; the build passes it to rustc (`-C metadata=...`), cargo
//! keeps the rustc arguments in its fingerprint, so a change of content is a
//! change of arguments and always rebuilds, whatever the file times say.
//!
//! A crate's *path dependencies* (other crates of the workspace, such as
//! `fastapi-errors`) are units of their own in the target folder, keyed by
//! their place in the workspace, and a submission may carry its own copy of
//! them: [`PathDeps::refresh`] makes cargo rebuild one whose content is not
//! the content last built there, and [`PathDeps::record`] notes what was
//! built. Their content is part of the tag too.
//!
//! The hash is FNV-1a over 128 bits: stable across runs and checker versions
//! (unlike `std`'s hasher), not cryptographic.

use std::path::{Path, PathBuf};

/// FNV-1a, 128 bits.
#[derive(Clone)]
pub struct Hasher(u128);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }
}

impl Hasher {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self
                .0
                .wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }

    /// Writes a length first, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    /// 32 hexadecimal digits.
    pub fn finish(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The hash of some bytes, as 32 hexadecimal digits.
pub fn hash_bytes(bytes: &[u8]) -> String {
    let mut h = Hasher::default();
    h.field(bytes);
    h.finish()
}

/// Every file under `dir` (recursively, sorted, `target/` and `.git/`
/// skipped), as paths relative to `dir`. Symbolic links are listed, not
/// followed.
pub fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let kind = entry.file_type()?;
            if kind.is_dir() {
                if name == "target" || name == ".git" {
                    continue;
                }
                walk(root, &entry.path(), out)?;
            } else {
                let path = entry.path();
                out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

/// Hashes every file under `dir` (names and bytes; a link by its target).
pub fn hash_dir(hasher: &mut Hasher, dir: &Path) -> std::io::Result<()> {
    for relative in files(dir)? {
        let path = dir.join(&relative);
        hasher.field(relative.to_string_lossy().as_bytes());
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            hasher.field(b"link");
            hasher.field(std::fs::read_link(&path)?.to_string_lossy().as_bytes());
        } else {
            hasher.field(&std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// Files outside a crate's folder that change how it builds, looked for in
/// every folder above it (the workspace's manifest and lock file, the
/// toolchain pin, cargo's configuration).
const BUILD_FILES: [&str; 5] = [
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    ".cargo/config.toml",
    ".cargo/config",
];

/// A name for the content of the crate whose manifest is `manifest`: its
/// folder's files and the build files above it. Two checkouts with the same
/// content get the same tag, wherever they are and whatever their file
/// times; any change of content gives another. Used as the `-C metadata`
/// of a submission's build ([`crate::harness::server::BuildOptions`]).
pub fn build_tag(manifest: &Path) -> std::io::Result<String> {
    build_tag_with(manifest, &PathDeps::of(manifest))
}

/// [`build_tag`], with the path dependencies already found.
pub fn build_tag_with(manifest: &Path, deps: &PathDeps) -> std::io::Result<String> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let mut hasher = Hasher::default();
    hash_dir(&mut hasher, dir)?;
    for dep in &deps.0 {
        hasher.field(dep.key.as_bytes());
        hasher.field(dep.content.as_bytes());
    }
    let mut above = dir.parent();
    let mut depth = 0u8;
    while let Some(folder) = above {
        for name in BUILD_FILES {
            if let Ok(bytes) = std::fs::read(folder.join(name)) {
                hasher.field(&[depth]);
                hasher.field(name.as_bytes());
                hasher.field(&bytes);
            }
        }
        above = folder.parent();
        depth = depth.saturating_add(1);
    }
    Ok(hasher.finish())
}

/// One path dependency: where it is, its key (its place in the workspace,
/// as cargo keys its unit) and a hash of its content.
#[derive(Debug, Clone)]
pub struct PathDep {
    pub dir: PathBuf,
    pub key: String,
    pub content: String,
}

/// A crate's path dependencies, direct and indirect, and the target folder
/// cargo builds it into (`CARGO_TARGET_DIR` or the workspace's).
#[derive(Debug, Clone, Default)]
pub struct PathDeps(pub Vec<PathDep>, pub PathBuf);

impl PathDeps {
    /// Asks cargo (`cargo metadata --no-deps`) for the local crates the
    /// package of `manifest` depends on. None when cargo cannot say (the
    /// build will then report why).
    pub fn of(manifest: &Path) -> PathDeps {
        let Ok(metadata) = crate::workbook::cargo_metadata(manifest) else {
            return PathDeps::default();
        };
        let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let root = real(Path::new(
            metadata["workspace_root"].as_str().unwrap_or("/"),
        ));
        let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
        let folder_of = |package: &serde_json::Value| {
            package["manifest_path"]
                .as_str()
                .and_then(|m| Path::new(m).parent().map(real))
        };
        let mut found: Vec<PathBuf> = Vec::new();
        let mut queue: Vec<PathBuf> = manifest.parent().map(real).into_iter().collect();
        while let Some(folder) = queue.pop() {
            let Some(package) = packages
                .iter()
                .find(|p| folder_of(p) == Some(folder.clone()))
            else {
                continue;
            };
            for dep in package["dependencies"].as_array().into_iter().flatten() {
                if let Some(path) = dep["path"].as_str().map(|p| real(Path::new(p)))
                    && !found.contains(&path)
                {
                    found.push(path.clone());
                    queue.push(path);
                }
            }
        }
        found.sort();
        let target = PathBuf::from(metadata["target_directory"].as_str().unwrap_or_default());
        PathDeps(
            found
                .into_iter()
                .filter_map(|dir| {
                    let mut h = Hasher::default();
                    hash_dir(&mut h, &dir).ok()?;
                    let place = dir.strip_prefix(&root).unwrap_or(&dir);
                    Some(PathDep {
                        key: hash_bytes(place.to_string_lossy().as_bytes()),
                        content: h.finish(),
                        dir,
                    })
                })
                .collect(),
            target,
        )
    }

    /// Where the content last built into `target_dir` is noted, per key.
    fn note(target_dir: &Path, dep: &PathDep) -> PathBuf {
        target_dir.join(".workbook-path-deps").join(&dep.key)
    }

    /// Before a build into `target_dir` (held with [`lock_dir`]): every
    /// dependency whose content is not the one last built there gets its
    /// files' times set to now, so cargo builds it again.
    pub fn refresh(&self, target_dir: &Path) -> std::io::Result<()> {
        for dep in &self.0 {
            let built = std::fs::read_to_string(Self::note(target_dir, dep)).unwrap_or_default();
            if built.trim() == dep.content {
                continue;
            }
            let now = std::time::SystemTime::now();
            for file in files(&dep.dir)? {
                let path = dep.dir.join(file);
                if std::fs::symlink_metadata(&path)?.file_type().is_file() {
                    std::fs::File::options()
                        .write(true)
                        .open(&path)?
                        .set_modified(now)?;
                }
            }
        }
        Ok(())
    }

    /// After a build that succeeded: notes what was built.
    pub fn record(&self, target_dir: &Path) -> std::io::Result<()> {
        for dep in &self.0 {
            let note = Self::note(target_dir, dep);
            if let Some(dir) = note.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(note, &dep.content)?;
        }
        Ok(())
    }
}

/// Holds `dir` (a target folder) for one build and the use of its output:
/// an exclusive lock on `dir/.workbook-build.lock`, released when the file
/// returned is dropped. Cargo's own lock ends with cargo, before the
/// binary it built is copied or started; another process sharing the folder
/// could otherwise rebuild that binary in between.
pub fn lock_dir(dir: &Path) -> std::io::Result<std::fs::File> {
    std::fs::create_dir_all(dir)?;
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".workbook-build.lock"))?;
    file.lock()?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_tag_not_place_or_time() {
        let root = tempfile::tempdir().unwrap();
        let make = |name: &str, body: &str| {
            let dir = root.path().join(name);
            std::fs::create_dir_all(dir.join("src")).unwrap();
            std::fs::create_dir_all(dir.join("target/debug")).unwrap();
            std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
            std::fs::write(dir.join("src/main.rs"), body).unwrap();
            std::fs::write(dir.join("target/debug/x"), name).unwrap();
            dir.join("Cargo.toml")
        };
        let a = build_tag(&make("a", "fn main() {}")).unwrap();
        let b = build_tag(&make("b", "fn main() {}")).unwrap();
        let c = build_tag(&make("c", "fn main() { }")).unwrap();
        assert_eq!(a, b, "same content elsewhere, build output ignored");
        assert_ne!(a, c, "one byte differs");
        assert_eq!(a.len(), 32);
        // Moving a byte between a file name and its content changes the tag.
        let mut one = Hasher::default();
        one.field(b"ab");
        one.field(b"c");
        let mut two = Hasher::default();
        two.field(b"a");
        two.field(b"bc");
        assert_ne!(one.finish(), two.finish());
    }
}
