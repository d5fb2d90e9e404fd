//! `checker watch N`: run a chapter's checks again on every save.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use super::ConfigError;
use super::chapter::{self, ChapterArgs, Subject};

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub chapter: ChapterArgs,
    /// Stop after this many runs (for tests and scripts).
    #[arg(long, hide = true)]
    pub runs: Option<u32>,
}

pub fn run(args: WatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, ConfigError> {
    let mut runs = 0;
    loop {
        let config = chapter::configure(args.chapter.clone())?;
        let Subject::Crate { krate, .. } = &config.subject else {
            return Err(ConfigError::NothingToWatch);
        };
        let dir = krate
            .manifest
            .parent()
            .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf);
        if std::io::stdout().is_terminal() {
            // Clear the screen so each run starts at the top.
            let _ = write!(out, "\u{1b}[2J\u{1b}[H");
        }
        let code = chapter::run(config, out, err);
        runs += 1;
        if args.runs.is_some_and(|max| runs >= max) {
            return Ok(code);
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
