//! The command line: which command, with which arguments. Each command's
//! arguments, configuration and work live in [`crate::commands`].

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};

use crate::commands::{ConfigError, chapter, grade, learn, list, oracle, watch};

#[derive(Parser)]
#[command(
    name = "checker",
    version,
    about = "Checks your chapter's server against the workbook's contract: FastAPI's own behaviour.",
    after_help = "Start here:\n  cargo run -p checker -- list\n  cargo run -p checker -- chapter 1\n\n\
                  Exit codes: 0 every check passed, 1 some check failed, 2 could not run\n\
                  (bad arguments, the build failed, the server did not start)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build your chapter's crate, start it, and run the chapter's checks.
    #[command(after_help = "Examples:\n  \
        cargo run -p checker -- chapter 1                         your starter, chapters/01-*\n  \
        cargo run -p checker -- chapter 1 --solution              the reference solution\n  \
        cargo run -p checker -- chapter 1 --url http://127.0.0.1:8000   a server you started\n  \
        cargo run -p checker -- chapter 1 --command 'uvicorn main:app --port $PORT'\n  \
        cargo run -p checker -- chapter 2 --only 02.3 --seed 41817      one check, same inputs")]
    Chapter(chapter::ChapterArgs),
    /// List the chapters, where you are in each, and your overall progress.
    List {
        /// Also list every check of every chapter.
        #[arg(long)]
        checks: bool,
    },
    /// Re-run a chapter's checks every time you save one of its files.
    Watch(watch::WatchArgs),
    /// Show the next hint for a chapter, or for one of its checks.
    #[command(
        after_help = "Each call shows one more hint (and the ones before it):\n  \
        cargo run -p checker -- hint 2          the chapter's hints\n  \
        cargo run -p checker -- hint 2 02.3     one check's hint first"
    )]
    Hint {
        /// The chapter: number or name.
        chapter: String,
        /// One check (02.3, or just 3).
        check: Option<String>,
    },
    /// Put a chapter's starter back as the workbook ships it (your files are backed up first).
    Reset {
        /// The chapter: number or name.
        chapter: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// For instructors: grade every submission in a folder (one workbook checkout per student).
    #[command(after_help = "Example:\n  \
        cargo run -p checker -- grade ~/class/submissions --chapter 1 --chapter 2 --out grades\n  \
        cargo run -p checker -- grade ~/class/submissions --chapter 1 --student ada   re-grade one\n\n\
        Writes into --out: gradebook.csv (a row per student: total, commit, submission time,\n\
        time taken, similarity flags), grades.csv (a row per student and chapter, with the\n\
        reason for lost points), checks.csv (how many passed each check), similar.csv,\n\
        grades.json (every report), feedback/NAME.txt (for each student) and\n\
        students/NAME/chNN.json (each result, as soon as it is ready). A re-run grades only\n\
        what changed (by content, never file times) and resumes an interrupted run.\n\
        Builds share one target folder, so the class compiles its dependencies once.\n\
        Instructor checks (--extra) and the Gradescope and GitHub Classroom set-ups in\n\
        graders/ are described in the book's Instructor guide (book/src/instructors.md).")]
    Grade(grade::GradeArgs),
    /// For maintainers: prove the suites against FastAPI itself (tests/oracle/run prepares it).
    #[command(
        after_help = "Usually run through tests/oracle/run, which installs pinned FastAPI\n\
        and uvicorn into a cache folder and passes --python and --fastapi-src."
    )]
    Oracle(oracle::OracleArgs),
}

/// The checker as a program: the process's arguments, standard streams and
/// exit code. Ctrl-C or SIGTERM while a server runs stops its whole process
/// group and removes its working directory before exiting (130); if the
/// checker is killed outright, each server's watchdog does the same.
pub fn main() -> std::process::ExitCode {
    let _ = ctrlc::set_handler(|| {
        crate::harness::server::kill_all();
        crate::grade::remove_temporary();
        std::process::exit(130);
    });
    let code = run(
        std::env::args_os().collect(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    );
    std::process::ExitCode::from(code)
}

/// Runs the checker with `args` (the first is the program name); returns the
/// exit code. Reports go to `out`; cargo's progress and errors go to `err`.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let to_out = !e.use_stderr();
            let text = e.render().to_string();
            let _ = if to_out {
                out.write_all(text.as_bytes())
            } else {
                err.write_all(text.as_bytes())
            };
            return if to_out { 0 } else { 2 };
        }
    };
    let result = match cli.command {
        Command::List { checks } => {
            let _ = list::run(checks, out);
            Ok(0)
        }
        Command::Watch(args) => watch::run(args, out, err),
        Command::Hint { chapter, check } => learn::hint(&chapter, check.as_deref(), out),
        Command::Reset { chapter, yes } => learn::reset(&chapter, yes, out),
        Command::Grade(args) => grade::run(args, out, err),
        Command::Oracle(args) => {
            oracle::configure(args).map(|config| crate::oracle::run(&config, out))
        }
        Command::Chapter(args) => {
            chapter::configure(args).map(|config| chapter::run(config, out, err))
        }
    };
    result.unwrap_or_else(|error: ConfigError| {
        let _ = writeln!(err, "error: {error}");
        2
    })
}
