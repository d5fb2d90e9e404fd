//! The checker against servers that misbehave on purpose (see
//! `src/bin/misbehave.rs`): each must get a precise diagnosis within bounded
//! time, the right exit code, and no process left behind.

use std::time::Duration;

use workbook_tests::{Run, checker, process_is_gone, temp_dir};

const MISBEHAVE: &str = env!("CARGO_BIN_EXE_misbehave");

/// Generous: the limits below are 2 s per request and 3 s to start, and three
/// checks run. This bounds a hang, it is not a performance target.
const BOUND: Duration = Duration::from_secs(30);

/// Runs chapter 1's suite against `misbehave MODE`, and checks the run was
/// bounded in time and left no server behind.
fn against(mode: &str) -> Run {
    let dir = temp_dir("servers");
    let pidfile = dir.join("pid");
    let command = format!("{MISBEHAVE} {mode} --pidfile {}", pidfile.display());
    let run = checker(&[
        "chapter",
        "1",
        "--command",
        &command,
        "--format",
        "json",
        "--timeout",
        "2",
        "--start-timeout",
        "3",
    ]);
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .expect("misbehave wrote its pid")
        .trim()
        .parse()
        .expect("a pid");
    assert!(run.took < BOUND, "{mode}: took {:?}", run.took);
    assert!(
        process_is_gone(pid),
        "{mode}: server {pid} was left running"
    );
    let _ = std::fs::remove_dir_all(dir);
    run
}

/// Every problem line of every failed check, joined.
fn problems(run: &Run) -> String {
    run.report()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["failure"]["problems"].as_array())
        .flatten()
        .map(|p| p.as_str().unwrap().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_server_that_never_listens_is_an_error_that_says_so() {
    let run = against("never-listen");
    assert_eq!(run.code, 2);
    let report = run.report();
    assert_eq!(report["status"], "error");
    assert_eq!(report["error"]["stage"], "start");
    let message = report["error"]["message"].as_str().unwrap();
    assert!(message.contains("did not accept connections"), "{message}");
    assert!(
        report["error"]["output"]
            .as_str()
            .unwrap()
            .contains("starting up slowly")
    );
}

#[test]
fn a_server_that_exits_at_once_shows_its_exit_code_and_last_output() {
    let run = against("exit-at-once");
    assert_eq!(run.code, 2);
    let report = run.report();
    assert_eq!(report["error"]["stage"], "start");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("exited (exit code 3)"),
        "{report}"
    );
    assert!(
        report["error"]["output"]
            .as_str()
            .unwrap()
            .contains("DATABASE_URL must be set")
    );
}

#[test]
fn a_server_on_the_wrong_port_is_told_where_it_listens() {
    let run = against("wrong-port");
    assert_eq!(run.code, 2);
    let message = run.report()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("listens on 127.0.0.1:"), "{message}");
    assert!(message.contains("PORT"), "{message}");
}

#[test]
fn a_server_that_crashes_after_the_first_request_is_reported_as_crashed() {
    let run = against("crash-after-first");
    assert_eq!(run.code, 1);
    let report = run.report();
    assert_eq!(report["status"], "failed");
    assert_eq!(report["checks"][0]["status"], "passed");
    let problems = problems(&run);
    assert!(
        problems.contains("crashed while answering (exit code 101)"),
        "{problems}"
    );
    assert!(problems.contains("no longer running"), "{problems}");
    let output = report["server_output"].to_string();
    assert!(output.contains("index out of bounds"), "{output}");
}

#[test]
fn a_server_that_hangs_fails_each_check_after_the_request_timeout() {
    let run = against("hang");
    assert_eq!(run.code, 1);
    assert!(problems(&run).contains("no answer within 2 s"));
}

#[test]
fn a_hung_server_costs_one_timeout_not_one_per_check() {
    // Chapter 4 has ten checks; at the default 5 s per request, waiting on
    // each would take about 50 s.
    let dir = temp_dir("servers");
    let command = format!("{MISBEHAVE} hang --pidfile {}", dir.join("pid").display());
    let run = checker(&["chapter", "4", "--command", &command, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.took < Duration::from_secs(15), "took {:?}", run.took);
    let problems = problems(&run);
    assert!(problems.contains("no answer within 5 s"), "{problems}");
    assert!(
        problems.contains("not tried: the server stopped answering"),
        "{problems}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_running_server_that_drops_connections_is_not_told_to_start() {
    let port = checker::harness::server::free_port().unwrap();
    let mut server = std::process::Command::new(MISBEHAVE)
        .arg("close-at-once")
        .env("PORT", port.to_string())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let run = checker(&["chapter", "1", "--url", &url, "--format", "json"]);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(run.code, 2);
    let message = run.report()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("a server is running at"), "{message}");
    assert!(message.contains("dropped the connection"), "{message}");
    assert!(!message.contains("is your server running"), "{message}");
}

#[test]
fn a_server_that_answers_html_fails_with_the_body_it_sent() {
    let run = against("not-json");
    assert_eq!(run.code, 1);
    let problems = problems(&run);
    // The parser's own words and where it stopped, then what was sent.
    assert!(
        problems.contains("body: expected JSON, but it is not valid JSON: expected value at line 1 column 1 (byte 0 of 40), in \"<html>"),
        "{problems}"
    );
    assert!(
        problems.contains("content-type: expected application/json"),
        "{problems}"
    );
}

#[test]
fn a_server_that_answers_garbage_is_told_it_is_not_http() {
    let run = against("garbage");
    assert_eq!(run.code, 1);
    let problems = problems(&run);
    assert!(problems.contains("not HTTP"), "{problems}");
    assert!(problems.contains("SSH-2.0"), "{problems}");
}

#[test]
fn a_server_that_streams_a_huge_body_is_cut_off_at_the_limit() {
    let run = against("huge-body");
    assert_eq!(run.code, 1);
    assert!(problems(&run).contains("larger than 1024 KiB"));
}

#[test]
fn a_server_that_closes_mid_response_is_reported_with_what_arrived() {
    let run = against("close-mid-response");
    assert_eq!(run.code, 1);
    let problems = problems(&run);
    assert!(
        problems.contains("closed the connection mid-response: 11 of the 100 body bytes"),
        "{problems}"
    );
}

#[test]
fn children_of_the_server_are_stopped_with_it() {
    let dir = temp_dir("servers");
    let child_pidfile = dir.join("child");
    // The shell starts a background child, then the server; both must go.
    let command = format!(
        "sleep 300 & echo $! > {}; exec {MISBEHAVE} hang",
        child_pidfile.display()
    );
    let run = checker(&[
        "chapter",
        "1",
        "--command",
        &command,
        "--format",
        "json",
        "--timeout",
        "1",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let child: u32 = std::fs::read_to_string(&child_pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // Its parent is gone, so init reaps it; allow a moment for that.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while !process_is_gone(child) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        process_is_gone(child),
        "the server's child {child} was left running"
    );
    let _ = std::fs::remove_dir_all(dir);
}
