//! FastAPI's answer to bad input: `422 {"detail": [ ... ]}`, one item per
//! problem.
//!
//! You built this in chapters 02–05; it is here, trimmed to what this chapter
//! uses, so the chapter stands on its own. New in this chapter: errors whose
//! `loc` starts with `"header"`.

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
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub loc: Vec<Value>,
    pub msg: String,
    pub input: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

/// Every problem found in one request; answers 422 `{"detail": [...]}`.
#[derive(Debug, Default)]
pub struct ValidationErrors(pub Vec<ErrorItem>);

/// The body of a 422, keys in FastAPI's order.
#[derive(Serialize)]
struct DetailList {
    detail: Vec<ErrorItem>,
}

impl IntoResponse for ValidationErrors {
    fn into_response(self) -> Response {
        let body = DetailList { detail: self.0 };
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    }
}

/// One error is a list of one: lets an extractor write `parse(...)?`.
impl From<ErrorItem> for ValidationErrors {
    fn from(item: ErrorItem) -> Self {
        ValidationErrors(vec![item])
    }
}

/// Where a value came from: `["query", "skip"]`, `["header", "x-token"]`.
pub fn loc(source: &str, name: &str) -> Vec<Value> {
    vec![json!(source), json!(name)]
}

/// A required value the request did not carry.
pub fn missing(loc: Vec<Value>) -> ErrorItem {
    ErrorItem {
        kind: "missing",
        loc,
        msg: "Field required".into(),
        input: Value::Null,
        ctx: None,
    }
}

/// Parses a whole number, or reports it the way FastAPI does.
pub fn parse_int(loc: Vec<Value>, raw: &str) -> Result<i64, ErrorItem> {
    raw.parse().map_err(|_| ErrorItem {
        kind: "int_parsing",
        loc,
        msg: "Input should be a valid integer, unable to parse string as an integer".into(),
        input: json!(raw),
        ctx: None,
    })
}

/// The query string as name → value. Decoding is lossy (bad UTF-8 becomes
/// U+FFFD), so reading into strings cannot fail; an absent query is empty.
pub fn query_map(uri: &axum::http::Uri) -> HashMap<String, String> {
    axum::extract::Query::try_from_uri(uri)
        .map(|axum::extract::Query(map)| map)
        .unwrap_or_default()
}
