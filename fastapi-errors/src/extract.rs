//! axum extractors that answer bad input with FastAPI's 422, in the style of
//! axum's `customize-extractor-error` example: an extractor of our own whose
//! rejection is our own response.
//!
//! axum's stock `Query<T>`, `Path<T>` and `Json<T>` deserialize with serde,
//! which stops at the first problem and answers 400 (or 415) in plain text.
//! FastAPI names every problem at once. So here a type says how it is read,
//! field by field, by implementing [`FromParams`] (path and query values,
//! which arrive as text) or [`FromBody`] (a JSON object body), and the
//! extractors [`Query`], [`Path`] and [`Json`] run it and reject with the
//! whole [`ValidationErrors`] list. [`Form`] reads an HTML form's fields
//! with the same [`FromParams`], their `loc` starting with `"body"`.
//!
//! ```
//! use axum::{Router, routing::get};
//! use fastapi_errors::{FromParams, Params, Query, ValidationErrors};
//!
//! /// `?page=..&per_page=..`, both optional.
//! struct Paging {
//!     page: i64,
//!     per_page: i64,
//! }
//!
//! impl FromParams for Paging {
//!     fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
//!         let page = errors.take(params.optional_int("page"));
//!         let per_page = errors.take(params.optional_int("per_page"));
//!         Some(Paging { page: page?.unwrap_or(1), per_page: per_page?.unwrap_or(20) })
//!     }
//! }
//!
//! async fn list_books(Query(paging): Query<Paging>) -> String {
//!     format!("page {} of size {}", paging.page, paging.per_page)
//! }
//!
//! let app: Router = Router::new().route("/books", get(list_books));
//! ```
//!
//! One extractor reads one source. A route whose errors must be listed
//! across sources (a bad path value *and* a bad body, in one answer) takes
//! its inputs raw and collects them in one [`ValidationErrors`] itself.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, RawPathParams, Request, rejection::FormRejection},
    http::{Uri, request::Parts},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use serde_json::Value;

use crate::body::{BodyObject, json_body};
use crate::error::{ErrorItem, ValidationErrors, loc};
use crate::parse::{missing, parse_bool, parse_float, parse_int};

/// The query string as name → value, percent-decoded (`a+b%26c` is `a b&c`).
/// A repeated name keeps its last value, as in FastAPI.
pub type QueryMap = HashMap<String, String>;

/// Reads the query string of `uri`. Decoding is lossy (bad UTF-8 becomes
/// U+FFFD), so it cannot fail; an absent query is empty.
///
/// ```
/// use fastapi_errors::query_map;
///
/// let uri = "/search?q=a+b%26c&n=1&n=2".parse().unwrap();
/// let query = query_map(&uri);
/// assert_eq!(query["q"], "a b&c");
/// assert_eq!(query["n"], "2");
/// ```
pub fn query_map(uri: &Uri) -> QueryMap {
    axum::extract::Query::try_from_uri(uri)
        .map(|axum::extract::Query(map)| map)
        .unwrap_or_default()
}

/// Named text values from one source (`"path"` or `"query"`), read with
/// Pydantic's parsers; every error's `loc` is `[source, name]`.
pub struct Params<'a> {
    source: &'static str,
    values: &'a HashMap<String, String>,
}

impl<'a> Params<'a> {
    /// `source` is the first element of every `loc`: `"path"`, `"query"`, `"header"`.
    pub fn new(source: &'static str, values: &'a HashMap<String, String>) -> Self {
        Params { source, values }
    }

    /// `[source, name]`.
    pub fn loc(&self, name: &str) -> Vec<Value> {
        loc(self.source, name)
    }

    /// The raw text of a value, if the request has it.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.values.get(name).map(String::as_str)
    }

    /// A required value, as text; an empty value is present.
    pub fn string(&self, name: &str) -> Result<String, ErrorItem> {
        self.raw(name)
            .map(str::to_string)
            .ok_or_else(|| missing(self.loc(name)))
    }

    /// An optional value, as text.
    pub fn optional_string(&self, name: &str) -> Result<Option<String>, ErrorItem> {
        Ok(self.raw(name).map(str::to_string))
    }

    /// A required integer: `missing` or `int_parsing`.
    pub fn int(&self, name: &str) -> Result<i64, ErrorItem> {
        self.required(name, parse_int)
    }

    /// An optional integer: absent is `None`, present must parse.
    pub fn optional_int(&self, name: &str) -> Result<Option<i64>, ErrorItem> {
        self.optional(name, parse_int)
    }

    /// A required number: `missing` or `float_parsing`.
    pub fn float(&self, name: &str) -> Result<f64, ErrorItem> {
        self.required(name, parse_float)
    }

    /// An optional number.
    pub fn optional_float(&self, name: &str) -> Result<Option<f64>, ErrorItem> {
        self.optional(name, parse_float)
    }

    /// A required boolean in any of Pydantic's spellings: `missing` or `bool_parsing`.
    pub fn bool(&self, name: &str) -> Result<bool, ErrorItem> {
        self.required(name, parse_bool)
    }

    /// An optional boolean.
    pub fn optional_bool(&self, name: &str) -> Result<Option<bool>, ErrorItem> {
        self.optional(name, parse_bool)
    }

    fn required<T>(
        &self,
        name: &str,
        parse: fn(Vec<Value>, &str) -> Result<T, ErrorItem>,
    ) -> Result<T, ErrorItem> {
        match self.raw(name) {
            None => Err(missing(self.loc(name))),
            Some(raw) => parse(self.loc(name), raw),
        }
    }

    fn optional<T>(
        &self,
        name: &str,
        parse: fn(Vec<Value>, &str) -> Result<T, ErrorItem>,
    ) -> Result<Option<T>, ErrorItem> {
        self.raw(name)
            .map(|raw| parse(self.loc(name), raw))
            .transpose()
    }
}

/// A type read from path or query values, field by field. Record every
/// error in `errors` (with [`ValidationErrors::take`]) and return `None` if
/// there was any, so that one answer lists them all.
pub trait FromParams: Sized {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self>;
}

/// A type read from a JSON object body, field by field (see [`FromParams`]).
pub trait FromBody: Sized {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self>;
}

/// Why one of this module's extractors did not run the handler.
#[derive(Debug)]
pub enum Rejection {
    /// The input was read and is wrong: FastAPI's 422 list.
    Invalid(ValidationErrors),
    /// The request could not be read at all (a body over axum's size limit,
    /// a path that is not UTF-8): axum's own answer.
    Unreadable(Response),
}

impl From<ValidationErrors> for Rejection {
    fn from(errors: ValidationErrors) -> Self {
        Rejection::Invalid(errors)
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Invalid(errors) => errors.into_response(),
            Rejection::Unreadable(response) => response,
        }
    }
}

/// Runs a field-by-field reader and turns "found errors" into a rejection.
fn finish<T>(read: impl FnOnce(&mut ValidationErrors) -> Option<T>) -> Result<T, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match read(&mut errors) {
        Some(value) if errors.is_empty() => Ok(value),
        _ => {
            // A reader that gives up must say why; if it did not, say so
            // rather than answer an empty 422.
            debug_assert!(
                !errors.is_empty(),
                "a reader returned None without an error"
            );
            Err(errors)
        }
    }
}

/// The query string, read into `T` with FastAPI's 422 on bad input.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: FromParams> FromRequestParts<S> for Query<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let values = query_map(&parts.uri);
        let params = Params::new("query", &values);
        Ok(Query(finish(|errors| T::from_params(&params, errors))?))
    }
}

/// The route's path parameters (`/items/{item_id}`), read into `T` with
/// FastAPI's 422 on bad input.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: FromParams> FromRequestParts<S> for Path<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|rejection| Rejection::Unreadable(rejection.into_response()))?;
        let values: HashMap<String, String> = raw
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let params = Params::new("path", &values);
        Ok(Path(finish(|errors| T::from_params(&params, errors))?))
    }
}

/// A JSON object body, read into `T` as FastAPI reads a body model: only
/// under a JSON content type, `json_invalid` alone when it does not parse,
/// then every field's error at once. As a response, it is axum's `Json`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: FromBody> FromRequest<S> for Json<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| Rejection::Unreadable(rejection.into_response()))?;
        let value = json_body(&headers, &bytes).map_err(ValidationErrors::from)?;
        let body = BodyObject::new(value.as_ref()).map_err(ValidationErrors::from)?;
        Ok(Json(finish(|errors| T::from_body(&body, errors))?))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// An HTML form body (`application/x-www-form-urlencoded`), read into `T`
/// as FastAPI reads `Form()` parameters: every `loc` is `["body", name]`,
/// an empty field counts as missing, a repeated field keeps its last value,
/// and a body that is not a form (JSON, plain text, nothing) has no fields,
/// so each required field is `missing` rather than a 415.
///
/// ```
/// use axum::{Router, routing::post};
/// use fastapi_errors::{Form, FromParams, Params, ValidationErrors};
///
/// struct Signup {
///     email: String,
///     newsletter: bool,
/// }
///
/// impl FromParams for Signup {
///     fn from_params(form: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
///         let email = errors.take(form.string("email"));
///         let newsletter = errors.take(form.optional_bool("newsletter"));
///         Some(Signup { email: email?, newsletter: newsletter?.unwrap_or(false) })
///     }
/// }
///
/// async fn sign_up(Form(signup): Form<Signup>) -> String {
///     format!("{} (newsletter: {})", signup.email, signup.newsletter)
/// }
///
/// let app: Router = Router::new().route("/signup", post(sign_up));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: FromParams> FromRequest<S> for Form<T> {
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut fields: HashMap<String, String> =
            match axum::Form::<Vec<(String, String)>>::from_request(req, state).await {
                // Later pairs overwrite earlier ones: the last value wins.
                Ok(axum::Form(pairs)) => pairs.into_iter().collect(),
                // Not a form, or not decodable as one: no fields at all.
                Err(
                    FormRejection::InvalidFormContentType(_)
                    | FormRejection::FailedToDeserializeForm(_)
                    | FormRejection::FailedToDeserializeFormBody(_),
                ) => HashMap::new(),
                // A body over the size limit, or a broken connection.
                Err(rejection) => return Err(Rejection::Unreadable(rejection.into_response())),
            };
        fields.retain(|_, value| !value.is_empty());
        let params = Params::new("body", &fields);
        Ok(Form(finish(|errors| T::from_params(&params, errors))?))
    }
}
