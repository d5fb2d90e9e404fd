//! The chapter's dependencies — the file you will edit most.
//!
//! In FastAPI a dependency is a function whose parameters FastAPI fills from
//! the request. In axum it is a type that implements `FromRequestParts`: axum
//! runs `from_request_parts` before the handler, hands the handler the value,
//! and answers the `Err` (the *rejection*) instead when there is one.

use std::convert::Infallible;

use axum::{extract::FromRequestParts, http::request::Parts};
use serde::{Deserialize, Serialize};

// TODO(ch07): make `CommonQueryParams` a dependency of its own: implement
// `FromRequestParts` for it (with `Rejection = ValidationErrors`), read the
// query with `fastapi_errors::query_map`, parse `skip` and `limit` with
// `fastapi_errors::parse_int`, and reject with *every* error found. Then take it
// in `read_users` directly instead of through axum's `Query`, which answers
// 400 in plain text at the first bad number.
// Book: 07 · Dependencies › "A dependency is an extractor"
/// `q`, `skip` and `limit`, shared by every route that lists things
/// (FastAPI's `common_parameters`).
#[derive(Debug, Deserialize, Serialize)]
pub struct CommonQueryParams {
    pub q: Option<String>,
    #[serde(default)]
    pub skip: i64,
    #[serde(default = "default_limit")]
    pub limit: i64,
}

fn default_limit() -> i64 {
    100
}

// TODO(ch07): `GET /items/` must answer `q`, or the `last_query` cookie when
// `q` is missing or empty. Write a `QueryOrCookie` extractor that extracts
// this `QueryParam` (through `axum_extra::extract::Cached`), then a
// `CookieJar`, and decides; take it in `read_query`.
// Book: 07 · Dependencies › "Sub-dependencies"
/// The `q` query parameter on its own (FastAPI's `query_extractor`).
#[derive(Debug, Clone, Deserialize)]
pub struct QueryParam {
    pub q: Option<String>,
}

// TODO(ch07): every route needs two headers, `X-Token` and `X-Key`. Write
// `VerifyToken` and `VerifyKey` extractors: a missing header is a 422
// `missing` error with loc ["header", "x-token"]; a wrong one is
// 400 {"detail": "X-Token header invalid"} (or "X-Key header invalid").
// Compare against an `ApiKeys` value kept in the app's state.
// Book: 07 · Dependencies › "Dependencies that guard a route"

/// Who is asking (FastAPI's `get_username`, a dependency with `yield`).
#[derive(Debug)]
pub struct Username(String);

impl Username {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Username {
    type Rejection = Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // The tutorial's user is always Rick.
        Ok(Username("Rick".to_owned()))
    }
}

// TODO(ch07): (not checked: the checker cannot see it) give `Username` its
// clean-up, the code after FastAPI's `yield`: `impl Drop for Username` that
// prints a line. Watch when it runs in the server's output.
// Book: 07 · Dependencies › "Dependencies with clean-up"
