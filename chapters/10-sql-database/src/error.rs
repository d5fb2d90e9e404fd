//! The crate's one error type: what a handler answers instead of success.
//!
//! Bad input never reaches a handler: the extractors from `fastapi-errors`
//! answer FastAPI's 422 themselves.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    // TODO(ch10): add a variant for FastAPI's
    // `HTTPException(status_code=404, detail="Hero not found")`, answered
    // as 404 `{"detail": "Hero not found"}`.
    // Book: 10 · SQL database › "One row, or none"
    /// Anything sqlx reports: a lost connection, a broken constraint.
    Database(sqlx::Error),
    /// A route of the starter that is not written yet: 501.
    NotWritten(&'static str),
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
            ApiError::Database(err) => {
                // The cause goes to the server's log, never to the client:
                // it can name tables, columns and values. FastAPI answers a
                // failure it did not expect the same way.
                eprintln!("database error: {err}");
                (StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error").into_response()
            }
            ApiError::NotWritten(route) => {
                let detail = format!("{route} is not written yet (chapter 10)");
                (
                    StatusCode::NOT_IMPLEMENTED,
                    Json(json!({ "detail": detail })),
                )
                    .into_response()
            }
        }
    }
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;
