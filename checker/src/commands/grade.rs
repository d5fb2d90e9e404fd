//! `checker grade DIR --chapter N`: a whole class, for instructors.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{ConfigError, find_chapter, seconds};
use crate::grade::{Limits, Outcome};
use crate::workbook;

#[derive(Args)]
pub struct GradeArgs {
    /// The folder of submissions: one sub-folder per student, each a checkout of the workbook.
    pub submissions: PathBuf,

    /// A chapter to grade (number or name); repeat for several.
    #[arg(long = "chapter", value_name = "CHAPTER", required = true)]
    pub chapters: Vec<String>,

    /// Grade (again) only this student's folder; repeat for several. The others keep their saved results.
    #[arg(long = "student", value_name = "NAME")]
    pub students: Vec<String>,

    /// Grade everyone again, even submissions whose saved result is current.
    #[arg(long)]
    pub regrade: bool,

    /// Also run the instructor checks in FILE (JSON; each names its chapter; hidden from students by default).
    #[arg(long, value_name = "FILE")]
    pub extra: Option<PathBuf>,

    /// Where to write the results (OUT/students/NAME/chNN.json, as each is ready), the summaries and feedback.
    #[arg(long, value_name = "DIR", default_value = "grades")]
    pub out: PathBuf,

    /// Pseudonyms instead of folder names in every output; the key goes to OUT/private/names.csv.
    #[arg(long)]
    pub anonymise: bool,

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

    #[command(flatten)]
    pub limits: LimitArgs,

    /// The shared target folder (default: target/grading in this workbook).
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,

    /// Seed for the random inputs (the same for every student). Default: the
    /// seed of the results already in OUT, else a fresh one.
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<String>,
}

/// Resource limits of a student's server: `grade` always has them,
/// `chapter` when a grader asks (Gradescope's `run_autograder` does).
#[derive(Args, Clone, Copy, Default)]
pub struct LimitArgs {
    /// Memory (address space) the server may use, in MiB; 0 for no limit [grade: 2048; chapter: none].
    #[arg(long, value_name = "MIB")]
    pub memory_mb: Option<u64>,

    /// Processor time the server may use, in seconds; 0 for no limit [grade: 60; chapter: none].
    #[arg(long, value_name = "SECS")]
    pub cpu_seconds: Option<u64>,

    /// Largest file the server may write, in MiB; 0 for no limit [grade: 100; chapter: none].
    #[arg(long, value_name = "MIB")]
    pub file_mb: Option<u64>,
}

impl LimitArgs {
    /// The limits given, the others from `default`.
    pub fn or(self, default: Limits) -> Limits {
        Limits {
            memory_mb: self.memory_mb.unwrap_or(default.memory_mb),
            cpu_seconds: self.cpu_seconds.unwrap_or(default.cpu_seconds),
            file_mb: self.file_mb.unwrap_or(default.file_mb),
        }
    }
}

/// What a grading run leaves in OUT to be resumed with: the seed.
const STATE: &str = "grading.json";

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
        Some(path) => {
            let extra = crate::extra::load(path)?;
            let theirs = extra.chapters();
            if !chapters.iter().any(|c| theirs.contains(&c.number)) {
                return Err(ConfigError::Other(format!(
                    "--extra {}: its checks are for chapter {}, and none of them is graded",
                    path.display(),
                    crate::extra::list(&theirs)
                )));
            }
            extra
        }
        None => crate::extra::Extra::default(),
    };
    let seed = match args.seed.as_deref() {
        Some(given) => super::seed(Some(given))?,
        None => saved_seed(&args.out).unwrap_or_else(crate::seed::fresh_seed),
    };
    // Absolute, so local paths can be found and removed from reports.
    let absolute = |p: PathBuf| std::path::absolute(&p).unwrap_or(p);
    Ok(crate::grade::Config {
        submissions: absolute(args.submissions),
        chapters,
        extra,
        out: absolute(args.out),
        jobs: args.jobs.clamp(1, 16),
        seed,
        build_timeout: seconds("build-timeout", args.build_timeout)?,
        start_timeout: seconds("start-timeout", args.start_timeout)?,
        timeout: seconds("timeout", args.timeout)?,
        target_dir: absolute(
            args.target_dir
                .unwrap_or_else(|| workbook::root().join("target").join("grading")),
        ),
        students: args.students,
        regrade: args.regrade,
        limits: args.limits.or(Limits::GRADE),
        anonymise: args.anonymise,
        workbook: workbook::root(),
    })
}

fn saved_seed(out: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(out.join(STATE)).ok()?;
    let state: serde_json::Value = serde_json::from_str(&text).ok()?;
    state["seed"].as_u64()
}

/// The table printed after grading: a row per student, a column per
/// chapter; then the score histogram and the flagged pairs.
pub fn summary(
    outcome: &Outcome,
    config: &crate::grade::Config,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let names = |s: &str| outcome.names.shown(s);
    let graded = &outcome.graded;
    let mut students: Vec<&str> = graded.iter().map(|g| g.student.as_str()).collect();
    students.dedup();
    let width = students
        .iter()
        .map(|s| names(s).len())
        .max()
        .unwrap_or(7)
        .max(7);
    write!(out, "{:<width$}", "student")?;
    for chapter in &config.chapters {
        write!(out, "  ch{:02}        ", chapter.number)?;
    }
    writeln!(out)?;
    for student in &students {
        write!(out, "{:<width$}", names(student))?;
        for chapter in &config.chapters {
            let cell = graded
                .iter()
                .find(|g| g.student == *student && g.chapter == chapter.number)
                .map_or("-".to_string(), crate::grade::cell);
            write!(out, "  {cell:<12}")?;
        }
        writeln!(out)?;
    }

    let totals = crate::grade::totals(graded);
    let percents: Vec<f64> = totals.values().copied().collect();
    let (buckets, mean, median) = crate::grade::histogram(&percents);
    writeln!(
        out,
        "\nscores (% of the maximum) · {} students · mean {mean:.1} · median {median:.1}",
        percents.len()
    )?;
    let most = buckets.iter().copied().max().unwrap_or(0).max(1);
    for (i, count) in buckets.iter().enumerate() {
        let label = if i == 9 {
            " 90–100%".to_string()
        } else {
            format!("{:>3}–{:>2}%", i * 10, i * 10 + 9)
        };
        let bar = "#".repeat((count * 30).div_ceil(most));
        writeln!(out, "  {label:<9} {bar:<30} {count}")?;
    }
    if !outcome.similar.is_empty() {
        writeln!(
            out,
            "\n{} pair(s) of submissions are the same or nearly (similar.csv):",
            outcome.similar.len()
        )?;
        for s in &outcome.similar {
            writeln!(
                out,
                "  ch{:02}  {} · {}  {}",
                s.chapter,
                names(&s.a),
                names(&s.b),
                if s.identical {
                    "byte-identical".to_string()
                } else {
                    format!("{:.0}% of their own code in common", s.similarity * 100.0)
                }
            )?;
        }
    }
    writeln!(
        out,
        "\nseed {} · {} graded now, {} unchanged since the last run · wrote gradebook.csv, \
         grades.csv, checks.csv, similar.csv, grades.json and feedback/ to {}",
        config.seed,
        outcome.fresh,
        outcome.reused,
        config.out.display()
    )
}

/// Grades the class and prints the table; the grading itself is [`crate::grade`].
pub fn run(args: GradeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, ConfigError> {
    let config = configure(args)?;
    std::fs::create_dir_all(&config.out)
        .map_err(|e| ConfigError::Other(format!("--out {}: {e}", config.out.display())))?;
    let state = serde_json::json!({ "seed": config.seed });
    std::fs::write(config.out.join(STATE), format!("{state}\n"))
        .map_err(|e| ConfigError::Other(format!("--out {}: {e}", config.out.display())))?;
    let outcome = crate::grade::run(&config, err)?;
    let _ = summary(&outcome, &config, out);
    Ok(0)
}
