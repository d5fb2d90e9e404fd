//! Prints, per chapter, the share of the lines a learner writes that the
//! chapter's page shows verbatim (see `workbook_tests::book_share`). With a
//! chapter number, lists that chapter's lines, `shown` or `-` each.
//!
//! ```text
//! $ cargo run -q -p workbook-tests --bin book-share
//! $ cargo run -q -p workbook-tests --bin book-share -- 6
//! $ cargo run -q -p workbook-tests --bin book-share -- --root /tmp/old-checkout
//! ```

use std::collections::HashSet;

use workbook_tests::book_share::{chapter_share, rendered_page, written_lines};
use workbook_tests::root;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut root = root();
    let mut only: Option<u8> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // Another checkout of the workbook, to compare before and after.
            "--root" => root = args.next().expect("--root DIR").into(),
            number => only = number.parse().ok(),
        }
    }
    if let Some(number) = only {
        let Some(chapter) = checker::suites::all()
            .into_iter()
            .find(|c| c.number == number)
        else {
            eprintln!("no chapter {number}");
            std::process::exit(2);
        };
        let page = rendered_page(&root.join("book/src").join(chapter.page()));
        let shown: HashSet<&str> = page.lines().map(str::trim).collect();
        let dir = chapter.dir_name();
        for line in written_lines(
            &root.join("solutions").join(&dir),
            &root.join("chapters").join(&dir),
        ) {
            let mark = if shown.contains(line.as_str()) {
                "shown"
            } else {
                "-"
            };
            println!("{mark:>5}  {line}");
        }
        return;
    }
    println!("chapter  shown/written  share");
    for chapter in checker::suites::all() {
        let share = chapter_share(&root, &chapter.dir_name(), &chapter.page());
        println!(
            "  {:02}      {:>3}/{:<3}      {:5.1} %",
            chapter.number,
            share.shown,
            share.written,
            share.percent()
        );
    }
}
