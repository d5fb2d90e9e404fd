//! FastAPI's 422 answer, built by hand.
//!
//! The first half — the error shape, path and query values — is what you
//! built in chapters 02 and 03; it is here, complete, so this chapter stands
//! on its own. This chapter adds the second half: the request body.
//!
//! Every reader is a small function that returns `Result<T, ErrorItem>`. A
//! handler calls one per input, keeps the errors in a [`ValidationErrors`],
//! and answers 422 with all of them at once, as FastAPI does.

// The module is the course's toolkit: each chapter uses only part of it.
#![allow(dead_code)]

use axum::{
    Json,
    http::{HeaderMap, StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Map, Value, json};

// ANCHOR: error_item
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
// ANCHOR_END: error_item

// ANCHOR: errors
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
// ANCHOR_END: errors

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

// Chapter 04: the request body.

/// A number, or FastAPI's `float_parsing` error. Text is parsed, as
/// Pydantic does for query values and for strings inside a JSON body.
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

// ANCHOR: json_body
/// The body as FastAPI sees it before it validates anything:
///
/// - no bytes at all: `None` (the model then reports `missing`);
/// - a JSON content type (`application/json`, `application/*+json`): the
///   parsed value, or a `json_invalid` error when it is not JSON;
/// - any other content type, or none: the raw text, which is not an object,
///   so the model then reports `model_attributes_type`.
pub fn json_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Option<Value>, ErrorItem> {
    if bytes.is_empty() {
        return Ok(None);
    }
    if !is_json_content_type(headers) {
        return Ok(Some(Value::String(
            String::from_utf8_lossy(bytes).into_owned(),
        )));
    }
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(Some(value)),
        Err(err) => {
            // serde_json's message ends "at line 1 column 2": `loc` says where.
            let message = err.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            let offset = char_offset(bytes, err.line(), err.column());
            Err(ErrorItem::new(
                "json_invalid",
                vec![json!("body"), json!(offset)],
                "JSON decode error",
                json!({}),
            )
            .with_ctx(json!({ "error": message })))
        }
    }
}

/// `application/json`, with any parameters, or a `+json` subtype.
fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    match essence.to_ascii_lowercase().split_once('/') {
        Some((kind, subtype)) => {
            kind == "application" && (subtype == "json" || subtype.ends_with("+json"))
        }
        None => false,
    }
}
// ANCHOR_END: json_body

/// Where in the text the JSON went wrong, counted in characters as FastAPI
/// counts it. serde_json gives a line and a column (in bytes, from 1); the
/// exact number can differ from Python's by one, so clients (and the
/// checker) should treat it as a hint.
fn char_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = bytes
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    let end = (line_start + column.saturating_sub(1)).min(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).chars().count()
}

// ANCHOR: body_object
/// The fields of a JSON object body, read one by one so that every missing or
/// wrong field is found, each with its `loc` (`["body", name]`).
pub struct BodyObject<'a> {
    whole: &'a Value,
    fields: &'a Map<String, Value>,
}

impl<'a> BodyObject<'a> {
    /// The body must be there (`missing`) and be a JSON object
    /// (`model_attributes_type`).
    pub fn new(body: Option<&'a Value>) -> Result<Self, ErrorItem> {
        match body {
            None => Err(ErrorItem::new(
                "missing",
                vec![json!("body")],
                "Field required",
                Value::Null,
            )),
            Some(whole @ Value::Object(fields)) => Ok(BodyObject { whole, fields }),
            Some(other) => Err(ErrorItem::new(
                "model_attributes_type",
                vec![json!("body")],
                "Input should be a valid dictionary or object to extract fields from",
                other.clone(),
            )),
        }
    }

    /// A missing field's `input` is the whole body, as in FastAPI.
    fn missing(&self, name: &str) -> ErrorItem {
        ErrorItem::new(
            "missing",
            loc("body", name),
            "Field required",
            self.whole.clone(),
        )
    }

    /// A required string: `missing`, or `string_type` for any other JSON type.
    pub fn string(&self, name: &str) -> Result<String, ErrorItem> {
        match self.fields.get(name) {
            None => Err(self.missing(name)),
            Some(value) => as_string(name, value),
        }
    }

    /// An optional string: absent and `null` are both `None`.
    pub fn optional_string(&self, name: &str) -> Result<Option<String>, ErrorItem> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => as_string(name, value).map(Some),
        }
    }

    /// A required number: `missing`, `float_parsing` for text that is not a
    /// number, `float_type` for any other JSON type.
    pub fn float(&self, name: &str) -> Result<f64, ErrorItem> {
        match self.fields.get(name) {
            None => Err(self.missing(name)),
            Some(value) => as_float(name, value),
        }
    }

    /// An optional number: absent and `null` are both `None`.
    pub fn optional_float(&self, name: &str) -> Result<Option<f64>, ErrorItem> {
        match self.fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => as_float(name, value).map(Some),
        }
    }
}

fn as_string(name: &str, value: &Value) -> Result<String, ErrorItem> {
    match value {
        Value::String(text) => Ok(text.clone()),
        // Pydantic does not turn numbers into strings: 3 is not a name.
        other => Err(ErrorItem::new(
            "string_type",
            loc("body", name),
            "Input should be a valid string",
            other.clone(),
        )),
    }
}

fn as_float(name: &str, value: &Value) -> Result<f64, ErrorItem> {
    match value {
        Value::Number(number) => number.as_f64().ok_or_else(|| not_a_number(name, value)),
        // Pydantic parses numbers sent as text ("50.5"), so we do too.
        Value::String(text) => parse_float(loc("body", name), text),
        other => Err(not_a_number(name, other)),
    }
}

fn not_a_number(name: &str, value: &Value) -> ErrorItem {
    ErrorItem::new(
        "float_type",
        loc("body", name),
        "Input should be a valid number",
        value.clone(),
    )
}
// ANCHOR_END: body_object
