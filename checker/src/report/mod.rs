//! What a run found, in one value that every report format is written from.
//!
//! The JSON format is this value serialised; its schema is documented on the
//! book's "Using the checker" page and named by the `schema` field.

use serde::Serialize;

use crate::suite::Chapter;

pub mod github;
pub mod gradescope;
pub mod human;
pub mod junit;
mod write;

pub use write::{Format, write_reports};

/// The schema name and version written into JSON reports.
pub const SCHEMA: &str = "workbook-checker/1";

/// The result of one `checker chapter N` run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub chapter: u8,
    pub slug: &'static str,
    pub title: &'static str,
    /// What was checked: `starter chapters/01-hello-world`, `url http://...`.
    pub target: String,
    pub seed: u64,
    pub status: Status,
    /// Why the checks could not run, when `status` is `error`.
    pub error: Option<RunError>,
    pub score: u32,
    pub max_score: u32,
    pub passed: usize,
    pub failed: usize,
    pub duration_ms: u64,
    pub checks: Vec<CheckResult>,
    /// The server's last lines of output (stdout and stderr).
    pub server_output: Vec<String>,
    /// The base URL `curl` lines use.
    pub curl_base: String,
    /// How to start the server by hand so the curl lines work, if known.
    pub run_hint: Option<String>,
}

impl Report {
    /// An empty report for `chapter`: status `error` until checks are tallied.
    pub fn new(chapter: &Chapter, target: String, seed: u64) -> Report {
        Report {
            schema: SCHEMA,
            chapter: chapter.number,
            slug: chapter.slug,
            title: chapter.title,
            target,
            seed,
            status: Status::Error,
            error: None,
            score: 0,
            max_score: 0,
            passed: 0,
            failed: 0,
            duration_ms: 0,
            checks: Vec::new(),
            server_output: Vec::new(),
            curl_base: String::new(),
            run_hint: None,
        }
    }

    /// Records why the checks could not run; every check counts as not run,
    /// so the maximum score stays visible (0 of 4, not 0 of 0).
    pub fn could_not_run(&mut self, error: RunError, checks: Vec<CheckResult>) {
        self.error = Some(error);
        self.checks = checks;
        self.tally();
        self.status = Status::Error;
    }

    /// Sets the counts, the score and the status from `checks`.
    pub fn tally(&mut self) {
        let count = |status| self.checks.iter().filter(|c| c.status == status).count();
        self.passed = count(CheckStatus::Passed);
        self.failed = count(CheckStatus::Failed);
        self.score = self.checks.iter().map(|c| c.score).sum();
        self.max_score = self.checks.iter().map(|c| c.points).sum();
        self.status = if self.failed == 0 {
            Status::Passed
        } else {
            Status::Failed
        };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed. Exit code 0.
    Passed,
    /// Some check failed. Exit code 1.
    Failed,
    /// The checks could not run (bad arguments, build failed, no server). Exit code 2.
    Error,
}

impl Status {
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Passed => 0,
            Status::Failed => 1,
            Status::Error => 2,
        }
    }
}

/// Where a run stopped before its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The crate did not compile (cargo's errors are the output).
    Build,
    /// The server did not start listening (its last lines are the output).
    Start,
    /// `--url`: nothing answered there.
    Connect,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Build => "build",
            Stage::Start => "start",
            Stage::Connect => "connect",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Serialize)]
pub struct RunError {
    pub stage: Stage,
    pub message: String,
    /// cargo's output for `build`, the server's last lines for `start`.
    pub output: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    pub status: CheckStatus,
    pub points: u32,
    pub score: u32,
    /// The FastAPI tutorial module that proves the check, if any.
    pub oracle: Option<&'static str>,
    /// An instructor's check, hidden from students in Gradescope.
    pub hidden: bool,
    pub hint: String,
    /// `book/src/ch01-hello-world.md`, section "Your first route".
    pub read: BookRef,
    pub failure: Option<Failure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    /// The run stopped before the check (the build failed, no server).
    NotRun,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookRef {
    pub page: String,
    pub section: String,
}

/// A failed check as plain text, for report formats that hold one text per
/// test (Gradescope, JUnit, GitHub Classroom).
pub fn failure_text(check: &CheckResult, failure: &Failure) -> String {
    let mut text = format!(
        "{:<10}{}\nexpected  {}\n",
        failure.what(),
        failure.curl,
        failure.expected
    );
    match &failure.got {
        Some(got) => text.push_str(&format!("got       {got}\n")),
        None => text.push_str("got       no response\n"),
    }
    for problem in &failure.problems {
        text.push_str(&format!("problem   {problem}\n"));
    }
    if let Some(why) = &failure.why {
        text.push_str(&format!("why       {why}\n"));
    }
    if !check.hint.is_empty() {
        text.push_str(&format!("hint      {}\n", check.hint));
    }
    if !check.read.section.is_empty() {
        text.push_str(&format!(
            "read      {} › \"{}\"\n",
            check.read.page, check.read.section
        ));
    }
    text
}

/// How a check failed: the step's request and what differed.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub method: String,
    pub path: String,
    pub curl: String,
    pub expected: String,
    /// What came back, summarised; `None` when nothing did.
    pub got: Option<String>,
    /// One line per difference, or the transport error.
    pub problems: Vec<String>,
    /// A known cause, in words a learner can act on.
    pub why: Option<String>,
}

impl Failure {
    /// What `curl` holds: a request to send, or (chapters that grade tests)
    /// a command to run.
    pub fn what(&self) -> &'static str {
        if self.method == "cargo" {
            "run"
        } else {
            "request"
        }
    }
}
