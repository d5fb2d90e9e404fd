//! Chapter 14 — OpenAPI docs (reference solution).
//!
//! Chapter 10's heroes (kept in memory here), documented: the server
//! serves an OpenAPI 3.1 document at `/openapi.json`, derived from the
//! code by utoipa, and Swagger UI at `/docs`, whose files are compiled in.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch14-openapi-docs-solution
//! $ curl http://127.0.0.1:8000/openapi.json
//! {"openapi":"3.1.0","info":{"title":"FastAPI","version":"0.1.0"},"paths":{"/heroes/":...
//! $ xdg-open http://127.0.0.1:8000/docs
//! ```
//!
//! # Layout
//!
//! - `heroes.rs`: the input and output types, and one handler per route,
//!   each with its `#[utoipa::path]`.
//! - `docs.rs`: the document's frame, FastAPI's 422 schema, Swagger UI.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod docs;
mod heroes;

use axum::{
    Json, Router,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The app: the documented hero routes, the document they make, Swagger UI
/// to read it, and FastAPI's JSON answers for unknown paths and methods.
fn app(db: heroes::Db) -> Router {
    let (routes, api) = OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .merge(heroes::router())
        .split_for_parts();
    routes
        .merge(docs::swagger_ui(api))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(db)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({"detail": "Not Found"}))).into_response()
}

async fn method_not_allowed() -> Response {
    let body = Json(json!({"detail": "Method Not Allowed"}));
    (StatusCode::METHOD_NOT_ALLOWED, body).into_response()
}

#[tokio::main]
async fn main() {
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr} (docs at http://{addr}/docs)");
    axum::serve(listener, app(heroes::Db::default()))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("Ctrl-C handler");
    };
    // SIGTERM is how process managers (and the checker) ask a server to
    // stop; Windows has no such signal, so there only Ctrl-C counts.
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
