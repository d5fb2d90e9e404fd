//! FastAPI's 422 answer, built by hand.
//!
//! You built this in chapters 02 and 03 (the error shape, path and query
//! values); it is here, complete, so this chapter stands on its own.
//!
//! Every reader is a small function that returns `Result<T, ErrorItem>`. A
//! handler calls one per input, keeps the errors in a [`ValidationErrors`],
//! and answers 422 with all of them at once, as FastAPI does.

// The module is the course's toolkit: each chapter uses only part of it.
#![allow(dead_code)]

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
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub loc: Vec<Value>,
    pub msg: String,
    pub input: Value,
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

/// Where a value came from: `["path", "item_id"]`, `["body", "price"]`.
pub fn loc(source: &str, name: &str) -> Vec<Value> {
    vec![json!(source), json!(name)]
}

/// Every problem found in one request; answers 422 `{"detail": [...]}`.
#[derive(Debug, Default)]
pub struct ValidationErrors(pub Vec<ErrorItem>);

impl ValidationErrors {
    /// The value if `result` is Ok; otherwise keeps the error and gives
    /// `None`, so the handler goes on and finds the next problem too.
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

// Chapter 02: path values arrive as text and are parsed here.

/// An integer, or FastAPI's `int_parsing` error.
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

// Chapter 03: query values may be absent, and booleans have many spellings.

/// A value that must be present, or FastAPI's `missing` error.
pub fn required(loc: Vec<Value>, value: Option<&String>) -> Result<&str, ErrorItem> {
    value
        .map(String::as_str)
        .ok_or_else(|| ErrorItem::new("missing", loc, "Field required", Value::Null))
}

/// A boolean in any spelling Pydantic accepts, or `bool_parsing`.
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

// TODO(ch04): the request body. Add readers that turn the body's bytes into
// FastAPI's errors: `missing` (no body, or a field absent — its `input` is the
// whole body), `model_attributes_type` (not a JSON object), `json_invalid`
// (not JSON), `string_type`, `float_parsing` and `float_type`.
// Book: 04 · Request body › "Reading the body yourself"
