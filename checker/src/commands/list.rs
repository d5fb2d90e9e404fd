//! `checker list`: the chapters, where the learner is in each, and progress.

use std::io::Write;

use crate::progress::State;
use crate::{suites, workbook};

pub fn run(with_checks: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let root = workbook::root();
    let progress = crate::progress::Progress::load(&root);
    let chapters = suites::all();
    let mut passing = 0;
    let mut next = None;
    for chapter in &chapters {
        let state = progress.state(chapter.slug);
        let mark = match state {
            State::Passing => "✓",
            State::Failing => "✗",
            State::NotStarted => "·",
        };
        if state == State::Passing {
            passing += 1;
        } else if next.is_none() {
            next = Some(chapter.number);
        }
        writeln!(
            out,
            "{mark} {:02}  {:<28} {:<12} {:>2} checks   chapters/{}",
            chapter.number,
            chapter.title,
            state.as_str(),
            chapter.checks.len(),
            chapter.dir_name(),
        )?;
        if with_checks {
            for check in &chapter.checks {
                writeln!(out, "        {:<6}{}", check.id, check.title)?;
            }
        }
    }
    let width = 30;
    let filled = passing * width / chapters.len().max(1);
    writeln!(
        out,
        "\nprogress [{}{}] {passing} of {} chapters passing",
        "#".repeat(filled),
        "-".repeat(width - filled),
        chapters.len()
    )?;
    match next {
        Some(n) => writeln!(out, "next:     cargo run -p checker -- chapter {n}"),
        None => writeln!(out, "every chapter passes: well done"),
    }
}
