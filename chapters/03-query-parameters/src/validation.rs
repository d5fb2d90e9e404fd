//! FastAPI's answer to bad input: `422 {"detail": [ ... ]}`, one item per
//! problem, every problem at once.
//!
//! You built this in chapter 02 (`ErrorItem`, `ValidationErrors`,
//! `parse_int`); it is here, complete, so this chapter stands on its own.
//! (The `enum` error stays in chapter 02: nothing here needs it.) Your work in
//! this chapter: query parameters, and every error reported at once.

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

// TODO(ch03): FastAPI reports every bad parameter at once. Give
// `ValidationErrors` a way to record an error and carry on (say
// `take(Result<T, ErrorItem>) -> Option<T>`), so a handler parses all its
// parameters before it answers.
// Book: 03 · Query parameters › "Every error at once"

// TODO(ch03): add the query parsers, each returning `Result<_, ErrorItem>`
// with `loc` = ["query", name]: a required value (`missing`, msg
// "Field required", input null) and a way to parse a value only when present.
// Book: 03 · Query parameters › "Required parameters"

// TODO(ch03): add `parse_bool` for FastAPI's spellings (true/false, 1/0,
// yes/no, on/off, t/f, y/n, in any case); anything else is `bool_parsing`, msg
// "Input should be a valid boolean, unable to interpret input".
// Book: 03 · Query parameters › "Booleans the FastAPI way"
