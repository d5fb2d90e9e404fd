//! Building the learner's crate and owning the server process.
//!
//! The server runs in a fresh temporary working directory, in its own process
//! group, on a free port passed in `PORT`. It is stopped on every way out of
//! the checker: [`Server`]'s `Drop` stops it (normal return, error, panic), and
//! the Ctrl-C handler calls [`kill_all`]. Stopping means SIGTERM to the whole
//! group, a grace period, then SIGKILL to the group, so a server that spawned
//! children leaves none behind.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// How long a server gets to exit after SIGTERM before SIGKILL.
const GRACE: Duration = Duration::from_secs(3);
/// Lines of server output kept for reports.
const KEPT_LINES: usize = 200;
/// The most bytes of one line of server output kept.
const MAX_LINE: usize = 4096;

/// Process groups of servers that are running now, for the Ctrl-C handler.
static RUNNING: Mutex<Vec<i32>> = Mutex::new(Vec::new());
/// Working directories that exist now, for the Ctrl-C handler.
static WORKDIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Kills every running server's process group at once and removes their
/// working directories. Called on Ctrl-C and SIGTERM.
pub fn kill_all() {
    let groups = RUNNING.lock().map(|g| g.clone()).unwrap_or_default();
    for pgid in groups {
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
    }
    let dirs = WORKDIRS.lock().map(|d| d.clone()).unwrap_or_default();
    for dir in dirs {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A server's working directory: a fresh temporary folder, shared by a
/// server and its restarts or replicas, removed when the last one lets go
/// (or by [`kill_all`]).
pub struct Workdir(tempfile::TempDir);

impl Workdir {
    pub fn new() -> std::io::Result<Arc<Workdir>> {
        let dir = tempfile::Builder::new()
            .prefix("workbook-server-")
            .tempdir()?;
        WORKDIRS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(dir.path().to_path_buf());
        Ok(Arc::new(Workdir(dir)))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let path = self.0.path().to_path_buf();
        WORKDIRS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|d| *d != path);
    }
}

/// Stops a process group if the checker itself dies without a chance to do
/// so (SIGKILL, a crash): a tiny `sh` holds the read end of a pipe whose
/// write end only this process holds. When this process ends for any
/// reason, the kernel closes the pipe, `read` returns, and the shell kills
/// the group and removes the working directory. On a normal stop the guard
/// is dismissed first. (Linux's parent-death signal would need `unsafe`
/// `pre_exec`, which the workspace forbids, and does not exist on macOS.)
struct Watchdog {
    child: Child,
}

impl Watchdog {
    fn guard(pgid: i32, dir: Option<&Path>) -> Option<Watchdog> {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(
                r#"read _ ; kill -KILL "-$1" 2>/dev/null ; [ -n "$2" ] && rm -rf -- "$2" ; exit 0"#,
            )
            .arg("workbook-watchdog")
            .arg(pgid.to_string())
            .arg(dir.map(Path::as_os_str).unwrap_or_default())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command.spawn().ok().map(|child| Watchdog { child })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Dismissed: kill it before its pipe closes, so it never acts on a
        // process group that is gone (and whose number may be reused).
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The built program to run.
#[derive(Debug, Clone)]
pub struct Program {
    pub path: PathBuf,
    pub args: Vec<String>,
}

/// Why the crate did not build.
#[derive(Debug)]
pub struct BuildError {
    pub message: String,
    /// cargo's own output (stderr), to show as it is.
    pub output: String,
}

/// Where and how long a build may run.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `CARGO_TARGET_DIR` for the build (batch grading shares one, so a
    /// class compiles its dependencies once); the project's own otherwise.
    pub target_dir: Option<PathBuf>,
    /// Stop the build (cargo and every compiler it started) after this long.
    pub timeout: Option<Duration>,
    pub color: bool,
    /// Marks the build as one submission's. Cargo hashes a workspace member
    /// by its path *relative to the workspace*, so two students' checkouts
    /// sharing a target folder would share fingerprints, and the second
    /// build would be judged fresh and reuse the first student's binary. A
    /// distinct `-C metadata` for the final crate keeps them apart while the
    /// dependencies stay shared.
    pub submission: Option<String>,
}

/// Builds one binary of one package with cargo and returns its path. cargo's
/// progress and errors are copied to `echo` as they come.
pub fn build(
    manifest: &Path,
    package: &str,
    bin: &str,
    options: &BuildOptions,
    echo: &mut dyn Write,
) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .arg(if options.submission.is_some() {
            "rustc"
        } else {
            "build"
        })
        .arg("--manifest-path")
        .arg(manifest)
        .args(["-p", package, "--bin", bin])
        .args(["--message-format", "json-render-diagnostics"])
        .args(["--color", if options.color { "always" } else { "never" }])
        // run_group gives it its own group, so a timeout stops rustc and
        // build scripts too.
        .stdin(Stdio::null());
    if let Some(dir) = &options.target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    if let Some(submission) = &options.submission {
        command.args([
            "--",
            "-C",
            &format!("metadata=workbook-submission-{submission}"),
        ]);
    }
    let ran = run_group(command, options.timeout, echo).map_err(|err| BuildError {
        message: format!("could not run cargo ({}): {err}", cargo.to_string_lossy()),
        output: String::new(),
    })?;
    // stdout carries JSON messages; one names the executable.
    let executable = ran
        .stdout
        .lines()
        .filter_map(|line| {
            let message = serde_json::from_str::<serde_json::Value>(line).ok()?;
            (message["reason"] == "compiler-artifact")
                .then(|| message["executable"].as_str().map(PathBuf::from))
                .flatten()
        })
        .next_back();
    let output = ran.stderr;
    if ran.timed_out {
        return Err(BuildError {
            message: format!(
                "the build of `{package}` took longer than {} s and was stopped",
                options.timeout.unwrap_or_default().as_secs()
            ),
            output,
        });
    }
    match (ran.success, executable) {
        (true, Some(path)) => Ok(path),
        (true, None) => Err(BuildError {
            message: format!("cargo built {package} but named no executable for `{bin}`"),
            output,
        }),
        (false, _) => Err(BuildError {
            // Where cargo's errors are depends on the report: printed just
            // above for a person, in `output` for JSON and graders.
            message: format!("`{package}` did not compile"),
            output,
        }),
    }
}

/// How a command run by [`run_group`] ended.
#[derive(Debug)]
pub struct Ran {
    /// It exited by itself, with success.
    pub success: bool,
    /// It was stopped at the deadline.
    pub timed_out: bool,
    pub stdout: String,
    /// As written, colour codes removed.
    pub stderr: String,
}

/// Runs `command` (cargo) in a process group of its own, copying its stderr
/// to `echo` as it comes, and keeping its stdout. At `timeout` the whole
/// group (cargo, compilers, test binaries) is killed; it is also killed if
/// the checker is (Ctrl-C, or SIGKILL through the watchdog).
pub fn run_group(
    mut command: Command,
    timeout: Option<Duration>,
    echo: &mut dyn Write,
) -> std::io::Result<Ran> {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = command.spawn()?;
    let group = Pid::from_raw(child.id() as i32);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(group.as_raw());
    let watchdog = Watchdog::guard(group.as_raw(), None);

    // Both pipes are read on threads so neither fills up, and so this
    // thread can keep time.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let kept = thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (chunks, received) = std::sync::mpsc::channel::<Vec<u8>>();
    thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 || chunks.send(chunk[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = timeout.map(|t| Instant::now() + t);
    let mut output = Vec::new();
    let mut timed_out = false;
    loop {
        let wait = deadline.map_or(Duration::from_secs(3600), |d| {
            d.saturating_duration_since(Instant::now())
        });
        match received.recv_timeout(wait) {
            Ok(chunk) => {
                let _ = echo.write_all(&chunk);
                let _ = echo.flush();
                output.extend_from_slice(&chunk);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    timed_out = true;
                    let _ = killpg(group, Signal::SIGKILL);
                    break;
                }
            }
        }
    }
    // Strays first (compilers, a test binary's children), while the leader
    // is unreaped and the group's number is still ours; then reap it.
    let _ = killpg(group, Signal::SIGKILL);
    let status = child.wait();
    drop(watchdog);
    RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|&p| p != group.as_raw());
    Ok(Ran {
        success: !timed_out && status?.success(),
        timed_out,
        stdout: kept.join().unwrap_or_default(),
        stderr: strip_ansi(&String::from_utf8_lossy(&output)),
    })
}

/// Removes terminal colour codes, for reports that are not terminals.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI sequences: ESC [ ... final byte in @..~
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// What a server's output was, kept as lines.
#[derive(Clone, Default)]
pub struct Output(Arc<Mutex<VecDeque<String>>>);

impl Output {
    fn push(&self, line: String) {
        let mut lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == KEPT_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
    }

    /// The lines worth showing after a failure: the last `n`, or, when the
    /// server panicked, `n` lines from its panic message (a backtrace would
    /// otherwise push the message out of view).
    pub fn last_words(&self, n: usize) -> Vec<String> {
        let lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let tail_start = lines.len().saturating_sub(n);
        let start = match lines.iter().rposition(|l| l.contains("panicked at")) {
            Some(panic) if panic < tail_start => panic,
            _ => tail_start,
        };
        lines.iter().skip(start).take(n).cloned().collect()
    }

    /// Copies everything `source` writes into this buffer, a line at a time.
    /// Memory stays bounded whatever the server prints: a line longer than
    /// [`MAX_LINE`] bytes is cut there, and the rest of it skipped.
    fn collect(&self, mut source: impl Read + Send + 'static) -> thread::JoinHandle<()> {
        let output = self.clone();
        thread::spawn(move || {
            let mut line = Vec::new();
            let mut cut = false;
            let mut chunk = [0u8; 8192];
            let keep = |line: &mut Vec<u8>, cut: bool| {
                let text = String::from_utf8_lossy(line);
                let mut text = crate::expect::clip(text.trim_end(), 500);
                if cut {
                    text.push_str(" … (a longer line, cut)");
                }
                output.push(text);
                line.clear();
            };
            loop {
                let n = match source.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                for &byte in &chunk[..n] {
                    if byte == b'\n' {
                        keep(&mut line, cut);
                        cut = false;
                    } else if line.len() < MAX_LINE {
                        line.push(byte);
                    } else {
                        cut = true;
                    }
                }
            }
            if !line.is_empty() {
                keep(&mut line, cut);
            }
        })
    }
}

/// Why the server did not become ready.
#[derive(Debug)]
pub enum StartError {
    /// The program could not be started at all.
    Spawn(String),
    /// It exited before it accepted a connection.
    Exited { status: ExitStatus },
    /// It kept running but nothing accepted connections on the port.
    NotListening {
        waited: Duration,
        /// Where it listens instead, when that can be seen.
        elsewhere: Vec<SocketAddr>,
    },
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Spawn(message) => write!(f, "could not start the server: {message}"),
            // 127 is the shell's "command not found".
            StartError::Exited { status } if status.code() == Some(127) => write!(
                f,
                "the server exited (exit code 127: the shell found no such command) before it \
                 accepted a connection; a --command runs in a fresh temporary folder, so \
                 give programs as absolute paths"
            ),
            StartError::Exited { status } => write!(
                f,
                "the server exited ({}) before it accepted a connection",
                describe_exit(*status)
            ),
            StartError::NotListening { waited, elsewhere } if elsewhere.is_empty() => write!(
                f,
                "the server is running but did not accept connections on the PORT it was given within {} s",
                waited.as_secs_f32()
            ),
            StartError::NotListening { waited, elsewhere } => {
                let list: Vec<String> = elsewhere.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "the server did not accept connections on the PORT it was given within {} s; \
                     it listens on {} instead: read the port from the PORT variable",
                    waited.as_secs_f32(),
                    list.join(", ")
                )
            }
        }
    }
}

/// A running server. Dropping it stops it.
pub struct Server {
    child: Child,
    pgid: i32,
    pub addr: SocketAddr,
    pub output: Output,
    readers: Vec<thread::JoinHandle<()>>,
    /// The working directory; removed when no server uses it any more.
    workdir: Option<Arc<Workdir>>,
    watchdog: Option<Watchdog>,
    exit: Option<ExitStatus>,
}

/// How to start a server: a built program, or a shell command line (any
/// language: `uvicorn main:app --port $PORT`).
#[derive(Debug, Clone)]
pub enum Launch {
    Program(Program),
    Shell(String),
}

/// A free TCP port on 127.0.0.1 (free when asked; the server binds it next).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Server {
    /// Starts the server and waits until it accepts connections on its port.
    pub fn start(
        launch: &Launch,
        extra_env: &[(String, String)],
        start_timeout: Duration,
    ) -> Result<Server, (StartError, Output)> {
        let workdir = Workdir::new().map_err(|e| {
            (
                StartError::Spawn(format!("no temporary directory: {e}")),
                Output::default(),
            )
        })?;
        Server::start_in(launch, workdir, extra_env, start_timeout)
    }

    /// Starts the server in `workdir` (shared with a restart or a replica)
    /// and waits until it accepts connections on a fresh port.
    pub fn start_in(
        launch: &Launch,
        workdir: Arc<Workdir>,
        extra_env: &[(String, String)],
        start_timeout: Duration,
    ) -> Result<Server, (StartError, Output)> {
        let output = Output::default();
        let fail = |e| (e, Output::default());
        let port = free_port().map_err(|e| fail(StartError::Spawn(e.to_string())))?;
        let mut command = match launch {
            Launch::Program(program) => {
                let mut command = Command::new(&program.path);
                command.args(&program.args);
                command
            }
            Launch::Shell(line) => {
                let mut command = Command::new("sh");
                command.arg("-c").arg(line);
                command
            }
        };
        command
            .current_dir(workdir.path())
            .env("PORT", port.to_string())
            .envs(extra_env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group: Ctrl-C in the terminal reaches the
            // checker, which then stops the whole group itself.
            .process_group(0);
        let mut child = command
            .spawn()
            .map_err(|e| fail(StartError::Spawn(e.to_string())))?;
        let pgid = child.id() as i32;
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).push(pgid);
        let watchdog = Watchdog::guard(pgid, Some(workdir.path()));
        let readers = vec![
            output.collect(child.stdout.take().expect("piped stdout")),
            output.collect(child.stderr.take().expect("piped stderr")),
        ];
        let mut server = Server {
            child,
            pgid,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            output: output.clone(),
            readers,
            workdir: Some(workdir),
            watchdog,
            exit: None,
        };
        match server.wait_ready(start_timeout) {
            Ok(()) => Ok(server),
            Err(err) => {
                server.stop();
                Err((err, output))
            }
        }
    }

    fn wait_ready(&mut self, limit: Duration) -> Result<(), StartError> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.exited() {
                return Err(StartError::Exited { status });
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() >= limit {
                return Err(StartError::NotListening {
                    waited: limit,
                    elsewhere: listening_ports(self.pgid),
                });
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// The exit status, if the server has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = peek_exit(&mut self.child);
        }
        self.exit
    }

    /// Stops the whole process group: SIGTERM, a grace period, then SIGKILL.
    /// Returns how the server ended.
    pub fn stop(&mut self) -> Option<ExitStatus> {
        let group = Pid::from_raw(self.pgid);
        if self.exited().is_none() {
            let _ = killpg(group, Signal::SIGTERM);
            let deadline = Instant::now() + GRACE;
            while self.exited().is_none() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(10));
            }
        }
        // Whatever is left of the group (the leader, or children it spawned).
        // The leader is not reaped yet, so the group's number still belongs
        // to this server and cannot reach a stranger's processes.
        let _ = killpg(group, Signal::SIGKILL);
        let reaped = self.child.wait().ok();
        self.exit = self.exit.or(reaped);
        // The pipes close when the last process holding them is gone. A
        // process that left the group could hold them open for ever, so the
        // wait for the last lines of output is bounded.
        let deadline = Instant::now() + Duration::from_millis(500);
        while self.readers.iter().any(|r| !r.is_finished()) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        self.readers.clear();
        self.watchdog.take();
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|&p| p != self.pgid);
        self.workdir.take();
        self.exit
    }

    /// The most resident memory the server's process has held so far, in
    /// KiB (`VmHWM` in Linux's `/proc/PID/status`); `None` elsewhere.
    pub fn peak_memory_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pgid)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.trim_start_matches("VmHWM:")
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    }

    /// The working directory, to start a restart or a replica in.
    pub fn workdir(&self) -> Option<Arc<Workdir>> {
        self.workdir.clone()
    }

    /// Sends SIGTERM only and waits up to `limit` for the server to exit by
    /// itself (a graceful shutdown); then stops it for good either way.
    /// Returns how it ended and whether it ended within `limit`.
    pub fn terminate(&mut self, limit: Duration) -> (Option<ExitStatus>, bool) {
        if self.exited().is_none() {
            let _ = killpg(Pid::from_raw(self.pgid), Signal::SIGTERM);
        }
        let deadline = Instant::now() + limit;
        while self.exited().is_none() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
        let in_time = self.exit.is_some();
        (self.stop(), in_time)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// How `child` ended, if it has, *without reaping it* where the system
/// allows (Linux): an unreaped leader keeps its process-group number
/// reserved, so signalling the group later cannot hit a process that got
/// the number after it. Elsewhere, a plain `try_wait`.
fn peek_exit(child: &mut Child) -> Option<ExitStatus> {
    #[cfg(target_os = "linux")]
    {
        use nix::sys::wait::{Id, WaitPidFlag, WaitStatus, waitid};
        let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOHANG | WaitPidFlag::WNOWAIT;
        match waitid(Id::Pid(Pid::from_raw(child.id() as i32)), flags) {
            Ok(WaitStatus::Exited(_, code)) => Some(ExitStatus::from_raw((code & 0xff) << 8)),
            Ok(WaitStatus::Signaled(_, signal, core)) => Some(ExitStatus::from_raw(
                signal as i32 | if core { 0x80 } else { 0 },
            )),
            Ok(_) => None,
            // Already reaped (by `wait`): std remembers how it ended.
            Err(_) => child.try_wait().ok().flatten(),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        child.try_wait().ok().flatten()
    }
}

/// `exit code 3`, `killed by signal 9 (SIGKILL)`.
pub fn describe_exit(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit code {code}");
    }
    match status.signal() {
        Some(signal) => {
            let name = Signal::try_from(signal).map_or("unknown", |s| s.as_str());
            format!("killed by signal {signal} ({name})")
        }
        None => status.to_string(),
    }
}

/// The TCP addresses the processes of group `pgid` listen on (Linux only;
/// empty elsewhere). Used to say "you listen on 3000, not on PORT".
fn listening_ports(pgid: i32) -> Vec<SocketAddr> {
    let mut inodes = Vec::new();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    for entry in procs.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<i32>().ok())
        else {
            continue;
        };
        let in_group = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                // Fields after the `(comm)`: state ppid pgrp ...
                let rest = &stat[stat.rfind(')')? + 2..];
                rest.split(' ').nth(2)?.parse::<i32>().ok()
            })
            == Some(pgid);
        if !in_group {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = std::fs::read_link(fd.path()) {
                let target = target.to_string_lossy().into_owned();
                if let Some(inode) = target
                    .strip_prefix("socket:[")
                    .and_then(|s| s.strip_suffix(']'))
                {
                    inodes.push(inode.to_string());
                }
            }
        }
    }
    let mut found = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // local_address is field 1, state is field 3 (0A = LISTEN), inode field 9.
            if fields.len() > 9
                && fields[3] == "0A"
                && inodes.iter().any(|i| i == fields[9])
                && let Some(addr) = parse_proc_addr(fields[1])
            {
                found.push(addr);
            }
        }
    }
    found
}

/// Parses `0100007F:1F40` (IPv4) or a 32-hex-digit IPv6 address from /proc/net.
fn parse_proc_addr(field: &str) -> Option<SocketAddr> {
    let (ip, port) = field.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    if ip.len() == 8 {
        let raw = u32::from_str_radix(ip, 16).ok()?;
        let ip = std::net::Ipv4Addr::from(raw.to_le_bytes());
        return Some(SocketAddr::from((ip, port)));
    }
    if ip.len() == 32 {
        let mut bytes = [0u8; 16];
        for (i, word) in ip.as_bytes().chunks(8).enumerate() {
            let raw = u32::from_str_radix(std::str::from_utf8(word).ok()?, 16).ok()?;
            bytes[i * 4..i * 4 + 4].copy_from_slice(&raw.to_le_bytes());
        }
        return Some(SocketAddr::from((std::net::Ipv6Addr::from(bytes), port)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_net_addresses_are_decoded() {
        assert_eq!(
            parse_proc_addr("0100007F:1F40"),
            Some("127.0.0.1:8000".parse().unwrap())
        );
        assert_eq!(
            parse_proc_addr("00000000000000000000000000000000:0BB8"),
            Some("[::]:3000".parse().unwrap())
        );
    }

    #[test]
    fn colour_codes_are_stripped() {
        assert_eq!(
            strip_ansi("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"),
            "error: x"
        );
    }

    /// An endless line without a newline: memory must stay bounded.
    struct Spew(usize);

    impl Read for Spew {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Ok(0);
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(b'x');
            self.0 -= n;
            Ok(n)
        }
    }

    #[test]
    fn output_without_newlines_is_cut_not_hoarded() {
        let output = Output::default();
        // 64 MiB in one "line", then a normal line.
        output
            .collect(Spew(64 << 20).chain(&b"\nafter\n"[..]))
            .join()
            .unwrap();
        let lines = output.last_words(10);
        assert_eq!(
            lines.len(),
            2,
            "{:?}",
            lines.iter().map(String::len).collect::<Vec<_>>()
        );
        assert!(lines[0].len() < 1024, "kept {} bytes", lines[0].len());
        assert!(lines[0].ends_with("(a longer line, cut)"));
        assert_eq!(lines[1], "after");
    }
}
