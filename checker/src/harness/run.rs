//! Running a chapter's checks: start the server (and its replicas and fake
//! upstream), run each check's steps in a session, stop everything.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::http::{self, HttpError, Request, Response};
use super::server::{BuildError, Launch, Output, Server, StartError, Workdir, describe_exit};
use super::session::Session;
use super::upstream::Upstream;
use super::ws::{self, Frame, Opened};
use crate::expect::{Body, Expect, HeaderRule, describe_body, diff_json, explain};
use crate::report::{BookRef, CheckResult, CheckStatus, Failure, Report, RunError, Stage};
use crate::seed::Rng;
use crate::suite::{Action, Chapter, Check, Needs, Oracle, Save, Step, WsPattern};

/// After one request gets no answer, later requests get this long before
/// the server is declared hung; a run against a hung server then ends in
/// seconds, not one full timeout per check.
const AFTER_A_TIMEOUT: Duration = Duration::from_secs(1);

/// One running copy of the server.
pub struct Instance {
    pub addr: SocketAddr,
    /// The process, when the checker started it (not for `--url`).
    pub server: Option<Server>,
}

/// Where the checks send their requests, and what runs around them.
pub struct Target {
    pub instances: Vec<Instance>,
    /// Prepended to every path (from `--url http://host/prefix`).
    pub prefix: String,
    /// Base URL for curl lines.
    pub curl_base: String,
    /// How to start the server again (restarts), when the checker started it.
    relaunch: Option<Relaunch>,
    /// The fake upstream API, when the chapter has one.
    upstream: Option<Upstream>,
    /// Requests in a row that got no answer in time.
    timeouts_in_a_row: usize,
    /// Set once the server is judged hung: why, for every later check.
    hung: Option<String>,
}

struct Relaunch {
    launch: Launch,
    /// The run's working directory, kept until the run ends so a restart
    /// finds what the server wrote.
    workdir: Arc<Workdir>,
    env: Vec<(String, String)>,
    start_timeout: Duration,
}

impl Target {
    /// A server someone else runs (`--url`).
    pub fn url(addr: SocketAddr, prefix: String, curl_base: String) -> Target {
        Target {
            instances: vec![Instance { addr, server: None }],
            prefix,
            curl_base,
            relaunch: None,
            upstream: None,
            timeouts_in_a_row: 0,
            hung: None,
        }
    }

    /// Starts what `needs` asks for, then the server and its replicas.
    fn start(
        launch: &Launch,
        needs: &Needs,
        curl_base: String,
        start_timeout: Duration,
    ) -> Result<Target, (StartError, Output)> {
        let mut env = Vec::new();
        let upstream = match needs.upstream_env {
            Some(var) => {
                let upstream = Upstream::start().map_err(|e| {
                    (
                        StartError::Spawn(format!("could not start the fake upstream API: {e}")),
                        Output::default(),
                    )
                })?;
                env.push((var.to_string(), upstream.url()));
                Some(upstream)
            }
            None => None,
        };
        let first = Server::start(launch, &env, start_timeout)?;
        let mut instances = vec![Instance {
            addr: first.addr,
            server: None,
        }];
        let workdir = first
            .workdir()
            .expect("a started server has a working directory");
        instances[0].server = Some(first);
        for _ in 1..needs.replicas.max(1) {
            let replica = Server::start_in(launch, workdir.clone(), &env, start_timeout)?;
            instances.push(Instance {
                addr: replica.addr,
                server: Some(replica),
            });
        }
        Ok(Target {
            instances,
            prefix: String::new(),
            curl_base,
            relaunch: Some(Relaunch {
                launch: launch.clone(),
                workdir,
                env,
                start_timeout,
            }),
            upstream,
            timeouts_in_a_row: 0,
            hung: None,
        })
    }

    /// Stops every server; their last lines of output, first server first.
    fn stop(&mut self) -> Vec<String> {
        let mut words = Vec::new();
        let replicas = self.instances.len() > 1;
        for (i, instance) in self.instances.iter_mut().enumerate() {
            if let Some(server) = &mut instance.server {
                server.stop();
                let last = server.output.last_words(10);
                if replicas && !last.is_empty() {
                    words.push(format!("── replica {i} ──"));
                }
                words.extend(last);
            }
        }
        words
    }
}

/// A check ready to run: its entry in the report (not yet run) and its
/// steps, drawn from the seed.
#[derive(Clone)]
pub struct Planned {
    pub result: CheckResult,
    pub steps: Vec<Step>,
}

/// Draws a suite check's steps from `seed`.
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

/// Starts `launch` (with what `needs` asks for), runs `planned` against it,
/// stops it, and fills `report` with the results and the server's last
/// words, or with why it could not start (every check then counts as not
/// run).
pub fn start_and_run(
    launch: &Launch,
    needs: &Needs,
    planned: Vec<Planned>,
    report: &mut Report,
    start_timeout: Duration,
    timeout: Duration,
    fail_fast: bool,
) {
    match Target::start(launch, needs, report.curl_base.clone(), start_timeout) {
        Err((error, output)) => report.could_not_run(
            start_error(&error, &output),
            planned.into_iter().map(|p| p.result).collect(),
        ),
        Ok(mut target) => {
            report.checks = run_planned(planned, &mut target, timeout, fail_fast);
            report.tally();
            // Stopped before the report is written, so its last words are in it.
            report.server_output = target.stop();
        }
    }
}

/// Runs planned checks in order, each in a session of its own. With
/// `fail_fast`, the checks after the first failure are not run (the
/// verdict is already "failed").
pub fn run_planned(
    planned: Vec<Planned>,
    target: &mut Target,
    timeout: Duration,
    fail_fast: bool,
) -> Vec<CheckResult> {
    let mut stop = false;
    planned
        .into_iter()
        .map(|Planned { mut result, steps }| {
            if stop {
                return result;
            }
            result.failure = match &target.hung {
                Some(reason) => Some(not_tried(reason)),
                None => {
                    let mut session = Session::default();
                    steps
                        .iter()
                        .find_map(|step| run_step(step, target, &mut session, timeout))
                }
            };
            let passed = result.failure.is_none();
            result.status = if passed {
                CheckStatus::Passed
            } else {
                CheckStatus::Failed
            };
            result.score = if passed { result.points } else { 0 };
            stop = fail_fast && !passed;
            result
        })
        .collect()
}

fn not_tried(reason: &str) -> Failure {
    Failure {
        method: String::new(),
        path: String::new(),
        curl: String::new(),
        expected: "an answer".to_string(),
        got: None,
        problems: vec![format!("not tried: {reason}")],
        why: None,
    }
}

/// What one failing step says: its request (or action) and the problems.
struct Failing<'a> {
    step: &'a Step,
    /// The request as sent (placeholders filled, cookies added).
    sent: Option<Request>,
    curl_base: &'a str,
}

impl Failing<'_> {
    fn fail(&self, got: Option<String>, problems: Vec<String>, why: Option<String>) -> Failure {
        let (method, path, curl) = match (&self.sent, self.step.request()) {
            (Some(sent), _) => (
                sent.method.clone(),
                sent.path.clone(),
                curl_of(self.step, sent, self.curl_base),
            ),
            (None, Some(request)) => (
                request.method.clone(),
                request.path.clone(),
                curl_of(self.step, request, self.curl_base),
            ),
            (None, None) => (
                String::new(),
                String::new(),
                describe_action(&self.step.action),
            ),
        };
        Failure {
            method,
            path,
            curl,
            expected: expected_of(self.step),
            got,
            problems,
            why,
        }
    }
}

/// The command line that reproduces a step's request.
fn curl_of(step: &Step, request: &Request, base: &str) -> String {
    match &step.action {
        Action::WsOpen { .. } => {
            let url = format!("{base}{}", request.path).replacen("http://", "ws://", 1);
            let mut line = format!("websocat {}", http::shell_quote(&url));
            for (name, value) in &request.headers {
                line.push_str(&format!(
                    " -H {}",
                    http::shell_quote(&format!("{name}: {value}"))
                ));
            }
            line
        }
        Action::Concurrent { count, .. } => {
            format!("{} (sent {count} times at once)", request.curl(base))
        }
        Action::OpenStream { .. } => request.curl(base).replacen("curl -i", "curl -iN", 1),
        _ => request.curl(base),
    }
}

/// A line saying what a step without a request does.
fn describe_action(action: &Action) -> String {
    match action {
        Action::ReadStream { name, text, .. } => {
            format!("read stream {name} until it holds {text:?}")
        }
        Action::WsSend { name, frame } => format!("send on WebSocket {name}: {frame}"),
        Action::WsExpect { name, .. } => format!("wait for a frame on WebSocket {name}"),
        Action::WsSilent { name, quiet } => {
            format!("listen on WebSocket {name} for {} s", quiet.as_secs_f32())
        }
        Action::WsClose { name } => format!("close WebSocket {name}"),
        Action::WsDrop { name } => format!("drop WebSocket {name} without a close frame"),
        Action::Restart => "restart the server in the same working directory".to_string(),
        Action::Terminate { .. } => "send SIGTERM to the server (kill -TERM)".to_string(),
        Action::UpstreamScript(replies) => format!("script the fake upstream API: {replies:?}"),
        Action::UpstreamCalls { count, .. } => {
            format!("wait for {count} call(s) to the fake upstream API")
        }
        Action::Pause(time) => format!("wait {} s", time.as_secs_f32()),
        Action::Verify { what, .. } => format!("verify: {what}"),
        Action::Tests { .. } => "cargo test".to_string(),
        Action::PeakMemory { name } => format!("read the server's peak memory as {name}"),
        Action::Http(_)
        | Action::Concurrent { .. }
        | Action::OpenStream { .. }
        | Action::WsOpen { .. } => String::new(),
    }
}

/// What the step expected, in one line.
fn expected_of(step: &Step) -> String {
    match &step.action {
        Action::WsOpen { accept: true, .. } => "the WebSocket handshake accepted (101)".to_string(),
        Action::WsOpen { accept: false, .. } => {
            "the WebSocket refused (a status other than 101, or closed at once)".to_string()
        }
        Action::WsExpect {
            frame: WsPattern::Frame(frame),
            ..
        } => frame.to_string(),
        Action::WsExpect {
            frame: WsPattern::Json(pattern),
            ..
        } => {
            format!("text {}", crate::expect::clip(&pattern.to_string(), 160))
        }
        Action::WsExpect {
            frame: WsPattern::End,
            ..
        } => "the socket ended (a close frame, or the connection dropped)".to_string(),
        Action::WsSilent { .. } => "no frame".to_string(),
        Action::ReadStream { text, within, .. } => {
            format!("{text:?} in the stream within {} s", within.as_secs_f32())
        }
        Action::Terminate { within } => format!(
            "the server exits by itself within {} s",
            within.as_secs_f32()
        ),
        Action::UpstreamCalls { count, exactly, .. } => {
            let calls = if *exactly {
                format!("exactly {count}")
            } else {
                format!("{count}")
            };
            let mut rest = step.expect.summary();
            // A request has no status: drop the leading "0".
            rest = rest
                .trim_start_matches('0')
                .trim_start_matches(", ")
                .to_string();
            if rest.is_empty() {
                format!("{calls} call(s)")
            } else {
                format!("{calls} call(s), the last with {rest}")
            }
        }
        Action::Http(_) | Action::Concurrent { .. } | Action::OpenStream { .. } => {
            step.expect.summary()
        }
        _ => "success".to_string(),
    }
}

/// Runs one step; `None` when all went as expected.
fn run_step(
    step: &Step,
    target: &mut Target,
    session: &mut Session,
    timeout: Duration,
) -> Option<Failure> {
    let curl_base = target.curl_base.clone();
    let mut failing = Failing {
        step,
        sent: None,
        curl_base: &curl_base,
    };
    let Some(instance) = target.instances.get_mut(step.instance) else {
        return Some(failing.fail(
            None,
            vec![format!(
                "this check needs replica {} but {} server(s) run: with --url, only one",
                step.instance,
                target.instances.len()
            )],
            None,
        ));
    };
    let addr = instance.addr;
    // A server that died earlier fails every later step the same clear way
    // (unless the step brings it back).
    if !matches!(step.action, Action::Restart)
        && let Some(server) = instance.server.as_mut()
        && let Some(status) = server.exited()
    {
        return Some(failing.fail(
            None,
            vec![format!(
                "the server is no longer running ({}); see its output below",
                describe_exit(status)
            )],
            None,
        ));
    }
    // After a request went unanswered, give the next ones less time.
    let limit = if target.timeouts_in_a_row > 0 {
        timeout.min(AFTER_A_TIMEOUT)
    } else {
        timeout
    };
    let prefixed = |request: &Request, session: &Session| -> Result<Request, String> {
        let mut ready = session.prepare(request).map_err(|e| e.to_string())?;
        ready.path = format!("{}{}", target.prefix, ready.path);
        Ok(ready)
    };
    match &step.action {
        Action::Http(request) => {
            let ready = match prefixed(request, session) {
                Ok(ready) => ready,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            failing.sent = Some(unprefixed(&ready, &target.prefix));
            let started = Instant::now();
            let mut answer = http::send(addr, &ready, limit);
            if step.follow_redirect
                && let Ok(response) = &answer
                && let Some(next) = redirect_target(response)
            {
                failing.sent = Some(next.clone());
                answer = http::send(addr, &next, limit);
            }
            let elapsed = started.elapsed();
            let answer = answer.map_err(|err| transport(err, target, step.instance, limit));
            match answer {
                Ok(response) => {
                    target.timeouts_in_a_row = 0;
                    session.keep_cookies(&response);
                    compare(step, &response, elapsed, session, &failing)
                }
                Err(problem) => Some(failing.fail(None, vec![problem], None)),
            }
        }
        Action::Concurrent { count, request } => {
            let ready = match prefixed(request, session) {
                Ok(ready) => ready,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            failing.sent = Some(unprefixed(&ready, &target.prefix));
            let answers: Vec<Result<Response, HttpError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..*count)
                    .map(|_| scope.spawn(|| http::send(addr, &ready, timeout)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(HttpError::Io(std::io::Error::other("panicked")))
                        })
                    })
                    .collect()
            });
            let mut wrong = Vec::new();
            let mut saved: Vec<Vec<Value>> = vec![Vec::new(); step.saves.len()];
            for (i, answer) in answers.iter().enumerate() {
                match answer {
                    Ok(response) => {
                        let problems = expectation(step, session)
                            .map_or_else(|e| vec![e], |e| e.compare(response));
                        if !problems.is_empty() {
                            wrong.push((i, Some(summarise(response)), problems));
                            continue;
                        }
                        for (slot, save) in saved.iter_mut().zip(&step.saves) {
                            if let Ok((_, value)) = saved_value(save, response, Duration::ZERO) {
                                slot.push(value);
                            }
                        }
                    }
                    Err(err) => wrong.push((i, None, vec![err.to_string()])),
                }
            }
            if let Some((_, got, problems)) = wrong.first() {
                let mut lines = vec![format!(
                    "{} of the {count} answers were not as expected; the first:",
                    wrong.len()
                )];
                lines.extend(problems.iter().cloned());
                return Some(failing.fail(got.clone(), lines, None));
            }
            for (save, values) in step.saves.iter().zip(saved) {
                session.set(save_name(save), Value::Array(values));
            }
            None
        }
        Action::OpenStream { name, request } => {
            let ready = match prefixed(request, session) {
                Ok(ready) => ready,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            failing.sent = Some(unprefixed(&ready, &target.prefix));
            match http::open_stream(addr, &ready, limit) {
                Ok(stream) => {
                    target.timeouts_in_a_row = 0;
                    let head = Response {
                        status: stream.status,
                        headers: stream.headers.clone(),
                        body: Vec::new(),
                    };
                    let mut expect = step.expect.clone();
                    expect.body = Body::Any;
                    let problems = expect.compare(&head);
                    session.streams.insert(name, stream);
                    (!problems.is_empty())
                        .then(|| failing.fail(Some(summarise(&head)), problems, None))
                }
                Err(err) => {
                    let problem = transport(err, target, step.instance, limit);
                    Some(failing.fail(None, vec![problem], None))
                }
            }
        }
        Action::ReadStream { name, text, within } => {
            let Some(stream) = session.streams.get_mut(name) else {
                return Some(failing.fail(
                    None,
                    vec![format!("no stream named {name} is open")],
                    None,
                ));
            };
            let needle = text.as_bytes();
            let found = |body: &[u8]| body.windows(needle.len().max(1)).any(|w| w == needle);
            match stream.read_until(*within, found) {
                Ok(()) if found(&stream.body) => None,
                Ok(()) => Some(failing.fail(
                    Some(format!(
                        "the stream ended after {}",
                        describe_body(&stream.body)
                    )),
                    vec![format!("stream {name}: {text:?} never came")],
                    None,
                )),
                Err(err) => Some(failing.fail(
                    Some(format!("so far {}", describe_body(&stream.body))),
                    vec![format!("stream {name}: {text:?} did not arrive: {err}")],
                    None,
                )),
            }
        }
        Action::WsOpen {
            name,
            request,
            accept,
        } => {
            let ready = match prefixed(request, session) {
                Ok(ready) => ready,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            failing.sent = Some(unprefixed(&ready, &target.prefix));
            match (ws::open(addr, &ready.path, &ready.headers, limit), accept) {
                (Ok(Opened::Open(socket)), true) => {
                    session.sockets.insert(name, socket);
                    None
                }
                (Ok(Opened::Refused { status }), true) => Some(failing.fail(
                    Some(format!("{status}")),
                    vec![format!("the handshake was refused with status {status}")],
                    None,
                )),
                (Ok(Opened::Refused { .. }), false) => None,
                (Ok(Opened::Open(mut socket)), false) => match socket.receive(AFTER_A_TIMEOUT) {
                    Ok(Frame::Close(_)) => None,
                    other => Some(failing.fail(
                        Some(match other {
                            Ok(frame) => format!("accepted, then {frame}"),
                            Err(err) => format!("accepted ({err})"),
                        }),
                        vec!["the server accepted the WebSocket; it must refuse it".to_string()],
                        None,
                    )),
                },
                (Err(err), _) => Some(failing.fail(None, vec![err.to_string()], None)),
            }
        }
        Action::WsSend { name, frame } => {
            let frame = match frame {
                Frame::Text(text) => match session.fill(text) {
                    Ok(text) => Frame::Text(text),
                    Err(e) => return Some(failing.fail(None, vec![e.to_string()], None)),
                },
                other => other.clone(),
            };
            let socket = match open_socket(session, name) {
                Ok(socket) => socket,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            socket
                .send(&frame)
                .err()
                .map(|err| failing.fail(None, vec![format!("sending on {name}: {err}")], None))
        }
        Action::WsExpect {
            name,
            frame,
            within,
        } => {
            let pattern = match frame {
                WsPattern::Json(pattern) => match session.fill_json(pattern) {
                    Ok(pattern) => WsPattern::Json(pattern),
                    Err(e) => return Some(failing.fail(None, vec![e.to_string()], None)),
                },
                WsPattern::Frame(Frame::Text(text)) => match session.fill(text) {
                    Ok(text) => WsPattern::Frame(Frame::Text(text)),
                    Err(e) => return Some(failing.fail(None, vec![e.to_string()], None)),
                },
                other => other.clone(),
            };
            let socket = match open_socket(session, name) {
                Ok(socket) => socket,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            match socket.receive(*within) {
                Ok(got) => {
                    let problems = compare_frame(&pattern, &got);
                    (!problems.is_empty())
                        .then(|| failing.fail(Some(got.to_string()), problems, None))
                }
                Err(ws::WsError::Closed) if pattern == WsPattern::End => None,
                Err(err) => {
                    Some(failing.fail(None, vec![format!("WebSocket {name}: {err}")], None))
                }
            }
        }
        Action::WsSilent { name, quiet } => {
            let socket = match open_socket(session, name) {
                Ok(socket) => socket,
                Err(problem) => return Some(failing.fail(None, vec![problem], None)),
            };
            match socket.receive(*quiet) {
                Err(ws::WsError::Timeout { .. }) => None,
                Ok(frame) => Some(failing.fail(
                    Some(frame.to_string()),
                    vec![format!(
                        "WebSocket {name} received a frame it should not have"
                    )],
                    None,
                )),
                Err(err) => {
                    Some(failing.fail(None, vec![format!("WebSocket {name}: {err}")], None))
                }
            }
        }
        Action::WsClose { name } => {
            if let Some(socket) = session.sockets.remove(name) {
                socket.close();
            }
            None
        }
        Action::WsDrop { name } => {
            drop(session.sockets.remove(name));
            None
        }
        Action::Restart => restart(target, step.instance)
            .err()
            .map(|problem| failing.fail(None, vec![problem], None)),
        Action::Terminate { within } => {
            let Some(server) = target.instances[step.instance].server.as_mut() else {
                return Some(failing.fail(
                    None,
                    vec!["this check stops the server, which the checker can do only for a server it started (not --url)".to_string()],
                    None,
                ));
            };
            match server.terminate(*within) {
                (_, true) => None,
                (status, false) => Some(failing.fail(
                    status.map(|s| format!("it was killed after {} s ({})", within.as_secs_f32(), describe_exit(s))),
                    vec![format!("the server did not exit within {} s of SIGTERM", within.as_secs_f32())],
                    Some("stop accepting, finish what is in flight, then return from main: axum's `with_graceful_shutdown`".to_string()),
                )),
            }
        }
        Action::UpstreamScript(replies) => match &target.upstream {
            Some(upstream) => {
                upstream.script(replies.clone());
                None
            }
            None => Some(failing.fail(None, vec![no_upstream(target.relaunch.is_none())], None)),
        },
        Action::UpstreamCalls {
            count,
            within,
            exactly,
        } => {
            let Some(upstream) = &target.upstream else {
                return Some(failing.fail(
                    None,
                    vec![no_upstream(target.relaunch.is_none())],
                    None,
                ));
            };
            let calls = upstream.wait_for(if *exactly { count + 1 } else { *count }, *within);
            if calls.len() < *count {
                return Some(failing.fail(
                    Some(format!("{} call(s)", calls.len())),
                    vec![format!(
                        "{} of the {count} expected call(s) reached the upstream API within {} s",
                        calls.len(),
                        within.as_secs_f32()
                    )],
                    None,
                ));
            }
            if *exactly && calls.len() > *count {
                return Some(failing.fail(
                    Some(format!("{} calls", calls.len())),
                    vec![format!(
                        "{} calls reached the upstream API; expected exactly {count}",
                        calls.len()
                    )],
                    None,
                ));
            }
            let last = &calls[count - 1];
            let as_response = Response {
                status: 0,
                headers: last.headers.clone(),
                body: last.body.clone(),
            };
            let problems = match expectation(step, session) {
                Ok(expect) => expect.compare(&as_response),
                Err(problem) => vec![problem],
            };
            let problems: Vec<String> = problems
                .into_iter()
                .map(|p| format!("call {count}: {p}"))
                .collect();
            (!problems.is_empty()).then(|| {
                failing.fail(
                    Some(format!(
                        "{} {} with {}",
                        last.method,
                        last.path,
                        describe_body(&last.body)
                    )),
                    problems,
                    None,
                )
            })
        }
        Action::Pause(time) => {
            std::thread::sleep(*time);
            None
        }
        Action::PeakMemory { name } => {
            let Some(server) = target.instances[step.instance].server.as_ref() else {
                return Some(failing.fail(
                    None,
                    vec!["this check reads the server's memory, which the checker can do only for a server it started (not --url)".to_string()],
                    None,
                ));
            };
            let mib = server
                .peak_memory_kib()
                .map_or(Value::Null, |kib| serde_json::json!(kib as f64 / 1024.0));
            session.set(name, mib);
            None
        }
        Action::Verify { verify, .. } => {
            let problems = (verify.0)(session);
            (!problems.is_empty()).then(|| failing.fail(None, problems, None))
        }
        // Run by `planted`, never against a server: a suite mixing them is
        // told so here rather than passing.
        Action::Tests { .. } => Some(failing.fail(
            None,
            vec![
                    "this step runs tests, and this chapter checks a server (a bug in the suite)"
                        .into(),
                ],
            None,
        )),
    }
}

fn open_socket<'s>(session: &'s mut Session, name: &str) -> Result<&'s mut ws::Socket, String> {
    session
        .sockets
        .get_mut(name)
        .map(|socket| &mut **socket)
        .ok_or_else(|| format!("no WebSocket named {name} is open"))
}

/// Why a step about the fake upstream API cannot run.
fn no_upstream(url_mode: bool) -> String {
    if url_mode {
        // The server was started by someone else, before the fake API
        // existed: nothing can tell it where the API listens.
        "this check needs the fake API the checker runs beside a server it starts itself, \
         and passes to it in an environment variable; a server given by --url cannot be told \
         its address: run the checker without --url"
            .to_string()
    } else {
        "this chapter's suite uses a fake upstream API but names no environment variable for it \
         (Needs::upstream_env)"
            .to_string()
    }
}

/// The request as the curl line should show it: without the `--url` prefix,
/// which the curl base already holds.
fn unprefixed(request: &Request, prefix: &str) -> Request {
    let mut shown = request.clone();
    if let Some(path) = shown.path.strip_prefix(prefix) {
        shown.path = path.to_string();
    }
    shown
}

/// The step's expectation with saved values put into its JSON and into
/// the header values it expects exactly (`idempotency-key: {{id}}`).
fn expectation(step: &Step, session: &Session) -> Result<Expect, String> {
    let mut expect = step.expect.clone();
    if let Body::Json(pattern) = &expect.body {
        expect.body = Body::Json(session.fill_json(pattern).map_err(|e| e.to_string())?);
    }
    for rule in &mut expect.headers {
        if let HeaderRule::Equals(_, value) = rule {
            *value = session.fill(value).map_err(|e| e.to_string())?.into();
        }
    }
    Ok(expect)
}

/// Compares an answer, then keeps what the step saves.
fn compare(
    step: &Step,
    response: &Response,
    elapsed: Duration,
    session: &mut Session,
    failing: &Failing<'_>,
) -> Option<Failure> {
    let mut problems = match expectation(step, session) {
        Ok(expect) => expect.compare(response),
        Err(problem) => vec![problem],
    };
    if let Some(limit) = step.expect.within
        && elapsed > limit
    {
        problems.push(format!(
            "time: the answer took {:.2} s; it must come within {:.2} s",
            elapsed.as_secs_f64(),
            limit.as_secs_f64()
        ));
    }
    if problems.is_empty() {
        for save in &step.saves {
            match saved_value(save, response, elapsed) {
                Ok((name, value)) => session.set(name, value),
                Err(problem) => problems.push(problem),
            }
        }
    }
    if problems.is_empty() {
        return None;
    }
    let why = explain(&step.expect, response).map(str::to_string);
    Some(failing.fail(Some(summarise(response)), problems, why))
}

/// The request a browser makes after a redirect to a path on the same
/// server: `GET location`. `None` for any other answer.
fn redirect_target(response: &Response) -> Option<Request> {
    if !(300..400).contains(&response.status) {
        return None;
    }
    let location = response.header("location")?;
    location
        .starts_with('/')
        .then(|| Request::new("GET", location))
}

fn save_name(save: &Save) -> &'static str {
    match save {
        Save::Json { name, .. }
        | Save::Header { name, .. }
        | Save::Elapsed { name }
        | Save::Text { name } => name,
    }
}

fn saved_value(
    save: &Save,
    response: &Response,
    elapsed: Duration,
) -> Result<(&'static str, Value), String> {
    match save {
        Save::Json { name, pointer } => serde_json::from_slice::<Value>(&response.body)
            .ok()
            .and_then(|body| body.pointer(pointer).cloned())
            .map(|value| (*name, value))
            .ok_or_else(|| format!("body: no value at {pointer} to remember as {name}")),
        Save::Header { name, header } => response
            .header(header)
            .map(|value| (*name, Value::String(value.to_string())))
            .ok_or_else(|| format!("header {header}: missing; it was to be remembered as {name}")),
        Save::Elapsed { name } => Ok((*name, serde_json::json!(elapsed.as_secs_f64()))),
        Save::Text { name } => Ok((
            *name,
            Value::String(String::from_utf8_lossy(&response.body).into_owned()),
        )),
    }
}

fn compare_frame(pattern: &WsPattern, got: &Frame) -> Vec<String> {
    match (pattern, got) {
        (WsPattern::Frame(Frame::Close(None)) | WsPattern::End, Frame::Close(_)) => Vec::new(),
        (WsPattern::End, got) => vec![format!(
            "frame: expected the socket to end (a close frame, or the connection dropped), got {got}"
        )],
        (WsPattern::Frame(want), got) if want == got => Vec::new(),
        (WsPattern::Frame(want), got) => vec![format!("frame: expected {want}, got {got}")],
        (WsPattern::Json(pattern), Frame::Text(text)) => {
            match serde_json::from_str::<Value>(text) {
                Ok(value) => {
                    let mut problems = Vec::new();
                    diff_json(pattern, &value, "frame", &mut problems);
                    problems
                }
                Err(err) => vec![format!(
                    "frame: expected JSON, got {:?} ({err})",
                    crate::expect::clip(text, 160)
                )],
            }
        }
        (WsPattern::Json(_), got) => vec![format!("frame: expected a JSON text frame, got {got}")],
    }
}

/// A transport error in words, noting a crash and counting timeouts; after
/// two requests in a row go unanswered the server is judged hung.
fn transport(err: HttpError, target: &mut Target, instance: usize, limit: Duration) -> String {
    let mut problem = err.to_string();
    if let Some(server) = target.instances[instance].server.as_mut() {
        // Give a crashing process a moment to be reaped.
        std::thread::sleep(Duration::from_millis(100));
        if let Some(status) = server.exited() {
            problem = format!(
                "the server crashed while answering ({}): {problem}",
                describe_exit(status)
            );
        }
    }
    if matches!(err, HttpError::Timeout { .. }) {
        target.timeouts_in_a_row += 1;
        if target.timeouts_in_a_row >= 2 {
            target.hung = Some(format!(
                "the server stopped answering (two requests in a row got nothing, the last within {} s); \
                 the checker stopped waiting for it",
                limit.as_secs_f32()
            ));
        }
    } else {
        target.timeouts_in_a_row = 0;
    }
    problem
}

/// Stops the server and starts it again in the same working directory.
fn restart(target: &mut Target, instance: usize) -> Result<(), String> {
    let Some(relaunch) = &target.relaunch else {
        return Err(
            "this check restarts the server, which the checker can do only for a server it started (not --url)"
                .to_string(),
        );
    };
    let slot = &mut target.instances[instance];
    if let Some(old) = slot.server.as_mut() {
        old.stop();
    }
    match Server::start_in(
        &relaunch.launch,
        relaunch.workdir.clone(),
        &relaunch.env,
        relaunch.start_timeout,
    ) {
        Ok(server) => {
            slot.addr = server.addr;
            slot.server = Some(server);
            Ok(())
        }
        Err((error, output)) => Err(format!(
            "the server did not start again: {error}{}",
            output
                .last_words(5)
                .iter()
                .map(|l| format!("\n    {l}"))
                .collect::<String>()
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expected_header_value_takes_a_saved_value() {
        let step = crate::suite::get("/").header_is("idempotency-key", "{{id}}");
        let mut session = Session::default();
        session.set("id", Value::String("n-42".into()));
        let expect = expectation(&step, &session).unwrap();
        let answer = |key: &str| Response {
            status: 200,
            headers: vec![("idempotency-key".into(), key.into())],
            body: Vec::new(),
        };
        assert!(expect.compare(&answer("n-42")).is_empty());
        assert!(!expect.compare(&answer("n-43")).is_empty());
        let unsaved = crate::suite::get("/").header_is("x", "{{nope}}");
        assert!(expectation(&unsaved, &session).is_err());
    }
}
