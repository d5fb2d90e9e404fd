//! FastAPI's 422 vocabulary for axum.
//!
//! When FastAPI cannot use a request's input it answers
//! `422 Unprocessable Entity` with a list naming *every* problem:
//!
//! ```text
//! {"detail":[{"type":"int_parsing","loc":["path","item_id"],
//!             "msg":"Input should be a valid integer, unable to parse string as an integer",
//!             "input":"foo"}]}
//! ```
//!
//! You built the core of this crate yourself in chapters 02 to 05 of the
//! workbook. From then on repeating it teaches nothing about axum, so the
//! chapters depend on this crate instead.
//!
//! # Layout
//!
//! - [`error`]: one item of the list ([`ErrorItem`]) and the list itself
//!   ([`ValidationErrors`]), which is an axum response.
//! - [`parse`]: text to value, with Pydantic's messages: [`parse_int`],
//!   [`parse_float`], [`parse_bool`], [`required`], [`not_one_of`],
//!   [`not_a_file`].
//! - [`constraints`]: checks on a value that parsed: [`min_length`],
//!   [`max_length`], [`pattern`], [`bound`].
//! - [`body`]: the request body as FastAPI reads it ([`json_body`]) and its
//!   fields one by one ([`BodyObject`]).
//! - [`extract`]: axum extractors built from the above, in the style of
//!   axum's `customize-extractor-error` example: [`Query`], [`Path`] and
//!   [`Json`] read a type you describe field by field and reject with the
//!   whole 422 list; [`Form`] reads an HTML form's fields the same way.
//!
//! # Example
//!
//! Every reader returns `Result<T, ErrorItem>`; a [`ValidationErrors`] keeps
//! the errors while the handler goes on to the next input, so one response
//! names every problem, in FastAPI's order.
//!
//! ```
//! use fastapi_errors::{ValidationErrors, loc, parse_bool, parse_int};
//!
//! let mut errors = ValidationErrors::default();
//! let id = errors.take(parse_int(loc("path", "user_id"), "seven"));
//! let active = errors.take(parse_bool(loc("query", "active"), "Y"));
//! assert_eq!((id, active), (None, Some(true)));
//! assert_eq!(errors.0.len(), 1);
//! assert_eq!(errors.0[0].kind, "int_parsing");
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It
// is built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

pub mod body;
pub mod constraints;
pub mod error;
pub mod extract;
pub mod parse;

pub use body::{BodyObject, json_body};
pub use constraints::{Bound, bound, max_length, min_length, pattern};
pub use error::{ErrorItem, ValidationErrors, loc};
pub use extract::{
    Form, FromBody, FromParams, Json, Params, Path, Query, QueryMap, Rejection, query_map,
};
pub use parse::{
    missing, not_a_file, not_one_of, optional, parse_bool, parse_float, parse_int, required,
};
