//! `checker grade DIR --chapter N`: a whole class, for instructors.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{ConfigError, find_chapter, seconds};
use crate::workbook;

#[derive(Args)]
pub struct GradeArgs {
    /// The folder of submissions: one sub-folder per student, each a checkout of the workbook.
    pub submissions: PathBuf,

    /// A chapter to grade (number or name); repeat for several.
    #[arg(long = "chapter", value_name = "CHAPTER", required = true)]
    pub chapters: Vec<String>,

    /// Also run the instructor checks in FILE (JSON; hidden in Gradescope output).
    #[arg(long, value_name = "FILE")]
    pub extra: Option<PathBuf>,

    /// Where to write grades.csv, checks.csv and grades.json.
    #[arg(long, value_name = "DIR", default_value = "grades")]
    pub out: PathBuf,

    /// Submissions checked at once (builds run one at a time regardless).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub jobs: usize,

    /// Seconds one submission's build may take.
    #[arg(long, value_name = "SECS", default_value_t = 600.0)]
    pub build_timeout: f64,

    /// Seconds a server may take to accept connections.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub start_timeout: f64,

    /// Seconds each request may take.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub timeout: f64,

    /// The shared target folder (default: target/grading in this workbook).
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,

    /// Seed for the random inputs (the same for every student).
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<String>,
}

pub fn configure(args: GradeArgs) -> Result<crate::grade::Config, ConfigError> {
    let chapters = args
        .chapters
        .iter()
        .map(|name| find_chapter(name))
        .collect::<Result<Vec<_>, _>>()?;
    if !args.submissions.is_dir() {
        return Err(ConfigError::Other(format!(
            "{}: no such folder",
            args.submissions.display()
        )));
    }
    let extra = match &args.extra {
        Some(path) => crate::extra::load(path)?,
        None => Vec::new(),
    };
    Ok(crate::grade::Config {
        submissions: args.submissions,
        chapters,
        extra,
        out: args.out,
        jobs: args.jobs.clamp(1, 16),
        seed: super::seed(args.seed.as_deref())?,
        build_timeout: seconds("build-timeout", args.build_timeout)?,
        start_timeout: seconds("start-timeout", args.start_timeout)?,
        timeout: seconds("timeout", args.timeout)?,
        target_dir: args
            .target_dir
            .unwrap_or_else(|| workbook::root().join("target").join("grading")),
    })
}

/// The table printed after grading: a row per student, a column per chapter.
pub fn summary(
    graded: &[crate::grade::Graded],
    config: &crate::grade::Config,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut students: Vec<&str> = graded.iter().map(|g| g.student.as_str()).collect();
    students.dedup();
    let width = students.iter().map(|s| s.len()).max().unwrap_or(7).max(7);
    write!(out, "{:<width$}", "student")?;
    for chapter in &config.chapters {
        write!(out, "  ch{:02}        ", chapter.number)?;
    }
    writeln!(out)?;
    for student in students {
        write!(out, "{student:<width$}")?;
        for chapter in &config.chapters {
            let cell = graded
                .iter()
                .find(|g| g.student == student && g.report.chapter == chapter.number)
                .map_or("-".to_string(), |g| match &g.report.error {
                    Some(e) => format!("{} error", e.stage),
                    None => format!("{}/{}", g.report.score, g.report.max_score),
                });
            write!(out, "  {cell:<12}")?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "\nseed {} · wrote grades.csv, checks.csv, grades.json to {}",
        config.seed,
        config.out.display()
    )
}

/// Grades the class and prints the table; the grading itself is [`crate::grade`].
pub fn run(args: GradeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, ConfigError> {
    let config = configure(args)?;
    let graded = crate::grade::run(&config, err)?;
    let _ = summary(&graded, &config, out);
    Ok(0)
}
