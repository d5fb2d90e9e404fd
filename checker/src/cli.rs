//! The command line: arguments are resolved into one [`Config`] before any
//! work starts, then the command runs and returns the exit code.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{self, Report, RunError};
use crate::run::{self, Planned, Target};
use crate::server::{BuildOptions, Launch, Program};
use crate::suite::Chapter;
use crate::{oracle, seed, suites, workbook};

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
    Chapter(ChapterArgs),
    /// List the chapters, where you are in each, and your overall progress.
    List {
        /// Also list every check of every chapter.
        #[arg(long)]
        checks: bool,
    },
    /// Re-run a chapter's checks every time you save one of its files.
    Watch(WatchArgs),
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
        cargo run -p checker -- grade ~/class/submissions --chapter 1 --chapter 2 --out grades\n\n\
        Writes grades.csv (a row per student and chapter), checks.csv (how many passed each\n\
        check) and grades.json (every report) into --out. Builds share one target folder,\n\
        so the class compiles its dependencies once.")]
    Grade(GradeArgs),
    /// For maintainers: prove the suites against FastAPI itself (tests/oracle/run prepares it).
    #[command(
        after_help = "Usually run through tests/oracle/run, which installs pinned FastAPI\n\
        and uvicorn into a cache folder and passes --python and --fastapi-src."
    )]
    Oracle(OracleArgs),
}

#[derive(Args)]
struct GradeArgs {
    /// The folder of submissions: one sub-folder per student, each a checkout of the workbook.
    submissions: PathBuf,

    /// A chapter to grade (number or name); repeat for several.
    #[arg(long = "chapter", value_name = "CHAPTER", required = true)]
    chapters: Vec<String>,

    /// Also run the instructor checks in FILE (JSON; hidden in Gradescope output).
    #[arg(long, value_name = "FILE")]
    extra: Option<PathBuf>,

    /// Where to write grades.csv, checks.csv and grades.json.
    #[arg(long, value_name = "DIR", default_value = "grades")]
    out: PathBuf,

    /// Submissions checked at once (builds run one at a time regardless).
    #[arg(long, value_name = "N", default_value_t = 2)]
    jobs: usize,

    /// Seconds one submission's build may take.
    #[arg(long, value_name = "SECS", default_value_t = 600.0)]
    build_timeout: f64,

    /// Seconds a server may take to accept connections.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    start_timeout: f64,

    /// Seconds each request may take.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    timeout: f64,

    /// The shared target folder (default: target/grading in this workbook).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,

    /// Seed for the random inputs (the same for every student).
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Args)]
struct OracleArgs {
    /// Chapters to prove (numbers or names); all of them when none is given.
    chapters: Vec<String>,

    /// A Python that has fastapi and uvicorn installed.
    #[arg(long, value_name = "PYTHON")]
    python: PathBuf,

    /// FastAPI's unpacked source distribution (the folder holding docs_src/).
    #[arg(long, value_name = "DIR")]
    fastapi_src: PathBuf,

    /// Seed for the random inputs.
    #[arg(long)]
    seed: Option<u64>,

    /// Colour in the report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Args)]
struct WatchArgs {
    #[command(flatten)]
    chapter: ChapterArgs,
    /// Stop after this many runs (for tests and scripts).
    #[arg(long, hide = true)]
    runs: Option<u32>,
}

#[derive(Args, Clone)]
struct ChapterArgs {
    /// The chapter: its number (1, 01) or its name (hello-world).
    chapter: String,

    /// Check the reference solution (solutions/NN-*) instead of your starter.
    #[arg(long, conflicts_with_all = ["path", "url", "command"])]
    solution: bool,

    /// Check the crate in DIR, or the starter of the workbook checkout in DIR.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["url", "command"])]
    path: Option<PathBuf>,

    /// Check a server that is already running, in any language (http only).
    #[arg(long, value_name = "URL", conflicts_with = "command")]
    url: Option<String>,

    /// Start this shell command as the server; it must listen on $PORT. It runs
    /// in a fresh temporary folder: give programs and files as absolute paths.
    #[arg(long, value_name = "CMD")]
    command: Option<String>,

    /// Report format: human (coloured on a terminal), json (schema:
    /// workbook-checker/1), junit (XML), gradescope (results.json), github
    /// (GitHub Classroom's grader result).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Write the report to FILE instead of standard output (Gradescope:
    /// --format gradescope --output /autograder/results/results.json).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Also run the instructor checks in FILE (JSON; see the instructor guide).
    #[arg(long, value_name = "FILE")]
    extra: Option<PathBuf>,

    /// Seed for the random inputs; a report prints the seed it used.
    #[arg(long)]
    seed: Option<u64>,

    /// Run only this check (02.3, or just 3); repeat for several.
    #[arg(long, value_name = "CHECK")]
    only: Vec<String>,

    /// Colour in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Seconds each request may take.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    timeout: f64,

    /// Seconds the server may take to accept connections once started.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    start_timeout: f64,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
    Gradescope,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// What to check, resolved from the arguments.
enum Subject {
    Crate {
        krate: workbook::Crate,
        label: String,
    },
    Command(String),
    Url {
        addr: SocketAddr,
        prefix: String,
        base: String,
    },
}

/// Everything one `chapter` run needs, decided before any work starts.
struct Config {
    chapter: Chapter,
    subject: Subject,
    format: Format,
    output: Option<PathBuf>,
    extra: Vec<Planned>,
    seed: u64,
    only: Vec<String>,
    color: bool,
    cargo_color: bool,
    timeout: Duration,
    start_timeout: Duration,
    /// A full run of the learner's own starter: remember how it went.
    record_progress: bool,
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
    match cli.command {
        Command::List { checks } => {
            let _ = list(checks, out);
            0
        }
        Command::Watch(args) => watch(args, out, err),
        Command::Hint { chapter, check } => match find_chapter(&chapter)
            .and_then(|c| check_id(&c, check.as_deref()).map(|id| (c, id)))
        {
            Ok((chapter, id)) => {
                let _ = crate::learn::hint(&workbook::root(), &chapter, id.as_deref(), out);
                0
            }
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                2
            }
        },
        Command::Reset { chapter, yes } => {
            let reset = find_chapter(&chapter).and_then(|chapter| {
                let stdin = std::io::stdin();
                crate::learn::reset(&workbook::root(), &chapter, yes, &mut stdin.lock(), out)
            });
            match reset {
                Ok(_) => 0,
                Err(message) => {
                    let _ = writeln!(err, "error: {message}");
                    2
                }
            }
        }
        Command::Grade(args) => match configure_grade(args) {
            Ok(config) => match crate::grade::run(&config, err) {
                Ok(graded) => {
                    let _ = grade_summary(&graded, &config, out);
                    0
                }
                Err(message) => {
                    let _ = writeln!(err, "error: {message}");
                    2
                }
            },
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                2
            }
        },
        Command::Oracle(args) => match configure_oracle(args) {
            Ok(config) => oracle::run(&config, out),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                2
            }
        },
        Command::Chapter(args) => match configure(args) {
            Ok(config) => run_chapter(config, out, err),
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                2
            }
        },
    }
}

fn list(with_checks: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let root = workbook::root();
    let progress = crate::progress::Progress::load(&root);
    let chapters = suites::all();
    let mut passing = 0;
    let mut next = None;
    for chapter in &chapters {
        let state = progress.state(chapter.slug);
        let mark = match state {
            "passing" => "✓",
            "failing" => "✗",
            _ => "·",
        };
        if state == "passing" {
            passing += 1;
        } else if next.is_none() {
            next = Some(chapter.number);
        }
        writeln!(
            out,
            "{mark} {:02}  {:<28} {:<12} {:>2} checks   chapters/{}",
            chapter.number,
            chapter.title,
            state,
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

/// `3` or `02.3` → `Some("02.3")`, if the chapter has that check.
fn check_id(chapter: &Chapter, id: Option<&str>) -> Result<Option<String>, String> {
    let Some(id) = id else {
        return Ok(None);
    };
    let id = if id.contains('.') {
        id.to_string()
    } else {
        format!("{:02}.{id}", chapter.number)
    };
    if chapter.checks.iter().any(|c| c.id == id) {
        Ok(Some(id))
    } else {
        Err(format!(
            "chapter {:02} has no check {id}; see `cargo run -p checker -- list --checks`",
            chapter.number
        ))
    }
}

fn watch(args: WatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut runs = 0;
    loop {
        let config = match configure(args.chapter.clone()) {
            Ok(config) => config,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return 2;
            }
        };
        let Subject::Crate { krate, .. } = &config.subject else {
            let _ = writeln!(
                err,
                "error: watch checks a crate; it cannot watch --url or --command"
            );
            return 2;
        };
        let dir = krate
            .manifest
            .parent()
            .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
        if std::io::stdout().is_terminal() {
            // Clear the screen so each run starts at the top.
            let _ = write!(out, "\u{1b}[2J\u{1b}[H");
        }
        let code = run_chapter(config, out, err);
        runs += 1;
        if args.runs.is_some_and(|max| runs >= max) {
            return code;
        }
        let _ = writeln!(
            out,
            "\nwatching {} · save a file to run again · Ctrl-C to stop",
            dir.display()
        );
        let _ = out.flush();
        crate::learn::wait_for_change(&dir);
    }
}

fn find_chapter(name: &str) -> Result<Chapter, String> {
    let name = name.trim();
    let found = match name.parse::<u8>() {
        Ok(number) => suites::find(number),
        Err(_) => suites::all().into_iter().find(|c| c.slug == name),
    };
    found.ok_or_else(|| {
        let known: Vec<String> = suites::all()
            .iter()
            .map(|c| format!("{:02} {}", c.number, c.slug))
            .collect();
        format!(
            "there is no chapter {name:?}; the chapters are: {}",
            known.join(", ")
        )
    })
}

fn configure(args: ChapterArgs) -> Result<Config, String> {
    let chapter = find_chapter(&args.chapter)?;
    let only = args
        .only
        .iter()
        .map(|id| check_id(&chapter, Some(id)).map(Option::unwrap_or_default))
        .collect::<Result<Vec<_>, _>>()?;
    let timeout = seconds("timeout", args.timeout)?;
    let start_timeout = seconds("start-timeout", args.start_timeout)?;
    let root = workbook::root();
    let subject = if let Some(url) = &args.url {
        parse_url(url)?
    } else if let Some(command) = &args.command {
        Subject::Command(command.clone())
    } else if let Some(dir) = &args.path {
        Subject::Crate {
            krate: workbook::path_crate(dir, &chapter)?,
            label: format!("crate in {}", dir.display()),
        }
    } else {
        let krate = workbook::chapter_crate(&root, &chapter, args.solution)?;
        let folder = if args.solution { "solution" } else { "starter" };
        let label = format!(
            "{folder} {}s/{}",
            if args.solution { "solution" } else { "chapter" },
            chapter.dir_name()
        );
        Subject::Crate { krate, label }
    };
    let color = use_color(args.color, std::io::stdout().is_terminal());
    let cargo_color = use_color(args.color, std::io::stderr().is_terminal());
    let extra = match &args.extra {
        Some(path) => crate::extra::load(path)?,
        None => Vec::new(),
    };
    Ok(Config {
        chapter,
        subject,
        format: args.format,
        output: args.output,
        extra,
        seed: args.seed.unwrap_or_else(seed::fresh_seed),
        only,
        color,
        cargo_color,
        timeout,
        start_timeout,
        record_progress: args.path.is_none()
            && args.url.is_none()
            && args.command.is_none()
            && !args.solution
            && args.only.is_empty(),
    })
}

/// Writes `reports` in `format` to `path` (created with its folders) or `out`.
pub fn write_reports(
    reports: &[Report],
    format: Format,
    color: bool,
    path: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut file;
    let sink: &mut dyn Write = match path {
        Some(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            file = std::io::BufWriter::new(std::fs::File::create(path)?);
            &mut file
        }
        None => out,
    };
    match format {
        Format::Human => {
            for report in reports {
                report::human::write(report, color && path.is_none(), sink)?;
            }
        }
        Format::Json if reports.len() == 1 => {
            serde_json::to_writer_pretty(&mut *sink, &reports[0]).map_err(std::io::Error::other)?;
            writeln!(sink)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *sink, reports).map_err(std::io::Error::other)?;
            writeln!(sink)?;
        }
        Format::Junit => report::junit::write(reports, sink)?,
        Format::Gradescope => report::gradescope::write(reports, sink)?,
        Format::Github => report::github::write(reports, sink)?,
    }
    sink.flush()
}

fn seconds(name: &str, secs: f64) -> Result<Duration, String> {
    if secs.is_finite() && secs > 0.0 && secs <= 3600.0 {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(format!(
            "--{name} takes seconds between 0 and 3600, not {secs}"
        ))
    }
}

fn configure_grade(args: GradeArgs) -> Result<crate::grade::Config, String> {
    let chapters = args
        .chapters
        .iter()
        .map(|name| find_chapter(name))
        .collect::<Result<Vec<_>, _>>()?;
    if !args.submissions.is_dir() {
        return Err(format!("{}: no such folder", args.submissions.display()));
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
        seed: args.seed.unwrap_or_else(seed::fresh_seed),
        build_timeout: seconds("build-timeout", args.build_timeout)?,
        start_timeout: seconds("start-timeout", args.start_timeout)?,
        timeout: seconds("timeout", args.timeout)?,
        target_dir: args
            .target_dir
            .unwrap_or_else(|| workbook::root().join("target").join("grading")),
    })
}

/// The table printed after grading: a row per student, a column per chapter.
fn grade_summary(
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

fn configure_oracle(args: OracleArgs) -> Result<oracle::Config, String> {
    let chapters = if args.chapters.is_empty() {
        suites::all()
    } else {
        args.chapters
            .iter()
            .map(|name| find_chapter(name))
            .collect::<Result<_, _>>()?
    };
    if !args.python.is_file() {
        return Err(format!(
            "--python {}: no such file; run tests/oracle/setup first",
            args.python.display()
        ));
    }
    if !args.fastapi_src.join("docs_src").is_dir() {
        return Err(format!(
            "--fastapi-src {}: no docs_src/ inside; run tests/oracle/setup first",
            args.fastapi_src.display()
        ));
    }
    Ok(oracle::Config {
        chapters,
        python: args.python,
        fastapi_src: args.fastapi_src,
        seed: args.seed.unwrap_or_else(seed::fresh_seed),
        color: use_color(args.color, std::io::stdout().is_terminal()),
        timeout: Duration::from_secs(5),
        start_timeout: Duration::from_secs(30),
    })
}

/// Whether to colour output, given the `--color` choice and whether the
/// stream is a terminal. `NO_COLOR` turns `auto` off.
fn use_color(choice: Color, terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// `http://host:port[/prefix]` → the address to connect to.
fn parse_url(url: &str) -> Result<Subject, String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        if url.starts_with("https://") {
            format!("--url {url}: only http:// is supported (a local server needs no TLS)")
        } else {
            format!("--url {url}: expected http://HOST:PORT, like http://127.0.0.1:8000")
        }
    })?;
    let (authority, prefix) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    let with_port = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| format!("--url {url}: cannot resolve {authority}: {e}"))?
        .next()
        .ok_or_else(|| format!("--url {url}: {authority} has no address"))?;
    Ok(Subject::Url {
        addr,
        prefix: prefix.to_string(),
        base: format!("http://{authority}{prefix}"),
    })
}

fn run_chapter(config: Config, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let started = Instant::now();
    let human = config.format == Format::Human;
    let chapter = &config.chapter;
    let mut report = Report::new(chapter, String::new(), config.seed);

    // Build, or connect: anything that fails here is "could not run".
    let target = match &config.subject {
        Subject::Crate { krate, label } => {
            report.target = label.clone();
            report.curl_base = "http://127.0.0.1:8000".to_string();
            report.run_hint = Some(format!("PORT=8000 cargo run -p {}", krate.package));
            if human {
                let _ = writeln!(err, "building {} …", krate.package);
            }
            let options = BuildOptions {
                color: config.cargo_color,
                ..BuildOptions::default()
            };
            match crate::server::build(&krate.manifest, &krate.package, &krate.bin, &options, err) {
                Ok(path) => Ok(Some(Launch::Program(Program {
                    path,
                    args: Vec::new(),
                }))),
                Err(e) => Err(RunError::from(e)),
            }
        }
        Subject::Command(line) => {
            report.target = format!("command {line}");
            report.curl_base = "http://127.0.0.1:8000".to_string();
            report.run_hint = Some(format!("PORT=8000 {line}"));
            Ok(Some(Launch::Shell(line.clone())))
        }
        Subject::Url { addr, base, .. } => {
            report.target = format!("url {base}");
            report.curl_base = base.clone();
            // An already-running server: nothing to start, but it must answer.
            match TcpStream::connect_timeout(addr, config.timeout) {
                Ok(_) => Ok(None),
                Err(e) => Err(RunError {
                    stage: "connect",
                    message: format!("nothing answers at {base} ({e}): is your server running?"),
                    output: String::new(),
                }),
            }
        }
    };
    let mut planned: Vec<Planned> = chapter
        .checks
        .iter()
        .filter(|c| config.only.is_empty() || config.only.iter().any(|id| id == c.id))
        .map(|c| run::plan(chapter, c, config.seed))
        .collect();
    planned.extend(config.extra);
    match (target, &config.subject) {
        (Err(error), _) => {
            report.could_not_run(error, planned.into_iter().map(|p| p.result).collect());
        }
        (Ok(Some(launch)), _) => {
            if human {
                let _ = writeln!(err, "starting the server …");
            }
            run::start_and_run(
                &launch,
                planned,
                &mut report,
                config.start_timeout,
                config.timeout,
            );
        }
        (Ok(None), Subject::Url { addr, prefix, .. }) => {
            let mut target = Target {
                addr: *addr,
                prefix: prefix.clone(),
                curl_base: report.curl_base.clone(),
                server: None,
            };
            report.checks = run::run_planned(planned, &mut target, config.timeout);
            report.tally();
        }
        (Ok(None), _) => unreachable!("only a URL has nothing to start"),
    }
    report.duration_ms = started.elapsed().as_millis() as u64;
    let code = report.status.exit_code();
    if config.record_progress {
        let root = workbook::root();
        let mut progress = crate::progress::Progress::load(&root);
        progress.record(&report);
        progress.save(&root);
    }

    if let Err(e) = write_reports(
        &[report],
        config.format,
        config.color,
        config.output.as_deref(),
        out,
    ) {
        let _ = writeln!(err, "error: could not write the report: {e}");
        return 2;
    }
    code
}
