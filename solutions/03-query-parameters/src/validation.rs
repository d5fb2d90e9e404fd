//! FastAPI's answer to bad input: `422 {"detail": [ ... ]}`, one item per
//! problem, every problem at once.
//!
//! The first half (`ErrorItem`, `ValidationErrors`, `parse_int`) is what you
//! built in chapter 02; it is here, complete, so this chapter stands on its
//! own. (The `enum` error stays in chapter 02: nothing here needs it.)

use std::collections::HashMap;

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

/// One entry of FastAPI's 422 `detail` list.
#[derive(Debug, Serialize)]
pub struct ErrorItem {
    /// What went wrong, as a machine-readable name: `int_parsing`, `missing`, ...
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Where: `["path", "item_id"]`, `["query", "skip"]`.
    pub loc: Vec<Value>,
    /// The same, for humans.
    pub msg: String,
    /// The value the client sent: the raw string, or `null` when there was none.
    pub input: Value,
    /// Extra facts some kinds carry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

impl ErrorItem {
    pub fn new(
        kind: &'static str,
        loc: Vec<Value>,
        msg: impl Into<String>,
        input: impl Into<Value>,
    ) -> Self {
        ErrorItem {
            kind,
            loc,
            msg: msg.into(),
            input: input.into(),
            ctx: None,
        }
    }
}

/// Where a value came from: `["path", "item_id"]`, `["query", "skip"]`.
pub fn loc(source: &str, name: &str) -> Vec<Value> {
    vec![json!(source), json!(name)]
}

/// Every problem found in one request; answers 422 `{"detail": [...]}`.
#[derive(Debug, Default)]
pub struct ValidationErrors(pub Vec<ErrorItem>);

/// One error is a complete answer too, so `?` works on `Result<T, ErrorItem>`.
impl From<ErrorItem> for ValidationErrors {
    fn from(error: ErrorItem) -> Self {
        ValidationErrors(vec![error])
    }
}

impl IntoResponse for ValidationErrors {
    fn into_response(self) -> Response {
        let body = json!({ "detail": self.0 });
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    }
}

/// An integer, or FastAPI's `int_parsing` error with the raw text as `input`.
/// ("Parse, don't validate": the caller gets an `i64` or an error ready to
/// send, never a string to check again later.)
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

// ANCHOR: take
impl ValidationErrors {
    /// The value if `result` is Ok; otherwise keeps the error and gives
    /// `None`, so the handler goes on and finds the next problem too. Call it
    /// once per parameter, in the order the route declares them, and the list
    /// comes out in FastAPI's order.
    pub fn take<T>(&mut self, result: Result<T, ErrorItem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }
}
// ANCHOR_END: take

// ANCHOR: query
/// The query string as raw text, name → value, already percent-decoded
/// (`a+b%26c` is `a b&c`). Extracting it cannot fail on a bad value, so
/// every value reaches the parsers here. A repeated name keeps its last
/// value, as in FastAPI.
pub type QueryMap = HashMap<String, String>;

/// A value that must be present, or FastAPI's `missing` error (whose `input`
/// is `null`: there was nothing to quote). An empty value, `?needy=`, is
/// present.
pub fn required(loc: Vec<Value>, value: Option<&String>) -> Result<&str, ErrorItem> {
    value
        .map(String::as_str)
        .ok_or_else(|| ErrorItem::new("missing", loc, "Field required", Value::Null))
}

/// A value that may be absent: `None` when it is, otherwise `parse` decides
/// (`skip: int = 0` is `optional(..)` then `unwrap_or(0)`). `transpose` turns
/// the `Option<Result<T, E>>` of `map` into the `Result<Option<T>, E>` wanted.
pub fn optional<T>(
    value: Option<&String>,
    parse: impl FnOnce(&str) -> Result<T, ErrorItem>,
) -> Result<Option<T>, ErrorItem> {
    value.map(|raw| parse(raw)).transpose()
}
// ANCHOR_END: query

// ANCHOR: parse_bool
/// A boolean in any spelling Pydantic accepts: `true`/`false`, `1`/`0`,
/// `yes`/`no`, `on`/`off`, `t`/`f`, `y`/`n`, in any case. Anything else,
/// even `" true"` or an empty value, is `bool_parsing`.
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
// ANCHOR_END: parse_bool
