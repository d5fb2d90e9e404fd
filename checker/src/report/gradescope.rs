//! Gradescope's autograder `results.json`: top-level `score`,
//! `execution_time`, `output`, and one `tests[]` entry per check with `name`,
//! `number`, `score`, `max_score`, `status`, `output`, `output_format` and
//! `visibility`. Gradescope reads it from `/autograder/results/results.json`;
//! `--output` writes it there.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckStatus, Report};

#[derive(Serialize)]
struct Results {
    score: f64,
    execution_time: f64,
    output: String,
    output_format: &'static str,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    number: String,
    score: f64,
    max_score: f64,
    status: &'static str,
    output: String,
    output_format: &'static str,
    visibility: &'static str,
}

pub fn write(reports: &[Report], out: &mut dyn Write) -> io::Result<()> {
    let mut output = Vec::new();
    let mut tests = Vec::new();
    for report in reports {
        match &report.error {
            // Could not run: said once at the top, and as the reason on every
            // check, so a student reads "the build failed", not "wrong answer".
            Some(error) => {
                output.push(format!(
                    "Chapter {:02} could not run ({}): {}\n\n{}",
                    report.chapter, error.stage, error.message, error.output
                ));
            }
            // Students read this line: hidden checks are neither counted
            // nor named here (their points are in the score).
            None => {
                let visible: Vec<_> = report.checks.iter().filter(|c| !c.hidden).collect();
                let passed = visible
                    .iter()
                    .filter(|c| c.status == CheckStatus::Passed)
                    .count();
                output.push(format!(
                    "Chapter {:02}: {passed} of {} checks passed (seed {}).",
                    report.chapter,
                    visible.len(),
                    report.seed
                ));
            }
        }
        for check in &report.checks {
            tests.push(Test {
                name: format!("{} {}", check.id, check.title),
                number: check.id.to_string(),
                score: f64::from(check.score),
                max_score: f64::from(check.points),
                status: match check.status {
                    CheckStatus::Passed => "passed",
                    CheckStatus::Failed | CheckStatus::NotRun => "failed",
                },
                output: match (&check.failure, &report.error) {
                    (Some(failure), _) => super::failure_text(check, failure),
                    (None, Some(error)) => format!("Not run: {}", error.message),
                    (None, None) => String::new(),
                },
                output_format: "text",
                visibility: if check.hidden { "hidden" } else { "visible" },
            });
        }
    }
    let results = Results {
        score: reports.iter().map(|r| f64::from(r.score)).sum(),
        execution_time: reports.iter().map(|r| r.duration_ms as f64 / 1000.0).sum(),
        output: output.join("\n\n"),
        output_format: "text",
        tests,
    };
    serde_json::to_writer_pretty(&mut *out, &results).map_err(io::Error::other)?;
    writeln!(out)
}
