//! JUnit XML, for CI systems and graders that read test reports (Jenkins,
//! GitLab, GitHub's test reporters). Written with `quick-junit`, the writer
//! cargo-nextest uses. One `<testsuite>` per chapter, one `<testcase>` per
//! check; a run that could not start is one `<error>` test case, so it never
//! reads as a wrong answer.

use std::io::{self, Write};
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report as Junit, TestCase, TestCaseStatus, TestSuite};

use super::{CheckStatus, Report};

pub fn write(reports: &[Report], out: &mut dyn Write) -> io::Result<()> {
    let mut junit = Junit::new("workbook-checker");
    for report in reports {
        let name = format!("chapter {:02} · {}", report.chapter, report.title);
        let mut suite = TestSuite::new(name);
        suite.set_time(Duration::from_millis(report.duration_ms));
        if let Some(error) = &report.error {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(error.message.clone())
                .set_type(format!("could not run ({})", error.stage))
                .set_description(error.output.clone());
            let mut case = TestCase::new(format!("{:02} could not run", report.chapter), status);
            case.set_classname(format!("chapter{:02}", report.chapter));
            suite.add_test_case(case);
        }
        for check in &report.checks {
            let status = match &check.failure {
                None if check.status == CheckStatus::NotRun => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_message("not run: the chapter could not run");
                    status
                }
                None => TestCaseStatus::success(),
                Some(failure) => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status
                        .set_message(failure.problems.join("; "))
                        .set_type("check failed")
                        .set_description(super::failure_text(check, failure));
                    status
                }
            };
            let mut case = TestCase::new(format!("{} {}", check.id, check.title), status);
            case.set_classname(format!("chapter{:02}", report.chapter));
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    let xml = junit.to_string().map_err(io::Error::other)?;
    out.write_all(xml.as_bytes())?;
    writeln!(out)
}
