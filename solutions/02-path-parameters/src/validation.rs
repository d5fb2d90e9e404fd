//! FastAPI's answer to bad input: `422 {"detail": [ ... ]}`, one item per
//! problem. This module owns that shape, so every handler reports bad input
//! the same way.
//!
//! ```text
//! {"detail":[{"type":"int_parsing","loc":["path","item_id"],
//!             "msg":"Input should be a valid integer, unable to parse string as an integer",
//!             "input":"foo"}]}
//! ```

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

// ANCHOR: error_item
/// One entry of FastAPI's 422 `detail` list.
#[derive(Debug, Serialize)]
pub struct ErrorItem {
    /// What went wrong, as a machine-readable name: `int_parsing`, `enum`, ...
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Where: `["path", "item_id"]`.
    pub loc: Vec<Value>,
    /// The same, for humans.
    pub msg: String,
    /// The value the client sent: for a path parameter, the raw string.
    pub input: Value,
    /// Extra facts some kinds carry (the allowed values of an `enum`).
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

    /// Adds the `ctx` object some error types carry.
    pub fn with_ctx(mut self, ctx: Value) -> Self {
        self.ctx = Some(ctx);
        self
    }
}

/// Where a value came from: `["path", "item_id"]`.
pub fn loc(source: &str, name: &str) -> Vec<Value> {
    vec![json!(source), json!(name)]
}
// ANCHOR_END: error_item

// ANCHOR: errors
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
// ANCHOR_END: errors

// ANCHOR: parse_int
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
// ANCHOR_END: parse_int

// ANCHOR: enum_error
/// FastAPI's `enum` error: `raw` is not one of `choices`. Pydantic lists the
/// choices as `'a', 'b' or 'c'`, in the message and in `ctx.expected`.
pub fn not_one_of(loc: Vec<Value>, raw: &str, choices: &[&str]) -> ErrorItem {
    let quoted: Vec<String> = choices.iter().map(|c| format!("'{c}'")).collect();
    let expected = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    };
    ErrorItem::new("enum", loc, format!("Input should be {expected}"), raw)
        .with_ctx(json!({ "expected": expected }))
}
// ANCHOR_END: enum_error
