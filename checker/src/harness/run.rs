//! Running a chapter's checks against a server that is already listening.

use std::net::SocketAddr;
use std::time::Duration;

use crate::expect::{describe_body, explain};
use crate::harness::http::{self, Response};
use crate::harness::server::{BuildError, Launch, Output, Server, StartError, describe_exit};
use crate::report::{BookRef, CheckResult, CheckStatus, Failure, Report, RunError, Stage};
use crate::seed::Rng;
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

/// A check ready to run: its entry in the report (not yet run) and its
/// requests, drawn from the seed.
#[derive(Clone)]
pub struct Planned {
    pub result: CheckResult,
    pub steps: Vec<Step>,
}

/// Draws a suite check's requests from `seed`.
pub fn plan(chapter: &Chapter, check: &Check, seed: u64) -> Planned {
    let mut rng = Rng::for_check(seed, check.id);
    Planned {
        result: CheckResult {
            id: check.id.to_string(),
            title: check.title.to_string(),
            status: CheckStatus::NotRun,
            points: check.points,
            score: 0,
            oracle: match check.oracle {
                Oracle::FastApi(module) => Some(module),
                Oracle::None { .. } => None,
            },
            hidden: false,
            hint: check.hint.to_string(),
            read: BookRef {
                page: format!("book/src/{}", chapter.page()),
                section: check.read.to_string(),
            },
            failure: None,
        },
        steps: (check.steps)(&mut rng),
    }
}

/// Starts `launch`, runs `planned` against it, stops it, and fills `report`
/// with the results and the server's last words, or with why it could not
/// start (every check then counts as not run).
pub fn start_and_run(
    launch: &Launch,
    planned: Vec<Planned>,
    report: &mut Report,
    start_timeout: Duration,
    timeout: Duration,
) {
    match Server::start(launch, &[], start_timeout) {
        Err((error, output)) => report.could_not_run(
            start_error(&error, &output),
            planned.into_iter().map(|p| p.result).collect(),
        ),
        Ok(mut server) => {
            let mut target = Target {
                addr: server.addr,
                prefix: String::new(),
                curl_base: report.curl_base.clone(),
                server: Some(&mut server),
            };
            report.checks = run_planned(planned, &mut target, timeout);
            report.tally();
            // Stopped before the report is written, so its last words are in it.
            server.stop();
            report.server_output = server.output.last_words(10);
        }
    }
}

/// Runs planned checks in order.
pub fn run_planned(
    planned: Vec<Planned>,
    target: &mut Target<'_>,
    timeout: Duration,
) -> Vec<CheckResult> {
    planned
        .into_iter()
        .map(|Planned { mut result, steps }| {
            result.failure = steps
                .iter()
                .find_map(|step| run_step(step, target, timeout));
            let passed = result.failure.is_none();
            result.status = if passed {
                CheckStatus::Passed
            } else {
                CheckStatus::Failed
            };
            result.score = if passed { result.points } else { 0 };
            result
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

/// The server did not start: the reason, and its last lines of output.
fn start_error(error: &StartError, output: &Output) -> RunError {
    RunError {
        stage: Stage::Start,
        message: error.to_string(),
        output: output.last_words(15).join("\n"),
    }
}

/// The crate did not build: cargo's errors are the output.
impl From<BuildError> for RunError {
    fn from(error: BuildError) -> RunError {
        RunError {
            stage: Stage::Build,
            message: error.message,
            output: error.output,
        }
    }
}
