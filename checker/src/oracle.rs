//! Proving the suites against FastAPI itself.
//!
//! Every check names the FastAPI tutorial app that must pass it
//! ([`Oracle::FastApi`]). This runs each of those apps under uvicorn, one at a
//! time, and sends it the checks that name it. A check FastAPI fails is a bug
//! in the check. The Python side (pinned FastAPI, its sdist's `docs_src/`) is
//! prepared by `tests/oracle/setup`; `tests/oracle/run` does both steps.
//!
//! Where a contract is the workbook's own (no tutorial app has it), the
//! FastAPI reference is ours: a module named `workbook_<topic>.tutorialNNN`
//! is loaded from `tests/oracle/apps/` instead of the sdist.
//!
//! Where two tutorials a chapter serves together use the same path (three
//! of the upload tutorials answer `POST /files/`), the chapter serves one of
//! them under a prefix, and its checks name it `topic.tutorialNNN@/prefix`:
//! the oracle mounts the tutorial app at that prefix
//! (`tests/oracle/apps/workbook_mount.py`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::harness::http::shell_quote;
use crate::harness::run;
use crate::harness::server::Launch;
use crate::report::{self, Report};
use crate::suite::{Chapter, Check, Oracle};

/// What `checker oracle` needs, resolved from its arguments.
pub struct Config {
    pub chapters: Vec<Chapter>,
    /// A Python with FastAPI and uvicorn installed.
    pub python: PathBuf,
    /// FastAPI's unpacked sdist: the folder that holds `docs_src/`.
    pub fastapi_src: PathBuf,
    pub seed: u64,
    pub color: bool,
    pub timeout: Duration,
    pub start_timeout: Duration,
}

/// Runs every chapter's checks against their FastAPI apps; the exit code is 0
/// when FastAPI passes every check that names it, 1 when it fails one, 2 when
/// an app could not be started.
pub fn run(config: &Config, out: &mut dyn Write) -> u8 {
    let mut proven = 0;
    let mut failed = 0;
    let mut errors = 0;
    let mut modules_run = 0;
    let mut without: Vec<(&str, &str)> = Vec::new();
    for chapter in &config.chapters {
        for module in modules(chapter) {
            modules_run += 1;
            let checks: Vec<&Check> = chapter
                .checks
                .iter()
                .filter(|c| c.oracle == Oracle::FastApi(module))
                .collect();
            let report = prove(config, chapter, module, &checks);
            match report.error {
                Some(_) => errors += 1,
                None => {
                    proven += report.passed;
                    failed += report.failed;
                }
            }
            let _ = report::human::write(&report, config.color, out);
            let _ = writeln!(out);
        }
        for check in &chapter.checks {
            if let Oracle::None { why } = check.oracle {
                without.push((check.id, why));
            }
        }
    }
    if !without.is_empty() {
        let _ = writeln!(out, "checks without a FastAPI oracle:");
        for (id, why) in &without {
            let _ = writeln!(out, "  {id:<6}{why}");
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "oracle: {proven} checks passed by FastAPI, {failed} failed, {} without oracle, \
         {modules_run} tutorial apps ({errors} did not start)",
        without.len()
    );
    match (errors, failed) {
        (0, 0) => 0,
        (0, _) => 1,
        _ => 2,
    }
}

/// The tutorial modules a chapter's checks name, in the order they first appear.
pub fn modules(chapter: &Chapter) -> Vec<&'static str> {
    let mut modules = Vec::new();
    for check in &chapter.checks {
        if let Oracle::FastApi(module) = check.oracle
            && !modules.contains(&module)
        {
            modules.push(module);
        }
    }
    modules
}

/// Where uvicorn finds a check's app: the import path, the folder it is
/// imported from, and the environment it needs. FastAPI's tutorials come
/// from its sdist; the workbook's own reference apps (`workbook_` modules)
/// from `apps`; a tutorial named with `@/prefix` is mounted at that prefix
/// by `apps/workbook_mount.py`.
fn app_location(
    module: &str,
    fastapi_src: &Path,
    apps: &Path,
) -> (String, PathBuf, Vec<(&'static str, String)>) {
    if let Some((tutorial, prefix)) = module.split_once('@') {
        let env = vec![
            ("PYTHONPATH", fastapi_src.to_string_lossy().into_owned()),
            ("WORKBOOK_MOUNT_APP", format!("docs_src.{tutorial}")),
            ("WORKBOOK_MOUNT_PREFIX", prefix.to_string()),
        ];
        ("workbook_mount".to_string(), apps.to_path_buf(), env)
    } else if module.starts_with("workbook_") {
        (module.to_string(), apps.to_path_buf(), Vec::new())
    } else {
        (
            format!("docs_src.{module}"),
            fastapi_src.to_path_buf(),
            Vec::new(),
        )
    }
}

/// Starts one app under uvicorn and runs `checks` against it.
fn prove(config: &Config, chapter: &Chapter, module: &str, checks: &[&Check]) -> Report {
    let started = std::time::Instant::now();
    let apps = crate::workbook::root().join("tests/oracle/apps");
    let (import, app_dir, env) = app_location(module, &config.fastapi_src, &apps);
    let shown = match module.split_once('@') {
        Some((tutorial, prefix)) => format!("docs_src.{tutorial} mounted at {prefix}"),
        None => import.clone(),
    };
    let mut report = Report::new(chapter, format!("FastAPI · {shown}"), config.seed);
    let env: String = env
        .iter()
        .map(|(name, value)| format!("{name}={} ", shell_quote(value)))
        .collect();
    let command = format!(
        "{env}exec {} -m uvicorn {import}:app --app-dir {} --host 127.0.0.1 --port \"$PORT\"",
        shell_quote(&config.python.to_string_lossy()),
        shell_quote(&app_dir.to_string_lossy()),
    );
    report.curl_base = "http://127.0.0.1:8000".to_string();
    report.run_hint = Some(format!(
        "{env}uvicorn {import}:app --app-dir {} --port 8000",
        app_dir.display()
    ));
    let planned = checks
        .iter()
        .map(|c| run::plan(chapter, c, config.seed))
        .collect();
    run::start_and_run(
        &Launch::Shell(command),
        &chapter.needs,
        planned,
        &mut report,
        config.start_timeout,
        config.timeout,
        false,
    );
    report.duration_ms = started.elapsed().as_millis() as u64;
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tutorial_apps_come_from_the_sdist_and_the_workbooks_own_from_its_apps_folder() {
        let (src, apps) = (Path::new("/src"), Path::new("/repo/tests/oracle/apps"));
        assert_eq!(
            app_location("path_params.tutorial002", src, apps),
            (
                "docs_src.path_params.tutorial002".to_string(),
                src.to_path_buf(),
                Vec::new()
            )
        );
        assert_eq!(
            app_location("workbook_notifications.tutorial001", src, apps),
            (
                "workbook_notifications.tutorial001".to_string(),
                apps.to_path_buf(),
                Vec::new()
            )
        );
    }

    #[test]
    fn a_tutorial_named_with_a_prefix_is_mounted_there() {
        let (src, apps) = (Path::new("/src"), Path::new("/repo/tests/oracle/apps"));
        assert_eq!(
            app_location("request_files.tutorial002@/multi", src, apps),
            (
                "workbook_mount".to_string(),
                apps.to_path_buf(),
                vec![
                    ("PYTHONPATH", "/src".to_string()),
                    (
                        "WORKBOOK_MOUNT_APP",
                        "docs_src.request_files.tutorial002".to_string()
                    ),
                    ("WORKBOOK_MOUNT_PREFIX", "/multi".to_string()),
                ]
            )
        );
    }
}
