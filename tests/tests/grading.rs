//! The checker for instructors: batch grading over a folder of submissions,
//! the report formats graders read, and instructor checks from a file.

use std::path::{Path, PathBuf};

use workbook_tests::{checker, root, temp_dir};

/// Copies the parts of the workbook a submission has (no target/, no .git).
fn copy_workbook(to: &Path) {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if [".git", "target", ".checker", "book"].contains(&name.to_str().unwrap()) {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(&name));
            } else {
                std::fs::copy(&path, to.join(&name)).unwrap();
            }
        }
    }
    copy(&root(), to);
}

fn starter(submission: &Path) -> PathBuf {
    submission.join("chapters/01-hello-world/src/main.rs")
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", file.display());
    std::fs::write(file, text.replace(from, to)).unwrap();
}

/// Sets a file's modification time to 2001, as an unpacked archive can.
fn make_old(file: &Path) {
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(978_307_200);
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn run_cmd(dir: &Path, program: &str, args: &[&str]) {
    let status = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{program} {args:?} failed");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The line of `csv` that starts with `student,`.
fn row(csv: &str, student: &str) -> String {
    csv.lines()
        .find(|l| l.starts_with(&format!("{student},")))
        .unwrap_or_else(|| panic!("no row for {student} in\n{csv}"))
        .to_string()
}

#[test]
fn a_class_is_graded_with_each_submission_bounded_by_its_own_limits() {
    let class = temp_dir("class");
    let elsewhere = temp_dir("class-elsewhere");
    for student in ["ada", "bo", "cy", "di", "ed", "gus", "hal", "ivy"] {
        copy_workbook(&class.join(student));
    }
    // ada solved it (and committed it); bo left the starter; cy does not
    // compile; di's handler never answers; ed hard-codes port 0 instead of
    // reading PORT; gus's server crashes on GET /; hal's server takes 3 GiB;
    // ivy's server spins before it listens;
    // fay handed in ada's work byte for byte; "=cmd" (a folder name a
    // spreadsheet would run) is a link to a starter kept elsewhere.
    let solution = root().join("solutions/01-hello-world/src/main.rs");
    std::fs::copy(&solution, starter(&class.join("ada"))).unwrap();
    run_cmd(&class.join("ada"), "git", &["init", "-q"]);
    run_cmd(&class.join("ada"), "git", &["add", "-A"]);
    run_cmd(
        &class.join("ada"),
        "git",
        &[
            "-c",
            "user.name=ada",
            "-c",
            "user.email=ada@example.com",
            "commit",
            "-qm",
            "done",
        ],
    );
    run_cmd(&class, "cp", &["-a", "ada", "fay"]);
    // jo handed in ada's work with other comments and layout.
    copy_workbook(&class.join("jo"));
    let disguised = read(&solution)
        .replace("    ", "\t")
        .replace("\n}\n", "\n} // done\n");
    std::fs::write(starter(&class.join("jo")), disguised).unwrap();
    std::fs::write(
        starter(&class.join("cy")),
        read(&starter(&class.join("cy"))) + "\nfn broken( {\n",
    )
    .unwrap();
    edit(
        &starter(&class.join("di")),
        "async fn read_root() -> &'static str {\n    \"Hello World\"",
        "async fn read_root() -> &'static str {\n    std::future::pending::<()>().await;\n    \"Hello World\"",
    );
    edit(
        &starter(&class.join("ed")),
        "std::env::var(\"PORT\").unwrap_or_else(|_| \"8000\".to_string())",
        "\"0\".to_string()",
    );
    edit(
        &starter(&class.join("gus")),
        "async fn read_root() -> &'static str {\n    \"Hello World\"",
        "async fn read_root() -> &'static str {\n    std::process::abort();",
    );
    edit(
        &starter(&class.join("hal")),
        "async fn main() {\n",
        "async fn main() {\n    let hog = vec![1u8; 3 << 30];\n    std::hint::black_box(&hog);\n",
    );
    edit(
        &starter(&class.join("ivy")),
        "async fn main() {\n",
        "async fn main() {\n    let mut spin = 0u64;\n    while spin != u64::MAX {\n        spin = std::hint::black_box(spin + 1);\n    }\n",
    );
    copy_workbook(&elsewhere.join("zed"));
    std::os::unix::fs::symlink(elsewhere.join("zed"), class.join("=cmd")).unwrap();

    let out = class.join("grades");
    let grade = |more: &[&str]| {
        let mut args = vec![
            "grade",
            class.to_str().unwrap(),
            "--chapter",
            "1",
            "--out",
            out.to_str().unwrap(),
            "--timeout",
            "1",
            // Long enough for ivy to spend its processor second on a busy machine.
            "--start-timeout",
            "10",
            "--jobs",
            "2",
            "--memory-mb",
            "512",
            "--cpu-seconds",
            "1",
        ];
        args.extend(more);
        let run = checker(&args);
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
        run
    };
    let run = grade(&[]);
    let grades = read(&out.join("grades.csv"));
    assert!(
        row(&grades, "ada").starts_with("ada,01,passed,4,4,3,0,"),
        "{grades}"
    );
    assert!(
        row(&grades, "bo").starts_with("bo,01,failed,0,4,0,3,"),
        "{grades}"
    );
    assert!(
        row(&grades, "cy").starts_with("cy,01,error,0,4,0,0,"),
        "{grades}"
    );
    assert!(row(&grades, "cy").contains("did not compile"), "{grades}");
    assert!(row(&grades, "di").starts_with("di,01,failed,"), "{grades}");
    assert!(
        row(&grades, "ed").starts_with("ed,01,error,0,4,"),
        "{grades}"
    );
    assert!(
        row(&grades, "ed").contains("listens on 127.0.0.1:"),
        "{grades}"
    );
    // A crash mid-run names itself in the reason column.
    assert!(
        row(&grades, "gus").starts_with("gus,01,failed,"),
        "{grades}"
    );
    assert!(row(&grades, "gus").contains("crashed"), "{grades}");
    // The memory limit stops hal, and the reason says so.
    assert!(row(&grades, "hal").starts_with("hal,01,error,"), "{grades}");
    assert!(
        row(&grades, "hal").contains("more than 512 MiB"),
        "{grades}"
    );
    // So does the processor-time limit stop ivy.
    assert!(row(&grades, "ivy").starts_with("ivy,01,error,"), "{grades}");
    assert!(
        row(&grades, "ivy").contains("more than 1 s of processor time"),
        "{grades}"
    );
    // A linked folder is graded like any other (the starter: failed), and
    // its name cannot run as a formula.
    assert!(
        row(&grades, "'=cmd").starts_with("'=cmd,01,failed,0,4,"),
        "{grades}"
    );
    assert!(!grades.contains("\n=cmd"), "{grades}");

    let checks = read(&out.join("checks.csv"));
    assert!(
        checks.contains("01,01.1,GET / answers 200 with the JSON message,3,4,4"),
        "{checks}"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("grades.json"))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 11);
    assert!(
        run.stdout.contains("cy       build error"),
        "{}",
        run.stdout
    );

    // The gradebook: a row per student with the total, commit and time.
    let book = read(&out.join("gradebook.csv"));
    assert!(book.starts_with("student,total,max_total,ch01,commit,submitted,took_s,flags\n"));
    let commit = std::process::Command::new("git")
        .args([
            "-C",
            class.join("ada").to_str().unwrap(),
            "rev-parse",
            "HEAD",
        ])
        .output()
        .unwrap();
    let commit = String::from_utf8(commit.stdout).unwrap();
    let ada = row(&book, "ada");
    assert!(
        ada.starts_with(&format!("ada,4,4,4,{},20", commit.trim())),
        "{book}"
    );
    // fay's work is ada's, byte for byte; jo's is ada's under other
    // comments and layout: flagged both ways.
    assert!(
        ada.ends_with(",ch01 identical to fay; ch01 similar to jo"),
        "{book}"
    );
    assert!(
        row(&book, "fay").ends_with(",ch01 identical to ada; ch01 similar to jo"),
        "{book}"
    );
    assert!(row(&book, "cy").starts_with("cy,0,4,0 (error),,"), "{book}");
    let similar = read(&out.join("similar.csv"));
    assert_eq!(
        similar,
        "chapter,student,other,kind,similarity\n\
         01,ada,fay,identical,1.00\n\
         01,ada,jo,similar,1.00\n\
         01,fay,jo,similar,1.00\n",
    );
    // The summary: a histogram with mean and median (3 of 11 have 100 %).
    assert!(
        run.stdout.contains("11 students · mean 27.3 · median 0.0"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(" 90–100%"), "{}", run.stdout);
    // Feedback a student can read, per student.
    let feedback = read(&out.join("feedback/bo.txt"));
    assert!(feedback.contains("Chapter 01 · "), "{feedback}");
    assert!(feedback.contains("✗ 01.1 GET / answers 200"), "{feedback}");
    assert!(feedback.contains("curl -i"), "{feedback}");
    // Each result was written on its own, and no local path is in any.
    let saved = read(&out.join("students/cy/ch01.json"));
    assert!(!saved.contains(class.to_str().unwrap()), "{saved}");
    assert!(saved.contains("\"key\""), "{saved}");

    // A re-run reuses every current result: nothing is built again.
    let run = grade(&[]);
    assert!(
        run.stdout.contains("0 graded now, 11 unchanged"),
        "{}",
        run.stdout
    );

    // ada resubmits the starter, unpacked with 2001 file times: only ada is
    // graded again, and from the new content, not the binary built before.
    let file = starter(&class.join("ada"));
    std::fs::copy(root().join("chapters/01-hello-world/src/main.rs"), &file).unwrap();
    make_old(&file);
    // bo changed too, but is not named: bo keeps the saved result.
    std::fs::copy(&solution, starter(&class.join("bo"))).unwrap();
    let run = grade(&["--student", "ada"]);
    assert!(
        run.stdout.contains("1 graded now, 10 unchanged"),
        "{}",
        run.stdout
    );
    let grades = read(&out.join("grades.csv"));
    assert!(
        row(&grades, "ada").starts_with("ada,01,failed,0,4,0,3,"),
        "{grades}"
    );
    assert!(
        row(&grades, "fay").starts_with("fay,01,passed,4,4,"),
        "{grades}"
    );
    assert!(
        row(&grades, "bo").starts_with("bo,01,failed,0,4,"),
        "{grades}"
    );
    // Without --student, bo's new work is noticed and graded.
    let run = grade(&[]);
    assert!(
        run.stdout.contains("1 graded now, 10 unchanged"),
        "{}",
        run.stdout
    );
    let grades = read(&out.join("grades.csv"));
    assert!(
        row(&grades, "bo").starts_with("bo,01,passed,4,4,"),
        "{grades}"
    );
    let _ = std::fs::remove_dir_all(class);
    let _ = std::fs::remove_dir_all(elsewhere);
}

#[test]
fn a_students_chapters_run_one_at_a_time_and_outputs_can_be_anonymous() {
    let class = temp_dir("class-two");
    let student = "edmund-ochoa";
    let dir = class.join(student);
    copy_workbook(&dir);
    // Both chapters listen on one fixed port: run at once, they would fight
    // over it and one would be told it "exited".
    for chapter in ["01-hello-world", "02-path-parameters"] {
        edit(
            &dir.join(format!("chapters/{chapter}/src/main.rs")),
            "std::env::var(\"PORT\").unwrap_or_else(|_| \"8000\".to_string())",
            "\"18731\".to_string()",
        );
    }
    let extra = class.join("extra.json");
    std::fs::write(
        &extra,
        r#"{"checks": [
            {"chapter": 1, "id": "x.1", "title": "one", "request": {"path": "/"}, "expect": {"status": 200}},
            {"chapter": 2, "id": "x.2", "title": "two", "request": {"path": "/"}, "expect": {"status": 200}}
        ]}"#,
    )
    .unwrap();
    let out = class.join("out");
    let run = checker(&[
        "grade",
        class.to_str().unwrap(),
        "--chapter",
        "1",
        "--chapter",
        "2",
        "--extra",
        extra.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        "2",
        "--start-timeout",
        "3",
        "--anonymise",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let grades = read(&out.join("grades.csv"));
    let rows: Vec<&str> = grades.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{grades}");
    for line in &rows {
        assert!(line.starts_with("student-"), "{grades}");
        assert!(line.contains(",error,"), "{grades}");
        assert!(
            line.contains("listens on 127.0.0.1:18731 instead"),
            "{grades}"
        );
    }
    // Each chapter ran its own instructor check, and only its own.
    let json: serde_json::Value = serde_json::from_str(&read(&out.join("grades.json"))).unwrap();
    let ids = |i: usize| -> Vec<String> {
        json[i]["report"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(0).contains(&"x.1".to_string()) && !ids(0).contains(&"x.2".to_string()));
    assert!(ids(1).contains(&"x.2".to_string()) && !ids(1).contains(&"x.1".to_string()));
    // No name and no local path in anything but the private key.
    let mut files = Vec::new();
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                files.push(e.path());
            }
        }
    }
    assert!(files.len() >= 8, "{files:?}");
    for file in &files {
        let text = read(file);
        if file.starts_with(out.join("private")) {
            continue;
        }
        assert!(
            !file.to_str().unwrap().contains(student),
            "{}",
            file.display()
        );
        for secret in [
            student,
            class.to_str().unwrap(),
            &std::env::temp_dir().display().to_string(),
        ] {
            assert!(
                !text.contains(secret),
                "{} holds {secret}:\n{text}",
                file.display()
            );
        }
    }
    assert!(!run.stdout.contains(student), "{}", run.stdout);
    assert!(!run.stderr.contains(student), "{}", run.stderr);
    assert!(read(&out.join("private/names.csv")).contains(student));
    let _ = std::fs::remove_dir_all(class);
}

#[test]
fn gradescope_results_hold_a_test_per_check_with_scores_and_visibility() {
    let root = root();
    let run = checker(&[
        "chapter",
        "1",
        "--path",
        root.to_str().unwrap(),
        "--format",
        "gradescope",
        "--seed",
        "5",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(results["score"], 0.0);
    assert!(results["execution_time"].as_f64().unwrap() > 0.0);
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    assert_eq!(
        tests[0]["name"],
        "01.1 GET / answers 200 with the JSON message"
    );
    assert_eq!(tests[0]["max_score"], 2.0);
    assert_eq!(tests[0]["status"], "failed");
    assert_eq!(tests[0]["visibility"], "visible");
    assert!(tests[0]["output"].as_str().unwrap().contains("curl -i"));
}

#[test]
fn a_build_that_fails_is_an_error_in_every_format_not_a_wrong_answer() {
    let submission = temp_dir("broken");
    copy_workbook(&submission);
    let file = starter(&submission);
    std::fs::write(
        &file,
        std::fs::read_to_string(&file).unwrap() + "\nfn broken( {\n",
    )
    .unwrap();
    let dir = submission.to_str().unwrap();
    let run_as = |format: &str| {
        let run = checker(&["chapter", "1", "--path", dir, "--format", format]);
        assert_eq!(run.code, 2, "{format}: {}", run.stdout);
        run.stdout
    };
    let json: serde_json::Value = serde_json::from_str(&run_as("json")).unwrap();
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["stage"], "build");
    assert_eq!(json["max_score"], 4);
    assert!(json["error"]["output"].as_str().unwrap().contains("error"));
    assert!(
        json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["status"] == "not_run")
    );

    let gradescope: serde_json::Value = serde_json::from_str(&run_as("gradescope")).unwrap();
    assert!(
        gradescope["output"]
            .as_str()
            .unwrap()
            .contains("could not run (build)")
    );
    assert!(
        gradescope["tests"][0]["output"]
            .as_str()
            .unwrap()
            .starts_with("Not run:")
    );

    let junit = run_as("junit");
    assert!(junit.contains("<error"), "{junit}");
    assert!(junit.contains("errors=\"1\""), "{junit}");
    assert!(junit.contains("<skipped"), "{junit}");

    let github: serde_json::Value = serde_json::from_str(&run_as("github")).unwrap();
    assert_eq!(github["status"], "error");
    assert_eq!(github["max_score"], 4);
    let _ = std::fs::remove_dir_all(submission);
}

#[test]
fn junit_and_github_reports_count_the_checks() {
    let run = checker(&["chapter", "1", "--solution", "--format", "junit"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("<?xml"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("tests=\"3\" skipped=\"0\" failures=\"0\" errors=\"0\""),
        "{}",
        run.stdout
    );

    let root = root();
    let run = checker(&[
        "chapter",
        "1",
        "--path",
        root.to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(run.code, 1);
    let result: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(result["version"], 1);
    assert_eq!(result["status"], "fail");
    assert_eq!(result["max_score"], 4);
    let tests = result["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 3);
    assert!(
        tests
            .iter()
            .all(|t| t["status"] == "fail" && t["score"] == 0)
    );
}

#[test]
fn output_writes_the_report_to_a_file_creating_its_folder() {
    let dir = temp_dir("output");
    let file = dir.join("autograder/results/results.json");
    let run = checker(&[
        "chapter",
        "1",
        "--solution",
        "--format",
        "gradescope",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(results["score"], 4.0);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn instructor_checks_run_alongside_the_suite_and_are_hidden_in_gradescope() {
    let dir = temp_dir("extra");
    let file = dir.join("checks.json");
    std::fs::write(
        &file,
        r#"{"checks": [
            {"chapter": 1, "id": "x.1", "title": "a nested unknown path is a JSON 404", "points": 2,
             "request": {"path": "/a/b/c"},
             "expect": {"status": 404, "headers": {"content-type": "application/json"},
                        "json": {"detail": "Not Found"}}},
            {"chapter": 1, "id": "x.2", "title": "PUT / is not allowed", "hidden": false,
             "request": {"method": "put", "path": "/", "json": {"a": 1}},
             "expect": {"status": 418}}
        ]}"#,
    )
    .unwrap();
    let extra = file.to_str().unwrap();
    let run = checker(&[
        "chapter",
        "1",
        "--solution",
        "--extra",
        extra,
        "--format",
        "gradescope",
    ]);
    assert_eq!(run.code, 1, "x.2 expects 418, so the run fails");
    let results: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tests = results["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 5);
    assert_eq!(tests[3]["number"], "x.1");
    assert_eq!(tests[3]["status"], "passed");
    assert_eq!(tests[3]["score"], 2.0);
    assert_eq!(tests[3]["visibility"], "hidden");
    assert_eq!(tests[4]["status"], "failed");
    assert_eq!(tests[4]["visibility"], "visible");
    // The line students read counts the visible checks only.
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("Chapter 01: 3 of 4 checks passed"),
        "{results:#}"
    );
    assert!(
        tests[4]["output"]
            .as_str()
            .unwrap()
            .contains("status: expected 418, got 405")
    );

    // GitHub Classroom's log is the student's: the hidden check is there by
    // id and points only.
    let run = checker(&[
        "chapter",
        "1",
        "--solution",
        "--extra",
        extra,
        "--format",
        "github",
    ]);
    let result: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let hidden = &result["tests"][3];
    assert_eq!(hidden["name"], "x.1 (an instructor's hidden check)");
    assert_eq!(
        (&hidden["status"], &hidden["score"]),
        (&"pass".into(), &2.into())
    );
    assert!(
        !run.stdout.contains("nested unknown path"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("/a/b/c"), "{}", run.stdout);
    assert!(
        run.stdout.contains("PUT / is not allowed"),
        "visible checks stay"
    );
    std::fs::write(
        &file,
        r#"{"checks": [{"id": "x", "title": "t", "request": {}}]}"#,
    )
    .unwrap();
    let run = checker(&["chapter", "1", "--solution", "--extra", extra]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a checks file"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_simulated_gradescope_run_writes_a_results_json_for_every_kind_of_submission() {
    let out = temp_dir("gradescope-sim");
    let run = std::process::Command::new("bash")
        .arg(root().join("tests/gradescope-sim/run"))
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{log}");
    let results = |case: &str| -> serde_json::Value {
        serde_json::from_str(&read(&out.join(format!("{case}.json"))))
            .unwrap_or_else(|e| panic!("{case}.json is not JSON: {e}\n{log}"))
    };
    let output = |r: &serde_json::Value| r["output"].as_str().unwrap().to_string();

    // Solved: every check passes, the instructor's check too (hidden, and not
    // counted in the line students read), with the assignment's seed.
    let correct = results("correct");
    assert_eq!(correct["score"], 6.0, "{correct:#}");
    let tests = correct["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 4);
    assert!(tests.iter().all(|t| t["status"] == "passed"), "{correct:#}");
    assert_eq!(tests[3]["number"], "x.1");
    assert_eq!(tests[3]["visibility"], "hidden");
    assert!(
        output(&correct).contains("Chapter 01: 3 of 3 checks passed (seed 4242)"),
        "{correct:#}"
    );

    let wrong = results("wrong");
    assert_eq!(wrong["score"], 0.0);
    assert!(
        output(&wrong).contains("0 of 3 checks passed (seed 4242)"),
        "{wrong:#}"
    );
    assert!(
        wrong["tests"][0]["output"]
            .as_str()
            .unwrap()
            .contains("curl -i")
    );

    let broken = results("broken");
    assert_eq!(broken["score"], 0.0);
    assert!(
        output(&broken).contains("could not run (build)"),
        "{broken:#}"
    );
    assert!(output(&broken).contains("error"), "{broken:#}");
    assert_eq!(broken["tests"].as_array().unwrap().len(), 4);

    let missing = results("missing");
    assert_eq!(missing["score"], 0.0);
    assert!(
        output(&missing).contains("could not run (build)"),
        "{missing:#}"
    );
    assert!(
        output(&missing).contains("not a Cargo crate"),
        "{missing:#}"
    );
    // Said to the student, who passed no --path.
    assert!(
        output(&missing).contains("has no usable chapter 01 crate")
            && !output(&missing).contains("--path"),
        "{missing:#}"
    );

    let hog = results("hog");
    assert_eq!(hog["score"], 0.0);
    assert!(
        output(&hog).contains("could not run (start): the server tried to use more than 2048 MiB"),
        "{hog:#}"
    );

    let nosetup = results("nosetup");
    assert_eq!(nosetup["score"], 0.0);
    assert_eq!(nosetup["tests"].as_array().unwrap().len(), 0);
    assert!(
        output(&nosetup).contains("setup did not finish"),
        "{nosetup:#}"
    );
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn a_missing_or_broken_crate_is_still_reported_in_every_format() {
    let dir = temp_dir("no-crate");
    std::fs::write(dir.join("README.txt"), "a flat upload\n").unwrap();
    let broken = dir.join("broken");
    std::fs::create_dir_all(broken.join("src")).unwrap();
    std::fs::write(broken.join("Cargo.toml"), "[package\nname = ").unwrap();
    std::fs::write(broken.join("src/main.rs"), "fn main() {}\n").unwrap();
    for (path, says) in [(&dir, "not a Cargo crate"), (&broken, "cannot read")] {
        for format in ["json", "junit", "gradescope", "github"] {
            let file = dir.join(format!("report.{format}"));
            let run = checker(&[
                "chapter",
                "1",
                "--path",
                path.to_str().unwrap(),
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ]);
            assert_eq!(run.code, 2, "{format}: {}", run.stderr);
            let text = read(&file);
            assert!(text.contains(says), "{format}: {text}");
            match format {
                "json" => assert!(text.contains("\"stage\": \"build\""), "{text}"),
                "junit" => assert!(text.contains("<error"), "{text}"),
                "gradescope" => assert!(text.contains("could not run (build)"), "{text}"),
                _ => assert!(text.contains("\"status\":\"error\""), "{text}"),
            }
        }
    }
    // A person at a terminal still gets the message as an error.
    let run = checker(&["chapter", "1", "--path", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a Cargo crate"), "{}", run.stderr);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_checkout_reached_through_a_link_is_checked_like_any_other() {
    let dir = temp_dir("linked");
    copy_workbook(&dir.join("real"));
    std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).unwrap();
    for path in [dir.join("link"), dir.join("link/chapters/01-hello-world")] {
        let run = checker(&[
            "chapter",
            "1",
            "--path",
            path.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(
            run.code, 1,
            "the starter fails, it is not an error: {}",
            run.stdout
        );
        assert_eq!(run.report()["status"], "failed");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn chapter_path_builds_follow_the_content_not_the_file_times() {
    // Two checkouts share one target folder (as under a shared
    // CARGO_TARGET_DIR); the second is a `cp -a` copy whose handler was
    // replaced by older-dated starter code.
    let dir = temp_dir("cp-a");
    // Its own folder: a test that grades in parallel must not rebuild the
    // binary between its build and its start.
    let shared = root().join("target/grading-path");
    std::fs::create_dir_all(&shared).unwrap();
    let first = dir.join("first");
    copy_workbook(&first);
    std::os::unix::fs::symlink(&shared, first.join("target")).unwrap();
    std::fs::copy(
        root().join("solutions/01-hello-world/src/main.rs"),
        starter(&first),
    )
    .unwrap();
    let check = |path: &Path| {
        checker(&[
            "chapter",
            "1",
            "--path",
            path.to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    let run = check(&first);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run_cmd(&dir, "cp", &["-a", "first", "second"]);
    let second = dir.join("second");
    std::fs::copy(
        root().join("chapters/01-hello-world/src/main.rs"),
        starter(&second),
    )
    .unwrap();
    make_old(&starter(&second));
    let run = check(&second);
    assert_eq!(run.code, 1, "the starter must fail: {}", run.stdout);
    assert_eq!(run.report()["status"], "failed");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn instructor_checks_name_their_chapter_and_their_ids_are_unique() {
    let dir = temp_dir("extra-format");
    let file = dir.join("checks.json");
    let extra = file.to_str().unwrap();
    let load = |json: &str| {
        std::fs::write(&file, json).unwrap();
        checker(&[
            "chapter",
            "1",
            "--solution",
            "--extra",
            extra,
            "--format",
            "json",
        ])
    };
    let check = |chapter: &str, id: &str| {
        format!(
            r#"{{"chapter": {chapter}, "id": "{id}", "title": "t", "request": {{"path": "/"}}, "expect": {{"status": 200}}}}"#
        )
    };
    // Only the chapter's own checks run.
    let run = load(&format!(
        r#"{{"checks": [{}, {}]}}"#,
        check("1", "x.1"),
        check("2", "x.2")
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids: Vec<String> = run.report()["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["01.1", "01.2", "01.3", "x.1"]);
    for (json, says) in [
        (
            format!(r#"{{"checks": [{}]}}"#, check("2", "x.2")),
            "no check is for chapter 01",
        ),
        (
            format!(r#"{{"checks": [{}, {}]}}"#, check("1", "x.1"), check("2", "x.1")),
            "\"x.1\": the id is used twice",
        ),
        (
            format!(r#"{{"checks": [{}]}}"#, check("1", "01.2")),
            "chapter 01 has a built-in check with that id",
        ),
        (
            format!(r#"{{"checks": [{}]}}"#, check("99", "x.9")),
            "there is no chapter 99",
        ),
        (
            r#"{"checks": [{"id": "x", "title": "t", "request": {"path": "/"}, "expect": {"status": 200}}]}"#
                .to_string(),
            "missing field `chapter`",
        ),
    ] {
        let run = load(&json);
        assert_eq!(run.code, 2, "{json}");
        assert!(run.stderr.contains(says), "{json}: {}", run.stderr);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_github_classroom_workflow_caches_builds_and_has_a_time_limit() {
    let workflow = read(&root().join("graders/github-classroom/classroom.yml"));
    assert!(workflow.contains("timeout-minutes:"), "{workflow}");
    assert!(workflow.contains("uses: actions/cache@"), "{workflow}");
    assert!(workflow.contains("hashFiles('Cargo.lock'"), "{workflow}");
    let guide = read(&root().join("book/src/instructors.md"));
    assert!(
        guide.contains("can edit"),
        "the guide says students can edit the workflow"
    );
    assert!(
        guide.contains("checker -- grade"),
        "the guide shows re-grading with grade"
    );
}

#[test]
fn grade_help_reaches_every_instructor_feature() {
    let run = checker(&["grade", "--help"]);
    assert_eq!(run.code, 0);
    for needle in [
        "--student",
        "--regrade",
        "--extra",
        "--anonymise",
        "--memory-mb",
        "--cpu-seconds",
        "--file-mb",
        "gradebook.csv",
        "feedback/NAME.txt",
        "book/src/instructors.md",
    ] {
        assert!(
            run.stdout.contains(needle),
            "grade --help lacks {needle}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn an_interrupted_class_run_leaves_no_binaries_behind_and_resumes() {
    let class = temp_dir("interrupted");
    let tmp = temp_dir("interrupted-tmp");
    let out = temp_dir("interrupted-out");
    for student in ["ada", "bo"] {
        copy_workbook(&class.join(student));
    }
    std::fs::copy(
        root().join("solutions/01-hello-world/src/main.rs"),
        starter(&class.join("ada")),
    )
    .unwrap();
    // bo's server takes its time to start, so the run is surely still going.
    edit(
        &starter(&class.join("bo")),
        "async fn main() {\n",
        "async fn main() {\n    std::thread::sleep(std::time::Duration::from_secs(20));\n",
    );
    let exe = checker::harness::server::build(
        &root().join("checker/Cargo.toml"),
        "checker",
        "checker",
        &checker::harness::server::BuildOptions::default(),
        &mut std::io::sink(),
    )
    .unwrap();
    let mut child = std::process::Command::new(exe)
        .args(["grade", class.to_str().unwrap(), "--chapter", "1"])
        .args(["--out", out.to_str().unwrap(), "--start-timeout", "30"])
        .env("TMPDIR", &tmp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while !out.join("students/ada/ch01.json").exists() {
        assert!(std::time::Instant::now() < deadline, "ada was never graded");
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let binaries = || {
        std::fs::read_dir(&tmp)
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("workbook-grade-")
            })
            .count()
    };
    assert_eq!(binaries(), 1, "the run keeps its binaries in TMPDIR");
    run_cmd(&tmp, "kill", &["-INT", &child.id().to_string()]);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert_eq!(binaries(), 0, "Ctrl-C left the built binaries behind");
    // A re-run keeps ada's result and grades only bo.
    let run = checker(&[
        "grade",
        class.to_str().unwrap(),
        "--chapter",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--start-timeout",
        "30",
    ]);
    assert!(
        run.stdout.contains("1 graded now, 1 unchanged"),
        "{}",
        run.stdout
    );
    for dir in [class, tmp, out] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn the_autograder_zip_is_not_built_from_a_workbook_with_uncommitted_changes() {
    // A committed copy of the workbook, then an edit left uncommitted:
    // `git archive HEAD` would leave it out without a word.
    let repo = temp_dir("autograder-dirty");
    copy_workbook(&repo);
    run_cmd(&repo, "git", &["init", "-q"]);
    run_cmd(&repo, "git", &["add", "-A"]);
    run_cmd(
        &repo,
        "git",
        &[
            "-c",
            "user.name=i",
            "-c",
            "user.email=i@example.com",
            "commit",
            "-qm",
            "course",
        ],
    );
    let script = repo.join("graders/gradescope/make_autograder.sh");
    let zip = repo.join("out.zip");
    let make = |more: &[&str]| {
        std::process::Command::new("bash")
            .arg(&script)
            .args(["1", "--seed", "7", "--out", zip.to_str().unwrap()])
            .args(more)
            .output()
            .unwrap()
    };
    edit(&starter(&repo), "Hello World", "Hello there");
    let run = make(&[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("uncommitted changes"), "{stderr}");
    assert!(
        stderr.contains("chapters/01-hello-world/src/main.rs"),
        "{stderr}"
    );
    assert!(!zip.exists());
    // Knowingly: built from the last commit, the seed fixed in the zip.
    let run = make(&["--allow-uncommitted"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let listing = std::process::Command::new("unzip")
        .args(["-p", zip.to_str().unwrap(), "autograder.env"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listing.stdout),
        "CHAPTER=1\nSEED=7\n"
    );
    let _ = std::fs::remove_dir_all(repo);
}

#[test]
fn a_path_dependency_is_rebuilt_when_its_content_changes_whatever_its_file_times() {
    use checker::fingerprint::{self, PathDeps};
    use checker::harness::server::{BuildOptions, build};
    // Two checkouts of a workspace whose binary uses another crate of the
    // workspace (as chapters use fastapi-errors), built into one target
    // folder; the second's library says something else, with older times.
    let dir = temp_dir("path-deps");
    let target = dir.join("shared-target");
    let make = |name: &str, word: &str| -> PathBuf {
        let ws = dir.join(name);
        for (file, text) in [
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"app\", \"words\"]\nresolver = \"3\"\n".to_string(),
            ),
            (
                "words/Cargo.toml",
                "[package]\nname = \"words\"\nversion = \"0.1.0\"\nedition = \"2024\"\n"
                    .to_string(),
            ),
            (
                "words/src/lib.rs",
                format!("pub fn word() -> &'static str {{ \"{word}\" }}\n"),
            ),
            (
                "app/Cargo.toml",
                "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [dependencies]\nwords = { path = \"../words\" }\n"
                    .to_string(),
            ),
            (
                "app/src/main.rs",
                "fn main() {\n    println!(\"{}\", words::word());\n}\n".to_string(),
            ),
        ] {
            let path = ws.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        ws.join("app/Cargo.toml")
    };
    let build_and_run = |manifest: &Path| -> String {
        let _lock = fingerprint::lock_dir(&target).unwrap();
        let deps = PathDeps::of(manifest);
        assert_eq!(deps.0.len(), 1, "{deps:?}");
        deps.refresh(&target).unwrap();
        let options = BuildOptions {
            target_dir: Some(target.clone()),
            submission: Some(fingerprint::build_tag_with(manifest, &deps).unwrap()),
            ..BuildOptions::default()
        };
        let exe = build(manifest, "app", "app", &options, &mut std::io::sink())
            .unwrap_or_else(|e| panic!("{}\n{}", e.message, e.output));
        deps.record(&target).unwrap();
        let out = std::process::Command::new(exe).output().unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let first = make("first", "one");
    assert_eq!(build_and_run(&first), "one");
    let second = make("second", "two");
    make_old(&dir.join("second/words/src/lib.rs"));
    assert_eq!(
        build_and_run(&second),
        "two",
        "the first checkout's library was linked"
    );
    // The same content again builds nothing new and stays right.
    assert_eq!(build_and_run(&second), "two");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn chapter_15_grades_each_students_tests_against_the_app_as_given() {
    let class = temp_dir("class-tests");
    let test_file = |dir: &Path| dir.join("chapters/15-testing/tests/api.rs");
    // One test, on the 404's detail: it passes against the given app and
    // notices that one planted bug (15.5), no other.
    let one_test = r##"
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn an_unknown_item_is_404_with_its_detail() {
    let app = ch15_testing::app(ch15_testing::AppState::new("t", "http://127.0.0.1:9"));
    let request = Request::get("/items/baz").header("x-token", "t").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 404);
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], br#"{"detail":"Item not found"}"#);
}
"##;
    let ann = class.join("ann");
    copy_workbook(&ann);
    std::fs::write(test_file(&ann), one_test).unwrap();
    // Bo changes the app to fit the test: the checker grades against the
    // app as given, so the test fails there and nothing is graded.
    let bo = class.join("bo");
    copy_workbook(&bo);
    std::fs::write(test_file(&bo), one_test.replace("Item not found", "Gone")).unwrap();
    edit(
        &bo.join("chapters/15-testing/src/lib.rs"),
        "\"Item not found\"",
        "\"Gone\"",
    );
    let out = class.join("out");
    let run = checker(&[
        "grade",
        class.to_str().unwrap(),
        "--chapter",
        "15",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let checks = |student: &str| -> serde_json::Value {
        let text = read(&out.join(format!("students/{student}/ch15.json")));
        let graded: serde_json::Value = serde_json::from_str(&text).unwrap();
        graded["report"].clone()
    };
    let passed = |report: &serde_json::Value| -> Vec<String> {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "passed")
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let ann = checks("ann");
    assert_eq!(passed(&ann), ["15.1", "15.5"], "{ann:#}");
    assert_eq!(ann["score"], 3);
    let bo = checks("bo");
    assert_eq!(bo["status"], "failed", "{bo:#}");
    assert!(passed(&bo).is_empty(), "{bo:#}");
}
