//! Prints, per chapter, the share of the lines a learner writes that the
//! chapter's page shows verbatim (see `workbook_tests::book_share`).
//!
//! ```text
//! $ cargo run -q -p workbook-tests --bin book-share
//! ```

use workbook_tests::{book_share::chapter_share, root};

fn main() {
    println!("chapter  shown/written  share");
    for chapter in checker::suites::all() {
        let share = chapter_share(&root(), &chapter.dir_name(), &chapter.page());
        println!(
            "  {:02}      {:>3}/{:<3}      {:5.1} %",
            chapter.number,
            share.shown,
            share.written,
            share.percent()
        );
    }
}
