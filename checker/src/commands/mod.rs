//! One module per command: each resolves its arguments into one config value
//! before any work starts, does the work, and returns the exit code
//! (0 passed, 1 some check failed, 2 could not run).
//!
//! Dependencies flow one way: `cli` → `commands` → {`harness`, `suites`,
//! `report`} → the contract (`suite`, `expect`).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use clap::ValueEnum;

use crate::suite::Chapter;
use crate::suites;

pub mod chapter;
pub mod grade;
pub mod learn;
pub mod list;
pub mod oracle;
pub mod watch;

/// Why a command could not start. Every variant names the argument at fault
/// and says what would be right; the exit code is 2.
#[derive(Debug)]
pub enum ConfigError {
    UnknownChapter {
        name: String,
        known: Vec<String>,
    },
    UnknownCheck {
        chapter: u8,
        id: String,
    },
    BadSeconds {
        flag: &'static str,
        value: f64,
    },
    BadSeed(String),
    BadUrl {
        url: String,
        reason: String,
    },
    /// `--path` holds another chapter's crate.
    OtherChapter {
        path: PathBuf,
        package: String,
        found: u8,
        asked: u8,
    },
    /// `--output` cannot be written; said before the run, not after.
    Output {
        path: PathBuf,
        error: std::io::Error,
    },
    /// `watch` needs a crate to watch.
    NothingToWatch,
    /// A message from the module that found the problem (a missing crate,
    /// an unreadable checks file, ...).
    Other(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownChapter { name, known } => write!(
                f,
                "there is no chapter {name:?}; the chapters are: {}",
                known.join(", ")
            ),
            ConfigError::UnknownCheck { chapter, id } => write!(
                f,
                "chapter {chapter:02} has no check {id}; see `cargo run -p checker -- list --checks`"
            ),
            ConfigError::BadSeconds { flag, value } => {
                write!(f, "--{flag} takes seconds between 0 and 3600, not {value}")
            }
            ConfigError::BadSeed(seed) => write!(
                f,
                "--seed takes a whole number from 0 to {}, not {seed:?}; a report prints the seed it used",
                u64::MAX
            ),
            ConfigError::BadUrl { url, reason } => write!(f, "--url {url}: {reason}"),
            ConfigError::OtherChapter {
                path,
                package,
                found,
                asked,
            } => write!(
                f,
                "--path {}: that is chapter {found:02}'s crate ({package}), not chapter {asked:02}'s; \
                 run `cargo run -p checker -- chapter {found} --path {}`, or point --path at chapter {asked:02}'s crate",
                path.display(),
                path.display()
            ),
            ConfigError::Output { path, error } => write!(
                f,
                "--output {}: cannot write the report there ({error}); nothing was run",
                path.display()
            ),
            ConfigError::NothingToWatch => {
                write!(
                    f,
                    "watch checks a crate; it cannot watch --url or --command"
                )
            }
            ConfigError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<String> for ConfigError {
    fn from(message: String) -> Self {
        ConfigError::Other(message)
    }
}

/// A chapter by number (`1`, `01`) or name (`hello-world`).
pub fn find_chapter(name: &str) -> Result<Chapter, ConfigError> {
    let name = name.trim();
    let found = match name.parse::<u8>() {
        Ok(number) => suites::find(number),
        Err(_) => suites::all().into_iter().find(|c| c.slug == name),
    };
    found.ok_or_else(|| ConfigError::UnknownChapter {
        name: name.to_string(),
        known: suites::all()
            .iter()
            .map(|c| format!("{:02} {}", c.number, c.slug))
            .collect(),
    })
}

/// `3` or `02.3` → `Some("02.3")`, if the chapter has that check.
pub fn check_id(chapter: &Chapter, id: Option<&str>) -> Result<Option<String>, ConfigError> {
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
        Err(ConfigError::UnknownCheck {
            chapter: chapter.number,
            id,
        })
    }
}

/// A time limit given in seconds on the command line.
pub fn seconds(flag: &'static str, value: f64) -> Result<Duration, ConfigError> {
    if value.is_finite() && value > 0.0 && value <= 3600.0 {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(ConfigError::BadSeconds { flag, value })
    }
}

/// `--seed`: given, or fresh.
pub fn seed(given: Option<&str>) -> Result<u64, ConfigError> {
    match given {
        None => Ok(crate::seed::fresh_seed()),
        Some(text) => text
            .trim()
            .parse()
            .map_err(|_| ConfigError::BadSeed(text.to_string())),
    }
}

/// Whether to colour output, given the `--color` choice and whether the
/// stream is a terminal. `NO_COLOR` turns `auto` off.
pub fn use_color(choice: Color, terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// `--color`: colour in the human report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}
