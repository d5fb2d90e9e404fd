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
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let mut hasher = Hasher::default();
    hash_dir(&mut hasher, dir)?;
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
