//! The one error type of this crate, and the one place it becomes a response.
//!
//! Every handler returns `Result<T, ApiError>`; `?` converts what can go
//! wrong into an `ApiError`, and `impl IntoResponse` below decides how each
//! error answers.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

use fastapi_errors::{ErrorItem, ValidationErrors};

/// Everything a handler can answer instead of its normal response.
#[derive(Debug)]
pub enum ApiError {
    // TODO(ch06): this is FastAPI's `HTTPException(404, "Item not found")`,
    // but it answers an empty 404. Make the variant carry a status, a
    // `detail` and extra headers (`x-error` for /items-header), and answer
    // them below as {"detail": "..."}.
    // Book: 06 · Responses and errors › "One error type"
    NotFound,
    /// Input that does not fit: 422 with FastAPI's detail list.
    Validation(ValidationErrors),
    // TODO(ch06): add the tutorial's custom error, `Unicorn { name }`, and
    // answer it with 418 {"message": "Oops! {name} did something. There goes
    // a rainbow..."}.
    // Book: 06 · Responses and errors › "A custom error"
}

/// Handlers return `Result<T>`; the error type is always [`ApiError`].
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND.into_response(),
            ApiError::Validation(errors) => errors.into_response(),
        }
    }
}

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
