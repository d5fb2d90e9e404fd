//! The request body as FastAPI reads it: JSON only under a JSON content
//! type, then the model's fields one by one.

use axum::http::{HeaderMap, header::CONTENT_TYPE};
use serde_json::{Map, Value, json};

use crate::error::{ErrorItem, loc};
use crate::parse::{parse_float, parse_int};

// ANCHOR: json_body
/// The body as FastAPI sees it before it validates anything:
///
/// - no bytes at all: `None` (the model then reports `missing`);
/// - a JSON content type (`application/json`, with or without parameters
///   such as `; charset=utf-8`, or `application/*+json`): the parsed value,
///   or a `json_invalid` error when it is not JSON;
/// - any other content type, or none: the raw text, which is not an object,
///   so the model then reports `model_attributes_type`.
///
/// ```
/// use axum::http::{HeaderMap, HeaderValue, header::CONTENT_TYPE};
/// use fastapi_errors::json_body;
/// use serde_json::json;
///
/// let mut headers = HeaderMap::new();
/// headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
/// assert_eq!(json_body(&headers, br#"{"a": 1}"#), Ok(Some(json!({"a": 1}))));
///
/// let error = json_body(&headers, b"{,").unwrap_err();
/// assert_eq!((error.kind, &error.loc), ("json_invalid", &vec![json!("body"), json!(1)]));
/// ```
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
pub fn is_json_content_type(headers: &HeaderMap) -> bool {
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
///
/// ```
/// use fastapi_errors::{BodyObject, ValidationErrors};
/// use serde_json::json;
///
/// let body = json!({"title": "Dune", "price": "cheap"});
/// let body = BodyObject::new(Some(&body)).unwrap();
/// let mut errors = ValidationErrors::default();
/// let title = errors.take(body.string("title"));
/// let price = errors.take(body.float("price"));
/// let pages = errors.take(body.float("pages"));
/// assert_eq!(title.as_deref(), Some("Dune"));
/// assert_eq!((price, pages), (None, None));
/// let kinds: Vec<_> = errors.0.iter().map(|e| e.kind).collect();
/// assert_eq!(kinds, ["float_parsing", "missing"]);
/// ```
pub struct BodyObject<'a> {
    whole: &'a Value,
    fields: &'a Map<String, Value>,
}

impl<'a> BodyObject<'a> {
    /// The body must be there (`missing`) and be a JSON object
    /// (`model_attributes_type`).
    pub fn new(body: Option<&'a Value>) -> Result<Self, ErrorItem> {
        match body {
            None => Err(ErrorItem::missing(vec![json!("body")], Value::Null)),
            Some(whole @ Value::Object(fields)) => Ok(BodyObject { whole, fields }),
            Some(other) => Err(ErrorItem::new(
                "model_attributes_type",
                vec![json!("body")],
                "Input should be a valid dictionary or object to extract fields from",
                other.clone(),
            )),
        }
    }

    /// The raw JSON value of a field, if the body has it.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.fields.get(name)
    }

    /// A missing field's `input` is the whole body, as in FastAPI.
    pub fn missing(&self, name: &str) -> ErrorItem {
        ErrorItem::missing(loc("body", name), self.whole.clone())
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

    /// An integer that may be left out or sent as `null`, told apart: absent
    /// is `None`, `null` is `Some(None)` (a PATCH that clears the field). As
    /// Pydantic reads one: `3.0`, `"3"` and `true` are integers; `3.5` is
    /// `int_from_float`, `"three"` `int_parsing`, a list `int_type`.
    ///
    /// ```
    /// use fastapi_errors::BodyObject;
    /// use serde_json::json;
    ///
    /// let body = json!({"age": null, "rank": 3.0, "level": 2.5});
    /// let body = BodyObject::new(Some(&body)).unwrap();
    /// assert_eq!(body.nullable_int("height").unwrap(), None);
    /// assert_eq!(body.nullable_int("age").unwrap(), Some(None));
    /// assert_eq!(body.nullable_int("rank").unwrap(), Some(Some(3)));
    /// assert_eq!(body.nullable_int("level").unwrap_err().kind, "int_from_float");
    /// ```
    pub fn nullable_int(&self, name: &str) -> Result<Option<Option<i64>>, ErrorItem> {
        let at = loc("body", name);
        let value = match self.fields.get(name) {
            None => return Ok(None),
            Some(Value::Null) => return Ok(Some(None)),
            Some(value) => value,
        };
        let number = match value {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(int), _) => Ok(int),
                (None, Some(float)) if float.fract() == 0.0 && float.abs() < 9.2e18 => {
                    Ok(float as i64)
                }
                (None, Some(float)) if float.fract() != 0.0 => Err(ErrorItem::new(
                    "int_from_float",
                    at,
                    "Input should be a valid integer, got a number with a fractional part",
                    value.clone(),
                )),
                _ => Err(ErrorItem::new(
                    "int_parsing_size",
                    at,
                    "Unable to parse input string as an integer, exceeded maximum size",
                    value.clone(),
                )),
            },
            Value::String(text) => parse_int(at, text),
            Value::Bool(flag) => Ok(i64::from(*flag)),
            other => Err(ErrorItem::new(
                "int_type",
                at,
                "Input should be a valid integer",
                other.clone(),
            )),
        };
        number.map(|n| Some(Some(n)))
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
