//! Chapter 01 — hello, world (reference solution).
//!
//! The contract is FastAPI's first-steps app:
//!
//! ```text
//! $ PORT=8000 cargo run -p ch01-hello-world-solution
//! $ curl -i http://127.0.0.1:8000/
//! HTTP/1.1 200 OK
//! content-type: application/json
//!
//! {"message":"Hello World"}
//! $ curl -i -X POST http://127.0.0.1:8000/
//! HTTP/1.1 405 Method Not Allowed
//! allow: GET,HEAD
//!
//! {"detail":"Method Not Allowed"}
//! ```

use axum::{Json, Router, http::StatusCode, routing::get};
use serde::Serialize;

// ANCHOR: message
/// The body of `GET /`. Deriving `Serialize` is how a Rust type becomes JSON:
/// the field name is the key, exactly as a Pydantic model's would be.
#[derive(Serialize)]
struct Message {
    message: &'static str,
}

async fn read_root() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}
// ANCHOR_END: message

// ANCHOR: detail
/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

/// Every path no route matches. axum's own 404 has an empty body.
async fn not_found() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::NOT_FOUND,
        Json(Detail {
            detail: "Not Found",
        }),
    )
}

/// A known path with a method it does not serve. axum still adds the
/// `allow` header listing the methods the path does serve.
async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(Detail {
            detail: "Method Not Allowed",
        }),
    )
}
// ANCHOR_END: detail

// ANCHOR: app
/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/", get(read_root))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}
// ANCHOR_END: app

// ANCHOR: main
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
// ANCHOR_END: main
