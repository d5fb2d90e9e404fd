//! The learner's comforts: progressive hints, resetting a chapter's starter,
//! and watching a chapter's files to re-run its checks on every save.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::progress::Progress;
use crate::suite::Chapter;

/// The chapter's hints, easiest first: for one check, its own hint and then
/// the chapter page's; for the chapter, the page's `## Hints` section (each
/// `<details>` block is one level).
pub fn hints(root: &Path, chapter: &Chapter, check: Option<&str>) -> Vec<String> {
    let mut levels = Vec::new();
    if let Some(id) = check
        && let Some(check) = chapter.checks.iter().find(|c| c.id == id)
    {
        levels.push(format!(
            "{}\n(book: \"{}\" in book/src/{})",
            check.hint,
            check.read,
            chapter.page()
        ));
    }
    let page =
        std::fs::read_to_string(root.join("book/src").join(chapter.page())).unwrap_or_default();
    let section = page
        .split("\n## Hints")
        .nth(1)
        .map(|rest| rest.split("\n## ").next().unwrap_or(""))
        .unwrap_or("");
    for block in section.split("<details>").skip(1) {
        let block = block.split("</details>").next().unwrap_or("");
        let (title, body) = match block.split_once("</summary>") {
            Some((summary, body)) => (summary.replace("<summary>", ""), body),
            None => (String::new(), block),
        };
        levels.push(format!("{}\n{}", title.trim(), body.trim()));
    }
    levels
}

/// Shows the next hint level (and the ones already seen); remembers the level.
pub fn hint(
    root: &Path,
    chapter: &Chapter,
    check: Option<&str>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let levels = hints(root, chapter, check);
    if levels.is_empty() {
        return writeln!(out, "chapter {:02} has no hints yet", chapter.number);
    }
    let mut progress = Progress::load(root);
    let entry = progress
        .chapters
        .entry(chapter.slug.to_string())
        .or_default();
    let key = check.unwrap_or("").to_string();
    let shown = (entry.hints.get(&key).copied().unwrap_or(0) + 1).min(levels.len());
    entry.hints.insert(key, shown);
    progress.save(root);
    let about = check.map_or(format!("chapter {:02}", chapter.number), |id| {
        format!("check {id}")
    });
    for (i, level) in levels.iter().take(shown).enumerate() {
        writeln!(out, "hint {} of {} for {about}", i + 1, levels.len())?;
        for line in level.lines() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
    }
    if shown < levels.len() {
        writeln!(out, "run the same command again for the next hint")
    } else {
        writeln!(
            out,
            "that was the last hint; the solution is in solutions/{}",
            chapter.dir_name()
        )
    }
}

/// The git revision that holds the pristine starters: the upstream the
/// workbook was cloned from, or else the current commit.
fn pristine_revision(root: &Path) -> Result<String, String> {
    for candidate in ["origin/HEAD", "origin/main", "upstream/main", "HEAD"] {
        let found = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["rev-parse", "--verify", "--quiet", candidate])
            .output()
            .map_err(|e| format!("reset needs git: {e}"))?;
        if found.status.success() {
            return Ok(String::from_utf8_lossy(&found.stdout).trim().to_string());
        }
    }
    Err("reset needs the workbook's git history, and this checkout has none".to_string())
}

/// Restores `chapters/NN-name` to the starter as the workbook ships it. The
/// learner's files are first copied to `.checker/backups/`, so nothing is lost.
pub fn reset(
    root: &Path,
    chapter: &Chapter,
    confirmed: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<bool, String> {
    let dir = format!("chapters/{}", chapter.dir_name());
    let revision = pristine_revision(root)?;
    let listed = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["ls-tree", "-r", "--name-only", &revision, "--", &dir])
        .output()
        .map_err(|e| e.to_string())?;
    let files: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if files.is_empty() {
        return Err(format!(
            "{dir} is not in the workbook's history at {}",
            &revision[..8.min(revision.len())]
        ));
    }
    let stamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let backup = root
        .join(".checker/backups")
        .join(format!("{}-{stamp}", chapter.dir_name()));
    let say = |out: &mut dyn Write, text: String| {
        let _ = writeln!(out, "{text}");
    };
    if !confirmed {
        say(
            out,
            format!(
                "This puts {dir} back to the starter as the workbook ships it.\n\
             Your files are copied to {} first.\nType yes to continue:",
                backup.strip_prefix(root).unwrap_or(&backup).display()
            ),
        );
        let mut answer = String::new();
        let _ = input.read_line(&mut answer);
        if answer.trim() != "yes" {
            say(out, "nothing changed".to_string());
            return Ok(false);
        }
    }
    copy_tree(&root.join(&dir), &backup)
        .map_err(|e| format!("backup to {}: {e}", backup.display()))?;
    // Files the learner added are removed (they are in the backup), then every
    // starter file is written back as it was.
    remove_tree_files(&root.join(&dir)).map_err(|e| e.to_string())?;
    for file in &files {
        let content = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["show", &format!("{revision}:{file}")])
            .output()
            .map_err(|e| e.to_string())?;
        let path = root.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, content.stdout).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    say(
        out,
        format!(
            "{dir} is the starter again ({} files); your version is in {}",
            files.len(),
            backup.display()
        ),
    );
    Ok(true)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn remove_tree_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The newest modification time of any file under `dir`, and how many files.
fn snapshot(dir: &Path) -> (Option<SystemTime>, usize) {
    let mut newest = None;
    let mut count = 0;
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                count += 1;
                newest = newest.max(Some(modified));
            }
        }
    }
    (newest, count)
}

/// Blocks until a file under `dir` changes, then until the changes settle
/// (editors save in bursts), polling so no watcher library is needed.
pub fn wait_for_change(dir: &Path) {
    let poll = Duration::from_millis(200);
    let before = snapshot(dir);
    while snapshot(dir) == before {
        std::thread::sleep(poll);
    }
    let mut last = snapshot(dir);
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = snapshot(dir);
        if now == last {
            return;
        }
        last = now;
    }
}
