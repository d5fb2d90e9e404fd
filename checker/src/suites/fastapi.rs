//! FastAPI's 422 answer, in the words the suites use: one function per kind
//! of error item, with FastAPI's exact `msg` text. A suite names the place
//! and the input; the wording lives here once.
//!
//! A 422 body is `{"detail": [item, ...]}`, one item per error, each
//! `{"type", "loc", "msg", "input"}` and sometimes `"ctx"`; FastAPI leaves
//! out the `url` key pydantic's own errors carry.
//!
//! ```
//! use checker::suites::fastapi::{self, loc};
//! use serde_json::{Value, json};
//!
//! let body = fastapi::detail(vec![
//!     fastapi::missing(loc("query", "needy"), Value::Null),
//!     fastapi::int_parsing(loc("query", "skip"), "a"),
//! ]);
//! assert_eq!(body["detail"][0], json!({
//!     "type": "missing", "loc": ["query", "needy"], "msg": "Field required", "input": null,
//! }));
//! assert_eq!(body["detail"][1]["loc"], json!(["query", "skip"]));
//! ```

use serde_json::{Value, json};

/// Where an error is: `loc("query", "skip")` is `["query", "skip"]`. The
/// place is `path`, `query`, `header` or `body`. (A whole body is
/// `json!(["body"])`.)
pub fn loc(place: &str, name: &str) -> Value {
    json!([place, name])
}

/// FastAPI's 422 body: `{"detail": [items...]}`.
pub fn detail(items: Vec<Value>) -> Value {
    json!({ "detail": items })
}

/// One error item: `{"type": kind, "loc": loc, "msg": msg, "input": input}`.
pub fn item(kind: &str, loc: Value, msg: &str, input: Value) -> Value {
    json!({"type": kind, "loc": loc, "msg": msg, "input": input})
}

/// The whole 422 for a body that is not JSON at all. Python's offset and
/// message differ from serde_json's, so only their shape is compared.
pub fn json_invalid() -> Value {
    detail(vec![item_with_ctx(
        "json_invalid",
        json!(["body", "<<int>>"]),
        "JSON decode error",
        json!({}),
        json!({"error": "<<string>>"}),
    )])
}

/// One error item with a `ctx`, the constraint or reason behind it.
pub fn item_with_ctx(kind: &str, loc: Value, msg: &str, input: Value, ctx: Value) -> Value {
    let mut item = item(kind, loc, msg, input);
    item["ctx"] = ctx;
    item
}

/// A required value that is absent. `input` is `null` for a path, query or
/// header value, and the whole JSON object for a body field.
pub fn missing(loc: Value, input: Value) -> Value {
    item("missing", loc, "Field required", input)
}

/// Text that does not parse as an integer; `input` is the raw text.
pub fn int_parsing(loc: Value, input: &str) -> Value {
    item(
        "int_parsing",
        loc,
        "Input should be a valid integer, unable to parse string as an integer",
        json!(input),
    )
}

/// Text that does not parse as a number (a float); `input` is the raw text.
pub fn float_parsing(loc: Value, input: &str) -> Value {
    item(
        "float_parsing",
        loc,
        "Input should be a valid number, unable to parse string as a number",
        json!(input),
    )
}

/// Text that is not one of FastAPI's boolean spellings; `input` is the raw
/// text.
pub fn bool_parsing(loc: Value, input: &str) -> Value {
    item(
        "bool_parsing",
        loc,
        "Input should be a valid boolean, unable to interpret input",
        json!(input),
    )
}

/// A JSON value that is not a string where a string is required; `input` is
/// that value.
pub fn string_type(loc: Value, input: Value) -> Value {
    item("string_type", loc, "Input should be a valid string", input)
}
