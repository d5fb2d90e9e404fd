//! The checker's engine v2 against `fixture` (src/bin/fixture.rs), a server
//! with one route per feature: sessions (saved values, tokens, cookies),
//! forms and multipart, concurrency, restarts and replicas in one working
//! folder, streamed answers, WebSockets, a fake upstream API, and `1xx`
//! interim answers. Each feature is shown to pass when the server is right
//! and to fail, with a precise message, when it is not.

use std::time::Duration;

use checker::harness::http::Part;
use checker::harness::run::{self, Planned};
use checker::harness::server::{Launch, Program};
use checker::harness::upstream::Reply;
use checker::report::{BookRef, CheckResult, CheckStatus, Report};
use checker::suite::{
    Needs, Step, concurrently, get, open_stream, peak_memory, post, read_stream, restart,
    terminate, upstream_calls, upstream_exactly, upstream_script, verify, ws_close, ws_drop,
    ws_expect, ws_expect_close, ws_expect_end, ws_open, ws_refused, ws_send, ws_send_binary,
};
use serde_json::json;

const FIXTURE: &str = env!("CARGO_BIN_EXE_fixture");

fn check(id: &str, steps: Vec<Step>) -> Planned {
    Planned {
        result: CheckResult {
            id: id.to_string(),
            title: id.to_string(),
            status: CheckStatus::NotRun,
            points: 1,
            score: 0,
            oracle: None,
            hidden: false,
            hint: String::new(),
            read: BookRef {
                page: String::new(),
                section: String::new(),
            },
            failure: None,
        },
        steps,
    }
}

/// Runs `checks` against the fixture (two replicas, a fake upstream API)
/// and returns the report.
fn run_fixture(args: &[&str], checks: Vec<Planned>) -> Report {
    let chapter = checker::suites::find(1).expect("chapter 1");
    let mut report = Report::new(&chapter, "fixture".into(), 1);
    report.curl_base = "http://127.0.0.1:8000".into();
    let launch = Launch::Program(Program {
        path: FIXTURE.into(),
        args: args.iter().map(ToString::to_string).collect(),
    });
    let needs = Needs {
        replicas: 2,
        upstream_env: Some("EMAIL_API_URL"),
        ..Needs::NOTHING
    };
    run::start_and_run(
        &launch,
        &needs,
        checks,
        &mut report,
        Duration::from_secs(10),
        Duration::from_secs(3),
        false,
    );
    report
}

fn result<'a>(report: &'a Report, id: &str) -> &'a CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

fn passed(report: &Report, id: &str) {
    let check = result(report, id);
    assert_eq!(
        check.status,
        CheckStatus::Passed,
        "{id} should pass: {:#?}",
        check.failure
    );
}

/// The check failed, and one of its problem lines contains `text`.
fn failed_saying(report: &Report, id: &str, text: &str) -> String {
    let check = result(report, id);
    assert_eq!(check.status, CheckStatus::Failed, "{id} should fail");
    let failure = check.failure.as_ref().expect("a failure");
    let all = failure.problems.join("\n");
    assert!(all.contains(text), "{id}: expected {text:?} in:\n{all}");
    failure.curl.clone()
}

fn login() -> Step {
    post("/token")
        .send_form(&[("username", "johndoe"), ("password", "secret word!")])
        .json(json!({"access_token": "<<string>>", "token_type": "bearer"}))
        .save("token", "/access_token")
}

#[test]
fn one_run_proves_every_engine_feature_right_and_wrong() {
    let checks = vec![
        // Sessions: a token from a form login, reused.
        check(
            "token",
            vec![
                login(),
                get("/users/me")
                    .bearer("{{token}}")
                    .json(json!({"username": "johndoe"})),
            ],
        ),
        check(
            "token-wrong",
            vec![login(), get("/users/me").bearer("{{token}}x").status(200)],
        ),
        check("unsaved", vec![get("/users/me").bearer("{{nothing}}")]),
        // Cookies set by one answer go back with the next request.
        check(
            "cookie",
            vec![
                post("/login-cookie").json(json!({})),
                get("/whoami").json(json!({"session": "abc123"})),
            ],
        ),
        check(
            "multipart",
            vec![
                post("/upload")
                    .send_multipart(&[
                        Part::field("note", "hi there"),
                        Part::file("file", "a.txt", "text/plain", b"hello"),
                    ])
                    .json(json!({"multipart": true, "file": true, "field": true})),
            ],
        ),
        // An id the server chose, used in the next path and expected back
        // as a number.
        check(
            "ids",
            vec![
                post("/heroes").save("id", "/id"),
                get("/heroes/{{id}}").json(json!({"id": "{{id}}"})),
            ],
        ),
        check(
            "restart",
            vec![
                post("/heroes").save("id", "/id"),
                restart(),
                get("/heroes/{{id}}").json(json!({"id": "{{id}}"})),
            ],
        ),
        check(
            "replicas",
            vec![
                post("/heroes").on(0).save("id", "/id"),
                get("/heroes/{{id}}").on(1).json(json!({"id": "{{id}}"})),
            ],
        ),
        check(
            "concurrent",
            vec![
                concurrently(10, post("/heroes").json(json!({"id": "<<int>>"}))).save("ids", "/id"),
                verify("ten distinct ids", |session| {
                    let ids = session
                        .get("ids")
                        .and_then(|v| v.as_array())
                        .cloned()
                        .unwrap_or_default();
                    let mut distinct: Vec<String> = ids.iter().map(ToString::to_string).collect();
                    distinct.sort();
                    distinct.dedup();
                    if distinct.len() == 10 {
                        Vec::new()
                    } else {
                        vec![format!("{} distinct ids of 10", distinct.len())]
                    }
                }),
            ],
        ),
        check(
            "verify-fails",
            vec![verify("always wrong", |_| {
                vec!["the rule said no".to_string()]
            })],
        ),
        check(
            "stream",
            vec![
                open_stream(
                    "events",
                    get("/events").header_is("content-type", "text/event-stream"),
                ),
                read_stream("events", "data: two", Duration::from_secs(2)),
            ],
        ),
        check(
            "stream-missing",
            vec![
                open_stream("events", get("/events")),
                read_stream("events", "data: three", Duration::from_millis(800)),
            ],
        ),
        check(
            "ws",
            vec![
                ws_open("a", "/ws"),
                ws_open("b", "/ws"),
                ws_send("a", "hello"),
                ws_expect("a", "hello"),
                ws_send("b", "world"),
                ws_expect("b", "world"),
                ws_close("a"),
                ws_close("b"),
            ],
        ),
        check(
            "ws-wrong",
            vec![
                ws_open("a", "/ws"),
                ws_send("a", "hi"),
                ws_expect("a", "bye"),
            ],
        ),
        check("ws-refused", vec![ws_refused("r", "/ws-refused")]),
        check(
            "ws-closed-1008",
            vec![ws_open("c", "/ws-closed"), ws_expect_close("c", Some(1008))],
        ),
        check("ws-not-refused", vec![ws_refused("e", "/ws")]),
        check(
            "ws-end",
            vec![
                ws_open("a", "/ws-closed"),
                ws_expect_end("a"),
                ws_open("b", "/ws"),
                ws_send("b", "drop"),
                ws_expect_end("b"),
                ws_open("c", "/ws"),
                ws_drop("c"),
                ws_open("d", "/ws"),
                ws_send_binary("d", vec![0, 159]),
                ws_send("d", "still here"),
                ws_expect("d", "still here"),
            ],
        ),
        check(
            "ws-no-end",
            vec![ws_open("a", "/ws"), ws_send("a", "x"), ws_expect_end("a")],
        ),
        check(
            "upstream",
            vec![
                upstream_script(vec![
                    Reply::Json(503, json!({})),
                    Reply::Json(200, json!({})),
                ]),
                post("/notify")
                    .status(202)
                    .within(Duration::from_millis(900)),
                upstream_exactly(2, Duration::from_secs(2))
                    .header_is("authorization", "Bearer key-1")
                    .json(json!({"to": "a@example.com"})),
            ],
        ),
        check(
            "upstream-wrong",
            vec![
                upstream_script(vec![]),
                post("/notify").status(202),
                upstream_calls(1, Duration::from_secs(2)).json(json!({"to": "b@example.com"})),
            ],
        ),
        check(
            "interim",
            vec![get("/interim").json(json!({"message": "Hello World"}))],
        ),
        check(
            "slow",
            vec![get("/slow").within(Duration::from_millis(500))],
        ),
        check(
            "bad-json",
            vec![get("/bad-json").json(json!({"message": "Hello World"}))],
        ),
        // A redirect is followed only when a step says so, and only to a
        // path on the same server; the page's text can be kept for a rule.
        check(
            "redirect",
            vec![
                get("/docs")
                    .follow_redirect()
                    .header_is("content-type", "text/html")
                    .save_text("page"),
                verify("the page holds Swagger UI", |session| {
                    let page = session.get("page").and_then(|v| v.as_str()).unwrap_or("");
                    if page.contains("id=\"swagger-ui\"") {
                        Vec::new()
                    } else {
                        vec![format!("no Swagger UI in {page:?}")]
                    }
                }),
            ],
        ),
        check("redirect-unfollowed", vec![get("/docs")]),
        check(
            "redirect-offsite",
            vec![get("/elsewhere").follow_redirect()],
        ),
        check("bytes", vec![get("/bytes").body_is(b"\x00\xffab\x00")]),
        check("bytes-wrong", vec![get("/bytes").body_is(b"\x00\xffcd")]),
        // A server may answer before it reads a big body, then hang up.
        check(
            "early-answer",
            vec![
                post("/too-large")
                    .send_multipart(&[Part::file(
                        "file",
                        "big.bin",
                        "application/octet-stream",
                        &vec![b'x'; 16 << 20],
                    )])
                    .status(413)
                    .json(json!({"detail": "File too large"})),
            ],
        ),
        check(
            "memory",
            vec![
                peak_memory("before"),
                get("/heroes/1"),
                peak_memory("after"),
                verify("both read, in MiB", |session| {
                    match (session.number("before"), session.number("after")) {
                        (Some(a), Some(b)) if a > 0.0 && b >= a => Vec::new(),
                        _ if !cfg!(target_os = "linux") => Vec::new(),
                        other => vec![format!("peak memory not read: {other:?}")],
                    }
                }),
            ],
        ),
        check(
            "terminate",
            vec![
                terminate(Duration::from_secs(2)),
                restart(),
                get("/heroes/1"),
            ],
        ),
    ];
    let report = run_fixture(&[], checks);
    assert!(report.error.is_none(), "{:?}", report.error);

    passed(&report, "token");
    let curl = failed_saying(&report, "token-wrong", "status: expected 200, got 401");
    // The curl line shows the token that was really sent.
    assert!(curl.contains("authorization: Bearer tok-42x"), "{curl}");
    failed_saying(
        &report,
        "unsaved",
        "{{nothing}}, which no earlier step of the check saved",
    );
    passed(&report, "cookie");
    passed(&report, "multipart");
    passed(&report, "ids");
    passed(&report, "restart");
    passed(&report, "replicas");
    passed(&report, "concurrent");
    failed_saying(&report, "verify-fails", "the rule said no");
    passed(&report, "stream");
    failed_saying(&report, "stream-missing", "\"data: three\" did not arrive");
    passed(&report, "ws");
    failed_saying(
        &report,
        "ws-wrong",
        "frame: expected text \"bye\", got text \"hi\"",
    );
    passed(&report, "ws-refused");
    passed(&report, "ws-closed-1008");
    failed_saying(
        &report,
        "ws-not-refused",
        "accepted the WebSocket; it must refuse it",
    );
    passed(&report, "ws-end");
    failed_saying(
        &report,
        "ws-no-end",
        "expected the socket to end (a close frame, or the connection dropped), got text \"x\"",
    );
    passed(&report, "upstream");
    failed_saying(
        &report,
        "upstream-wrong",
        "call 1: body.to: expected \"b@example.com\"",
    );
    passed(&report, "interim");
    failed_saying(&report, "slow", "it must come within 0.50 s");
    failed_saying(&report, "bad-json", "not valid JSON: trailing comma");
    passed(&report, "redirect");
    failed_saying(
        &report,
        "redirect-unfollowed",
        "status: expected 200, got 303",
    );
    failed_saying(&report, "redirect-offsite", "status: expected 200, got 302");
    passed(&report, "bytes");
    failed_saying(
        &report,
        "bytes-wrong",
        "expected the 4 bytes sent, got 5 bytes, the first 2 the same",
    );
    passed(&report, "early-answer");
    passed(&report, "memory");
    passed(&report, "terminate");
}

#[test]
fn a_server_that_ignores_sigterm_is_told_so() {
    let report = run_fixture(
        &["--ignore-sigterm"],
        vec![check(
            "terminate",
            vec![terminate(Duration::from_millis(700))],
        )],
    );
    failed_saying(&report, "terminate", "did not exit within 0.7 s of SIGTERM");
}

#[test]
fn form_bodies_show_as_curl_data_urlencode() {
    let step = login();
    let curl = step.request().unwrap().curl("http://h");
    assert_eq!(
        curl,
        "curl -i 'http://h/token' --data-urlencode 'username=johndoe' --data-urlencode 'password=secret word!'"
    );
}

#[test]
fn a_check_with_the_fake_api_says_why_it_cannot_run_against_url() {
    // A server someone else started: the checker cannot hand it the fake
    // API's address, and says so rather than blaming the suite.
    let launch = Launch::Program(Program {
        path: FIXTURE.into(),
        args: Vec::new(),
    });
    let mut server = checker::harness::server::Server::start(&launch, &[], Duration::from_secs(10))
        .unwrap_or_else(|(e, _)| panic!("{e}"));
    let mut target = run::Target::url(server.addr, String::new(), "http://h".into());
    let results = run::run_planned(
        vec![
            check("api", vec![upstream_script(vec![])]),
            check("memory", vec![peak_memory("peak")]),
        ],
        &mut target,
        Duration::from_secs(3),
        false,
    );
    server.stop();
    let failure = results[0].failure.as_ref().expect("a failure");
    assert!(
        failure.problems[0].contains("run the checker without --url"),
        "{:?}",
        failure.problems
    );
    // Nor can it see the memory of a process it did not start.
    let failure = results[1].failure.as_ref().expect("a failure");
    assert!(
        failure.problems[0].contains("only for a server it started (not --url)"),
        "{:?}",
        failure.problems
    );
}
