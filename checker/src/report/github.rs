//! GitHub Classroom: the result a grader step hands to
//! `autograding-grading-reporter`, which totals `tests[].score` against
//! `max_score`, prints each test with its `message`, posts the
//! "Points X/Y" notice that Classroom reads, and fails the run when `status`
//! is `fail` or `error`. The workflow base64-encodes this JSON into the step's
//! `result` output (see `graders/github-classroom/`).

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckStatus, Report, Status};

#[derive(Serialize)]
struct Result {
    version: u8,
    status: &'static str,
    max_score: u32,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    status: &'static str,
    score: u32,
    message: String,
    test_code: String,
    filename: String,
    line_no: u32,
    execution_time: String,
}

pub fn write(reports: &[Report], out: &mut dyn Write) -> io::Result<()> {
    let status = if reports.iter().any(|r| r.status == Status::Error) {
        "error"
    } else if reports.iter().any(|r| r.status == Status::Failed) {
        "fail"
    } else {
        "pass"
    };
    let mut tests = Vec::new();
    for report in reports {
        if let Some(error) = &report.error {
            tests.push(Test {
                name: format!("chapter {:02} could not run", report.chapter),
                status: "error",
                score: 0,
                message: format!("{} ({}):\n{}", error.message, error.stage, error.output),
                test_code: String::new(),
                filename: String::new(),
                line_no: 0,
                execution_time: format!("{:.1}s", report.duration_ms as f64 / 1000.0),
            });
        }
        for check in &report.checks {
            // The run's log is the student's to read: a hidden check shows
            // its id and points, never what it asks or what it found.
            if check.hidden {
                tests.push(Test {
                    name: format!("{} (an instructor's hidden check)", check.id),
                    status: match check.status {
                        CheckStatus::Passed => "pass",
                        CheckStatus::Failed => "fail",
                        CheckStatus::NotRun => "error",
                    },
                    score: check.score,
                    message: String::new(),
                    test_code: String::new(),
                    filename: String::new(),
                    line_no: 0,
                    execution_time: String::new(),
                });
                continue;
            }
            let (status, message) = match (&check.status, &check.failure) {
                (CheckStatus::NotRun, _) => {
                    ("error", "not run: the chapter could not run".to_string())
                }
                (_, Some(failure)) => ("fail", super::failure_text(check, failure)),
                (_, None) => ("pass", String::new()),
            };
            tests.push(Test {
                name: format!("{} {}", check.id, check.title),
                status,
                score: check.score,
                message,
                test_code: check
                    .failure
                    .as_ref()
                    .map(|f| f.curl.clone())
                    .unwrap_or_default(),
                filename: check.read.page.clone(),
                line_no: 0,
                execution_time: String::new(),
            });
        }
    }
    let result = Result {
        version: 1,
        status,
        max_score: reports.iter().map(|r| r.max_score).sum(),
        tests,
    };
    serde_json::to_writer(&mut *out, &result).map_err(io::Error::other)?;
    writeln!(out)
}
