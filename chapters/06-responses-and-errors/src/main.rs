//! Chapter 06 — responses and errors (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 6
//! Run the server:  PORT=8000 cargo run -p ch06-responses-and-errors
//!
//! Every route already answers; your job is to make each answer the way
//! FastAPI's `response_model`, `response_status_code` and `handling_errors`
//! tutorial apps do. Read the book's chapter 06 page as you go.
//!
//! # Layout
//!
//! - `error.rs`: `ApiError`, the one error type, and its one `IntoResponse`.
//! - the 422 detail list comes from the `fastapi-errors` crate (you built it in chapters 02–05).
//! - `users.rs`: `POST /user/`.
//! - `items.rs`: the item routes.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod error;
mod items;
mod users;

use axum::{
    Json, Router,
    extract::Path,
    http::StatusCode,
    routing::{get, post},
};
use serde::Serialize;

use error::Result;

#[derive(Serialize)]
struct Unicorn {
    unicorn_name: String,
}

/// `GET /unicorns/{name}`
// TODO(ch06): the name "yolo" is trouble: answer it with the custom error
// you add to `ApiError` (418), so the handler only says *what* went wrong.
// Book: 06 · Responses and errors › "A custom error"
async fn read_unicorn(Path(name): Path<String>) -> Result<Json<Unicorn>> {
    Ok(Json(Unicorn { unicorn_name: name }))
}

/// FastAPI's error body: `{"detail": "..."}` (from chapter 01).
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

/// Every path no route matches.
async fn not_found() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::NOT_FOUND,
        Json(Detail {
            detail: "Not Found",
        }),
    )
}

/// A known path with a method it does not serve; axum adds `allow` itself.
async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(Detail {
            detail: "Method Not Allowed",
        }),
    )
}

/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/user/", post(users::create_user))
        .route("/items/", post(items::create_item))
        .route("/items/{item_id}", get(items::read_item))
        .route("/items/{item_id}/name", get(items::read_item_name))
        .route("/items/{item_id}/public", get(items::read_item_public))
        .route("/items-header/{item_id}", get(items::read_item_header))
        .route("/unicorns/{name}", get(read_unicorn))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

#[tokio::main]
async fn main() {
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app())
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
