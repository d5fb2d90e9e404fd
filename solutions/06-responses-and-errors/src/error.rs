//! The one error type of this crate, and the one place it becomes a response.
//!
//! FastAPI raises `HTTPException` anywhere and registers a handler per custom
//! exception class. The Rust way is an enum: every handler returns
//! `Result<T, ApiError>`, `?` converts what can go wrong into it, and
//! `impl IntoResponse` below decides every error's status and body. Adding a
//! variant without saying how it answers does not compile.

use axum::{
    Json,
    http::StatusCode,
    response::{AppendHeaders, IntoResponse, Response},
};
use serde::Serialize;

use fastapi_errors::{ErrorItem, ValidationErrors};

// ANCHOR: api_error
/// Everything a handler can answer instead of its normal response.
#[derive(Debug)]
pub enum ApiError {
    /// FastAPI's `HTTPException`: a status, a `detail`, and extra headers.
    Http {
        status: StatusCode,
        detail: &'static str,
        headers: Vec<(&'static str, &'static str)>,
    },
    /// Input that does not fit: 422 with FastAPI's detail list.
    Validation(ValidationErrors),
    /// The tutorial's custom exception; its arm below answers 418.
    Unicorn { name: String },
}

/// Handlers return `Result<T>`; the error type is always [`ApiError`].
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl ApiError {
    /// `HTTPException(status_code=404, detail=...)`, the most common error.
    pub fn not_found(detail: &'static str) -> Self {
        ApiError::Http {
            status: StatusCode::NOT_FOUND,
            detail,
            headers: Vec::new(),
        }
    }
}
// ANCHOR_END: api_error

// ANCHOR: into_response
/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

/// The custom error's body, as the tutorial's handler writes it.
#[derive(Serialize)]
struct Message {
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Http {
                status,
                detail,
                headers,
            } => (status, AppendHeaders(headers), Json(Detail { detail })).into_response(),
            ApiError::Validation(errors) => errors.into_response(),
            ApiError::Unicorn { name } => {
                let message = format!("Oops! {name} did something. There goes a rainbow...");
                (StatusCode::IM_A_TEAPOT, Json(Message { message })).into_response()
            }
        }
    }
}
// ANCHOR_END: into_response

// ANCHOR: from
/// `?` on a list of problems answers 422.
impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Validation(errors)
    }
}

/// `?` on a single problem answers 422 with a one-item list.
impl From<ErrorItem> for ApiError {
    fn from(error: ErrorItem) -> Self {
        ApiError::Validation(ValidationErrors(vec![error]))
    }
}
// ANCHOR_END: from
