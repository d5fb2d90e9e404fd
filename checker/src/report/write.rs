//! Writing reports in the format asked for, to a file or standard output.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::Report;

/// `--format`: which report to write.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Junit,
    Gradescope,
    Github,
}

/// Writes `reports` in `format` to `path` (created with its folders) or `out`.
pub fn write_reports(
    reports: &[Report],
    format: Format,
    color: bool,
    path: Option<&Path>,
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
                super::human::write(report, color && path.is_none(), sink)?;
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
        Format::Junit => super::junit::write(reports, sink)?,
        Format::Gradescope => super::gradescope::write(reports, sink)?,
        Format::Github => super::github::write(reports, sink)?,
    }
    sink.flush()
}
