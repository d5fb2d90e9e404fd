//! Chapter 11 — background tasks (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 11
//! Run the server:  EMAIL_API_URL=http://127.0.0.1:9000 PORT=8000 cargo run -p ch11-background-tasks
//!
//! Part 1 is FastAPI's `background_tasks.tutorial002`: answer at once, then
//! append to `log.txt`. Part 2 sends each notification to an email API in
//! the background, with a timeout and retries, and never loses one at
//! shutdown. The notification store, its routes and the 422s are done (in
//! `notifications.rs`); the work that happens after the answer is yours.
//! Read the book's chapter 11 page as you go.

mod email;
mod notifications;

use axum::{
    Json, Router,
    http::StatusCode,
    routing::{get, post},
};
use serde_json::{Value, json};

use notifications::Notifications;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub notifications: Notifications,
    // TODO(ch11): add a `tokio_util::task::TaskTracker` (tokio-util is in
    // Cargo.toml): every background task is spawned on it, so that `main`
    // can wait for them at shutdown.
    // Book: 11 · Background tasks › "Answer first, work after"
    //
    // TODO(ch11): add the email API client you write in `email.rs`, built
    // once from `EmailSettings::from_env()` and shared (an `Arc`).
    // Book: 11 · Background tasks › "Calling the email API with reqwest"
}

/// The whole application. `main` only serves it, so tests can build it too.
fn app(state: AppState) -> Router {
    // TODO(ch11): part 1. `POST /send-notification/{email}` answers
    // `{"message": "Message sent"}` at once; after the answer, a task appends
    // "found query: {q}\n" (only when `?q=` is not empty) and then
    // "message to {email}\n" to `log.txt` in the working directory.
    // Book: 11 · Background tasks › "Answer first, work after"
    Router::new()
        .route("/notifications", post(notifications::create_notification))
        .route("/notifications/{id}", get(notifications::read_notification))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

async fn not_found() -> (StatusCode, Json<Value>) {
    (StatusCode::NOT_FOUND, Json(json!({"detail": "Not Found"})))
}

async fn method_not_allowed() -> (StatusCode, Json<Value>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({"detail": "Method Not Allowed"})),
    )
}

#[tokio::main]
async fn main() {
    let state = AppState {
        notifications: Notifications::default(),
    };
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
    // TODO(ch11): the server has stopped taking requests, but emails may
    // still be on their way (a retry waiting, a slow API). Close the task
    // tracker and wait for it here, or they die with the process.
    // Book: 11 · Background tasks › "Shutting down without losing work"
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
