//! The crate's one error type: everything a handler or an extractor can
//! answer instead of success turns into a response here.
//!
//! You built this in chapter 06 (FastAPI's `HTTPException`); it is here so
//! this chapter stands on its own.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use fastapi_errors::{ErrorItem, ValidationErrors};

#[derive(Debug)]
pub enum ApiError {
    /// Bad input: 422 with FastAPI's detail list.
    Invalid(ValidationErrors),
    /// FastAPI's `HTTPException(status_code, detail)`.
    Http { status: StatusCode, detail: String },
}

impl ApiError {
    pub fn http(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError::Http {
            status,
            detail: detail.into(),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Invalid(errors)
    }
}

impl From<ErrorItem> for ApiError {
    fn from(item: ErrorItem) -> Self {
        ApiError::Invalid(item.into())
    }
}

/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Invalid(errors) => errors.into_response(),
            ApiError::Http { status, detail } => (status, Json(Detail { detail })).into_response(),
        }
    }
}
