//! The learner's progress: which chapters pass, and how many hints each has
//! shown. A small JSON file, `.checker/progress.json` in the workbook, keyed
//! by chapter name (`hello-world`), not number, so renumbering chapters keeps
//! it. It is a convenience, never a gate: a missing, stale or corrupt file
//! reads as "no progress yet", and a file that cannot be written is skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::report::{Report, Status};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub chapters: BTreeMap<String, ChapterProgress>,
}

/// Where a learner is in a chapter.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Failing,
    Passing,
    /// No full run of the starter yet (also: anything unreadable).
    #[default]
    #[serde(other)]
    NotStarted,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::Failing => "failing",
            State::Passing => "passing",
        }
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ChapterProgress {
    /// After the last full run of the starter.
    #[serde(default)]
    pub state: State,
    #[serde(default)]
    pub passed: usize,
    #[serde(default)]
    pub total: usize,
    /// Hint levels shown, per check id ("" for the chapter's own hints).
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
}

/// Where the progress of the workbook at `root` is kept.
pub fn path(root: &Path) -> PathBuf {
    root.join(".checker").join("progress.json")
}

impl Progress {
    /// Reads the progress file; anything unreadable is no progress.
    pub fn load(root: &Path) -> Progress {
        std::fs::read_to_string(path(root))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the progress file, best effort (progress must never fail a run).
    pub fn save(&self, root: &Path) {
        let file = path(root);
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Ok(text) = serde_json::to_string_pretty(self) {
            // Write then rename, so an interrupted save leaves the old file.
            let tmp = file.with_extension("json.tmp");
            if std::fs::write(&tmp, text).is_ok() {
                let _ = std::fs::rename(&tmp, &file);
            }
        }
    }

    /// Records a full run of the learner's starter.
    pub fn record(&mut self, report: &Report) {
        let entry = self.chapters.entry(report.slug.to_string()).or_default();
        entry.state = match report.status {
            Status::Passed => State::Passing,
            Status::Failed | Status::Error => State::Failing,
        };
        entry.passed = report.passed;
        entry.total = report.checks.len();
    }

    pub fn state(&self, slug: &str) -> State {
        self.chapters
            .get(slug)
            .map_or(State::NotStarted, |c| c.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_or_missing_file_reads_as_no_progress() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Progress::load(dir.path()).state("hello-world"),
            State::NotStarted
        );
        std::fs::create_dir_all(dir.path().join(".checker")).unwrap();
        std::fs::write(path(dir.path()), "{not json").unwrap();
        assert_eq!(
            Progress::load(dir.path()).state("hello-world"),
            State::NotStarted
        );
    }

    #[test]
    fn progress_survives_a_save_and_a_renumbering() {
        let dir = tempfile::tempdir().unwrap();
        let mut progress = Progress::default();
        progress.chapters.insert(
            "hello-world".into(),
            ChapterProgress {
                state: State::Passing,
                ..ChapterProgress::default()
            },
        );
        progress.save(dir.path());
        // Keyed by name: whatever number the chapter has now, it is found.
        assert_eq!(
            Progress::load(dir.path()).state("hello-world"),
            State::Passing
        );
        assert_eq!(
            Progress::load(dir.path()).state("path-parameters"),
            State::NotStarted
        );
    }
}
