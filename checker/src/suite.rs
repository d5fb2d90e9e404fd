//! The shape of a suite: a chapter is a list of checks, a check is a list of
//! steps (most of them request → expectation). Suites in `suites/` are
//! written with the builders here so that each reads like the contract table
//! in the book:
//!
//! ```
//! use checker::suite::get;
//! use serde_json::json;
//! let step = get("/").status(200).json(json!({"message": "Hello World"}));
//! ```
//!
//! # Sessions: steps that use earlier answers
//!
//! A check's steps run in one session. A step can remember part of its
//! answer (`.save("token", "/access_token")`: a JSON pointer into the body)
//! and later steps use it as `{{token}}` in a path, a header, a body or an
//! expected JSON value (a JSON string that is exactly `"{{id}}"` stands for
//! the saved value itself, number or string). Cookies the server sets are
//! kept and sent back, as a browser would. Curl lines show what was really
//! sent.
//!
//! ```
//! use checker::suite::{get, post};
//! use serde_json::json;
//! let steps = vec![
//!     post("/token")
//!         .send_form(&[("username", "johndoe"), ("password", "secret")])
//!         .json(json!({"access_token": "<<string>>", "token_type": "bearer"}))
//!         .save("token", "/access_token"),
//!     get("/users/me").bearer("{{token}}").status(200),
//! ];
//! ```
//!
//! Beyond one request: [`concurrently`] (the same request N times at once),
//! WebSockets ([`ws_open`], [`ws_send`], [`ws_expect`], [`ws_close`],
//! [`ws_drop`]; several named sockets in one check), a
//! streamed answer read bit by bit ([`open_stream`], [`read_stream`]), the
//! server restarted in the same working directory ([`restart`]) or stopped
//! with SIGTERM ([`terminate`]), a second replica (`.on(1)` with
//! [`Needs::replicas`]), and a fake upstream API the server calls
//! ([`upstream_script`], [`upstream_calls`] with [`Needs::upstream_env`]),
//! and the server's peak memory ([`peak_memory`]).

use std::time::Duration;

use serde_json::Value;

use crate::expect::{Body, Expect, HeaderRule};
use crate::harness::http::{Part, Request};
use crate::harness::session::Session;
use crate::harness::upstream::Reply;
use crate::harness::ws::Frame;
use crate::seed::Rng;

/// One chapter's suite.
pub struct Chapter {
    pub number: u8,
    /// The folder name after the number: `chapters/01-hello-world`.
    pub slug: &'static str,
    pub title: &'static str,
    /// What the server needs besides itself (replicas, a fake upstream).
    pub needs: Needs,
    pub checks: Vec<Check>,
}

/// What a chapter's server needs around it, set up before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// How many copies of the server run at once, in one working directory
    /// (state shared through a database or Redis must hold across them).
    pub replicas: usize,
    /// The environment variable that tells the server where the fake
    /// upstream API listens (`EMAIL_API_URL`), when the chapter has one.
    pub upstream_env: Option<&'static str>,
    /// A chapter whose learners write tests, not a server: the app they
    /// test, as given. Its checks are [`tests_given`] and [`tests_with`].
    pub given: Option<Given>,
}

/// The files of an app given to the learner, as the checker knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    /// (path in the crate, text).
    pub files: &'static [(&'static str, &'static str)],
}

/// A bug planted in a given file: `search` (there exactly once) becomes
/// `replace`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plant {
    pub file: &'static str,
    pub search: &'static str,
    pub replace: &'static str,
}

impl Needs {
    /// One server, nothing else.
    pub const NOTHING: Needs = Needs {
        replicas: 1,
        upstream_env: None,
        given: None,
    };
}

impl Default for Needs {
    fn default() -> Self {
        Needs::NOTHING
    }
}

impl Chapter {
    /// `01-hello-world`
    pub fn dir_name(&self) -> String {
        format!("{:02}-{}", self.number, self.slug)
    }

    /// The book page for this chapter, relative to `book/src`.
    pub fn page(&self) -> String {
        format!("ch{}.md", self.dir_name())
    }
}

/// One check: a behaviour of the contract, proven by one or more requests.
pub struct Check {
    /// `01.2`: chapter, then position.
    pub id: &'static str,
    /// A sentence about behaviour, shown on pass and fail.
    pub title: &'static str,
    pub points: u32,
    /// Who proves the check right (see [`Oracle`]).
    pub oracle: Oracle,
    /// What to try, shown when the check fails.
    pub hint: &'static str,
    /// The section of the chapter's book page that teaches it (its heading).
    pub read: &'static str,
    /// The requests and what each must get back. Inputs a starter could
    /// hard-code are drawn from `rng`, which the run's `--seed` fixes.
    pub steps: fn(&mut Rng) -> Vec<Step>,
}

/// Every check is proven against FastAPI unless it says why it cannot be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Oracle {
    /// The FastAPI tutorial module (under `docs_src/`) that must pass it:
    /// `first_steps.tutorial001`.
    FastApi(&'static str),
    /// No FastAPI app has this behaviour; the reason is stated.
    None { why: &'static str },
}

/// One step of a check: what to do, and what must come of it.
#[derive(Debug, Clone)]
pub struct Step {
    pub action: Action,
    /// For requests: what the answer must be. For other actions, see
    /// [`Action`].
    pub expect: Expect,
    /// Parts of the answer to remember for later steps.
    pub saves: Vec<Save>,
    /// Which replica receives it (0, the first, unless `.on(n)`).
    pub instance: usize,
    /// A request step follows one redirect (3xx with a `location` path on
    /// the same server) and compares the page it leads to, as a browser
    /// would. Off unless `.follow_redirect()`: API routes are compared as
    /// answered.
    pub follow_redirect: bool,
}

/// What a step does.
#[derive(Debug, Clone)]
pub enum Action {
    /// Sends one request and compares the answer.
    Http(Request),
    /// Sends `count` copies of a request at once; every answer must meet the
    /// expectation. A save keeps a JSON array of every answer's value.
    Concurrent {
        count: usize,
        request: Request,
    },
    /// Sends a request and keeps its answer open as `name`, to read later
    /// (server-sent events, a streamed download). Status and headers are
    /// compared at once.
    OpenStream {
        name: &'static str,
        request: Request,
    },
    /// Reads stream `name` until its body holds `text`, within `within`.
    ReadStream {
        name: &'static str,
        text: String,
        within: Duration,
    },
    /// Opens a WebSocket as `name`. `accept: false` expects the handshake to
    /// be refused (any status but 101) or the socket closed at once.
    WsOpen {
        name: &'static str,
        request: Request,
        accept: bool,
    },
    WsSend {
        name: &'static str,
        frame: Frame,
    },
    /// Waits for the next frame on `name` and compares it (text frames to a
    /// JSON pattern when `json` is set, else exactly).
    WsExpect {
        name: &'static str,
        frame: WsPattern,
        within: Duration,
    },
    /// Expects no frame on `name` for `quiet`.
    WsSilent {
        name: &'static str,
        quiet: Duration,
    },
    WsClose {
        name: &'static str,
    },
    /// Drops `name` without a closing handshake (a client whose network
    /// went away: the server sees the connection end, or a reset).
    WsDrop {
        name: &'static str,
    },
    /// Stops the server (SIGTERM, then SIGKILL) and starts it again in the
    /// same working directory: what it wrote there must still be there.
    Restart,
    /// Sends SIGTERM and expects the server to exit by itself within
    /// `within` (a graceful shutdown). Later steps need a [`restart`].
    Terminate {
        within: Duration,
    },
    /// Sets how the fake upstream answers the next calls (and forgets the
    /// calls so far).
    UpstreamScript(Vec<Reply>),
    /// Waits until `count` calls reached the fake upstream (within
    /// `within`); the last one is compared to the step's expectation as a
    /// request (its headers and JSON body; status is not looked at).
    /// `exactly` also fails on more calls than `count` after `within`.
    UpstreamCalls {
        count: usize,
        within: Duration,
        exactly: bool,
    },
    /// Waits, to give background work time.
    Pause(Duration),
    /// Runs the learner's tests against the given app, with `plant`
    /// planted: with none, every test must pass; with a bug, some test
    /// must fail. Only in a chapter with [`Needs::given`].
    Tests {
        plant: Option<Plant>,
    },
    /// Remembers the server's peak resident memory so far, in MiB, as
    /// `name`: Linux's `VmHWM`, or `null` where the system does not tell.
    /// Only a server the checker started can be looked at (not `--url`).
    PeakMemory {
        name: &'static str,
    },
    /// A rule over what the session remembered, for what no single answer
    /// shows (timings compared, ids all distinct). Returns the problems.
    Verify {
        what: &'static str,
        verify: Rule,
    },
}

/// A rule of a [`Action::Verify`] step. Shown by what it checks, never by
/// its address: a planned check's text must be the same in every run (the
/// grader keys saved results on it).
#[derive(Clone, Copy)]
pub struct Rule(pub fn(&Session) -> Vec<String>);

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rule")
    }
}

/// A frame a WebSocket step expects.
#[derive(Debug, Clone, PartialEq)]
pub enum WsPattern {
    /// Exactly this frame (a close frame's code, when given, must match).
    Frame(Frame),
    /// A text frame whose JSON matches this pattern (as in bodies).
    Json(Value),
    /// The end of the socket: a close frame with any code, or the
    /// connection dropped without one (uvicorn's answer to an app that
    /// raised).
    End,
}

/// Something to remember from an answer, by name.
#[derive(Debug, Clone, PartialEq)]
pub enum Save {
    /// A value in the JSON body, by JSON pointer (`/access_token`, `/id`).
    Json {
        name: &'static str,
        pointer: &'static str,
    },
    /// A header's value, as a string.
    Header {
        name: &'static str,
        header: &'static str,
    },
    /// How long the answer took, in seconds.
    Elapsed { name: &'static str },
    /// The whole body as text (an HTML page, a script), as a JSON string.
    Text { name: &'static str },
}

impl Step {
    /// A step that sends `request` and expects `expect`.
    pub fn new(request: Request, expect: Expect) -> Self {
        Step::of(Action::Http(request), expect)
    }

    fn of(action: Action, expect: Expect) -> Self {
        Step {
            action,
            expect,
            saves: Vec::new(),
            instance: 0,
            follow_redirect: false,
        }
    }

    /// The request this step sends, if it sends one.
    pub fn request(&self) -> Option<&Request> {
        match &self.action {
            Action::Http(request)
            | Action::Concurrent { request, .. }
            | Action::OpenStream { request, .. }
            | Action::WsOpen { request, .. } => Some(request),
            _ => None,
        }
    }

    fn request_mut(&mut self) -> &mut Request {
        match &mut self.action {
            Action::Http(request)
            | Action::Concurrent { request, .. }
            | Action::OpenStream { request, .. }
            | Action::WsOpen { request, .. } => request,
            other => panic!("a suite adds request details to a step that sends none: {other:?}"),
        }
    }

    /// The same request, sent another way (at once N times, as a stream).
    fn instead(mut self, action: impl FnOnce(Request) -> Action) -> Self {
        let Action::Http(request) = self.action else {
            panic!("a suite turns a step that sends no request into one that does");
        };
        self.action = action(request);
        self
    }

    fn with_request(mut self, change: impl FnOnce(Request) -> Request) -> Self {
        let request = std::mem::replace(self.request_mut(), Request::new("GET", "/"));
        *self.request_mut() = change(request);
        self
    }
}

/// `GET path`, expecting 200 until told otherwise.
pub fn get(path: impl Into<String>) -> Step {
    request("GET", path)
}

/// `POST path`, expecting 200 until told otherwise.
pub fn post(path: impl Into<String>) -> Step {
    request("POST", path)
}

/// Any method.
pub fn request(method: &str, path: impl Into<String>) -> Step {
    Step::new(Request::new(method, path), Expect::status(200))
}

/// `count` copies of `step`'s request sent at once.
pub fn concurrently(count: usize, step: Step) -> Step {
    step.instead(|request| Action::Concurrent { count, request })
}

/// Opens a streamed answer to `step`'s request, kept as `name`.
pub fn open_stream(name: &'static str, step: Step) -> Step {
    step.instead(|request| Action::OpenStream { name, request })
}

/// Reads stream `name` until its body holds `text`.
pub fn read_stream(name: &'static str, text: impl Into<String>, within: Duration) -> Step {
    Step::of(
        Action::ReadStream {
            name,
            text: text.into(),
            within,
        },
        Expect::status(200),
    )
}

/// Opens a WebSocket at `path` as `name`; the handshake must succeed (101).
pub fn ws_open(name: &'static str, path: impl Into<String>) -> Step {
    Step::of(
        Action::WsOpen {
            name,
            request: Request::new("GET", path),
            accept: true,
        },
        Expect::status(101),
    )
}

/// Opens a WebSocket at `path` that the server must refuse (any status but
/// 101, or a close frame before anything else).
pub fn ws_refused(name: &'static str, path: impl Into<String>) -> Step {
    Step::of(
        Action::WsOpen {
            name,
            request: Request::new("GET", path),
            accept: false,
        },
        Expect::status(101),
    )
}

pub fn ws_send(name: &'static str, text: impl Into<String>) -> Step {
    Step::of(
        Action::WsSend {
            name,
            frame: Frame::Text(text.into()),
        },
        Expect::status(101),
    )
}

/// Sends a binary frame on `name`.
pub fn ws_send_binary(name: &'static str, bytes: Vec<u8>) -> Step {
    Step::of(
        Action::WsSend {
            name,
            frame: Frame::Binary(bytes),
        },
        Expect::status(101),
    )
}

/// The next frame on `name` must be this text, within 5 s.
pub fn ws_expect(name: &'static str, text: impl Into<String>) -> Step {
    ws_expect_frame(name, WsPattern::Frame(Frame::Text(text.into())))
}

/// The next frame on `name` must be JSON matching `pattern`, within 5 s.
pub fn ws_expect_json(name: &'static str, pattern: Value) -> Step {
    ws_expect_frame(name, WsPattern::Json(pattern))
}

/// The server must close `name` (with `code`, when given), within 5 s.
pub fn ws_expect_close(name: &'static str, code: Option<u16>) -> Step {
    ws_expect_frame(name, WsPattern::Frame(Frame::Close(code)))
}

fn ws_expect_frame(name: &'static str, frame: WsPattern) -> Step {
    Step::of(
        Action::WsExpect {
            name,
            frame,
            within: Duration::from_secs(5),
        },
        Expect::status(101),
    )
}

/// The server must end `name` within 5 s: a close frame with any code, or
/// the connection dropped without one.
pub fn ws_expect_end(name: &'static str) -> Step {
    ws_expect_frame(name, WsPattern::End)
}

/// No frame may arrive on `name` for `quiet`.
pub fn ws_silent(name: &'static str, quiet: Duration) -> Step {
    Step::of(Action::WsSilent { name, quiet }, Expect::status(101))
}

pub fn ws_close(name: &'static str) -> Step {
    Step::of(Action::WsClose { name }, Expect::status(101))
}

/// Drops `name` without a close frame, as a client that vanished would.
pub fn ws_drop(name: &'static str) -> Step {
    Step::of(Action::WsDrop { name }, Expect::status(101))
}

/// Restarts the server in the same working directory.
pub fn restart() -> Step {
    Step::of(Action::Restart, Expect::status(200))
}

/// SIGTERM: the server must exit by itself within `within`.
pub fn terminate(within: Duration) -> Step {
    Step::of(Action::Terminate { within }, Expect::status(200))
}

/// The fake upstream answers the next calls so (then 200 `{"ok": true}`).
pub fn upstream_script(replies: Vec<Reply>) -> Step {
    Step::of(Action::UpstreamScript(replies), Expect::status(200))
}

/// At least `count` calls reach the fake upstream within `within`; the last
/// must match the headers and JSON the step names.
pub fn upstream_calls(count: usize, within: Duration) -> Step {
    Step::of(
        Action::UpstreamCalls {
            count,
            within,
            exactly: false,
        },
        Expect::status(0),
    )
}

/// Exactly `count` calls, and no more within `within` (retries stop).
pub fn upstream_exactly(count: usize, within: Duration) -> Step {
    Step::of(
        Action::UpstreamCalls {
            count,
            within,
            exactly: true,
        },
        Expect::status(0),
    )
}

pub fn pause(time: Duration) -> Step {
    Step::of(Action::Pause(time), Expect::status(200))
}

/// Runs the learner's tests against the app as given: all must pass.
pub fn tests_given() -> Step {
    Step::of(Action::Tests { plant: None }, Expect::status(200))
}

/// Runs the learner's tests with one bug planted in the given app: some
/// test must fail.
pub fn tests_with(file: &'static str, search: &'static str, replace: &'static str) -> Step {
    let plant = Plant {
        file,
        search,
        replace,
    };
    Step::of(Action::Tests { plant: Some(plant) }, Expect::status(200))
}

/// Remembers the server's peak memory so far (MiB) as `name`; compare two
/// with a [`verify`] rule to see what one request cost.
pub fn peak_memory(name: &'static str) -> Step {
    Step::of(Action::PeakMemory { name }, Expect::status(200))
}

/// A rule over the session's saved values (`what` names it in reports).
pub fn verify(what: &'static str, verify: fn(&Session) -> Vec<String>) -> Step {
    Step::of(
        Action::Verify {
            what,
            verify: Rule(verify),
        },
        Expect::status(200),
    )
}

impl Step {
    /// Sends this JSON body with `content-type: application/json`.
    pub fn send_json(self, body: Value) -> Self {
        self.with_request(|r| r.json(&body))
    }

    /// Sends an HTML form (`application/x-www-form-urlencoded`).
    pub fn send_form(self, fields: &[(&str, &str)]) -> Self {
        self.with_request(|r| r.form(fields))
    }

    /// Sends `multipart/form-data` (fields and files).
    pub fn send_multipart(self, parts: &[Part]) -> Self {
        self.with_request(|r| r.multipart(parts))
    }

    /// Sends `authorization: Bearer TOKEN` (usually `{{token}}`).
    pub fn bearer(self, token: &str) -> Self {
        self.send_header("authorization", &format!("Bearer {token}"))
    }

    /// Remembers the body's value at `pointer` as `name`.
    pub fn save(mut self, name: &'static str, pointer: &'static str) -> Self {
        self.saves.push(Save::Json { name, pointer });
        self
    }

    /// Remembers a header's value as `name`.
    pub fn save_header(mut self, name: &'static str, header: &'static str) -> Self {
        self.saves.push(Save::Header { name, header });
        self
    }

    /// Remembers the whole body, as text, as `name` (for a [`verify`] rule
    /// about a page that is not JSON).
    pub fn save_text(mut self, name: &'static str) -> Self {
        self.saves.push(Save::Text { name });
        self
    }

    /// Follows one redirect to a path on the same server, as a browser
    /// would, and compares the page it leads to (see [`Step::follow_redirect`]).
    pub fn follow_redirect(mut self) -> Self {
        self.follow_redirect = true;
        self
    }

    /// Remembers how many seconds the answer took as `name`.
    pub fn save_elapsed(mut self, name: &'static str) -> Self {
        self.saves.push(Save::Elapsed { name });
        self
    }

    /// The whole answer must arrive within `limit` (work that must not
    /// wait, like a background task's response).
    pub fn within(mut self, limit: Duration) -> Self {
        self.expect.within = Some(limit);
        self
    }

    /// Sends this step to replica `instance` (0 is the first).
    pub fn on(mut self, instance: usize) -> Self {
        self.instance = instance;
        self
    }

    /// Sends a raw body, with a content type unless `None`.
    pub fn send_raw(self, content_type: Option<&str>, body: &str) -> Self {
        self.with_request(|mut r| {
            if let Some(content_type) = content_type {
                r = r.header("content-type", content_type);
            }
            r.body(body)
        })
    }

    /// Sends a request header.
    pub fn send_header(self, name: &str, value: &str) -> Self {
        self.with_request(|r| r.header(name, value))
    }

    pub fn status(mut self, status: u16) -> Self {
        self.expect.status = status;
        self
    }

    /// Expects a JSON body equal in meaning to `pattern`, labelled
    /// `application/json`.
    pub fn json(mut self, pattern: Value) -> Self {
        self.expect.headers.push(HeaderRule::StartsWith(
            "content-type".into(),
            "application/json".into(),
        ));
        self.expect.body = Body::Json(pattern);
        self
    }

    /// Expects exactly these bytes as the body (a file sent back).
    pub fn body_is(mut self, bytes: &[u8]) -> Self {
        self.expect.body = Body::Bytes(bytes.to_vec());
        self
    }

    /// Expects a comma-separated header (like `allow`) to contain `item`.
    pub fn header_lists(mut self, name: &'static str, item: &'static str) -> Self {
        self.expect
            .headers
            .push(HeaderRule::ListContains(name.into(), item.into()));
        self
    }

    /// The header has exactly this value (`{{name}}` takes a saved value).
    pub fn header_is(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.expect
            .headers
            .push(HeaderRule::Equals(name.into(), value.into().into()));
        self
    }

    pub fn header_absent(mut self, name: &'static str) -> Self {
        self.expect.headers.push(HeaderRule::Absent(name.into()));
        self
    }

    /// Expects a header whose value is the seconds a quick request took:
    /// more than 0, less than 1 (`x-process-time`, different every time).
    pub fn header_seconds(mut self, name: &'static str) -> Self {
        self.expect.headers.push(HeaderRule::Seconds(name.into()));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verify_step_reads_the_same_in_every_run() {
        let step = verify("ids are distinct", |_| Vec::new());
        let text = format!("{step:?}");
        assert!(
            text.contains("what: \"ids are distinct\", verify: Rule"),
            "{text}"
        );
        assert!(!text.contains("0x"), "{text}");
    }
}
