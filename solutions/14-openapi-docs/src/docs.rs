//! The OpenAPI document's frame, the schemas every route shares, and the
//! pages that show the document.

use axum::Router;
use serde::Serialize;
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

/// The document's top: FastAPI's defaults (`FastAPI`, `0.1.0`) so the two
/// documents read alike. The routes add their paths and schemas.
#[derive(OpenApi)]
#[openapi(info(title = "FastAPI", version = "0.1.0"))]
pub struct ApiDoc;

// FastAPI's 422 body, as FastAPI documents it. The `fastapi-errors` crate
// builds the real answers; these types describe them (`Serialize` only
// lends utoipa serde's attributes: `untagged`, `rename`).

#[derive(Serialize, ToSchema)]
#[schema(as = HTTPValidationError)]
pub struct HttpValidationError {
    #[schema(required = false)]
    detail: Vec<ValidationError>,
}

#[derive(Serialize, ToSchema)]
pub struct ValidationError {
    loc: Vec<LocItem>,
    msg: String,
    #[serde(rename = "type")]
    kind: String,
    #[schema(required = false)]
    input: Value,
    #[schema(required = false, value_type = Object)]
    ctx: Value,
}

// A `loc` item: where (`"body"`), or which field (`"age"`, or `0`).
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // described, never built
pub enum LocItem {
    Name(String),
    Index(i64),
}

// `{"detail": "Hero not found"}`: FastAPI's `HTTPException`.
#[derive(Serialize, ToSchema)]
pub struct NotFound {
    detail: String,
}

/// Swagger UI at `/docs`, reading the document at `/openapi.json`. Its
/// files come from the binary itself (the `vendored` feature), so the page
/// works without a network. `/docs` redirects to `/docs/`: the page's
/// files are named relative to it.
pub fn swagger_ui<S: Clone + Send + Sync + 'static>(api: utoipa::openapi::OpenApi) -> Router<S> {
    SwaggerUi::new("/docs").url("/openapi.json", api).into()
}
