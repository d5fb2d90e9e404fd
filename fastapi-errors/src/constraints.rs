//! Constraints, checked on a value that already parsed: FastAPI's
//! `min_length`, `max_length`, `pattern`, `ge`, `gt`, `le`, `lt`.
//!
//! Each check returns its own error; Pydantic reports only the first broken
//! constraint of a value, so chain them with `?`:
//!
//! ```
//! use fastapi_errors::{ErrorItem, loc, max_length, min_length};
//!
//! fn title(raw: &str) -> Result<&str, ErrorItem> {
//!     min_length(loc("query", "title"), raw, 3)?;
//!     max_length(loc("query", "title"), raw, 20)?;
//!     Ok(raw)
//! }
//! assert_eq!(title("no").unwrap_err().kind, "string_too_short");
//! assert_eq!(title("Dune"), Ok("Dune"));
//! ```

use std::fmt::Display;

use regex::Regex;
use serde_json::{Value, json};

use crate::error::ErrorItem;

// ANCHOR: strings
/// `min_length`. Lengths count characters, as Python does: "éé" is 2 long,
/// though it takes 4 bytes.
pub fn min_length(loc: Vec<Value>, value: &str, min: usize) -> Result<(), ErrorItem> {
    if value.chars().count() >= min {
        return Ok(());
    }
    let msg = format!("String should have at least {}", characters(min));
    Err(ErrorItem::new("string_too_short", loc, msg, value).with_ctx(json!({ "min_length": min })))
}

/// `max_length`, in characters too.
pub fn max_length(loc: Vec<Value>, value: &str, max: usize) -> Result<(), ErrorItem> {
    if value.chars().count() <= max {
        return Ok(());
    }
    let msg = format!("String should have at most {}", characters(max));
    Err(ErrorItem::new("string_too_long", loc, msg, value).with_ctx(json!({ "max_length": max })))
}

/// Pydantic's wording: "1 character", "3 characters".
fn characters(n: usize) -> String {
    if n == 1 {
        "1 character".to_string()
    } else {
        format!("{n} characters")
    }
}

/// `pattern`: a regex *search*, so anchor it (`^...$`) to match the whole value.
///
/// ```
/// use fastapi_errors::{loc, pattern};
/// use regex::Regex;
///
/// let code = Regex::new("^[A-Z]{3}$").unwrap();
/// assert!(pattern(loc("query", "code"), "EUR", &code).is_ok());
/// let error = pattern(loc("query", "code"), "euro", &code).unwrap_err();
/// assert_eq!(error.msg, "String should match pattern '^[A-Z]{3}$'");
/// ```
pub fn pattern(loc: Vec<Value>, value: &str, regex: &Regex) -> Result<(), ErrorItem> {
    if regex.is_match(value) {
        return Ok(());
    }
    let msg = format!("String should match pattern '{}'", regex.as_str());
    Err(ErrorItem::new("string_pattern_mismatch", loc, msg, value)
        .with_ctx(json!({ "pattern": regex.as_str() })))
}
// ANCHOR_END: strings

// ANCHOR: bounds
/// A numeric constraint, named as FastAPI's `Path(...)` and `Query(...)` name
/// them: `ge=0` is `Bound::Ge(0)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound<T> {
    Ge(T),
    Gt(T),
    Le(T),
    Lt(T),
}

/// Checks `value` (parsed from `raw`) against `bound`. The error's `input` is
/// the raw text, as for every path and query value.
///
/// ```
/// use fastapi_errors::{Bound, bound, loc};
///
/// assert!(bound(loc("path", "page"), "1", 1, Bound::Ge(1)).is_ok());
/// let error = bound(loc("path", "page"), "0", 0, Bound::Ge(1)).unwrap_err();
/// assert_eq!(error.msg, "Input should be greater than or equal to 1");
/// ```
pub fn bound<T>(loc: Vec<Value>, raw: &str, value: T, bound: Bound<T>) -> Result<(), ErrorItem>
where
    T: PartialOrd + Display + Into<Value> + Copy,
{
    let (holds, kind, words, key, limit) = match bound {
        Bound::Ge(limit) => (
            value >= limit,
            "greater_than_equal",
            "greater than or equal to",
            "ge",
            limit,
        ),
        Bound::Gt(limit) => (value > limit, "greater_than", "greater than", "gt", limit),
        Bound::Le(limit) => (
            value <= limit,
            "less_than_equal",
            "less than or equal to",
            "le",
            limit,
        ),
        Bound::Lt(limit) => (value < limit, "less_than", "less than", "lt", limit),
    };
    if holds {
        return Ok(());
    }
    let msg = format!("Input should be {words} {limit}");
    let limit: Value = limit.into();
    Err(ErrorItem::new(kind, loc, msg, raw).with_ctx(json!({ key: limit })))
}
// ANCHOR_END: bounds
