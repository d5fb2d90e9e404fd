//! The crate's one error type: what a handler answers instead of success.
//!
//! Bad input never reaches a handler: the extractors from `fastapi-errors`
//! answer FastAPI's 422 themselves. What is left is "no such hero" and "the
//! database failed".

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    /// FastAPI's `HTTPException(status_code=404, detail=...)`.
    NotFound(&'static str),
    /// Anything sqlx reports: a lost connection, a broken constraint.
    Database(sqlx::Error),
}

/// `?` on a query turns its error into an `ApiError`.
impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::Database(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::NotFound(detail) => {
                (StatusCode::NOT_FOUND, Json(json!({ "detail": detail }))).into_response()
            }
            ApiError::Database(err) => {
                // The cause goes to the server's log, never to the client:
                // it can name tables, columns and values. FastAPI answers a
                // failure it did not expect the same way.
                eprintln!("database error: {err}");
                (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
            }
        }
    }
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;
