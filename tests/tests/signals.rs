//! The checker as a process, signalled or killed while a server runs: the
//! server's whole process group must go, and its working folder with it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use workbook_tests::{process_is_gone, temp_dir};

const CHECKER: &str = env!("CARGO_BIN_EXE_checker-process");
const MISBEHAVE: &str = env!("CARGO_BIN_EXE_misbehave");

/// Starts the checker on a server that hangs (every caller waits for it); returns it with the server's
/// pid and working folder once the server runs.
#[allow(clippy::zombie_processes, reason = "each test kills and waits for it")]
fn checker_with_a_hung_server(dir: &std::path::Path) -> (Child, u32, PathBuf) {
    let pidfile = dir.join("pid");
    let cwdfile = dir.join("cwd");
    let command = format!(
        "exec {MISBEHAVE} hang --pidfile {} --cwdfile {}",
        pidfile.display(),
        cwdfile.display()
    );
    let child = Command::new(CHECKER)
        .args([
            "chapter",
            "1",
            "--command",
            &command,
            "--timeout",
            "60",
            "--format",
            "json",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the checker starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let (Ok(pid), Ok(cwd)) = (
            std::fs::read_to_string(&pidfile),
            std::fs::read_to_string(&cwdfile),
        ) && !pid.is_empty()
            && !cwd.is_empty()
        {
            // A moment for the checker to send its first request.
            std::thread::sleep(Duration::from_millis(300));
            return (child, pid.trim().parse().unwrap(), PathBuf::from(cwd));
        }
        assert!(Instant::now() < deadline, "the server never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn gone_within(pid: u32, dir: &std::path::Path, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if process_is_gone(pid) && !dir.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_killed_checker_leaves_no_server_and_no_working_folder() {
    let dir = temp_dir("signals-kill");
    let (mut checker, server, workdir) = checker_with_a_hung_server(&dir);
    assert!(workdir.exists());
    checker.kill().unwrap(); // SIGKILL: the checker gets no say.
    checker.wait().unwrap();
    assert!(
        gone_within(server, &workdir, Duration::from_secs(5)),
        "server {server} alive: {}, folder {} exists: {}",
        !process_is_gone(server),
        workdir.display(),
        workdir.exists()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn sigterm_and_ctrl_c_stop_the_server_and_remove_its_folder() {
    for signal in [Signal::SIGTERM, Signal::SIGINT] {
        let dir = temp_dir("signals-term");
        let (mut checker, server, workdir) = checker_with_a_hung_server(&dir);
        kill(Pid::from_raw(checker.id() as i32), signal).unwrap();
        let status = checker.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}");
        assert!(
            gone_within(server, &workdir, Duration::from_secs(5)),
            "{signal}: server {server} alive: {}, folder exists: {}",
            !process_is_gone(server),
            workdir.exists()
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
