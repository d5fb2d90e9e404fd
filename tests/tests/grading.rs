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

#[test]
fn a_class_is_graded_with_each_submission_bounded_by_its_own_limits() {
    let class = temp_dir("class");
    for student in ["ada", "bo", "cy", "di", "ed"] {
        copy_workbook(&class.join(student));
    }
    // ada solved it; bo left the starter; cy does not compile; di's handler
    // never answers; ed hard-codes port 8000 instead of reading PORT.
    std::fs::copy(
        root().join("solutions/01-hello-world/src/main.rs"),
        starter(&class.join("ada")),
    )
    .unwrap();
    std::fs::write(
        starter(&class.join("cy")),
        std::fs::read_to_string(starter(&class.join("cy"))).unwrap() + "\nfn broken( {\n",
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
    let out = class.join("grades");
    let run = checker(&[
        "grade",
        class.to_str().unwrap(),
        "--chapter",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--timeout",
        "1",
        "--start-timeout",
        "5",
        "--jobs",
        "2",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let grades = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    let row = |student: &str| {
        grades
            .lines()
            .find(|l| l.starts_with(&format!("{student},")))
            .unwrap_or_else(|| panic!("no row for {student} in\n{grades}"))
            .to_string()
    };
    assert!(row("ada").starts_with("ada,01,passed,4,4,3,0,"), "{grades}");
    assert!(row("bo").starts_with("bo,01,failed,0,4,0,3,"), "{grades}");
    assert!(row("cy").starts_with("cy,01,error,0,4,0,0,"), "{grades}");
    assert!(row("cy").contains("did not compile"), "{grades}");
    assert!(row("di").starts_with("di,01,failed,"), "{grades}");
    assert!(row("ed").starts_with("ed,01,error,0,4,"), "{grades}");
    assert!(row("ed").contains("listens on 127.0.0.1:"), "{grades}");

    let checks = std::fs::read_to_string(out.join("checks.csv")).unwrap();
    assert!(
        checks.contains("01,01.1,GET / answers 200 with the JSON message,1,2,2"),
        "{checks}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("grades.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 5);
    assert!(
        run.stdout.contains("cy       build error"),
        "{}",
        run.stdout
    );
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
            {"id": "x.1", "title": "a nested unknown path is a JSON 404", "points": 2,
             "request": {"path": "/a/b/c"},
             "expect": {"status": 404, "headers": {"content-type": "application/json"},
                        "json": {"detail": "Not Found"}}},
            {"id": "x.2", "title": "PUT / is not allowed", "hidden": false,
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
    assert!(
        tests[4]["output"]
            .as_str()
            .unwrap()
            .contains("status: expected 418, got 405")
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
