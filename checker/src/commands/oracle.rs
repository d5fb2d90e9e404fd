//! `checker oracle`: prove the suites against FastAPI (for maintainers).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{Color, ConfigError, find_chapter, use_color};
use crate::{oracle, suites};

#[derive(Args)]
pub struct OracleArgs {
    /// Chapters to prove (numbers or names); all of them when none is given.
    pub chapters: Vec<String>,

    /// A Python that has fastapi and uvicorn installed.
    #[arg(long, value_name = "PYTHON")]
    pub python: PathBuf,

    /// FastAPI's unpacked source distribution (the folder holding docs_src/).
    #[arg(long, value_name = "DIR")]
    pub fastapi_src: PathBuf,

    /// Seed for the random inputs.
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<String>,

    /// Colour in the report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

pub fn configure(args: OracleArgs) -> Result<oracle::Config, ConfigError> {
    let chapters = if args.chapters.is_empty() {
        suites::all()
    } else {
        args.chapters
            .iter()
            .map(|name| find_chapter(name))
            .collect::<Result<_, _>>()?
    };
    if !args.python.is_file() {
        return Err(ConfigError::Other(format!(
            "--python {}: no such file; run tests/oracle/setup first",
            args.python.display()
        )));
    }
    if !args.fastapi_src.join("docs_src").is_dir() {
        return Err(ConfigError::Other(format!(
            "--fastapi-src {}: no docs_src/ inside; run tests/oracle/setup first",
            args.fastapi_src.display()
        )));
    }
    Ok(oracle::Config {
        chapters,
        python: args.python,
        fastapi_src: args.fastapi_src,
        seed: super::seed(args.seed.as_deref())?,
        color: use_color(args.color, std::io::stdout().is_terminal()),
        timeout: Duration::from_secs(5),
        start_timeout: Duration::from_secs(30),
    })
}
