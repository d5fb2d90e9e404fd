//! Grading the learner's own tests (chapter 15): no server is checked.
//! Their tests run against the app as given, where all must pass, then
//! against copies of it with one bug planted in each, where some test must
//! fail. A bug no test notices is a failed check.
//!
//! The learner's crate is copied into a scratch workspace inside the target
//! folder (so dependencies built for the workbook are reused), the given
//! files are put back as the checker knows them (edits to the app count for
//! nothing), and `cargo test` runs there once per planted bug. The crate's
//! binary is left out of the copy: the tests use the library, and a build of
//! a planted copy must never replace the learner's own binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::run::Planned;
use crate::report::{CheckResult, CheckStatus, Failure, RunError, Stage};
use crate::suite::{Action, Given, Plant};
use crate::workbook;

/// The build of the tests, dependencies included the first time.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);
/// One run of every test.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// How one `cargo test` went.
#[derive(Debug, Default)]
struct Outcome {
    passed: Vec<String>,
    failed: Vec<String>,
    /// The first failing test's own words (its panic message).
    first_failure: Vec<String>,
    timed_out: bool,
}

/// The learner's crate, copied where planted bugs cannot touch it.
pub struct Scratch {
    root: PathBuf,
    member: PathBuf,
    /// How cargo names the copy in its messages (`tests-…/`), and the
    /// learner's own folder to name instead (`chapters/15-testing/`).
    rename: (String, String),
    target: PathBuf,
    package: String,
    /// Held while the scratch copy is in use: two runs on one crate wait.
    _lock: std::fs::File,
}

impl Scratch {
    /// Copies `krate` into a scratch workspace next to its target folder,
    /// with the workbook's pins, and the given files as they were given.
    /// `target`: the target folder to build in (batch grading shares one);
    /// the crate's own when `None`.
    pub fn prepare(
        krate: &workbook::Crate,
        given: &Given,
        target: Option<&Path>,
    ) -> Result<Scratch, RunError> {
        let error = |message: String| RunError {
            stage: Stage::Build,
            message,
            output: String::new(),
        };
        let source = krate
            .manifest
            .parent()
            .ok_or_else(|| error("the crate's manifest has no folder".into()))?;
        let metadata = workbook::cargo_metadata(&krate.manifest).map_err(&error)?;
        let target = target.map(Path::to_path_buf).unwrap_or_else(|| {
            PathBuf::from(metadata["target_directory"].as_str().unwrap_or("target"))
        });
        let workspace = PathBuf::from(metadata["workspace_root"].as_str().unwrap_or_default());
        // One folder per crate: its own relative path keeps its fingerprints
        // apart from every other crate's (cargo keys members by that path).
        let key = crate::fingerprint::hash_bytes(source.to_string_lossy().as_bytes());
        // A workspace of its own too: runs on two crates at once must not
        // share a manifest naming one member.
        let root = target.join("planted").join(&key);
        let name = format!("tests-{key}");
        let lock = crate::fingerprint::lock_dir(&root)
            .map_err(|e| error(format!("could not lock {}: {e}", root.display())))?;
        let member = root.join(&name);
        let manifest = workspace_manifest(&workspace, &name)
            .map_err(|e| error(format!("could not read the workspace's Cargo.toml: {e}")))?;
        let copied = (|| -> std::io::Result<()> {
            std::fs::write(root.join("Cargo.toml"), manifest)?;
            let lock = workspace.join("Cargo.lock");
            if lock.is_file() {
                std::fs::copy(lock, root.join("Cargo.lock"))?;
            }
            let toolchain = workspace.join("rust-toolchain.toml");
            if toolchain.is_file() {
                std::fs::copy(toolchain, root.join("rust-toolchain.toml"))?;
            }
            if member.exists() {
                std::fs::remove_dir_all(&member)?;
            }
            copy_crate(source, &member)?;
            // The library is what the tests use; a binary would only be
            // built, and land where the learner's own binary is.
            let _ = std::fs::remove_file(member.join("src/main.rs"));
            let _ = std::fs::remove_dir_all(member.join("src/bin"));
            for (file, text) in given.files {
                std::fs::write(member.join(file), text)?;
            }
            Ok(())
        })();
        copied.map_err(|e| {
            error(format!(
                "could not copy the crate to {}: {e}",
                root.display()
            ))
        })?;
        let shown = source.strip_prefix(&workspace).unwrap_or(source);
        Ok(Scratch {
            rename: (format!("{name}/"), format!("{}/", shown.display())),
            root,
            member,
            target,
            package: krate.package.clone(),
            _lock: lock,
        })
    }

    /// Writes the given files with `plant` (if any) planted.
    fn plant(&self, given: &Given, plant: Option<&Plant>) -> Result<(), String> {
        for (file, text) in given.files {
            let text = match plant {
                Some(plant) if plant.file == *file => {
                    let found = text.matches(plant.search).count();
                    if found != 1 {
                        return Err(format!(
                            "the checker's bug does not fit {file}: its text is there {found} times, not once (a bug in the checker: please report it)"
                        ));
                    }
                    text.replacen(plant.search, plant.replace, 1)
                }
                _ => (*text).to_string(),
            };
            std::fs::write(self.member.join(file), text)
                .map_err(|e| format!("could not write {file}: {e}"))?;
        }
        Ok(())
    }

    /// Whether the crate has test files (`tests/*.rs`): `cargo test --test
    /// '*'` fails on a crate with none, which is no compile error.
    fn has_tests(&self) -> bool {
        std::fs::read_dir(self.member.join("tests"))
            .map(|dir| {
                dir.flatten()
                    .any(|e| e.path().extension().is_some_and(|x| x == "rs"))
            })
            .unwrap_or(false)
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .arg("test")
            .arg("--manifest-path")
            .arg(self.root.join("Cargo.toml"))
            .args(["--color", "never"])
            .args(args)
            .env("CARGO_TARGET_DIR", &self.target)
            .stdin(Stdio::null());
        command
    }

    /// Builds the tests; cargo's errors, as cargo wrote them, on failure.
    /// Its messages name the learner's files, not the copy's.
    fn build(&self, echo: &mut dyn Write) -> Result<(), (String, String)> {
        let (copy, own) = &self.rename;
        let mut echo = Renaming {
            inner: echo,
            copy,
            own,
            pending: Vec::new(),
        };
        let mut ran = crate::harness::server::run_group(
            self.cargo(&["--no-run", "--quiet", "--test", "*"]),
            Some(BUILD_TIMEOUT),
            &mut echo,
        )
        .map_err(|e| (format!("could not run cargo: {e}"), String::new()))?;
        ran.stderr = ran.stderr.replace(copy, own);
        if ran.timed_out {
            return Err((
                format!(
                    "building the tests took longer than {} s and was stopped",
                    BUILD_TIMEOUT.as_secs()
                ),
                ran.stderr,
            ));
        }
        if !ran.success {
            return Err((
                format!("the tests of `{}` did not compile", self.package),
                ran.stderr,
            ));
        }
        Ok(())
    }

    /// Runs every test once, to the end.
    fn run(&self) -> Result<Outcome, String> {
        let ran = crate::harness::server::run_group(
            self.cargo(&["--no-fail-fast", "--test", "*", "--", "--color", "never"]),
            Some(RUN_TIMEOUT),
            &mut std::io::sink(),
        )
        .map_err(|e| format!("could not run cargo: {e}"))?;
        let mut outcome = parse(&ran.stdout);
        outcome.timed_out = ran.timed_out;
        if !ran.success && outcome.failed.is_empty() && !ran.timed_out {
            // A test binary that crashed (a stack overflow, an abort) names
            // no failing test: the run failed all the same.
            outcome
                .failed
                .push("(a test binary that crashed)".to_string());
            outcome.first_failure = last_lines(&ran.stderr, 6);
        }
        Ok(outcome)
    }
}

/// Passes cargo's output on, a whole line at a time, with the scratch
/// copy's folder renamed to the learner's.
struct Renaming<'a> {
    inner: &'a mut dyn Write,
    copy: &'a str,
    own: &'a str,
    pending: Vec<u8>,
}

impl Renaming<'_> {
    fn emit(&mut self, upto: usize) -> std::io::Result<()> {
        let line: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&line).replace(self.copy, self.own);
        self.inner.write_all(text.as_bytes())
    }
}

impl Write for Renaming<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if let Some(end) = self.pending.iter().rposition(|&b| b == b'\n') {
            self.emit(end + 1)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Drop for Renaming<'_> {
    fn drop(&mut self) {
        let _ = self.emit(self.pending.len());
        let _ = self.inner.flush();
    }
}

/// The workspace's manifest with one member, `member`, and every path made
/// absolute, so the scratch copy builds with the workbook's pins.
fn workspace_manifest(workspace: &Path, member: &str) -> std::io::Result<String> {
    let text = std::fs::read_to_string(workspace.join("Cargo.toml"))?;
    let mut out = String::with_capacity(text.len() + 256);
    for line in text.lines() {
        if line.starts_with("members = [") {
            out.push_str(&format!("members = [\"{member}\"]\n"));
            continue;
        }
        // `path = "relative"` → `path = "/absolute"`, wherever it stands.
        let mut rest = line;
        while let Some(at) = rest.find("path = \"") {
            let (before, after) = rest.split_at(at + "path = \"".len());
            out.push_str(before);
            let end = after.find('"').unwrap_or(after.len());
            let value = &after[..end];
            if Path::new(value).is_relative() {
                out.push_str(&workspace.join(value).to_string_lossy());
            } else {
                out.push_str(value);
            }
            rest = &after[end..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    Ok(out)
}

/// Copies a crate's sources (no `target/`, no `.git`) with fresh times, so
/// cargo never takes the copy for an older build.
fn copy_crate(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            copy_crate(&path, &to.join(&name))?;
        } else if entry.file_type()?.is_file() {
            std::fs::write(to.join(&name), std::fs::read(&path)?)?;
        }
    }
    Ok(())
}

/// libtest's lines: `test name ... ok`, `test name ... FAILED`, and the
/// `---- name stdout ----` sections of failures.
fn parse(stdout: &str) -> Outcome {
    let mut outcome = Outcome::default();
    let mut section: Option<Vec<String>> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, verdict)) = rest.rsplit_once(" ... ")
        {
            match verdict.trim() {
                "ok" => outcome.passed.push(name.to_string()),
                "FAILED" => outcome.failed.push(name.to_string()),
                _ => {}
            }
            continue;
        }
        if line.starts_with("---- ") && line.ends_with(" stdout ----") {
            if outcome.first_failure.is_empty() {
                section = Some(vec![line.trim_matches('-').trim().to_string()]);
            }
            continue;
        }
        if let Some(lines) = &mut section {
            if line.is_empty() || line == "failures:" || lines.len() >= 8 {
                outcome.first_failure = section.take().unwrap_or_default();
            } else {
                lines.push(line.to_string());
            }
        }
    }
    if let Some(lines) = section {
        outcome.first_failure = lines;
    }
    outcome
}

fn last_lines(text: &str, count: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// Runs the planned checks of a chapter that grades tests: each check's
/// step is one [`Action::Tests`]. The tests first run against the app as
/// given, whether or not that check was asked for: they must build there
/// (or nothing can be graded), and if they fail there no bug can be told
/// apart, so the bugs are not tried.
pub fn run(
    krate: &workbook::Crate,
    given: &Given,
    target: Option<&Path>,
    planned: Vec<Planned>,
    fail_fast: bool,
    echo: &mut dyn Write,
) -> Result<Vec<CheckResult>, (RunError, Vec<CheckResult>)> {
    let not_run = |planned: Vec<Planned>| planned.into_iter().map(|p| p.result).collect();
    let scratch = match Scratch::prepare(krate, given, target) {
        Ok(scratch) => scratch,
        Err(error) => return Err((error, not_run(planned))),
    };
    let reproduce = format!("cargo test -p {}", krate.package);
    let _ = writeln!(echo, "running your tests against the app as given …");
    let build_error = |message: String, output: String| RunError {
        stage: Stage::Build,
        message,
        output,
    };
    if let Err(message) = scratch.plant(given, None) {
        return Err((build_error(message, String::new()), not_run(planned)));
    }
    let baseline = if scratch.has_tests() {
        // The learner's own tests must compile: if not, cargo's errors.
        if let Err((message, output)) = scratch.build(echo) {
            return Err((build_error(message, output), not_run(planned)));
        }
        match scratch.run() {
            Ok(outcome) => judge_given(&outcome, &reproduce),
            Err(message) => Some(failure(
                &reproduce,
                "your tests to run",
                None,
                vec![message],
            )),
        }
    } else {
        judge_given(&Outcome::default(), &reproduce)
    };
    let bugs = planned.iter().filter(|p| plant_of(p).is_some()).count();
    let mut stop = baseline
        .is_some()
        .then_some("your tests must first pass against the app as given");
    let mut tried = 0;
    let mut checks = Vec::new();
    for planned in planned {
        let plant = plant_of(&planned).cloned();
        let mut result = planned.result;
        let failed = match (&plant, stop) {
            (None, _) => baseline.clone(),
            (Some(_), Some(reason)) => Some(failure(
                &reproduce,
                "some test failing with this bug planted",
                Some("not tried".into()),
                vec![reason.into()],
            )),
            (Some(plant), None) => {
                tried += 1;
                let _ = writeln!(
                    echo,
                    "[{tried}/{bugs}] {}: your tests, with a bug planted …",
                    result.id
                );
                try_bug(&scratch, given, plant, &reproduce)
            }
        };
        result.status = if failed.is_some() {
            CheckStatus::Failed
        } else {
            CheckStatus::Passed
        };
        result.score = if failed.is_some() { 0 } else { result.points };
        if failed.is_some() && fail_fast {
            stop = stop.or(Some("--fail-fast stopped at the first failing check"));
        }
        result.failure = failed;
        checks.push(result);
    }
    // Leave the given files in the scratch copy as they were given.
    let _ = scratch.plant(given, None);
    Ok(checks)
}

/// What a planned check plants: `None` for the app as given.
fn plant_of(planned: &Planned) -> Option<&Plant> {
    planned.steps.iter().find_map(|step| match &step.action {
        Action::Tests { plant } => plant.as_ref(),
        _ => None,
    })
}

/// One planted bug: `None` if some test noticed it.
fn try_bug(scratch: &Scratch, given: &Given, plant: &Plant, reproduce: &str) -> Option<Failure> {
    if let Err(message) = scratch.plant(given, Some(plant)) {
        return Some(failure(reproduce, "the bug planted", None, vec![message]));
    }
    // Its warnings (code a bug leaves unused) are nothing to the learner.
    if let Err((message, output)) = scratch.build(&mut std::io::sink()) {
        return Some(failure(
            reproduce,
            "your tests to build against the app with this bug",
            Some(message),
            last_lines(&output, 8),
        ));
    }
    match scratch.run() {
        Ok(outcome) => judge_planted(&outcome, reproduce),
        Err(message) => Some(failure(reproduce, "your tests to run", None, vec![message])),
    }
}

fn failure(run: &str, expected: &str, got: Option<String>, problems: Vec<String>) -> Failure {
    Failure {
        method: "cargo".to_string(),
        path: "test".to_string(),
        curl: run.to_string(),
        expected: expected.to_string(),
        got,
        problems,
        why: None,
    }
}

/// Against the app as given: at least one test, and every test passes.
fn judge_given(outcome: &Outcome, run: &str) -> Option<Failure> {
    let expected = "at least one test, and every test passing (the app as given is right)";
    if outcome.timed_out {
        return Some(failure(
            run,
            expected,
            Some(format!("no end after {} s", RUN_TIMEOUT.as_secs())),
            vec!["a test waits for something that never comes (a fake API that never answers? a server never stopped?)".into()],
        ));
    }
    if outcome.passed.is_empty() && outcome.failed.is_empty() {
        return Some(failure(
            run,
            expected,
            Some("no tests".into()),
            vec!["write tests in tests/*.rs (`#[tokio::test] async fn ...`)".into()],
        ));
    }
    if outcome.failed.is_empty() {
        return None;
    }
    let mut problems = vec![format!("failing: {}", outcome.failed.join(", "))];
    problems.extend(outcome.first_failure.iter().cloned());
    Some(Failure {
        why: Some(
            "the app as given is right: a test that fails against it expects what the contract does not say"
                .into(),
        ),
        ..failure(
            run,
            expected,
            Some(format!(
                "{} of {} tests failed",
                outcome.failed.len(),
                outcome.failed.len() + outcome.passed.len()
            )),
            problems,
        )
    })
}

/// Against a planted bug: some test must fail (or the run must not end).
fn judge_planted(outcome: &Outcome, run: &str) -> Option<Failure> {
    if !outcome.failed.is_empty() || outcome.timed_out {
        return None;
    }
    Some(failure(
        run,
        "at least one test failing: the app has the bug this check names",
        Some(format!(
            "all {} tests passed: no test noticed the bug",
            outcome.passed.len()
        )),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_verdicts_and_the_first_failure() {
        let out = "running 3 tests\n\
                   test a ... ok\n\
                   test cases::case_1 ... FAILED\n\
                   test b ... ok\n\n\
                   failures:\n\n\
                   ---- cases::case_1 stdout ----\n\
                   thread 'cases::case_1' panicked at tests/api.rs:9:5:\n\
                   assertion `left == right` failed\n\n\
                   failures:\n    cases::case_1\n\n\
                   test result: FAILED. 2 passed; 1 failed; 0 ignored\n";
        let outcome = parse(out);
        assert_eq!(outcome.passed, ["a", "b"]);
        assert_eq!(outcome.failed, ["cases::case_1"]);
        assert_eq!(
            outcome.first_failure,
            [
                "cases::case_1 stdout",
                "thread 'cases::case_1' panicked at tests/api.rs:9:5:",
                "assertion `left == right` failed"
            ]
        );
    }

    #[test]
    fn the_scratch_manifest_has_one_member_and_absolute_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace]\nmembers = [\"checker\", \"chapters/*\"]\n[workspace.dependencies]\nx = { path = \"x\" }\ny = \"1\"\n",
        )
        .unwrap();
        let text = workspace_manifest(dir.path(), "tests-1").unwrap();
        assert!(text.contains("members = [\"tests-1\"]"), "{text}");
        let x = dir.path().join("x");
        assert!(
            text.contains(&format!("path = \"{}\"", x.display())),
            "{text}"
        );
        assert!(text.contains("y = \"1\""), "{text}");
    }
}
