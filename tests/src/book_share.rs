//! How much of the exercise the book gives away: for one chapter, the share
//! of the lines a learner writes (lines of the solution that the starter
//! does not have) that appear verbatim on the chapter's page, with every
//! `{{#include}}` expanded as mdBook would.
//!
//! Lines are compared trimmed. Blank lines, comment lines and lines of
//! punctuation only (`}`, `});`) are not counted: they say nothing.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The lines a learner writes and how many of them the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    pub shown: usize,
    pub written: usize,
}

impl Share {
    /// The share shown, in percent (0 when there is nothing to write).
    pub fn percent(&self) -> f64 {
        if self.written == 0 {
            0.0
        } else {
            100.0 * self.shown as f64 / self.written as f64
        }
    }
}

fn counts(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && !line.starts_with("//")
        && !line.starts_with("#[")
        && line.chars().any(char::is_alphanumeric)
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The lines of the solution the starter does not have, file by file (a
/// line counts as often as the solution has it more than the starter).
pub fn written_lines(solution: &Path, starter: &Path) -> Vec<String> {
    let mut written = Vec::new();
    for file in rust_files(&solution.join("src")) {
        let relative = file.strip_prefix(solution).expect("inside the crate");
        let ours = std::fs::read_to_string(&file).unwrap_or_default();
        let theirs = std::fs::read_to_string(starter.join(relative)).unwrap_or_default();
        let mut have: HashMap<&str, usize> = HashMap::new();
        for line in theirs.lines().map(str::trim) {
            *have.entry(line).or_default() += 1;
        }
        for line in ours.lines().map(str::trim).filter(|l| counts(l)) {
            match have.get_mut(line) {
                Some(n) if *n > 0 => *n -= 1,
                _ => written.push(line.to_string()),
            }
        }
    }
    written
}

/// The page's text as mdBook renders it: each `{{#include file[:anchor]}}`
/// replaced by the file (or the lines between its anchors).
pub fn rendered_page(page: &Path) -> String {
    let text = std::fs::read_to_string(page).unwrap_or_default();
    let dir = page.parent().expect("a page is in a folder");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("{{#include ") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "{{#include ".len()..];
        let Some(end) = after.find("}}") else {
            break;
        };
        let spec = after[..end].trim();
        let (file, anchor) = match spec.rsplit_once(':') {
            Some((file, anchor)) if !anchor.contains('/') => (file, Some(anchor)),
            _ => (spec, None),
        };
        let code = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        out.push_str(&match anchor {
            None => code,
            Some(anchor) => between_anchors(&code, anchor),
        });
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn between_anchors(code: &str, anchor: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for line in code.lines() {
        let trimmed = line.trim();
        if trimmed == format!("// ANCHOR: {anchor}") {
            inside = true;
        } else if trimmed == format!("// ANCHOR_END: {anchor}") {
            inside = false;
        } else if inside && !trimmed.starts_with("// ANCHOR") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The share for one chapter of the workbook at `root`.
pub fn chapter_share(root: &Path, dir_name: &str, page: &str) -> Share {
    let written = written_lines(
        &root.join("solutions").join(dir_name),
        &root.join("chapters").join(dir_name),
    );
    let page = rendered_page(&root.join("book/src").join(page));
    let shown_lines: HashSet<&str> = page.lines().map(str::trim).collect();
    let shown = written
        .iter()
        .filter(|line| shown_lines.contains(line.as_str()))
        .count();
    Share {
        shown,
        written: written.len(),
    }
}
