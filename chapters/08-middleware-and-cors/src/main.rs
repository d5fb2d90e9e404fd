//! Chapter 08 — middleware and CORS (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 8
//! Run the server:  PORT=8000 cargo run -p ch08-middleware-and-cors
//!
//! The routes are done: `GET /` and the JSON 404/405 from chapter 01. Your
//! job is what happens *around* them, on every request: a timing header, and
//! the CORS headers a browser needs. Read the book's chapter 08 page as you go.

use axum::{Json, Router, http::StatusCode, routing::get};
use serde::Serialize;

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

/// `GET /`: the CORS tutorial's one route.
async fn read_root() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// FastAPI's error body: `{"detail": "..."}` (from chapter 01).
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

async fn not_found() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::NOT_FOUND,
        Json(Detail {
            detail: "Not Found",
        }),
    )
}

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
    // TODO(ch08): every response, 404s and 405s included, must carry
    // `x-process-time`: the seconds the request took, as a number. Write an
    // `async fn add_process_time_header(request: Request, next: Next) -> Response`
    // and add it with `.layer(axum::middleware::from_fn(...))`.
    // Book: 08 · Middleware and CORS › "Your first middleware"
    //
    // TODO(ch08): let browsers on these origins call the API with
    // credentials: http://localhost.tiangolo.com, https://localhost.tiangolo.com,
    // http://localhost and http://localhost:8080 — a `tower_http::cors::CorsLayer`
    // (tower-http is already in Cargo.toml). Mind the start-up panic.
    // Book: 08 · Middleware and CORS › "Preflights, credentials and wildcards"
    Router::new()
        .route("/", get(read_root))
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
