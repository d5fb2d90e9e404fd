//! Text to value, the way Pydantic parses path, query and header values,
//! with its error types and messages.

use serde_json::Value;

use crate::error::ErrorItem;

/// An integer, or FastAPI's `int_parsing` with the raw text as `input`.
/// A sign is allowed (`+5` is 5, `-3` is -3); spaces, decimals and
/// exponents are not.
///
/// ```
/// use fastapi_errors::{loc, parse_int};
///
/// assert_eq!(parse_int(loc("path", "item_id"), "+5"), Ok(5));
/// let error = parse_int(loc("path", "item_id"), "item1").unwrap_err();
/// assert_eq!(error.msg, "Input should be a valid integer, unable to parse string as an integer");
/// ```
pub fn parse_int(loc: Vec<Value>, raw: &str) -> Result<i64, ErrorItem> {
    raw.parse().map_err(|_| {
        ErrorItem::new(
            "int_parsing",
            loc,
            "Input should be a valid integer, unable to parse string as an integer",
            raw,
        )
    })
}

/// A number, or FastAPI's `float_parsing`.
///
/// ```
/// use fastapi_errors::{loc, parse_float};
///
/// assert_eq!(parse_float(loc("query", "size"), "2.5"), Ok(2.5));
/// assert_eq!(parse_float(loc("query", "size"), "twenty").unwrap_err().kind, "float_parsing");
/// ```
pub fn parse_float(loc: Vec<Value>, raw: &str) -> Result<f64, ErrorItem> {
    raw.parse().map_err(|_| {
        ErrorItem::new(
            "float_parsing",
            loc,
            "Input should be a valid number, unable to parse string as a number",
            raw,
        )
    })
}

/// A boolean in any spelling Pydantic accepts: `true`/`false`, `1`/`0`,
/// `yes`/`no`, `on`/`off`, `t`/`f`, `y`/`n`, in any case. Anything else,
/// even `" true"` or an empty value, is `bool_parsing`.
///
/// ```
/// use fastapi_errors::{loc, parse_bool};
///
/// assert_eq!(parse_bool(loc("query", "short"), "On"), Ok(true));
/// assert_eq!(parse_bool(loc("query", "short"), "n"), Ok(false));
/// assert_eq!(parse_bool(loc("query", "short"), "maybe").unwrap_err().kind, "bool_parsing");
/// ```
pub fn parse_bool(loc: Vec<Value>, raw: &str) -> Result<bool, ErrorItem> {
    match raw.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "t" | "y" => Ok(true),
        "0" | "false" | "no" | "off" | "f" | "n" => Ok(false),
        _ => Err(ErrorItem::new(
            "bool_parsing",
            loc,
            "Input should be a valid boolean, unable to interpret input",
            raw,
        )),
    }
}

/// A path, query or header value that the request did not carry: `missing`
/// with `input` `null` (there was nothing to quote).
pub fn missing(loc: Vec<Value>) -> ErrorItem {
    ErrorItem::missing(loc, Value::Null)
}

/// A value that must be present, or [`missing`]. An empty value
/// (`?needy=`) is present.
///
/// ```
/// use fastapi_errors::{loc, required};
///
/// let needy = String::from("sooo");
/// assert_eq!(required(loc("query", "needy"), Some(&needy)), Ok("sooo"));
/// assert_eq!(required(loc("query", "needy"), None).unwrap_err().kind, "missing");
/// ```
pub fn required(loc: Vec<Value>, value: Option<&String>) -> Result<&str, ErrorItem> {
    value.map(String::as_str).ok_or_else(|| missing(loc))
}

/// A value that may be absent: `None` when it is, otherwise `parse` decides
/// (`skip: int = 0` is `optional(..)` then `unwrap_or(0)`).
pub fn optional<T>(
    value: Option<&String>,
    parse: impl FnOnce(&str) -> Result<T, ErrorItem>,
) -> Result<Option<T>, ErrorItem> {
    value.map(|raw| parse(raw)).transpose()
}

/// FastAPI's `enum` error: `raw` is not one of `choices`. Pydantic lists the
/// choices as `'a', 'b' or 'c'`, in the message and in `ctx.expected`.
///
/// ```
/// use fastapi_errors::{loc, not_one_of};
///
/// let error = not_one_of(loc("path", "model_name"), "foo", &["alexnet", "resnet", "lenet"]);
/// assert_eq!(error.msg, "Input should be 'alexnet', 'resnet' or 'lenet'");
/// ```
pub fn not_one_of(loc: Vec<Value>, raw: &str, choices: &[&str]) -> ErrorItem {
    let quoted: Vec<String> = choices.iter().map(|c| format!("'{c}'")).collect();
    let expected = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    };
    ErrorItem::new("enum", loc, format!("Input should be {expected}"), raw)
        .with_ctx(serde_json::json!({ "expected": expected }))
}

/// A form field that should be a file (FastAPI's `UploadFile`) but came as
/// plain text: Pydantic's `value_error`, quoting the text. (A `bytes` file
/// parameter takes text as it is; only `UploadFile` refuses it.)
///
/// ```
/// use fastapi_errors::{loc, not_a_file};
///
/// let error = not_a_file(loc("body", "file"), "hello");
/// assert_eq!(error.msg, "Value error, Expected UploadFile, received: <class 'str'>");
/// assert_eq!(error.ctx, Some(serde_json::json!({"error": {}})));
/// ```
pub fn not_a_file(loc: Vec<Value>, text: &str) -> ErrorItem {
    ErrorItem::new(
        "value_error",
        loc,
        "Value error, Expected UploadFile, received: <class 'str'>",
        text,
    )
    .with_ctx(serde_json::json!({ "error": {} }))
}
