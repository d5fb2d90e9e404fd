//! `checker chapter N`: build (or connect to) one server, run the chapter's
//! checks, write the report.

use std::io::{IsTerminal, Write};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;

use super::{Color, ConfigError, check_id, find_chapter, seconds, use_color};
use crate::harness::http::{self, HttpError, Request};
use crate::harness::planted;
use crate::harness::run::{self, Planned, Target};
use crate::harness::server::{BuildOptions, Launch};
use crate::report::{Format, Report, RunError, Stage, write_reports};
use crate::suite::{Chapter, Given};
use crate::workbook;

#[derive(Args, Clone)]
pub struct ChapterArgs {
    /// The chapter: its number (1, 01) or its name (hello-world).
    pub chapter: String,

    /// Check the reference solution (solutions/NN-*) instead of your starter.
    #[arg(long, conflicts_with_all = ["path", "url", "command"])]
    pub solution: bool,

    /// Check the crate in DIR, or the starter of the workbook checkout in DIR.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["url", "command"])]
    pub path: Option<PathBuf>,

    /// Check a server that is already running, in any language (http only).
    #[arg(long, value_name = "URL", conflicts_with = "command")]
    pub url: Option<String>,

    /// Start this shell command as the server; it must listen on $PORT. It runs
    /// in a fresh temporary folder: give programs and files as absolute paths.
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,

    /// Report format: human (coloured on a terminal), json (schema:
    /// workbook-checker/1), junit (XML), gradescope (results.json), github
    /// (GitHub Classroom's grader result).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output (Gradescope:
    /// --format gradescope --output /autograder/results/results.json).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also run the instructor checks in FILE (JSON; see the instructor guide).
    #[arg(long, value_name = "FILE")]
    pub extra: Option<PathBuf>,

    /// Seed for the random inputs; a report prints the seed it used.
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<String>,

    /// Run only this check (02.3, or just 3); repeat for several.
    #[arg(long, value_name = "CHECK")]
    pub only: Vec<String>,

    /// Stop at the first failing check (the rest are reported as not run).
    #[arg(long)]
    pub fail_fast: bool,

    /// Colour in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Seconds each request may take.
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub timeout: f64,

    /// Seconds the server may take to accept connections once started.
    #[arg(long, value_name = "SECS", default_value_t = 15.0)]
    pub start_timeout: f64,

    #[command(flatten)]
    pub limits: super::grade::LimitArgs,
}

/// What to check, resolved from the arguments.
pub enum Subject {
    Crate {
        krate: workbook::Crate,
        label: String,
        /// `--path`: a submission, built under a name for its content
        /// ([`crate::fingerprint::build_tag`]), its workspace crates
        /// rebuilt when theirs differs, so a shared target folder never
        /// hands it another checkout's binary.
        content_tag: Option<(String, crate::fingerprint::PathDeps)>,
    },
    /// `--path` names no usable crate: reported as could-not-run, so a
    /// grader still gets a report in its format.
    Missing {
        label: String,
        message: String,
    },
    Command(String),
    Url {
        addr: SocketAddr,
        prefix: String,
        base: String,
    },
}

/// Everything one `chapter` run needs, decided before any work starts.
pub struct Config {
    pub chapter: Chapter,
    pub subject: Subject,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub extra: Vec<Planned>,
    pub seed: u64,
    pub only: Vec<String>,
    pub fail_fast: bool,
    pub color: bool,
    pub cargo_color: bool,
    pub timeout: Duration,
    pub start_timeout: Duration,
    /// Resource limits of the server (none unless asked for).
    pub limits: crate::grade::Limits,
    /// A full run of the learner's own starter: remember how it went.
    pub record_progress: bool,
}

pub fn configure(args: ChapterArgs) -> Result<Config, ConfigError> {
    let chapter = find_chapter(&args.chapter)?;
    let only = args
        .only
        .iter()
        .map(|id| check_id(&chapter, Some(id)).map(Option::unwrap_or_default))
        .collect::<Result<Vec<_>, _>>()?;
    let timeout = seconds("timeout", args.timeout)?;
    let start_timeout = seconds("start-timeout", args.start_timeout)?;
    let root = workbook::root();
    if chapter.needs.given.is_some() && (args.url.is_some() || args.command.is_some()) {
        return Err(ConfigError::Other(format!(
            "chapter {} grades your tests, which cargo runs: check the crate (no --url or --command)",
            chapter.number
        )));
    }
    let subject = if let Some(url) = &args.url {
        parse_url(url)?
    } else if let Some(command) = &args.command {
        Subject::Command(command.clone())
    } else if let Some(dir) = &args.path {
        match workbook::path_crate(dir, &chapter) {
            // A person at a terminal reads the message as an error; every
            // other format gets a could-not-run report, so a grader still
            // has a report to read.
            Err(message) if args.format == Format::Human && args.output.is_none() => {
                return Err(ConfigError::Other(message));
            }
            Err(message) => Subject::Missing {
                label: format!("crate in {}", dir.display()),
                message: crate::grade::missing_crate(&chapter, &message),
            },
            Ok(krate) => {
                if let Some(found) = chapter_of_package(&krate.package)
                    && found != chapter.number
                {
                    return Err(ConfigError::OtherChapter {
                        path: dir.clone(),
                        package: krate.package,
                        found,
                        asked: chapter.number,
                    });
                }
                let deps = crate::fingerprint::PathDeps::of(&krate.manifest);
                let content_tag = crate::fingerprint::build_tag_with(&krate.manifest, &deps)
                    .ok()
                    .map(|tag| (tag, deps));
                Subject::Crate {
                    krate,
                    label: format!("crate in {}", dir.display()),
                    content_tag,
                }
            }
        }
    } else {
        let krate = workbook::chapter_crate(&root, &chapter, args.solution)?;
        let folder = if args.solution { "solution" } else { "starter" };
        let label = format!(
            "{folder} {}s/{}",
            if args.solution { "solution" } else { "chapter" },
            chapter.dir_name()
        );
        Subject::Crate {
            krate,
            label,
            content_tag: None,
        }
    };
    let color = use_color(args.color, std::io::stdout().is_terminal());
    let cargo_color = use_color(args.color, std::io::stderr().is_terminal());
    let extra = match &args.extra {
        Some(path) => crate::extra::load_for(path, &chapter)?,
        None => Vec::new(),
    };
    let seed = super::seed(args.seed.as_deref())?;
    if let Some(path) = &args.output {
        writable(path)?;
    }
    Ok(Config {
        chapter,
        subject,
        format: args.format,
        output: args.output,
        extra,
        seed,
        only,
        fail_fast: args.fail_fast,
        color,
        cargo_color,
        timeout,
        start_timeout,
        limits: args.limits.or(crate::grade::Limits::NONE),
        record_progress: args.path.is_none()
            && args.url.is_none()
            && args.command.is_none()
            && !args.solution
            && args.only.is_empty(),
    })
}

/// `http://host:port[/prefix]` → the address to connect to.
fn parse_url(url: &str) -> Result<Subject, ConfigError> {
    let bad = |reason: String| ConfigError::BadUrl {
        url: url.to_string(),
        reason,
    };
    let rest = url.strip_prefix("http://").ok_or_else(|| {
        bad(if url.starts_with("https://") {
            "only http:// is supported (a local server needs no TLS)".to_string()
        } else {
            "expected http://HOST:PORT, like http://127.0.0.1:8000".to_string()
        })
    })?;
    let (authority, prefix) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    if authority.is_empty() || authority.starts_with(':') {
        return Err(bad(
            "no host after http://; expected http://HOST:PORT, like http://127.0.0.1:8000"
                .to_string(),
        ));
    }
    let with_port = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addr = with_port
        .to_socket_addrs()
        .map_err(|e| bad(format!("cannot resolve {authority}: {e}")))?
        .next()
        .ok_or_else(|| bad(format!("{authority} has no address")))?;
    Ok(Subject::Url {
        addr,
        prefix: prefix.to_string(),
        base: format!("http://{authority}{prefix}"),
    })
}

/// `ch02-path-parameters-solution` → chapter 2: the workbook's crate names.
/// A crate named otherwise (a learner's own) belongs to no chapter in
/// particular.
fn chapter_of_package(package: &str) -> Option<u8> {
    let digits = package.strip_prefix("ch")?.get(..2)?;
    let rest = &package[4..];
    (digits.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with('-'))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Makes sure the report can be written to `path` before anything runs, so a
/// typo does not cost a whole build and run.
fn writable(path: &Path) -> Result<(), ConfigError> {
    let error = |error| ConfigError::Output {
        path: path.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(error)?;
    }
    if path.is_dir() {
        return Err(error(std::io::Error::other("it is a folder")));
    }
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map(drop)
        .map_err(error)
}

pub fn run(config: Config, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let started = Instant::now();
    let human = config.format == Format::Human;
    let chapter = &config.chapter;
    let mut report = Report::new(chapter, String::new(), config.seed);

    if let Some(given) = &chapter.needs.given {
        grade_tests(&config, given, &mut report, err);
        return finish(config, report, started, out, err);
    }
    // Where the built binary is copied; removed when the run ends.
    let mut binary_folder = None;
    // Build, or connect: anything that fails here is "could not run".
    let target = match &config.subject {
        Subject::Missing { label, message } => {
            report.target = label.clone();
            Err(RunError {
                stage: Stage::Build,
                message: message.clone(),
                output: String::new(),
            })
        }
        Subject::Crate {
            krate,
            label,
            content_tag,
        } => {
            report.target = label.clone();
            report.curl_base = "http://127.0.0.1:8000".to_string();
            report.run_hint = Some(format!("PORT=8000 cargo run -p {}", krate.package));
            if human {
                let _ = writeln!(err, "building {} …", krate.package);
            }
            let options = BuildOptions {
                color: config.cargo_color,
                submission: content_tag.as_ref().map(|(tag, _)| tag.clone()),
                ..BuildOptions::default()
            };
            // The binary runs from a copy made while the target folder is
            // held, so a run sharing the folder cannot swap it before start.
            let deps = match content_tag {
                Some((_, deps)) => deps.clone(),
                None => crate::fingerprint::PathDeps::of(&krate.manifest),
            };
            match tempfile::Builder::new().prefix("workbook-bin-").tempdir() {
                Err(e) => Err(RunError {
                    stage: Stage::Build,
                    message: format!("no temporary folder for the binary: {e}"),
                    output: String::new(),
                }),
                Ok(folder) => {
                    crate::grade::remove_on_interrupt(folder.path());
                    let built = crate::grade::build_held(
                        krate,
                        &options,
                        &deps,
                        folder.path(),
                        &krate.bin,
                        err,
                    );
                    binary_folder = Some(folder);
                    built.map(|path| Some(config.limits.launch(&path)))
                }
            }
        }
        Subject::Command(line) => {
            report.target = format!("command {line}");
            report.curl_base = "http://127.0.0.1:8000".to_string();
            report.run_hint = Some(format!("PORT=8000 {line}"));
            Ok(Some(Launch::Shell(line.clone())))
        }
        Subject::Url { addr, base, prefix } => {
            report.target = format!("url {base}");
            report.curl_base = base.clone();
            // An already-running server: nothing to start, but it must answer.
            match reachable(*addr, base, &format!("{prefix}/"), config.timeout) {
                Ok(()) => Ok(None),
                Err(message) => Err(RunError {
                    stage: Stage::Connect,
                    message,
                    output: String::new(),
                }),
            }
        }
    };
    let planned = plan(&config);
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
                &chapter.needs,
                planned,
                &mut report,
                config.start_timeout,
                config.timeout,
                config.fail_fast,
            );
            crate::grade::explain(&config.limits, &mut report);
        }
        (Ok(None), Subject::Url { addr, prefix, .. }) => {
            let mut target = Target::url(*addr, prefix.clone(), report.curl_base.clone());
            report.checks =
                run::run_planned(planned, &mut target, config.timeout, config.fail_fast);
            report.tally();
        }
        (Ok(None), _) => unreachable!("only a URL has nothing to start"),
    }
    // The server has stopped: its binary's copy can go.
    drop(binary_folder);
    finish(config, report, started, out, err)
}

/// The checks to run: the chapter's (or those `--only` names), then the
/// instructor's.
fn plan(config: &Config) -> Vec<Planned> {
    let chapter = &config.chapter;
    let mut planned: Vec<Planned> = chapter
        .checks
        .iter()
        .filter(|c| config.only.is_empty() || config.only.iter().any(|id| id == c.id))
        .map(|c| run::plan(chapter, c, config.seed))
        .collect();
    planned.extend(config.extra.iter().cloned());
    planned
}

/// A chapter that grades the learner's tests (chapter 15): cargo runs them
/// against the given app and against planted bugs; no server starts.
fn grade_tests(config: &Config, given: &Given, report: &mut Report, err: &mut dyn Write) {
    let planned = plan(config);
    match &config.subject {
        Subject::Crate { krate, label, .. } => {
            report.target = label.clone();
            report.run_hint = Some(format!("cargo test -p {}", krate.package));
            match planted::run(krate, given, None, planned, config.fail_fast, err) {
                Ok(checks) => {
                    report.checks = checks;
                    report.tally();
                }
                Err((error, checks)) => report.could_not_run(error, checks),
            }
        }
        Subject::Missing { label, message } => {
            report.target = label.clone();
            let error = RunError {
                stage: Stage::Build,
                message: message.clone(),
                output: String::new(),
            };
            report.could_not_run(error, planned.into_iter().map(|p| p.result).collect());
        }
        Subject::Command(_) | Subject::Url { .. } => {
            unreachable!("configure refuses --url and --command for a chapter that grades tests")
        }
    }
}

/// Records the run's progress, writes its report, and gives its exit code.
fn finish(
    config: Config,
    mut report: Report,
    started: Instant,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
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

/// Whether a server answers HTTP at `addr`; if not, what happened, in words:
/// nothing listening is not the same as a running server that drops the
/// connection.
fn reachable(addr: SocketAddr, base: &str, path: &str, limit: Duration) -> Result<(), String> {
    match http::send(addr, &Request::new("GET", path), limit) {
        Ok(_) => Ok(()),
        Err(HttpError::Refused) => Err(format!(
            "nothing is listening at {base} (connection refused): is your server running? (and on that port?)"
        )),
        Err(HttpError::Timeout { received: 0, .. }) => Err(format!(
            "{base} accepted the connection but sent nothing back within {} s: is the server stuck?",
            limit.as_secs_f32()
        )),
        Err(err @ HttpError::Closed { received: 0, .. }) => Err(format!(
            "a server is running at {base}, but it dropped the connection without answering GET {path} ({err})"
        )),
        Err(HttpError::Io(err)) if err.kind() == std::io::ErrorKind::ConnectionReset => {
            Err(format!(
                "a server is running at {base}, but it reset the connection instead of answering GET {path}"
            ))
        }
        Err(err) => Err(format!(
            "a server is running at {base}, but GET {path} got no proper answer: {err}"
        )),
    }
}
