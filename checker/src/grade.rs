//! Batch grading: every submission in a folder, for chosen chapters.
//!
//! Each submission is a checkout of the workbook. Builds run one at a time
//! into one shared target directory, so the class compiles axum and tokio
//! once, not once per student; while the next submission builds, a small pool
//! of workers starts finished ones and runs their checks. A submission that
//! does not compile, hangs, or ignores its port is bounded by its own time
//! limits (build, start, each request) and resource limits (memory, CPU time,
//! file size), and never stops the others.
//!
//! A grade depends only on what was submitted: each build is named by a hash
//! of the submission's content ([`crate::fingerprint`]), never by file times.
//! Each result is written to `OUT/students/NAME/chNN.json` as soon as it is
//! ready, with a key saying what it depends on (content, seed, the chapter's
//! checks, instructor checks, limits, checker version); a re-run reuses every result whose key
//! still matches, so an interrupted run resumes and a re-run after one
//! resubmission grades only that one.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use crate::extra::Extra;
use crate::fingerprint::{self, Hasher, PathDeps};
use crate::harness::run::{self, Planned};
use crate::harness::server::{BuildOptions, Launch};
use crate::report::{CheckStatus, Report, RunError, Stage};
use crate::suite::Chapter;
use crate::workbook::{self, Crate};

/// Everything `checker grade` needs.
pub struct Config {
    pub submissions: PathBuf,
    pub chapters: Vec<Chapter>,
    /// Instructor checks, read once; each runs with its own chapter.
    pub extra: Extra,
    pub out: PathBuf,
    pub jobs: usize,
    pub seed: u64,
    pub build_timeout: Duration,
    pub start_timeout: Duration,
    pub timeout: Duration,
    pub target_dir: PathBuf,
    /// Only these students (by folder name), graded again even when a saved
    /// result is current. Empty: everyone, reusing current results.
    pub students: Vec<String>,
    /// Grade everyone again, ignoring saved results.
    pub regrade: bool,
    pub limits: Limits,
    /// Pseudonyms instead of folder names in every output.
    pub anonymise: bool,
    /// The workbook the starters and solutions come from (to tell a
    /// student's own code from the code every student was given).
    pub workbook: PathBuf,
}

/// Resource limits of each student's server (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Address space, in MiB (`ulimit -v`).
    pub memory_mb: u64,
    /// Processor time, in seconds (`ulimit -t`).
    pub cpu_seconds: u64,
    /// Largest file the server may write, in MiB (`ulimit -f`).
    pub file_mb: u64,
}

impl Limits {
    /// None: the server runs as it is.
    pub const NONE: Limits = Limits {
        memory_mb: 0,
        cpu_seconds: 0,
        file_mb: 0,
    };
    /// `grade`'s defaults.
    pub const GRADE: Limits = Limits {
        memory_mb: 2048,
        cpu_seconds: 60,
        file_mb: 100,
    };
    /// The server's program, started by `sh` under the limits; `exec` keeps
    /// it the process the checker stops.
    pub fn launch(&self, program: &Path) -> Launch {
        if *self == Limits::NONE {
            return Launch::Program(crate::harness::server::Program {
                path: program.to_path_buf(),
                args: Vec::new(),
            });
        }
        // No backtraces: a server's last lines then hold its panic or
        // allocation failure, which is what the reports explain.
        let mut line = String::from("export RUST_BACKTRACE=0; ");
        // A limit that cannot be set (the machine's own is lower) is said
        // in the server's output, and the server runs without it.
        let mut limit = |set: String, what: &str| {
            line.push_str(&format!(
                "{{ {set} 2>/dev/null || echo 'checker: could not set the {what} limit' >&2; }}; "
            ));
        };
        if self.memory_mb > 0 {
            limit(format!("ulimit -v {}", self.memory_mb * 1024), "memory");
        }
        if self.cpu_seconds > 0 {
            // The soft limit sends SIGXCPU, which the report can name; the
            // hard one, a second later, SIGKILL.
            limit(
                format!(
                    "ulimit -S -t {} && ulimit -H -t {}",
                    self.cpu_seconds,
                    self.cpu_seconds + 1
                ),
                "processor time",
            );
        }
        if self.file_mb > 0 {
            // POSIX sh counts 512-byte blocks.
            limit(format!("ulimit -f {}", self.file_mb * 2048), "file size");
        }
        if self.memory_mb > 0 {
            // glibc reserves address space per thread arena; a few arenas
            // keep a many-core machine's reservations within the limit.
            line.push_str("export MALLOC_ARENA_MAX=2; ");
        }
        line.push_str("exec ");
        line.push_str(&shell_quote(&program.to_string_lossy()));
        Launch::Shell(line)
    }

    /// Why a server stopped, when a limit explains it.
    fn explain(&self, text: &str) -> Option<String> {
        if self.cpu_seconds > 0 && (text.contains("SIGXCPU") || text.contains("signal 24")) {
            return Some(format!(
                "the server used more than {} s of processor time (the limit per student)",
                self.cpu_seconds
            ));
        }
        if self.memory_mb > 0
            && (text.contains("memory allocation of") || text.contains("Cannot allocate memory"))
        {
            return Some(format!(
                "the server tried to use more than {} MiB of memory (the limit per student)",
                self.memory_mb
            ));
        }
        if self.file_mb > 0 && (text.contains("SIGXFSZ") || text.contains("signal 25")) {
            return Some(format!(
                "the server wrote a file larger than {} MiB (the limit per student)",
                self.file_mb
            ));
        }
        None
    }
}

/// `'it'\''s'`
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// One submission's result for one chapter, as saved and exported.
#[derive(Serialize, Deserialize, Clone)]
pub struct Graded {
    pub student: String,
    pub chapter: u8,
    /// A hash of the submission's chapter crate and build files.
    pub submission: String,
    /// The checkout's commit, when it is a git repository.
    pub commit: Option<String>,
    /// When it was submitted: the commit's time, or the newest file's.
    pub submitted: Option<String>,
    /// When it was graded (UTC).
    pub graded: String,
    /// Building and checking, in milliseconds.
    pub took_ms: u64,
    /// What the result depends on; a re-run reuses it while this matches.
    pub key: String,
    /// The student's feedback for this chapter (hidden checks left out).
    pub feedback: String,
    /// The full report (JSON schema `workbook-checker/1`), local paths removed.
    pub report: serde_json::Value,
}

/// The parts of a report the summaries read.
#[derive(Deserialize, Default)]
struct Score {
    status: String,
    score: u32,
    max_score: u32,
    passed: usize,
    failed: usize,
    error: Option<ErrorText>,
    #[serde(default)]
    checks: Vec<CheckRow>,
}

#[derive(Deserialize, Default)]
struct ErrorText {
    message: String,
}

#[derive(Deserialize, Default)]
struct CheckRow {
    id: String,
    title: String,
    status: String,
    #[serde(default)]
    failure: Option<FailureRow>,
}

#[derive(Deserialize, Default)]
struct FailureRow {
    #[serde(default)]
    problems: Vec<String>,
}

impl Graded {
    fn score(&self) -> Score {
        serde_json::from_value(self.report.clone()).unwrap_or_default()
    }
}

/// What a grading run produced.
pub struct Outcome {
    /// Every current result, by student then chapter.
    pub graded: Vec<Graded>,
    /// How many were graded now, and how many reused from an earlier run.
    pub fresh: usize,
    pub reused: usize,
    pub similar: Vec<Similar>,
    /// The names outputs use.
    pub names: Names,
}

/// Two submissions of a chapter that are the same, or nearly.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub chapter: u8,
    pub a: String,
    pub b: String,
    /// Share of their own code (beyond the starter) in common, 0 to 1.
    pub similarity: f64,
    pub identical: bool,
}

/// One student's chapter, ready to build (or already graded).
struct Task {
    student: String,
    chapter: u8,
    krate: Result<Crate, RunError>,
    /// Its path dependencies (other crates of its workspace).
    deps: PathDeps,
    tag: String,
    key: String,
    commit: Option<String>,
    submitted: Option<String>,
}

/// A built chapter waiting for a worker.
struct Built {
    task: Task,
    binary: Result<PathBuf, RunError>,
    build_ms: u64,
}

/// Temporary folders to remove if the checker is interrupted.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Notes a temporary folder for [`remove_temporary`].
pub fn remove_on_interrupt(folder: &Path) {
    TEMPORARY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(folder.to_path_buf());
}

/// Removes the folders of built binaries of a run in progress (a class, or
/// one chapter).
/// The Ctrl-C handler calls it, so an interrupted class run leaves no
/// binaries behind; finished results stay, and a re-run resumes from them.
pub fn remove_temporary() {
    let folders = TEMPORARY.lock().map(|f| f.clone()).unwrap_or_default();
    for folder in folders {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// Grades the submissions; writes each result as it is ready, then the
/// summaries (see [`write_summaries`]), and returns every current result.
pub fn run(config: &Config, progress: &mut dyn Write) -> Result<Outcome, String> {
    let mut students = submissions(&config.submissions)?;
    // The results folder, or the target folder, may sit among the submissions.
    let ours: Vec<PathBuf> = [&config.out, &config.target_dir]
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    students.retain(|(_, dir)| {
        dir.canonicalize()
            .map_or(true, |real| !ours.contains(&real))
    });
    if students.is_empty() {
        return Err(format!(
            "{} holds no submissions (one folder per student, each a workbook checkout)",
            config.submissions.display()
        ));
    }
    for name in &config.students {
        if !students.iter().any(|(s, _)| s == name) {
            let known: Vec<&str> = students.iter().map(|(s, _)| s.as_str()).collect();
            return Err(format!(
                "--student {name}: no such folder in {} (the students are: {})",
                config.submissions.display(),
                known.join(", ")
            ));
        }
    }
    std::fs::create_dir_all(config.out.join("students"))
        .map_err(|e| format!("--out {}: {e}", config.out.display()))?;
    let names = Names::load(config)?;

    // What to grade: every chapter whose saved result is missing or stale.
    let mut todo: Vec<Vec<Task>> = Vec::new();
    let mut current: Vec<Graded> = Vec::new();
    let mut reused = 0;
    // Each chapter crate found, for the similarity flags.
    let mut crate_dirs: BTreeMap<(String, u8), PathBuf> = BTreeMap::new();
    for (student, dir) in &students {
        let named = config.students.iter().any(|s| s == student);
        let others_wait = !config.students.is_empty() && !named;
        let mut tasks = Vec::new();
        for chapter in &config.chapters {
            let saved = load_saved(config, &names, student, chapter.number);
            if others_wait {
                // `--student` grades the named ones only; the others keep
                // what they have, current or not.
                if let Some(saved) = saved {
                    reused += 1;
                    current.push(saved);
                }
                continue;
            }
            let task = prepare(config, student, dir, chapter);
            if let Ok(krate) = &task.krate
                && let Some(folder) = krate.manifest.parent()
            {
                crate_dirs.insert((student.clone(), chapter.number), folder.to_path_buf());
            }
            match saved {
                Some(saved) if !config.regrade && !named && saved.key == task.key => {
                    reused += 1;
                    current.push(saved);
                }
                _ => tasks.push(task),
            }
        }
        if !tasks.is_empty() {
            todo.push(tasks);
        }
    }

    let binaries = tempfile::Builder::new()
        .prefix("workbook-grade-")
        .tempdir()
        .map_err(|e| format!("no temporary folder: {e}"))?;
    remove_on_interrupt(binaries.path());

    let total: usize = todo.iter().map(Vec::len).sum();
    let results: Arc<Mutex<Vec<Graded>>> = Arc::new(Mutex::new(Vec::new()));
    let failures: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(Vec::new()));
    // A job is one student's chapters: they run one after another, so two
    // servers of one student never fight over a port they hard-coded.
    let (jobs_tx, jobs_rx) = mpsc::channel::<Vec<Built>>();
    let jobs_rx = Arc::new(Mutex::new(jobs_rx));
    let (done_tx, done_rx) = mpsc::channel::<String>();
    let names_ref = &names;

    thread::scope(|scope| {
        for _ in 0..config.jobs.max(1) {
            let jobs_rx = Arc::clone(&jobs_rx);
            let results = Arc::clone(&results);
            let failures = Arc::clone(&failures);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    let job = match jobs_rx.lock().map(|rx| rx.recv()) {
                        Ok(Ok(job)) => job,
                        _ => break,
                    };
                    for built in job {
                        let label = format!(
                            "{} ch{:02}",
                            names_ref.shown(&built.task.student),
                            built.task.chapter
                        );
                        let binary = built.binary.as_ref().ok().cloned();
                        let graded = check_one(config, names_ref, built);
                        if let Some(binary) = binary {
                            let _ = std::fs::remove_file(binary);
                        }
                        if let Err(e) = save(config, names_ref, &graded) {
                            failures.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                        }
                        results
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(graded);
                        let _ = done_tx.send(label);
                    }
                }
            });
        }
        drop(done_tx);

        // Builds, one at a time, on this thread; progress is drawn as jobs end.
        let started = Instant::now();
        let mut finished = 0;
        let draw = |finished: usize, label: &str, progress: &mut dyn Write| {
            draw_progress(progress, finished, total, started.elapsed(), label);
        };
        for tasks in todo {
            let mut job = Vec::new();
            for task in tasks {
                draw(
                    finished,
                    &format!(
                        "building {} ch{:02}",
                        names.shown(&task.student),
                        task.chapter
                    ),
                    progress,
                );
                let build_started = Instant::now();
                let binary = build_one(config, &task, binaries.path());
                job.push(Built {
                    task,
                    binary,
                    build_ms: build_started.elapsed().as_millis() as u64,
                });
                while let Ok(label) = done_rx.try_recv() {
                    finished += 1;
                    draw(finished, &label, progress);
                }
            }
            let _ = jobs_tx.send(job);
        }
        drop(jobs_tx);
        for label in done_rx.iter() {
            finished += 1;
            draw(finished, &label, progress);
        }
        if total > 0 {
            let _ = writeln!(progress);
        }
    });
    TEMPORARY
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != binaries.path());
    drop(binaries);

    if let Some(error) = failures.lock().unwrap_or_else(|e| e.into_inner()).first() {
        return Err(error.clone());
    }
    let fresh = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
    let fresh_count = fresh.len();
    current.extend(fresh);
    let order: Vec<&String> = students.iter().map(|(s, _)| s).collect();
    current.sort_by_key(|g| (order.iter().position(|s| **s == g.student), g.chapter));
    let similar = similar_submissions(config, &students, &crate_dirs);
    let outcome = Outcome {
        graded: current,
        fresh: fresh_count,
        reused,
        similar,
        names,
    };
    write_summaries(config, &outcome.names, &outcome)?;
    Ok(outcome)
}

/// The submissions: every folder directly inside `dir` (or a link to one),
/// by name.
fn submissions(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    found.sort();
    Ok(found)
}

/// Finds the student's chapter crate and names its content.
fn prepare(config: &Config, student: &str, dir: &Path, chapter: &Chapter) -> Task {
    // A linked folder is graded where it really is: cargo reports real paths.
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let krate = workbook::path_crate(&real, chapter).map_err(|message| RunError {
        stage: Stage::Build,
        message: missing_crate(chapter, &message),
        output: String::new(),
    });
    let deps = krate
        .as_ref()
        .map(|k| PathDeps::of(&k.manifest))
        .unwrap_or_default();
    let tag = match &krate {
        Ok(k) => fingerprint::build_tag_with(&k.manifest, &deps)
            .unwrap_or_else(|e| fingerprint::hash_bytes(format!("unreadable: {e}").as_bytes())),
        Err(e) => fingerprint::hash_bytes(e.message.as_bytes()),
    };
    let mut key = Hasher::default();
    key.field(tag.as_bytes());
    key.field(&config.seed.to_le_bytes());
    key.field(&[chapter.number]);
    key.field(config.extra.fingerprint().as_bytes());
    key.field(format!("{:?}", config.limits).as_bytes());
    key.field(
        format!(
            "{:?}{:?}{:?}",
            config.build_timeout, config.start_timeout, config.timeout
        )
        .as_bytes(),
    );
    key.field(env!("CARGO_PKG_VERSION").as_bytes());
    // The chapter's checks as this checker plans them: a check fixed since
    // the result was saved makes it stale.
    for check in &chapter.checks {
        let planned = run::plan(chapter, check, config.seed);
        key.field(format!("{:?}{:?}", planned.result, planned.steps).as_bytes());
    }
    let crate_dir = krate
        .as_ref()
        .ok()
        .and_then(|k| k.manifest.parent().map(Path::to_path_buf));
    let (commit, submitted) = provenance(&real, crate_dir.as_deref());
    Task {
        student: student.to_string(),
        chapter: chapter.number,
        krate,
        deps,
        tag,
        key: key.finish(),
        commit,
        submitted,
    }
}

/// Why a submission's chapter crate cannot be built, in words for the
/// student (who passed no `--path`: the grader did).
pub fn missing_crate(chapter: &Chapter, message: &str) -> String {
    format!(
        "the submission has no usable chapter {:02} crate: {}",
        chapter.number,
        message.trim_start_matches("--path ")
    )
}

/// The checkout's commit and its time, when it is a git repository; else
/// the time of the newest file in the chapter's crate.
fn provenance(dir: &Path, crate_dir: Option<&Path>) -> (Option<String>, Option<String>) {
    if dir.join(".git").exists() {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["log", "-1", "--format=%H %ct"])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output();
        if let Ok(output) = output
            && output.status.success()
        {
            let text = String::from_utf8_lossy(&output.stdout);
            if let Some((hash, time)) = text.trim().split_once(' ') {
                let time = time.parse::<u64>().ok().map(utc);
                return (Some(hash.to_string()), time);
            }
        }
    }
    let newest = crate_dir.and_then(|d| {
        fingerprint::files(d)
            .ok()?
            .iter()
            .filter_map(|f| std::fs::symlink_metadata(d.join(f)).ok()?.modified().ok())
            .max()
    });
    let seconds = newest
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map(|d| utc(d.as_secs()));
    (None, seconds)
}

/// Seconds since 1970 as `2026-11-22T06:05:51Z`.
pub fn utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

fn now_utc() -> String {
    utc(SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()))
}

/// Builds one submission's chapter crate and copies the binary out of the
/// shared target directory (the next build overwrites it there).
fn build_one(config: &Config, task: &Task, binaries: &Path) -> Result<PathBuf, RunError> {
    let krate = task.krate.as_ref().map_err(|e| RunError {
        stage: e.stage,
        message: e.message.clone(),
        output: e.output.clone(),
    })?;
    let options = BuildOptions {
        target_dir: Some(config.target_dir.clone()),
        timeout: Some(config.build_timeout),
        color: false,
        // The content's hash, not the student's name: the build is fresh
        // only when the content is the one built last.
        submission: Some(task.tag.clone()),
    };
    let name = format!(
        "{}-ch{:02}",
        &fingerprint::hash_bytes(task.student.as_bytes())[..16],
        task.chapter
    );
    build_held(
        krate,
        &options,
        &task.deps,
        binaries,
        &name,
        &mut std::io::sink(),
    )
}

/// Builds a submission's crate and copies its binary to `into/name`, holding
/// the target folder from before the build until the copy is made: cargo
/// locks it only while it runs, and another run sharing the folder could
/// otherwise replace the binary between its build and its start. Workspace
/// crates the submission carries are rebuilt when theirs differs from the
/// one last built there ([`PathDeps::refresh`]).
pub fn build_held(
    krate: &Crate,
    options: &BuildOptions,
    deps: &PathDeps,
    into: &Path,
    name: &str,
    echo: &mut dyn Write,
) -> Result<PathBuf, RunError> {
    let error = |what: &str, e: std::io::Error| RunError {
        stage: Stage::Build,
        message: format!("{what}: {e}"),
        output: String::new(),
    };
    let target = options.target_dir.clone().unwrap_or_else(|| deps.1.clone());
    let _held = if target.as_os_str().is_empty() {
        None // cargo could not say where it builds: it reports why next
    } else {
        Some(
            fingerprint::lock_dir(&target)
                .map_err(|e| error("could not lock the target folder", e))?,
        )
    };
    let submission = options.submission.is_some();
    if submission {
        deps.refresh(&target)
            .map_err(|e| error("could not prepare the crates it depends on", e))?;
    }
    let path =
        crate::harness::server::build(&krate.manifest, &krate.package, &krate.bin, options, echo)
            .map_err(RunError::from)?;
    if submission {
        deps.record(&target)
            .map_err(|e| error("could not note the crates it depends on", e))?;
    }
    let copy = into.join(name);
    std::fs::copy(&path, &copy).map_err(|e| error("could not copy the built binary", e))?;
    Ok(copy)
}

/// Starts one built submission and runs its checks.
fn check_one(config: &Config, names: &Names, built: Built) -> Graded {
    let task = built.task;
    let chapter = crate::suites::find(task.chapter).expect("a graded chapter exists");
    let chapter = &chapter;
    let shown = names.shown(&task.student);
    let mut report = Report::new(chapter, format!("submission {shown}"), config.seed);
    let mut planned: Vec<Planned> = chapter
        .checks
        .iter()
        .map(|c| run::plan(chapter, c, config.seed))
        .collect();
    planned.extend(config.extra.for_chapter(chapter.number));
    let started = Instant::now();
    match (built.binary, &chapter.needs.given, &task.krate) {
        (Err(error), _, _) => {
            report.could_not_run(error, planned.into_iter().map(|p| p.result).collect())
        }
        // A chapter that grades the student's tests: cargo runs them; no
        // server starts.
        (Ok(_), Some(given), Ok(krate)) => {
            // In the class's shared target folder: each submission's copy
            // is a workspace member of its own there, so dependencies are
            // compiled once for everyone.
            let target = Some(config.target_dir.as_path());
            match crate::harness::planted::run(
                krate,
                given,
                target,
                planned,
                false,
                &mut std::io::sink(),
            ) {
                Ok(checks) => {
                    report.checks = checks;
                    report.tally();
                }
                Err((error, checks)) => report.could_not_run(error, checks),
            }
        }
        (Ok(path), _, _) => {
            report.curl_base = "http://127.0.0.1:8000".to_string();
            run::start_and_run(
                &config.limits.launch(&path),
                &chapter.needs,
                planned,
                &mut report,
                config.start_timeout,
                config.timeout,
                false,
            );
        }
    }
    explain(&config.limits, &mut report);
    let took_ms = built.build_ms + started.elapsed().as_millis() as u64;
    report.duration_ms = took_ms;
    let feedback = scrub_text(
        config,
        &config.submissions.join(&task.student),
        &feedback(&report),
    );
    let mut value = serde_json::to_value(&report).unwrap_or_default();
    scrub(config, &task.student, &mut value);
    Graded {
        student: task.student,
        chapter: chapter.number,
        submission: task.tag,
        commit: task.commit,
        submitted: task.submitted,
        graded: now_utc(),
        took_ms,
        key: task.key,
        feedback,
        report: value,
    }
}

/// Reasons a student can act on, where the generic one would mislead: a
/// limit that stopped the server, a port that was taken.
pub fn explain(limits: &Limits, report: &mut Report) {
    let output = report.server_output.join("\n");
    if let Some(error) = &mut report.error {
        let text = format!("{}\n{}", error.message, error.output);
        if let Some(why) = limits.explain(&text) {
            error.message = format!("{why}; {}", error.message);
        } else if error.stage == Stage::Start && text.contains("Address already in use") {
            error.message = format!(
                "{}: the port it tried was taken, so it does not read the PORT variable \
                 (it must listen on the port in PORT)",
                error.message
            );
        }
        return;
    }
    for check in &mut report.checks {
        if let Some(failure) = &mut check.failure {
            let text = format!("{}\n{output}", failure.problems.join("\n"));
            if let Some(why) = limits.explain(&text) {
                failure.problems.insert(0, why);
            }
        }
    }
}

/// Replaces local paths in every string of `value` (reports must not carry
/// the instructor's folders or a student's real name in a path).
fn scrub(config: &Config, student: &str, value: &mut serde_json::Value) {
    let dir = config.submissions.join(student);
    match value {
        serde_json::Value::String(text) => *text = scrub_text(config, &dir, text),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub(config, student, v)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| scrub(config, student, v)),
        _ => {}
    }
}

fn scrub_text(config: &Config, dir: &Path, text: &str) -> String {
    let mut places: Vec<(PathBuf, &str)> = Vec::new();
    for (path, name) in [
        (dir.to_path_buf(), "<submission>"),
        (config.submissions.clone(), "<submissions>"),
        (config.target_dir.clone(), "<target>"),
        (config.workbook.clone(), "<workbook>"),
        (std::env::temp_dir(), "<tmp>"),
    ] {
        if let Ok(real) = path.canonicalize() {
            places.push((real, name));
        }
        if let Ok(absolute) = std::path::absolute(&path) {
            places.push((absolute, name));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| h.len() > 1) {
        places.push((PathBuf::from(home), "~"));
    }
    // Longest first, so a submission is not half-replaced as the class.
    places.sort_by_key(|(p, _)| std::cmp::Reverse(p.as_os_str().len()));
    let mut text = text.to_string();
    for (path, name) in places {
        let path = path.to_string_lossy();
        if path.len() > 1 {
            text = text.replace(path.as_ref(), name);
        }
    }
    text
}

/// A student's feedback for one chapter, in plain text: every visible check
/// with what went wrong; instructor's hidden checks only as points.
pub fn feedback(report: &Report) -> String {
    let visible: Vec<_> = report.checks.iter().filter(|c| !c.hidden).collect();
    let hidden: Vec<_> = report.checks.iter().filter(|c| c.hidden).collect();
    let mut text = format!(
        "Chapter {:02} · {} — {} of {} points\n",
        report.chapter, report.title, report.score, report.max_score
    );
    if let Some(error) = &report.error {
        text.push_str(&format!(
            "\nCould not run ({}): {}\n",
            error.stage, error.message
        ));
        if !error.output.is_empty() {
            let lines: Vec<&str> = error.output.lines().collect();
            let tail = &lines[lines.len().saturating_sub(40)..];
            text.push_str(&format!("\n{}\n", tail.join("\n")));
        }
        return text;
    }
    text.push_str(&format!(
        "{} of {} checks passed (seed {})\n\n",
        visible
            .iter()
            .filter(|c| c.status == CheckStatus::Passed)
            .count(),
        visible.len(),
        report.seed
    ));
    for check in &visible {
        let mark = if check.status == CheckStatus::Passed {
            "✓"
        } else {
            "✗"
        };
        text.push_str(&format!(
            "{mark} {} {} ({}/{} points)\n",
            check.id, check.title, check.score, check.points
        ));
        if let Some(failure) = &check.failure {
            for line in crate::report::failure_text(check, failure).lines() {
                text.push_str(&format!("    {line}\n"));
            }
        }
    }
    if !hidden.is_empty() {
        text.push_str(&format!(
            "\nInstructor checks: {} of {} points\n",
            hidden.iter().map(|c| c.score).sum::<u32>(),
            hidden.iter().map(|c| c.points).sum::<u32>()
        ));
    }
    if report.failed > 0 && !report.server_output.is_empty() {
        text.push_str("\nThe server's last words:\n");
        for line in &report.server_output {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

fn draw_progress(out: &mut dyn Write, done: usize, total: usize, elapsed: Duration, label: &str) {
    let width = 24;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let bar = format!("{}{}", "#".repeat(filled), "-".repeat(width - filled));
    let line = format!(
        "grading [{bar}] {done}/{total} · {:.0} s · {label}",
        elapsed.as_secs_f64()
    );
    // On a terminal the bar redraws in place; in a log, one line per event.
    if std::io::stderr().is_terminal() {
        let _ = write!(out, "\r\u{1b}[2K{line}");
    } else {
        let _ = writeln!(out, "{line}");
    }
    let _ = out.flush();
}

/// Student names as they appear in outputs: the folder names, or stable
/// pseudonyms (`--anonymise`) whose key stays in `OUT/private/names.csv`.
pub struct Names {
    salt: Option<String>,
}

impl Names {
    fn load(config: &Config) -> Result<Names, String> {
        if !config.anonymise {
            return Ok(Names { salt: None });
        }
        let private = config.out.join("private");
        let file = private.join("salt");
        let salt = match std::fs::read_to_string(&file) {
            Ok(salt) => salt.trim().to_string(),
            Err(_) => {
                std::fs::create_dir_all(&private)
                    .map_err(|e| format!("{}: {e}", private.display()))?;
                let salt = format!("{:016x}", crate::seed::fresh_seed());
                std::fs::write(&file, &salt).map_err(|e| format!("{}: {e}", file.display()))?;
                salt
            }
        };
        Ok(Names { salt: Some(salt) })
    }

    /// The name outputs use for `student`.
    pub fn shown(&self, student: &str) -> String {
        match &self.salt {
            None => student.to_string(),
            Some(salt) => {
                let mut h = Hasher::default();
                h.field(salt.as_bytes());
                h.field(student.as_bytes());
                format!("student-{}", &h.finish()[..10])
            }
        }
    }
}

/// `OUT/students/NAME/chNN.json`
fn saved_path(config: &Config, names: &Names, student: &str, chapter: u8) -> PathBuf {
    config
        .out
        .join("students")
        .join(names.shown(student))
        .join(format!("ch{chapter:02}.json"))
}

fn load_saved(config: &Config, names: &Names, student: &str, chapter: u8) -> Option<Graded> {
    let text = std::fs::read_to_string(saved_path(config, names, student, chapter)).ok()?;
    let mut graded: Graded = serde_json::from_str(&text).ok()?;
    graded.student = student.to_string();
    Some(graded)
}

/// Writes one result at once (to a temporary name, then renamed, so an
/// interruption never leaves half a file).
fn save(config: &Config, names: &Names, graded: &Graded) -> Result<(), String> {
    let path = saved_path(config, names, &graded.student, graded.chapter);
    let mut shown = graded.clone();
    shown.student = names.shown(&graded.student);
    let text = serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())? + "\n";
    write_atomic(&path, &text)
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The summaries, from every current result:
/// `grades.csv` (a row per student and chapter), `gradebook.csv` (a row per
/// student: total, commit, submission time, time taken, flags),
/// `checks.csv` (a row per check: how many passed), `similar.csv` (pairs of
/// submissions that are the same or nearly), `grades.json` (every result)
/// and `feedback/NAME.txt` (what each student reads).
fn write_summaries(config: &Config, names: &Names, outcome: &Outcome) -> Result<(), String> {
    let write = |name: &str, text: String| write_atomic(&config.out.join(name), &text);
    let graded = &outcome.graded;
    let mut grades = String::from(
        "student,chapter,status,score,max_score,passed,failed,reason,submission,commit,submitted,took_s\n",
    );
    for g in graded {
        let s = g.score();
        grades.push_str(&row(&[
            names.shown(&g.student),
            format!("{:02}", g.chapter),
            s.status.clone(),
            s.score.to_string(),
            s.max_score.to_string(),
            s.passed.to_string(),
            s.failed.to_string(),
            reason(&s),
            g.submission.clone(),
            g.commit.clone().unwrap_or_default(),
            g.submitted.clone().unwrap_or_default(),
            format!("{:.1}", g.took_ms as f64 / 1000.0),
        ]));
    }
    write("grades.csv", grades)?;

    let mut book_header = vec!["student".to_string(), "total".into(), "max_total".into()];
    book_header.extend(config.chapters.iter().map(|c| format!("ch{:02}", c.number)));
    book_header.extend(["commit", "submitted", "took_s", "flags"].map(String::from));
    let mut book = row(&book_header);
    for student in students_in(graded) {
        let mine: Vec<&Graded> = graded.iter().filter(|g| g.student == student).collect();
        let scores: Vec<Score> = mine.iter().map(|g| g.score()).collect();
        let mut cells = vec![
            names.shown(&student),
            scores.iter().map(|s| s.score).sum::<u32>().to_string(),
            scores.iter().map(|s| s.max_score).sum::<u32>().to_string(),
        ];
        for chapter in &config.chapters {
            cells.push(
                mine.iter()
                    .zip(&scores)
                    .find(|(g, _)| g.chapter == chapter.number)
                    .map_or(String::new(), |(_, s)| match &s.error {
                        Some(_) => format!("{} (error)", s.score),
                        None => s.score.to_string(),
                    }),
            );
        }
        let commits: BTreeSet<&str> = mine.iter().filter_map(|g| g.commit.as_deref()).collect();
        cells.push(commits.into_iter().collect::<Vec<_>>().join(" "));
        cells.push(
            mine.iter()
                .filter_map(|g| g.submitted.clone())
                .max()
                .unwrap_or_default(),
        );
        cells.push(format!(
            "{:.1}",
            mine.iter().map(|g| g.took_ms).sum::<u64>() as f64 / 1000.0
        ));
        let flags: Vec<String> = outcome
            .similar
            .iter()
            .filter(|s| s.a == student || s.b == student)
            .map(|s| {
                let other = if s.a == student { &s.b } else { &s.a };
                format!(
                    "ch{:02} {} {}",
                    s.chapter,
                    if s.identical {
                        "identical to"
                    } else {
                        "similar to"
                    },
                    names.shown(other)
                )
            })
            .collect();
        cells.push(flags.join("; "));
        book.push_str(&row(&cells));
    }
    write("gradebook.csv", book)?;

    let mut checks = String::from("chapter,check,title,passed,failed,not_run\n");
    let mut rows: Vec<(u8, String, String, [usize; 3])> = Vec::new();
    for g in graded {
        for c in g.score().checks {
            let slot = match c.status.as_str() {
                "passed" => 0,
                "failed" => 1,
                _ => 2,
            };
            match rows
                .iter_mut()
                .find(|(ch, id, ..)| *ch == g.chapter && *id == c.id)
            {
                Some(row) => row.3[slot] += 1,
                None => {
                    let mut counts = [0; 3];
                    counts[slot] = 1;
                    rows.push((g.chapter, c.id.clone(), c.title.clone(), counts));
                }
            }
        }
    }
    for (chapter, id, title, [passed, failed, not_run]) in rows {
        checks.push_str(&row(&[
            format!("{chapter:02}"),
            id,
            title,
            passed.to_string(),
            failed.to_string(),
            not_run.to_string(),
        ]));
    }
    write("checks.csv", checks)?;

    let mut similar = String::from("chapter,student,other,kind,similarity\n");
    for s in &outcome.similar {
        similar.push_str(&row(&[
            format!("{:02}", s.chapter),
            names.shown(&s.a),
            names.shown(&s.b),
            if s.identical { "identical" } else { "similar" }.to_string(),
            format!("{:.2}", s.similarity),
        ]));
    }
    write("similar.csv", similar)?;

    let shown: Vec<Graded> = graded
        .iter()
        .map(|g| Graded {
            student: names.shown(&g.student),
            ..g.clone()
        })
        .collect();
    let json = serde_json::to_string_pretty(&shown).map_err(|e| e.to_string())?;
    write("grades.json", json + "\n")?;

    for student in students_in(graded) {
        let text: Vec<&str> = graded
            .iter()
            .filter(|g| g.student == student)
            .map(|g| g.feedback.as_str())
            .collect();
        let name = names.shown(&student);
        write(
            &format!("feedback/{name}.txt"),
            format!("Feedback for {name}\n\n{}", text.join("\n")),
        )?;
    }
    if config.anonymise {
        let mut key = String::from("pseudonym,student\n");
        for student in students_in(graded) {
            key.push_str(&row(&[names.shown(&student), student]));
        }
        write("private/names.csv", key)?;
    }
    Ok(())
}

/// The students, in the order of `graded`.
fn students_in(graded: &[Graded]) -> Vec<String> {
    let mut students: Vec<String> = Vec::new();
    for g in graded {
        if students.last() != Some(&g.student) && !students.contains(&g.student) {
            students.push(g.student.clone());
        }
    }
    students
}

/// Why a chapter lost points, in one line: why it could not run, or the
/// first failing check's first problem.
fn reason(score: &Score) -> String {
    if let Some(error) = &score.error {
        return error.message.clone();
    }
    score
        .checks
        .iter()
        .find(|c| c.status == "failed")
        .map(|c| {
            let problem = c
                .failure
                .as_ref()
                .and_then(|f| f.problems.first().cloned())
                .unwrap_or_default();
            format!("{}: {problem}", c.id)
        })
        .unwrap_or_default()
}

/// One CSV line.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| csv(c)).collect();
    cells.join(",") + "\n"
}

/// A CSV field, quoted when it needs to be. A field a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`, tab or carriage return first) gets a
/// leading `'`, so a student's text is never executed.
fn csv(field: &str) -> String {
    let mut field = field.replace(['\n', '\r'], " ");
    let numeric = field.parse::<f64>().is_ok();
    if !numeric && field.starts_with(['=', '+', '-', '@', '\t']) {
        field.insert(0, '\'');
    }
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// Submissions of a chapter that are byte-identical (beyond the starter
/// everyone was given) or nearly so: the same 5-token runs of their own code,
/// comments and layout ignored.
fn similar_submissions(
    config: &Config,
    students: &[(String, PathBuf)],
    known: &BTreeMap<(String, u8), PathBuf>,
) -> Vec<Similar> {
    let mut found = Vec::new();
    for chapter in &config.chapters {
        let starter = workbook::chapter_crate(&config.workbook, chapter, false)
            .ok()
            .and_then(|k| k.manifest.parent().map(Path::to_path_buf));
        let starter_shingles = starter.as_deref().map(shingles).unwrap_or_default();
        let starter_hash = starter.as_deref().map(source_hash);
        let mut mine: Vec<(&str, String, BTreeSet<u64>)> = Vec::new();
        for (student, dir) in students {
            let crate_dir = match known.get(&(student.clone(), chapter.number)) {
                Some(folder) => folder.clone(),
                // A student not graded in this run (`--student`).
                None => {
                    let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                    let Some(folder) = workbook::path_crate(&real, chapter)
                        .ok()
                        .and_then(|k| k.manifest.parent().map(Path::to_path_buf))
                    else {
                        continue;
                    };
                    folder
                }
            };
            let crate_dir = crate_dir.as_path();
            let hash = source_hash(crate_dir);
            if Some(&hash) == starter_hash.as_ref() {
                continue; // the starter, untouched: nothing of their own
            }
            let own: BTreeSet<u64> = shingles(crate_dir)
                .difference(&starter_shingles)
                .copied()
                .collect();
            mine.push((student, hash, own));
        }
        for (i, (a, hash_a, own_a)) in mine.iter().enumerate() {
            for (b, hash_b, own_b) in &mine[i + 1..] {
                let identical = hash_a == hash_b;
                let union = own_a.union(own_b).count();
                let common = own_a.intersection(own_b).count();
                let similarity = if union == 0 {
                    1.0
                } else {
                    common as f64 / union as f64
                };
                // Near-identical needs enough code of their own to mean anything.
                if identical || (similarity >= 0.8 && union >= 20) {
                    found.push(Similar {
                        chapter: chapter.number,
                        a: a.to_string(),
                        b: b.to_string(),
                        similarity,
                        identical,
                    });
                }
            }
        }
    }
    found
}

/// A hash of a crate's source files (`.rs`, `.toml`, `.sql`), exactly.
fn source_hash(dir: &Path) -> String {
    let mut h = Hasher::default();
    for file in sources(dir) {
        h.field(file.0.as_bytes());
        h.field(file.1.as_bytes());
    }
    h.finish()
}

fn sources(dir: &Path) -> Vec<(String, String)> {
    fingerprint::files(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|f| {
            f.extension()
                .is_some_and(|e| e == "rs" || e == "toml" || e == "sql")
        })
        .filter_map(|f| {
            let text = std::fs::read_to_string(dir.join(&f)).ok()?;
            Some((f.to_string_lossy().into_owned(), text))
        })
        .collect()
}

/// The 5-token runs of a crate's Rust code, comments and whitespace ignored.
fn shingles(dir: &Path) -> BTreeSet<u64> {
    let mut set = BTreeSet::new();
    for (name, text) in sources(dir) {
        if !name.ends_with(".rs") {
            continue;
        }
        let tokens = tokens(&text);
        for window in tokens.windows(5) {
            let mut h = Hasher::default();
            for t in window {
                h.field(t.as_bytes());
            }
            set.insert(u64::from_str_radix(&h.finish()[..16], 16).unwrap_or(0));
        }
    }
    set
}

/// Rust source as tokens: words, and single punctuation characters;
/// comments dropped.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// Scores as percentages of the maximum: a histogram in tenths, the mean and
/// the median.
pub fn histogram(percents: &[f64]) -> (Vec<usize>, f64, f64) {
    let mut buckets = vec![0; 10];
    for p in percents {
        let bucket = ((p / 10.0).floor() as usize).min(9);
        buckets[bucket] += 1;
    }
    if percents.is_empty() {
        return (buckets, 0.0, 0.0);
    }
    let mean = percents.iter().sum::<f64>() / percents.len() as f64;
    let mut sorted = percents.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    (buckets, mean, median)
}

/// Each student's total as a percentage of the maximum.
pub fn totals(graded: &[Graded]) -> BTreeMap<String, f64> {
    let mut sums: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for g in graded {
        let s = g.score();
        let entry = sums.entry(g.student.clone()).or_default();
        entry.0 += s.score;
        entry.1 += s.max_score;
    }
    sums.into_iter()
        .map(|(k, (score, max))| {
            let percent = if max == 0 {
                0.0
            } else {
                100.0 * f64::from(score) / f64::from(max)
            };
            (k, percent)
        })
        .collect()
}

/// A student's cell in the printed table: `3/4`, or `build error`.
pub fn cell(graded: &Graded) -> String {
    let s = graded.score();
    match &s.error {
        Some(_) => format!(
            "{} error",
            graded.report["error"]["stage"].as_str().unwrap_or("run")
        ),
        None => format!("{}/{}", s.score, s.max_score),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv("alice"), "alice");
        assert_eq!(csv("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv("two\nlines"), "two lines");
    }

    #[test]
    fn csv_fields_that_a_spreadsheet_would_run_are_defused() {
        assert_eq!(
            csv("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv("+1+2"), "'+1+2");
        assert_eq!(csv("-cmd"), "'-cmd");
        assert_eq!(csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv("\tx"), "'\tx");
        // Numbers stay numbers.
        assert_eq!(csv("-1.5"), "-1.5");
        assert_eq!(csv("4"), "4");
    }

    #[test]
    fn histogram_mean_and_median() {
        let (buckets, mean, median) = histogram(&[0.0, 50.0, 75.0, 100.0]);
        assert_eq!(buckets, vec![1, 0, 0, 0, 0, 1, 0, 1, 0, 1]);
        assert_eq!(mean, 56.25);
        assert_eq!(median, 62.5);
        let (_, mean, median) = histogram(&[10.0, 20.0, 90.0]);
        assert_eq!(mean, 40.0);
        assert_eq!(median, 20.0);
    }

    #[test]
    fn utc_times() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(1_795_333_551), "2026-11-22T07:45:51Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn tokens_ignore_comments_and_layout() {
        assert_eq!(
            tokens("let x = 1; // one\n/* two */ f(x)"),
            tokens("let   x=1;\nf( x )")
        );
    }

    #[test]
    fn limits_wrap_the_program_in_a_shell() {
        let limits = Limits {
            memory_mb: 512,
            cpu_seconds: 30,
            file_mb: 0,
        };
        match limits.launch(Path::new("/tmp/it's")) {
            Launch::Shell(line) => assert_eq!(
                line,
                "export RUST_BACKTRACE=0; \
                 { ulimit -v 524288 2>/dev/null || echo 'checker: could not set the memory limit' >&2; }; \
                 { ulimit -S -t 30 && ulimit -H -t 31 2>/dev/null || \
                 echo 'checker: could not set the processor time limit' >&2; }; \
                 export MALLOC_ARENA_MAX=2; exec '/tmp/it'\\''s'"
            ),
            Launch::Program(_) => panic!("not wrapped"),
        }
    }
}
