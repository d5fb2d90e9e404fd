//! The book's worked examples.
//!
//! Each chapter page teaches its technique on a resource of its own — songs,
//! not the exercise's items — so that what the page shows is never the
//! answer the learner is asked to write. Every module here is a complete
//! axum app (`app()`), compiled with the workspace and tested in
//! `tests/`; the pages include it by anchor, so it cannot rot.
//!
//! # Layout
//!
//! - [`ch01`]: a JSON route, and JSON answers for unknown paths and methods.
//! - [`ch02`]: path parameters parsed by hand into an error type of its own,
//!   a fixed route beside a parameter, a wildcard, an enum.
//! - [`ch03`]: query parameters — defaults, an optional value, a value with
//!   several spellings, a required value, every error at once.
//! - [`ch04`]: a JSON body model read field by field; path and body errors
//!   in one answer.
//! - [`ch05`]: string and numeric constraints with the `fastapi-errors` crate.
//! - [`ch06`]: output types that cannot leak, a parsed newtype, fields that
//!   were set, one view per struct, 201, one error type with headers.
//! - [`ch07`]: dependencies as extractors: shared paging, a cached
//!   sub-dependency, guards on the state, clean-up in `Drop`, overrides.
//! - [`ch08`]: a timing middleware and a CORS layer.
//! - [`ch09`]: argon2 passphrases off the async threads with a decoy hash,
//!   signed JWT passes, an extractor that admits by a claim, `WWW-Authenticate`.
//! - [`ch10`]: a table in SQLite or PostgreSQL through one `AnyPool`:
//!   embedded migrations, typed rows, bound parameters, pages, PATCH in one
//!   `UPDATE`.
//! - [`ch11`]: work after the answer on a task tracker, a webhook sent with
//!   reqwest (timeout, retries, backoff), a shutdown that waits for it.
//! - [`ch12`]: a form read with FastAPI's 422s, multipart parts in any
//!   order, a file streamed to disk under a limit, ids instead of filenames.
//! - [`ch13`]: WebSockets: an upgrade, a socket refused before its
//!   handshake, a broadcast room with one task per client.
//! - [`ch14`]: routes that document themselves with utoipa: schemas from
//!   types, parameters, responses, the document and Swagger UI.
//! - [`ch15`]: an app built to be tested: a clock in the state that tests
//!   replace, an upstream API they fake (its tests are the page's example).

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It
// is built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

pub mod ch01;
pub mod ch02;
pub mod ch03;
pub mod ch04;
pub mod ch05;
pub mod ch06;
pub mod ch07;
pub mod ch08;
pub mod ch09;
pub mod ch10;
pub mod ch11;
pub mod ch12;
pub mod ch13;
pub mod ch14;
pub mod ch15;
