//! Batch grading: every submission in a folder, for chosen chapters.
//!
//! Each submission is a checkout of the workbook. Builds run one at a time
//! into one shared target directory, so the class compiles axum and tokio
//! once, not once per student; while the next submission builds, a small pool
//! of workers starts finished ones and runs their checks. A submission that
//! does not compile, hangs, or ignores its port is bounded by its own time
//! limits (build, start, each request) and never stops the others.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::harness::run::{self, Planned};
use crate::harness::server::{BuildOptions, Launch, Program};
use crate::report::{CheckStatus, Report, RunError, Stage};
use crate::suite::Chapter;
use crate::workbook;

/// Everything `checker grade` needs.
pub struct Config {
    pub submissions: PathBuf,
    pub chapters: Vec<Chapter>,
    /// Instructor checks, read once, run for every submission.
    pub extra: Vec<Planned>,
    pub out: PathBuf,
    pub jobs: usize,
    pub seed: u64,
    pub build_timeout: Duration,
    pub start_timeout: Duration,
    pub timeout: Duration,
    pub target_dir: PathBuf,
}

/// One submission's result for one chapter.
#[derive(Serialize)]
pub struct Graded {
    pub student: String,
    pub report: Report,
}

/// A built submission waiting for a worker.
struct Job {
    index: usize,
    student: String,
    chapter: u8,
    built: Result<PathBuf, RunError>,
    build_ms: u64,
}

/// Grades every submission; writes `grades.csv`, `checks.csv` and
/// `grades.json` into `config.out`, and returns the results.
pub fn run(config: &Config, progress: &mut dyn Write) -> Result<Vec<Graded>, String> {
    let students = submissions(&config.submissions)?;
    if students.is_empty() {
        return Err(format!(
            "{} holds no submissions (one folder per student, each a workbook checkout)",
            config.submissions.display()
        ));
    }
    std::fs::create_dir_all(&config.out)
        .map_err(|e| format!("--out {}: {e}", config.out.display()))?;
    let binaries = tempfile::Builder::new()
        .prefix("workbook-grade-")
        .tempdir()
        .map_err(|e| format!("no temporary folder: {e}"))?;

    let total = students.len() * config.chapters.len();
    let results: Arc<Mutex<Vec<Option<Graded>>>> =
        Arc::new(Mutex::new((0..total).map(|_| None).collect()));
    let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
    let jobs_rx = Arc::new(Mutex::new(jobs_rx));
    let (done_tx, done_rx) = mpsc::channel::<String>();

    thread::scope(|scope| {
        for _ in 0..config.jobs.max(1) {
            let jobs_rx = Arc::clone(&jobs_rx);
            let results = Arc::clone(&results);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    let job = match jobs_rx.lock().map(|rx| rx.recv()) {
                        Ok(Ok(job)) => job,
                        _ => break,
                    };
                    let label = format!("{} ch{:02}", job.student, job.chapter);
                    let graded = check_one(config, job);
                    let index = graded.0;
                    results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(graded.1);
                    let _ = done_tx.send(label);
                }
            });
        }
        drop(done_tx);

        // Builds, one at a time, on this thread; progress is drawn as jobs end.
        let started = Instant::now();
        let mut finished = 0;
        let mut index = 0;
        let draw = |finished: usize, label: &str, progress: &mut dyn Write| {
            draw_progress(progress, finished, total, started.elapsed(), label);
        };
        for (student, dir) in &students {
            for chapter in &config.chapters {
                draw(
                    finished,
                    &format!("building {student} ch{:02}", chapter.number),
                    progress,
                );
                let build_started = Instant::now();
                let built = build_one(config, dir, chapter, binaries.path(), student);
                let job = Job {
                    index,
                    student: student.clone(),
                    chapter: chapter.number,
                    built,
                    build_ms: build_started.elapsed().as_millis() as u64,
                };
                index += 1;
                let _ = jobs_tx.send(job);
                while let Ok(label) = done_rx.try_recv() {
                    finished += 1;
                    draw(finished, &label, progress);
                }
            }
        }
        drop(jobs_tx);
        for label in done_rx.iter() {
            finished += 1;
            draw(finished, &label, progress);
        }
        let _ = writeln!(progress);
    });

    let graded: Vec<Graded> = Arc::try_unwrap(results)
        .map_err(|_| "workers still running".to_string())?
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect();
    write_summaries(config, &graded)?;
    Ok(graded)
}

/// The submissions: every folder directly inside `dir`, by name.
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

/// Builds one submission's chapter crate and copies the binary out of the
/// shared target directory (the next build overwrites it there).
fn build_one(
    config: &Config,
    dir: &Path,
    chapter: &Chapter,
    binaries: &Path,
    student: &str,
) -> Result<PathBuf, RunError> {
    let krate = workbook::path_crate(dir, chapter).map_err(|message| RunError {
        stage: Stage::Build,
        message,
        output: String::new(),
    })?;
    let options = BuildOptions {
        target_dir: Some(config.target_dir.clone()),
        timeout: Some(config.build_timeout),
        color: false,
        submission: Some(student.to_string()),
    };
    let path = crate::harness::server::build(
        &krate.manifest,
        &krate.package,
        &krate.bin,
        &options,
        &mut std::io::sink(),
    )
    .map_err(RunError::from)?;
    let copy = binaries.join(format!("{student}-ch{:02}", chapter.number));
    std::fs::copy(&path, &copy).map_err(|e| RunError {
        stage: Stage::Build,
        message: format!("could not copy the built binary: {e}"),
        output: String::new(),
    })?;
    Ok(copy)
}

/// Starts one built submission and runs its checks.
fn check_one(config: &Config, job: Job) -> (usize, Graded) {
    let chapter = crate::suites::find(job.chapter).expect("a graded chapter exists");
    let mut report = Report::new(&chapter, format!("submission {}", job.student), config.seed);
    let mut planned: Vec<Planned> = chapter
        .checks
        .iter()
        .map(|c| run::plan(&chapter, c, config.seed))
        .collect();
    planned.extend(config.extra.iter().cloned());
    let started = Instant::now();
    match job.built {
        Err(error) => report.could_not_run(error, planned.into_iter().map(|p| p.result).collect()),
        Ok(path) => {
            let launch = Launch::Program(Program {
                path,
                args: Vec::new(),
            });
            report.curl_base = "http://127.0.0.1:8000".to_string();
            run::start_and_run(
                &launch,
                &chapter.needs,
                planned,
                &mut report,
                config.start_timeout,
                config.timeout,
            );
        }
    }
    report.duration_ms = job.build_ms + started.elapsed().as_millis() as u64;
    (
        job.index,
        Graded {
            student: job.student,
            report,
        },
    )
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

/// `grades.csv` (one row per student and chapter), `checks.csv` (one row per
/// check: how many passed) and `grades.json` (every report).
fn write_summaries(config: &Config, graded: &[Graded]) -> Result<(), String> {
    let write = |name: &str, text: String| {
        let path = config.out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut grades = String::from("student,chapter,status,score,max_score,passed,failed,error\n");
    for g in graded {
        let r = &g.report;
        grades.push_str(&format!(
            "{},{:02},{},{},{},{},{},{}\n",
            csv(&g.student),
            r.chapter,
            serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            r.score,
            r.max_score,
            r.passed,
            r.failed,
            csv(r.error.as_ref().map_or("", |e| e.message.as_str())),
        ));
    }
    write("grades.csv", grades)?;

    let mut checks = String::from("chapter,check,title,passed,failed,not_run\n");
    let mut rows: Vec<(u8, String, String, [usize; 3])> = Vec::new();
    for g in graded {
        for c in &g.report.checks {
            let slot = match c.status {
                CheckStatus::Passed => 0,
                CheckStatus::Failed => 1,
                CheckStatus::NotRun => 2,
            };
            match rows
                .iter_mut()
                .find(|(ch, id, ..)| *ch == g.report.chapter && *id == c.id)
            {
                Some(row) => row.3[slot] += 1,
                None => {
                    let mut counts = [0; 3];
                    counts[slot] = 1;
                    rows.push((g.report.chapter, c.id.clone(), c.title.clone(), counts));
                }
            }
        }
    }
    for (chapter, id, title, [passed, failed, not_run]) in rows {
        checks.push_str(&format!(
            "{chapter:02},{},{},{passed},{failed},{not_run}\n",
            csv(&id),
            csv(&title)
        ));
    }
    write("checks.csv", checks)?;
    let json = serde_json::to_string_pretty(graded).map_err(|e| e.to_string())?;
    write("grades.json", json + "\n")
}

/// A CSV field, quoted when it needs to be.
fn csv(field: &str) -> String {
    let field = field.replace(['\n', '\r'], " ");
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::csv;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv("alice"), "alice");
        assert_eq!(csv("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv("two\nlines"), "two lines");
    }
}
