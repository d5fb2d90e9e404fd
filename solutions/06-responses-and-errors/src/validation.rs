//! FastAPI's 422 answer for bad input: `{"detail": [{"type", "loc", "msg",
//! "input"}, ...]}`, every problem at once.
//!
//! You built this machinery in chapters 02–05; a compact copy (only the body
//! and query cases this chapter meets) is here so this chapter stands on its
//! own. Each field is parsed by a small function that returns
//! `Result<T, ErrorItem>`, and a caller collects the errors.

use axum::{
    Json,
    body::Bytes,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Map, Value, json};

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
    /// A required value that is not there.
    pub fn missing(loc: Vec<Value>, input: Value) -> Self {
        ErrorItem {
            kind: "missing",
            loc,
            msg: "Field required".to_string(),
            input,
            ctx: None,
        }
    }
}

/// Every problem found in one request; answers 422 `{"detail": [...]}`.
#[derive(Debug, Default)]
pub struct ValidationErrors(pub Vec<ErrorItem>);

impl IntoResponse for ValidationErrors {
    fn into_response(self) -> Response {
        let body = json!({ "detail": self.0 });
        (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
    }
}

/// The request body as a JSON object, the shape every body model starts from.
/// Like FastAPI, a body is read as JSON only when it is labelled JSON.
pub fn json_object(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, ErrorItem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let value = if is_json {
        serde_json::from_slice(body).map_err(|err| json_invalid(body, &err))?
    } else {
        Value::String(String::from_utf8_lossy(body).into_owned())
    };
    match value {
        Value::Object(object) => Ok(object),
        other => Err(ErrorItem {
            kind: "model_attributes_type",
            loc: vec![json!("body")],
            msg: "Input should be a valid dictionary or object to extract fields from".to_string(),
            input: other,
            ctx: None,
        }),
    }
}

/// Malformed JSON: FastAPI names the character offset of the problem.
fn json_invalid(body: &[u8], err: &serde_json::Error) -> ErrorItem {
    let text = String::from_utf8_lossy(body);
    let line_start: usize = text
        .split_inclusive('\n')
        .take(err.line().saturating_sub(1))
        .map(|line| line.chars().count())
        .sum();
    ErrorItem {
        kind: "json_invalid",
        loc: vec![
            json!("body"),
            json!(line_start + err.column().saturating_sub(1)),
        ],
        msg: "JSON decode error".to_string(),
        input: json!({}),
        ctx: Some(json!({ "error": err.to_string() })),
    }
}

/// A required string field of a body object.
pub fn required_string(body: &Map<String, Value>, field: &str) -> Result<String, ErrorItem> {
    match body.get(field) {
        None => Err(ErrorItem::missing(
            vec![json!("body"), json!(field)],
            Value::Object(body.clone()),
        )),
        Some(value) => as_string(value, field),
    }
}

/// An optional string field: absent and `null` both mean "none".
pub fn optional_string(
    body: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>, ErrorItem> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_string(value, field).map(Some),
    }
}

fn as_string(value: &Value, field: &str) -> Result<String, ErrorItem> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(ErrorItem {
            kind: "string_type",
            loc: vec![json!("body"), json!(field)],
            msg: "Input should be a valid string".to_string(),
            input: other.clone(),
            ctx: None,
        }),
    }
}
