//! Every chapter, the way rustlings' `dev check` holds its exercises: the
//! solution passes its suite, the starter builds, starts and *fails* it (a
//! failure, not an error), and the starter's TODOs point into the book.

use checker::suites;
use workbook_tests::{checker, root};

#[test]
fn every_solution_passes_its_suite() {
    for chapter in suites::all() {
        let n = chapter.number.to_string();
        let run = checker(&["chapter", &n, "--solution", "--format", "json"]);
        let report = run.report();
        assert_eq!(
            (run.code, report["status"].as_str()),
            (0, Some("passed")),
            "chapter {n} solution:\n{report:#}\n{}",
            run.stderr
        );
        assert_eq!(report["passed"], chapter.checks.len());
    }
}

#[test]
fn every_starter_builds_starts_and_fails_its_suite() {
    for chapter in suites::all() {
        let n = chapter.number.to_string();
        // `--path` names this checkout's starter and, unlike a plain run,
        // leaves the learner's progress file alone.
        let root = root();
        let run = checker(&[
            "chapter",
            &n,
            "--path",
            root.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let report = run.report();
        assert_eq!(
            (run.code, report["status"].as_str()),
            (1, Some("failed")),
            "chapter {n} starter must fail (not error):\n{report:#}\n{}",
            run.stderr
        );
        assert!(report["failed"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn every_starter_has_todos_that_name_a_book_section() {
    for chapter in suites::all() {
        let dir = root().join("chapters").join(chapter.dir_name());
        let marker = format!("TODO(ch{:02})", chapter.number);
        let mut todos = 0;
        // The server's code, or (a chapter that grades tests) its tests.
        let files = ["src", "tests"]
            .iter()
            .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
            .flatten();
        for entry in files {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            todos += text.matches(&marker).count();
            // Each TODO block names its section: `Book: NN · Title › "Section"`.
            for block in text.split(&marker).skip(1) {
                let block: String = block.lines().take(8).collect::<Vec<_>>().join("\n");
                assert!(
                    block.contains("Book: "),
                    "a {marker} in {} names no book section",
                    dir.display()
                );
            }
        }
        assert!(todos > 0, "{} has no {marker} comment", dir.display());
    }
}

#[test]
fn every_starter_and_solution_leaves_out_todo_macros() {
    // A `todo!()` in a handler panics on a request; starters must answer.
    for folder in ["chapters", "solutions"] {
        for chapter in suites::all() {
            let dir = root().join(folder).join(chapter.dir_name()).join("src");
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(!text.contains("todo!("), "{} uses todo!()", path.display());
                assert!(
                    !text.contains("unimplemented!("),
                    "{} uses unimplemented!()",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_check_points_at_a_section_of_its_chapter_page() {
    for chapter in suites::all() {
        let page = root().join("book/src").join(chapter.page());
        let text =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let headings: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| l.trim_start_matches('#').trim())
            .collect();
        for check in &chapter.checks {
            assert!(
                headings.contains(&check.read),
                "check {} reads \"{}\", which is not a heading of {}",
                check.id,
                check.read,
                page.display()
            );
            assert!(
                text.contains(check.id),
                "check {} is not in the contract table of {}",
                check.id,
                page.display()
            );
        }
    }
}

#[test]
fn a_given_app_is_the_same_in_starter_and_solution() {
    // The checker plants its bugs in its own copy (the starter's): the
    // solution's tests must have been proven against that very app.
    for chapter in suites::all() {
        let Some(given) = chapter.needs.given else {
            continue;
        };
        for (file, text) in given.files {
            for folder in ["chapters", "solutions"] {
                let path = root().join(folder).join(chapter.dir_name()).join(file);
                let found = std::fs::read_to_string(&path).unwrap();
                assert!(
                    found == *text,
                    "{} differs from the checker's copy",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_check_names_its_fastapi_oracle_or_says_why_not() {
    use checker::suite::Oracle;
    for chapter in suites::all() {
        for check in &chapter.checks {
            match check.oracle {
                // `topic.tutorialNNN` (with an optional suffix, like `003b`).
                Oracle::FastApi(module) => {
                    let (topic, tutorial) = module.split_once('.').unwrap_or(("", ""));
                    assert!(
                        !topic.is_empty()
                            && tutorial.starts_with("tutorial")
                            && tutorial[8..].starts_with(|c: char| c.is_ascii_digit()),
                        "{}: {module:?} is not a docs_src module name",
                        check.id
                    );
                    // The workbook's own FastAPI apps are in the repository.
                    if topic.starts_with("workbook_") {
                        let app = root()
                            .join("tests/oracle/apps")
                            .join(topic)
                            .join(format!("{tutorial}.py"));
                        assert!(app.is_file(), "{}: no {}", check.id, app.display());
                    }
                }
                Oracle::None { why } => assert!(
                    why.split_whitespace().count() >= 4,
                    "{}: say why no FastAPI app can prove it",
                    check.id
                ),
            }
        }
    }
}

#[test]
fn check_ids_are_numbered_in_order_within_their_chapter() {
    for chapter in suites::all() {
        for (i, check) in chapter.checks.iter().enumerate() {
            assert_eq!(check.id, format!("{:02}.{}", chapter.number, i + 1));
            assert!(check.points > 0, "{} is worth no points", check.id);
        }
    }
}

#[test]
fn every_chapter_crate_builds_beyond_unix() {
    // SIGTERM handling is Unix-only in tokio: a crate that uses it without
    // `#[cfg(unix)]` does not compile on Windows (axum's graceful-shutdown
    // example shows the pattern every chapter follows).
    for chapter in suites::all() {
        for folder in ["chapters", "solutions"] {
            let main = root()
                .join(folder)
                .join(chapter.dir_name())
                .join("src/main.rs");
            let text = std::fs::read_to_string(&main).unwrap();
            if text.contains("tokio::signal::unix") {
                assert!(
                    text.contains("#[cfg(unix)]") && text.contains("#[cfg(not(unix))]"),
                    "{}: SIGTERM handling must be behind #[cfg(unix)]",
                    main.display()
                );
            }
        }
    }
}
