//! Chapter 06 — responses and errors (reference solution).
//!
//! The contract is FastAPI's `response_model`, `response_status_code` and
//! `handling_errors` tutorial apps, served by one router:
//!
//! ```text
//! $ PORT=8000 cargo run -p ch06-responses-and-errors-solution
//! $ curl -i http://127.0.0.1:8000/user/ -H 'content-type: application/json' \
//!     -d '{"username":"foo","password":"fighter","email":"foo@example.com"}'
//! HTTP/1.1 200 OK
//! content-type: application/json
//!
//! {"username":"foo","email":"foo@example.com","full_name":null}
//! $ curl -i http://127.0.0.1:8000/unicorns/yolo
//! HTTP/1.1 418 I'm a teapot
//! content-type: application/json
//!
//! {"message":"Oops! yolo did something. There goes a rainbow..."}
//! ```
//!
//! # Layout
//!
//! - `error.rs`: `ApiError`, the one error type, and its one `IntoResponse`.
//! - the 422 detail list comes from the `fastapi-errors` crate (you built it in chapters 02–05).
//! - `users.rs`: `POST /user/`, input and output types.
//! - `items.rs`: the item routes, one catalogue in several views.

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

use error::{ApiError, Result};

// ANCHOR: unicorn
#[derive(Serialize)]
struct Unicorn {
    unicorn_name: String,
}

/// `GET /unicorns/{name}`: one name is trouble. The handler only says *what*
/// went wrong; how a unicorn error answers is decided in `error.rs`.
async fn read_unicorn(Path(name): Path<String>) -> Result<Json<Unicorn>> {
    if name == "yolo" {
        return Err(ApiError::Unicorn { name });
    }
    Ok(Json(Unicorn { unicorn_name: name }))
}
// ANCHOR_END: unicorn

/// Every path no route matches: FastAPI's JSON 404, from the same error type.
async fn not_found() -> ApiError {
    ApiError::not_found("Not Found")
}

/// A known path with a method it does not serve; axum adds `allow` itself.
async fn method_not_allowed() -> ApiError {
    ApiError::Http {
        status: StatusCode::METHOD_NOT_ALLOWED,
        detail: "Method Not Allowed",
        headers: Vec::new(),
    }
}

// ANCHOR: app
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
// ANCHOR_END: app

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
