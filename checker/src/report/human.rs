//! The report a learner reads in a terminal: coloured there, plain elsewhere.

use std::io::{self, Write};

use super::{CheckStatus, Report, Stage, Status};

/// Terminal styles; all empty when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_string()
        }
    }
    fn green(&self, t: &str) -> String {
        self.wrap("32", t)
    }
    fn red(&self, t: &str) -> String {
        self.wrap("31", t)
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
}

/// Writes `report` for a person.
pub fn write(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint { on: color };
    let total = report.checks.len();
    let summary = match report.status {
        Status::Error => "could not run".to_string(),
        _ => format!("{} of {total} checks passed", report.passed),
    };
    writeln!(
        out,
        "{}   {}",
        p.bold(&format!(
            "chapter {:02} · {} · {summary}",
            report.chapter, report.title
        )),
        p.dim(&format!("seed {}", report.seed))
    )?;
    writeln!(out, "{}", p.dim(&report.target))?;
    writeln!(out)?;

    if let Some(error) = &report.error {
        writeln!(out, "{} {}", p.red("✗"), p.bold(&error.message))?;
        if error.stage == Stage::Start && !error.output.is_empty() {
            writeln!(out, "{}", p.dim("server output:"))?;
            for line in error.output.lines() {
                writeln!(out, "  {line}")?;
            }
        }
        let advice = match error.stage {
            Stage::Build => "fix the first error cargo shows, then run the checker again",
            Stage::Start => {
                "the server must listen on 127.0.0.1 and the port in the PORT variable; \
                 run it yourself to see what it does"
            }
            Stage::Connect => "start your server first, then run the checker again",
        };
        writeln!(out, "{} {advice}", p.dim("next"))?;
        return Ok(());
    }

    for check in &report.checks {
        let Some(failure) = &check.failure else {
            writeln!(out, "{} {:<6}{}", p.green("✓"), check.id, check.title)?;
            continue;
        };
        writeln!(
            out,
            "{} {:<6}{}",
            p.red("✗"),
            p.bold(&check.id),
            p.bold(&check.title)
        )?;
        let label = |name: &str| p.dim(&format!("  {name:<10}"));
        writeln!(out, "{}{}", label(failure.what()), failure.curl)?;
        writeln!(out, "{}{}", label("expected"), failure.expected)?;
        match &failure.got {
            Some(got) => writeln!(out, "{}{}", label("got"), got)?,
            None => writeln!(out, "{}{}", label("got"), p.red("no response"))?,
        }
        for (i, problem) in failure.problems.iter().enumerate() {
            let name = if i == 0 { "problem" } else { "" };
            writeln!(out, "{}{}", label(name), p.red(problem))?;
        }
        if let Some(why) = &failure.why {
            writeln!(out, "{}{why}", label("why"))?;
        }
        writeln!(out, "{}{}", label("hint"), check.hint)?;
        writeln!(
            out,
            "{}book: {:02} · {} › \"{}\"  ({})",
            label("read"),
            report.chapter,
            report.title,
            check.read.section,
            check.read.page
        )?;
    }

    let failed = report
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Failed)
        .count();
    if failed > 0 && !report.server_output.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            p.dim("server output (its last words, or from its panic):")
        )?;
        for line in &report.server_output {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "score {}/{} · {:.1} s",
        report.score,
        report.max_score,
        report.duration_ms as f64 / 1000.0
    )?;
    if failed > 0 {
        if let Some(run) = &report.run_hint {
            writeln!(
                out,
                "{}",
                p.dim(&format!("the curl lines expect your server running: {run}"))
            )?;
        }
        writeln!(
            out,
            "{}",
            p.red(&format!(
                "{failed} failing · the first one is the place to start · \
                 more help: cargo run -p checker -- hint {}",
                report.chapter
            ))
        )?;
    } else {
        writeln!(out, "{}", p.green("every check passed"))?;
    }
    Ok(())
}
