//! The OpenAPI document's frame, the schemas every route shares, and the
//! pages that show the document.

// TODO(ch14): the document's top: a struct deriving `utoipa::OpenApi`, with
// FastAPI's defaults in `#[openapi(info(title = "FastAPI", version = "0.1.0"))]`.
// Book: 14 · OpenAPI docs › "Serving the document"

// TODO(ch14): FastAPI's 422 body, as FastAPI documents it (its
// `HTTPValidationError`): `{"detail": [{"loc": [string or integer, ...],
// "msg": string, "type": string, "input": any, "ctx": object}]}`, where only
// `loc`, `msg` and `type` are required and `detail` itself is not. And the
// 404's `{"detail": string}`. Types that derive `ToSchema` only to describe
// these answers: `fastapi-errors` builds the real ones.
// Book: 14 · OpenAPI docs › "Responses"

// TODO(ch14): Swagger UI at `/docs`, reading the document at `/openapi.json`,
// with its files compiled in (`utoipa_swagger_ui::SwaggerUi`; the workspace
// turns on its `vendored` feature), as a `pub fn swagger_ui(...)`.
// Book: 14 · OpenAPI docs › "Swagger UI, offline"
