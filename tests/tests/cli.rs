//! Bad input to the checker gets a clear message and exit code 2; good input
//! in each target mode works.

use checker::harness::server::{BuildOptions, Launch, Program, Server, build};
use std::time::Duration;
use workbook_tests::{checker, root};

#[test]
fn an_unknown_chapter_lists_the_chapters_that_exist() {
    let run = checker(&["chapter", "42"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no chapter \"42\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("01 hello-world"), "{}", run.stderr);
}

#[test]
fn an_unknown_check_is_refused_before_anything_is_built() {
    let run = checker(&["chapter", "1", "--only", "9"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no check 01.9"), "{}", run.stderr);
}

#[test]
fn an_unreachable_url_is_an_error_that_says_to_start_the_server() {
    let port = checker::harness::server::free_port().unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let run = checker(&["chapter", "1", "--url", &url, "--format", "json"]);
    assert_eq!(run.code, 2);
    let report = run.report();
    assert_eq!(report["error"]["stage"], "connect");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is your server running?")
    );
}

#[test]
fn an_https_url_is_refused_with_the_reason() {
    let run = checker(&["chapter", "1", "--url", "https://example.org"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("only http:// is supported"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_path_that_is_not_a_crate_is_refused() {
    let dir = std::env::temp_dir();
    let run = checker(&["chapter", "1", "--path", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a Cargo crate"), "{}", run.stderr);
    let run = checker(&["chapter", "1", "--path", "/no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no such folder"), "{}", run.stderr);
}

#[test]
fn conflicting_targets_are_a_usage_error() {
    let run = checker(&["chapter", "1", "--solution", "--url", "http://127.0.0.1:1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn help_explains_the_commands_and_exit_codes() {
    let run = checker(&["--help"]);
    assert_eq!(run.code, 0);
    for text in ["chapter", "list", "Exit codes"] {
        assert!(
            run.stdout.contains(text),
            "--help lacks {text}:\n{}",
            run.stdout
        );
    }
    let run = checker(&["chapter", "--help"]);
    for flag in [
        "--solution",
        "--url",
        "--path",
        "--command",
        "--format",
        "--seed",
        "--only",
    ] {
        assert!(run.stdout.contains(flag), "chapter --help lacks {flag}");
    }
}

#[test]
fn a_server_started_by_hand_is_checked_through_url() {
    let manifest = root().join("solutions/01-hello-world/Cargo.toml");
    let bin = "ch01-hello-world-solution";
    let path = build(
        &manifest,
        bin,
        bin,
        &BuildOptions::default(),
        &mut std::io::sink(),
    )
    .expect("solution builds");
    let server = Server::start(
        &Launch::Program(Program { path, args: vec![] }),
        &[],
        Duration::from_secs(15),
    )
    .map_err(|(e, _)| e.to_string())
    .expect("solution starts");
    let url = format!("http://{}", server.addr);
    let run = checker(&["chapter", "1", "--url", &url, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.report()["target"], format!("url {url}"));
}

#[test]
fn a_path_to_a_workbook_checkout_checks_its_starter() {
    let run = checker(&[
        "chapter",
        "1",
        "--path",
        root().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.report()["status"], "failed");
}

#[test]
fn the_same_seed_sends_the_same_requests() {
    let curls = |seed: &str| {
        let run = checker(&[
            "chapter", "1", "--format", "json", "--seed", seed, "--only", "2",
        ]);
        run.report()["checks"][0]["failure"]["curl"].clone()
    };
    assert_eq!(curls("7"), curls("7"));
    assert_ne!(curls("7"), curls("8"));
}

#[test]
fn bad_arguments_get_clear_messages_before_any_work() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["chapter", "1", "--seed", "-5"],
            "--seed takes a whole number from 0 to",
        ),
        (
            &["chapter", "1", "--url", "http://"],
            "no host after http://",
        ),
        (
            &[
                "chapter",
                "1",
                "--solution",
                "--output",
                "/proc/no/such/report.json",
            ],
            "--output /proc/no/such/report.json: cannot write the report there",
        ),
        (
            &["chapter", "1", "--path", "../solutions/02-path-parameters"],
            "that is chapter 02's crate (ch02-path-parameters-solution), not chapter 01's",
        ),
    ];
    for (args, message) in cases {
        let run = checker(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        // Refused before the build: cargo said nothing.
        assert!(!run.stderr.contains("Compiling"), "{args:?}");
    }
}

#[test]
fn fail_fast_stops_at_the_first_failing_check() {
    let root = workbook_tests::root();
    let run = checker(&[
        "chapter",
        "1",
        "--path",
        root.to_str().unwrap(),
        "--fail-fast",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.report();
    let statuses: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    // The starter fails 01.1; the two after it are not run.
    assert_eq!(statuses, ["failed", "not_run", "not_run"]);
    assert_eq!(report["status"], "failed");
}
