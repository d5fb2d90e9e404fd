//! The chapter's dependencies.
//!
//! In FastAPI a dependency is a function whose parameters FastAPI fills from
//! the request. In axum it is a type that implements `FromRequestParts`: axum
//! runs `from_request_parts` before the handler, hands the handler the value,
//! and answers the `Err` (the *rejection*) instead when there is one.

use std::convert::Infallible;

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{StatusCode, request::Parts},
};
use axum_extra::extract::{Cached, CookieJar};
use serde::Serialize;

use crate::error::ApiError;
use fastapi_errors::{ErrorItem, ValidationErrors, loc, missing, parse_int, query_map};

// ANCHOR: common
/// `q`, `skip` and `limit`, shared by every route that lists things
/// (FastAPI's `common_parameters`). Serialises to the JSON FastAPI's dict did.
#[derive(Debug, Serialize)]
pub struct CommonQueryParams {
    pub q: Option<String>,
    pub skip: i64,
    pub limit: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for CommonQueryParams {
    type Rejection = ValidationErrors;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut query = query_map(&parts.uri);
        // Parse both numbers before giving up, so a request with two bad
        // values hears about both, as it would from FastAPI.
        let skip = int_or(query.get("skip"), "skip", 0);
        let limit = int_or(query.get("limit"), "limit", 100);
        match (skip, limit) {
            (Ok(skip), Ok(limit)) => Ok(CommonQueryParams {
                q: query.remove("q"),
                skip,
                limit,
            }),
            (skip, limit) => Err(ValidationErrors(
                [skip.err(), limit.err()].into_iter().flatten().collect(),
            )),
        }
    }
}

/// An optional integer query parameter with a default.
fn int_or(raw: Option<&String>, name: &str, default: i64) -> Result<i64, ErrorItem> {
    match raw {
        None => Ok(default),
        Some(raw) => parse_int(loc("query", name), raw),
    }
}
// ANCHOR_END: common

// ANCHOR: query_or_cookie
/// The `q` query parameter on its own (FastAPI's `query_extractor`).
/// `Clone` because [`Cached`] hands out copies of the one it keeps.
#[derive(Debug, Clone)]
pub struct QueryParam(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParam {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(QueryParam(query_map(&parts.uri).remove("q")))
    }
}

/// `q`, or the `last_query` cookie when `q` is missing or empty (FastAPI's
/// `query_or_cookie_extractor`): a dependency that has dependencies.
#[derive(Debug)]
pub struct QueryOrCookie(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryOrCookie {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // A sub-dependency is one extractor calling another. `Cached` keeps
        // the first `QueryParam` in the request's extensions: any extractor
        // or handler that asks for `Cached<QueryParam>` later in the same
        // request gets that copy, as FastAPI runs a dependency once per request.
        let Cached(QueryParam(q)) = Cached::<QueryParam>::from_request_parts(parts, state).await?;
        let cookies = CookieJar::from_request_parts(parts, state).await?;
        // Python's `if not q`: an empty string counts as missing.
        let value = match q {
            Some(q) if !q.is_empty() => Some(q),
            _ => cookies.get("last_query").map(|c| c.value().to_owned()),
        };
        Ok(QueryOrCookie(value))
    }
}
// ANCHOR_END: query_or_cookie

// ANCHOR: api_keys
/// The secrets the header dependencies compare against. It is part of the
/// app's state rather than a constant so that a test can build the app with
/// other values (see `main.rs`).
#[derive(Debug, Clone)]
pub struct ApiKeys {
    pub token: String,
    pub key: String,
}

impl Default for ApiKeys {
    /// The values FastAPI's tutorial hard-codes.
    fn default() -> Self {
        ApiKeys {
            token: "fake-super-secret-token".into(),
            key: "fake-super-secret-key".into(),
        }
    }
}
// ANCHOR_END: api_keys

// ANCHOR: verify
/// `X-Token` is present and right (FastAPI's `verify_token`). It carries no
/// value: a route uses it only for the check, like `dependencies=[...]`.
#[derive(Debug)]
pub struct VerifyToken;

impl<S> FromRequestParts<S> for VerifyToken
where
    // Any state works, as long as the keys can be taken out of it.
    ApiKeys: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let expected = ApiKeys::from_ref(state).token;
        require_header(parts, "x-token", &expected, "X-Token header invalid")?;
        Ok(VerifyToken)
    }
}

/// `X-Key` is present and right (FastAPI's `verify_key`).
#[derive(Debug)]
pub struct VerifyKey;

impl<S> FromRequestParts<S> for VerifyKey
where
    ApiKeys: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let expected = ApiKeys::from_ref(state).key;
        require_header(parts, "x-key", &expected, "X-Key header invalid")?;
        Ok(VerifyKey)
    }
}

/// A missing header is bad input (422, `loc` `["header", name]`); a wrong
/// one is the dependency's own verdict (400 with `detail`).
fn require_header(
    parts: &Parts,
    name: &str,
    expected: &str,
    detail: &'static str,
) -> Result<(), ApiError> {
    let value = parts
        .headers
        .get(name)
        .ok_or_else(|| missing(loc("header", name)))?;
    if value.as_bytes() != expected.as_bytes() {
        return Err(ApiError::http(StatusCode::BAD_REQUEST, detail));
    }
    Ok(())
}
// ANCHOR_END: verify

// ANCHOR: username
/// Who is asking (FastAPI's `get_username`, a dependency with `yield`).
///
/// The code before FastAPI's `yield` is `from_request_parts`; the code after
/// it is `Drop`, which runs when the last owner lets go of the value — for a
/// handler argument, as soon as the handler has returned.
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
        // The tutorial's user is always Rick; a real app would look up a
        // session here (and open whatever needs closing in `drop`).
        Ok(Username("Rick".to_owned()))
    }
}

impl Drop for Username {
    fn drop(&mut self) {
        // The clean-up. It runs on every path out of the handler: success,
        // an early `return Err(...)`, even a panic.
        println!("cleanup: done with user {}", self.0);
    }
}

/// A handler's failure that a dependency knows how to answer (FastAPI's
/// `OwnerError`, caught around `yield`). Rust has no exceptions: the handler
/// returns this error, and the conversion below is the `except` clause.
#[derive(Debug)]
pub struct OwnerError(pub String);

impl From<OwnerError> for ApiError {
    fn from(OwnerError(username): OwnerError) -> Self {
        ApiError::http(StatusCode::BAD_REQUEST, format!("Owner error: {username}"))
    }
}
// ANCHOR_END: username
