//! The checker for learners: progressive hints, reset, watch, and progress.

use std::path::Path;
use std::process::Command;

use checker::suites;
use workbook_tests::{checker, root, temp_dir};

#[test]
fn hints_come_one_level_at_a_time_and_stop_at_the_last() {
    let dir = temp_dir("hints");
    let chapter = suites::find(1).unwrap();
    std::fs::create_dir_all(dir.join("book/src")).unwrap();
    std::fs::copy(
        root().join("book/src").join(chapter.page()),
        dir.join("book/src").join(chapter.page()),
    )
    .unwrap();
    let levels = checker::learn::hints(&dir, &chapter, None).len();
    assert!(levels >= 2, "chapter 1 has {levels} hints");
    let mut shown = Vec::new();
    for _ in 0..=levels {
        let mut out = Vec::new();
        checker::learn::hint(&dir, &chapter, None, &mut out).unwrap();
        shown.push(String::from_utf8(out).unwrap());
    }
    assert!(shown[0].contains(&format!("hint 1 of {levels}")));
    assert!(!shown[0].contains(&format!("hint 2 of {levels}")));
    assert!(shown[1].contains(&format!("hint 2 of {levels}")));
    assert!(shown[levels - 1].contains("that was the last hint"));
    // Asking again after the last shows the last again, no further.
    assert_eq!(shown[levels - 1], shown[levels]);
    let _ = std::fs::remove_dir_all(dir);
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

#[test]
fn reset_restores_the_starter_and_keeps_the_learners_files() {
    let dir = temp_dir("reset");
    let chapter = suites::find(1).unwrap();
    let src = dir.join("chapters").join(chapter.dir_name()).join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("main.rs"), "// the starter\n").unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-qm", "starter"]);
    std::fs::write(src.join("main.rs"), "// my work\n").unwrap();
    std::fs::write(src.join("extra.rs"), "// a file I added\n").unwrap();

    // Declining changes nothing.
    let mut out = Vec::new();
    let reset = checker::learn::reset(&dir, &chapter, false, &mut &b"no\n"[..], &mut out).unwrap();
    assert!(!reset);
    assert_eq!(
        std::fs::read_to_string(src.join("main.rs")).unwrap(),
        "// my work\n"
    );

    let reset = checker::learn::reset(&dir, &chapter, false, &mut &b"yes\n"[..], &mut out).unwrap();
    assert!(reset);
    assert_eq!(
        std::fs::read_to_string(src.join("main.rs")).unwrap(),
        "// the starter\n"
    );
    assert!(!src.join("extra.rs").exists());
    let backups: Vec<_> = std::fs::read_dir(dir.join(".checker/backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let backup = backups[0].as_ref().unwrap().path();
    assert_eq!(
        std::fs::read_to_string(backup.join("src/main.rs")).unwrap(),
        "// my work\n"
    );
    assert!(backup.join("src/extra.rs").exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn watch_runs_again_after_a_save() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let file = root().join("solutions/01-hello-world/src/main.rs");
    let done = Arc::new(AtomicBool::new(false));
    let saving = Arc::clone(&done);
    // Saves that change nothing but the time, as an editor's would, until
    // watch has run twice (a save during the first run is not a change it
    // waits for, so keep saving).
    let saver = std::thread::spawn(move || {
        while !saving.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(1500));
            let f = std::fs::File::options().append(true).open(&file).unwrap();
            f.set_modified(std::time::SystemTime::now()).unwrap();
        }
    });
    let run = checker(&[
        "watch",
        "1",
        "--solution",
        "--runs",
        "2",
        "--color",
        "never",
    ]);
    done.store(true, Ordering::Relaxed);
    saver.join().unwrap();
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout.matches("every check passed").count(),
        2,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("watching"), "{}", run.stdout);
}

#[test]
fn list_shows_each_chapters_state_and_the_overall_progress() {
    let run = checker(&["list", "--checks"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("01  Hello, world"), "{}", run.stdout);
    assert!(run.stdout.contains("01.3"), "{}", run.stdout);
    assert!(run.stdout.contains("chapters passing"), "{}", run.stdout);
}
