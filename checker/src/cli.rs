//! The command line: arguments are resolved into one [`Config`] before any
//! work starts, then the command runs and returns the exit code.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{self, Report, RunError};
use crate::run::{self, Target};
use crate::server::{Launch, Program, Server};
use crate::suite::{Chapter, Check};
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
    /// List the chapters and their checks.
    List,
    /// For maintainers: prove the suites against FastAPI itself (tests/oracle/run prepares it).
    #[command(
        after_help = "Usually run through tests/oracle/run, which installs pinned FastAPI\n\
        and uvicorn into a cache folder and passes --python and --fastapi-src."
    )]
    Oracle(OracleArgs),
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

    /// Start this shell command as the server; it must listen on $PORT.
    #[arg(long, value_name = "CMD")]
    command: Option<String>,

    /// Report format: human (coloured on a terminal) or json (schema: workbook-checker/1).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

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
enum Format {
    Human,
    Json,
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
    seed: u64,
    only: Vec<String>,
    color: bool,
    cargo_color: bool,
    timeout: Duration,
    start_timeout: Duration,
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
        Command::List => {
            let _ = list(out);
            0
        }
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

fn list(out: &mut dyn Write) -> std::io::Result<()> {
    let root = workbook::root();
    for chapter in suites::all() {
        writeln!(
            out,
            "{:02}  {:<28} {} checks   chapters/{}   book/src/{}",
            chapter.number,
            chapter.title,
            chapter.checks.len(),
            chapter.dir_name(),
            chapter.page()
        )?;
        for check in &chapter.checks {
            writeln!(out, "      {:<6}{}", check.id, check.title)?;
        }
    }
    writeln!(out, "\nworkbook: {}", root.display())?;
    writeln!(out, "run one:  cargo run -p checker -- chapter 1")
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
        .map(|id| {
            let id = if id.contains('.') {
                id.clone()
            } else {
                format!("{:02}.{id}", chapter.number)
            };
            match chapter.checks.iter().any(|c| c.id == id) {
                true => Ok(id),
                false => Err(format!(
                    "chapter {:02} has no check {id}; see `cargo run -p checker -- list`",
                    chapter.number
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (name, secs) in [
        ("timeout", args.timeout),
        ("start-timeout", args.start_timeout),
    ] {
        if !(secs.is_finite() && secs > 0.0 && secs <= 3600.0) {
            return Err(format!(
                "--{name} takes seconds between 0 and 3600, not {secs}"
            ));
        }
    }
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
    Ok(Config {
        chapter,
        subject,
        format: args.format,
        seed: args.seed.unwrap_or_else(seed::fresh_seed),
        only,
        color,
        cargo_color,
        timeout: Duration::from_secs_f64(args.timeout),
        start_timeout: Duration::from_secs_f64(args.start_timeout),
    })
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

    // Build and start, or connect: anything that fails here is "could not run".
    let mut server = None;
    let target = match &config.subject {
        Subject::Crate { krate, label } => {
            report.target = label.clone();
            report.curl_base = "http://127.0.0.1:8000".to_string();
            report.run_hint = Some(format!("PORT=8000 cargo run -p {}", krate.package));
            if human {
                let _ = writeln!(err, "building {} …", krate.package);
            }
            match crate::server::build(
                &krate.manifest,
                &krate.package,
                &krate.bin,
                config.cargo_color,
                err,
            ) {
                Ok(path) => Ok(Some(Launch::Program(Program {
                    path,
                    args: Vec::new(),
                }))),
                Err(e) => Err(RunError {
                    stage: "build",
                    message: e.message,
                    output: e.output,
                }),
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
    let launched = match target {
        Ok(None) => Ok(()),
        Ok(Some(launch)) => {
            if human {
                let _ = writeln!(err, "starting the server …");
            }
            match Server::start(&launch, &[], config.start_timeout) {
                Ok(s) => {
                    server = Some(s);
                    Ok(())
                }
                Err((e, output)) => Err(RunError::start(&e, &output)),
            }
        }
        Err(e) => Err(e),
    };

    if let Err(error) = launched {
        report.error = Some(error);
    } else {
        let checks: Vec<&Check> = chapter
            .checks
            .iter()
            .filter(|c| config.only.is_empty() || config.only.iter().any(|id| id == c.id))
            .collect();
        let (addr, prefix) = match (&config.subject, &server) {
            (Subject::Url { addr, prefix, .. }, _) => (*addr, prefix.clone()),
            (_, Some(server)) => (server.addr, String::new()),
            (_, None) => unreachable!("a started subject has a server"),
        };
        let mut target = Target {
            addr,
            prefix,
            curl_base: report.curl_base.clone(),
            server: server.as_mut(),
        };
        report.checks = run::run_checks(chapter, &checks, &mut target, config.seed, config.timeout);
        report.tally();
    }
    // Stop the server before writing the report, so its last words are in it.
    if let Some(mut server) = server.take() {
        server.stop();
        report.server_output = server.output.last_words(10);
    }
    report.duration_ms = started.elapsed().as_millis() as u64;

    let written = match config.format {
        Format::Human => report::human::write(&report, config.color, out),
        Format::Json => serde_json::to_writer_pretty(&mut *out, &report)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
    };
    if let Err(e) = written {
        let _ = writeln!(err, "error: could not write the report: {e}");
        return 2;
    }
    report.status.exit_code()
}
