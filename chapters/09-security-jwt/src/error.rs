//! The crate's one error type: everything a handler or an extractor can
//! answer instead of success turns into a response here.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use fastapi_errors::ValidationErrors;

#[derive(Debug)]
pub enum ApiError {
    /// Bad input: 422 with FastAPI's detail list.
    Invalid(ValidationErrors),
    /// FastAPI's `HTTPException(status_code, detail, headers=...)`; the only
    /// header this app ever adds is `WWW-Authenticate`.
    Http {
        status: StatusCode,
        detail: &'static str,
        www_authenticate: Option<String>,
    },
}

impl ApiError {
    pub fn http(status: StatusCode, detail: &'static str) -> Self {
        ApiError::Http {
            status,
            detail,
            www_authenticate: None,
        }
    }

    /// 401, telling the client which scheme (and scopes) would do.
    pub fn unauthorized(detail: &'static str, challenge: impl Into<String>) -> Self {
        ApiError::Http {
            status: StatusCode::UNAUTHORIZED,
            detail,
            www_authenticate: Some(challenge.into()),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        ApiError::Invalid(errors)
    }
}

/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Invalid(errors) => errors.into_response(),
            ApiError::Http {
                status,
                detail,
                www_authenticate,
            } => {
                let mut response = (status, Json(Detail { detail })).into_response();
                if let Some(value) = www_authenticate.and_then(|v| HeaderValue::try_from(v).ok()) {
                    response
                        .headers_mut()
                        .insert(header::WWW_AUTHENTICATE, value);
                }
                response
            }
        }
    }
}
