//! The 422 answer: one [`ErrorItem`] per problem, all of them in a
//! [`ValidationErrors`].

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::{Value, json};

/// One entry of FastAPI's 422 `detail` list.
///
/// ```
/// use fastapi_errors::{ErrorItem, loc};
/// use serde_json::json;
///
/// let item = ErrorItem::new("missing", loc("query", "needy"), "Field required", json!(null));
/// assert_eq!(
///     serde_json::to_value(&item).unwrap(),
///     json!({"type": "missing", "loc": ["query", "needy"], "msg": "Field required", "input": null}),
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorItem {
    /// What went wrong, as a machine-readable name: `int_parsing`, `missing`, ...
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Where: `["path", "item_id"]`, `["query", "skip"]`, `["body", "price"]`.
    pub loc: Vec<Value>,
    /// The same, for humans.
    pub msg: String,
    /// What the client sent: the raw text of a path, query or header value,
    /// the JSON value of a body field, `null` when there was nothing.
    pub input: Value,
    /// Extra facts some kinds carry (`{"min_length": 3}`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

impl ErrorItem {
    /// An item without `ctx`.
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

    /// FastAPI's `missing`: a required value the request did not carry.
    /// `input` is `null` for a path, query or header value, and the whole
    /// body object for a body field.
    pub fn missing(loc: Vec<Value>, input: Value) -> Self {
        ErrorItem::new("missing", loc, "Field required", input)
    }
}

/// Where a value came from: `loc("query", "skip")` is `["query", "skip"]`.
pub fn loc(source: &str, name: &str) -> Vec<Value> {
    vec![json!(source), json!(name)]
}

// ANCHOR: errors
/// Every problem found in one request; answers 422 `{"detail": [...]}`.
///
/// ```
/// use axum::{http::StatusCode, response::IntoResponse};
/// use fastapi_errors::{ValidationErrors, loc, parse_int};
///
/// let errors: ValidationErrors = parse_int(loc("path", "item_id"), "x").unwrap_err().into();
/// assert_eq!(errors.into_response().status(), StatusCode::UNPROCESSABLE_ENTITY);
/// ```
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ValidationErrors(pub Vec<ErrorItem>);

impl ValidationErrors {
    /// The value if `result` is Ok; otherwise keeps the error and gives
    /// `None`, so the handler goes on and finds the next problem too. Call it
    /// once per input, in the order the route declares them, and the list
    /// comes out in FastAPI's order (path, query, header, cookie, body).
    pub fn take<T>(&mut self, result: Result<T, ErrorItem>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// Like [`take`](Self::take), for a reader that can find several errors.
    pub fn take_all<T>(&mut self, result: Result<T, ValidationErrors>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.0.extend(errors.0);
                None
            }
        }
    }

    /// No problem found so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
