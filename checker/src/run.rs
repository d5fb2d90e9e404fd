//! Running a chapter's checks against a server that is already listening.

use std::net::SocketAddr;
use std::time::Duration;

use crate::expect::{describe_body, explain};
use crate::http::{self, Response};
use crate::report::{BookRef, CheckResult, CheckStatus, Failure};
use crate::seed::Rng;
use crate::server::{Server, describe_exit};
use crate::suite::{Chapter, Check, Oracle, Step};

/// Where the checks send their requests.
pub struct Target<'a> {
    pub addr: SocketAddr,
    /// Prepended to every path (from `--url http://host/prefix`).
    pub prefix: String,
    /// Base URL for curl lines.
    pub curl_base: String,
    /// The server the checker started, to notice when it dies.
    pub server: Option<&'a mut Server>,
}

/// Runs `checks` in order; a check fails at its first failing step.
pub fn run_checks(
    chapter: &Chapter,
    checks: &[&Check],
    target: &mut Target<'_>,
    seed: u64,
    timeout: Duration,
) -> Vec<CheckResult> {
    checks
        .iter()
        .map(|check| {
            let mut rng = Rng::for_check(seed, check.id);
            let failure = (check.steps)(&mut rng)
                .into_iter()
                .find_map(|step| run_step(&step, target, timeout));
            CheckResult {
                id: check.id,
                title: check.title,
                status: if failure.is_none() {
                    CheckStatus::Passed
                } else {
                    CheckStatus::Failed
                },
                points: check.points,
                score: if failure.is_none() { check.points } else { 0 },
                oracle: match check.oracle {
                    Oracle::FastApi(module) => Some(module),
                    Oracle::None { .. } => None,
                },
                hint: check.hint,
                read: BookRef {
                    page: format!("book/src/{}", chapter.page()),
                    section: check.read,
                },
                failure,
            }
        })
        .collect()
}

/// Sends one step's request; `None` when the answer is as expected.
fn run_step(step: &Step, target: &mut Target<'_>, timeout: Duration) -> Option<Failure> {
    let mut request = step.request.clone();
    request.path = format!("{}{}", target.prefix, request.path);
    let failure = |got: Option<String>, problems: Vec<String>, why: Option<String>| Failure {
        method: request.method.clone(),
        path: step.request.path.clone(),
        curl: step.request.curl(&target.curl_base),
        expected: step.expect.summary(),
        got,
        problems,
        why,
    };
    // A server that died earlier fails every later check the same clear way.
    if let Some(server) = target.server.as_deref_mut()
        && let Some(status) = server.exited()
    {
        return Some(failure(
            None,
            vec![format!(
                "the server is no longer running ({}); see its output below",
                describe_exit(status)
            )],
            None,
        ));
    }
    match http::send(target.addr, &request, timeout) {
        Ok(response) => {
            let problems = step.expect.compare(&response);
            if problems.is_empty() {
                return None;
            }
            let why = explain(&step.expect, &response).map(str::to_string);
            Some(failure(Some(summarise(&response)), problems, why))
        }
        Err(err) => {
            let mut problem = err.to_string();
            if let Some(server) = target.server.as_deref_mut() {
                // Give a crashing process a moment to be reaped.
                std::thread::sleep(Duration::from_millis(100));
                if let Some(status) = server.exited() {
                    problem = format!(
                        "the server crashed while answering ({}): {problem}",
                        describe_exit(status)
                    );
                }
            }
            Some(failure(None, vec![problem], None))
        }
    }
}

/// `400, content-type text/plain, body "..."`
fn summarise(response: &Response) -> String {
    let content_type = response
        .header("content-type")
        .map_or("no content-type".to_string(), |ct| {
            format!("content-type {ct}")
        });
    let body = match response.body.is_empty() {
        true => "empty body".to_string(),
        false => format!("body {}", describe_body(&response.body)),
    };
    format!("{}, {content_type}, {body}", response.status)
}
