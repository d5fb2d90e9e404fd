//! `checker hint N [CHECK]` and `checker reset N`: the learner's helpers.

use std::io::Write;

use super::{ConfigError, check_id, find_chapter};
use crate::workbook;

/// Shows one more hint for a chapter, or for one of its checks.
pub fn hint(chapter: &str, check: Option<&str>, out: &mut dyn Write) -> Result<u8, ConfigError> {
    let chapter = find_chapter(chapter)?;
    let id = check_id(&chapter, check)?;
    let _ = crate::learn::hint(&workbook::root(), &chapter, id.as_deref(), out);
    Ok(0)
}

/// Puts a chapter's starter back, after asking (unless `yes`).
pub fn reset(chapter: &str, yes: bool, out: &mut dyn Write) -> Result<u8, ConfigError> {
    let chapter = find_chapter(chapter)?;
    let stdin = std::io::stdin();
    crate::learn::reset(&workbook::root(), &chapter, yes, &mut stdin.lock(), out)?;
    Ok(0)
}
