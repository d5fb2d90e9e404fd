//! Chapter 11 — background tasks (reference solution).
//!
//! Part 1 is FastAPI's `background_tasks.tutorial002`: answer at once, then
//! append to `log.txt` in the working directory. Part 2 is the workbook's
//! own contract: a notification is sent to an email API in the background,
//! with retries, and can be looked up while it is on its way.
//!
//! ```text
//! $ EMAIL_API_URL=http://127.0.0.1:9000 PORT=8000 cargo run -p ch11-background-tasks-solution
//! $ curl -X POST 'http://127.0.0.1:8000/send-notification/ann@example.com?q=hi'
//! {"message":"Message sent"}                  (log.txt: "found query: hi", "message to ann@example.com")
//! $ curl -X POST http://127.0.0.1:8000/notifications \
//!        -H 'content-type: application/json' -d '{"email":"ann@example.com","message":"Hi"}'
//! {"id":"3f2c…","email":"ann@example.com","message":"Hi","status":"queued","attempts":0}   (202)
//! $ curl http://127.0.0.1:8000/notifications/3f2c…
//! {"id":"3f2c…","email":"ann@example.com","message":"Hi","status":"sent","attempts":1}
//! ```
//!
//! # Layout
//!
//! - `log_file.rs`: part 1, a task that writes after the response.
//! - `email.rs`: the email API client: one timeout, retries, no retry on 4xx.
//! - `notifications.rs`: part 2's routes and the store they share.
//! - here: the state, the router, and a shutdown that waits for the tasks.

mod email;
mod log_file;
mod notifications;

use std::path::PathBuf;
use std::sync::Arc;

use axum::{
    Json, Router,
    http::StatusCode,
    routing::{get, post},
};
use serde_json::{Value, json};
use tokio_util::task::TaskTracker;

use email::{EmailApi, EmailSettings};
use notifications::Notifications;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// Background work the shutdown waits for: a bare `tokio::spawn` would
    /// be dropped mid-send when `main` returns.
    pub tasks: TaskTracker,
    pub notifications: Notifications,
    pub email: Arc<EmailApi>,
    /// Part 1's log file (`log.txt` in the working directory, like FastAPI).
    pub log_path: PathBuf,
}

impl AppState {
    pub fn new(settings: EmailSettings, log_path: PathBuf) -> Self {
        AppState {
            tasks: TaskTracker::new(),
            notifications: Notifications::default(),
            email: Arc::new(EmailApi::new(settings)),
            log_path,
        }
    }
}

/// The whole application. `main` only serves it, so tests can build it too.
fn app(state: AppState) -> Router {
    Router::new()
        .route(
            "/send-notification/{email}",
            post(log_file::send_notification),
        )
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
    let state = AppState::new(EmailSettings::from_env(), PathBuf::from("log.txt"));
    let tasks = state.tasks.clone();
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
    // No request is in flight any more, so no new task can start: close the
    // tracker, then wait for the work already accepted (emails on their way,
    // retries included) before the process ends.
    tasks.close();
    println!("waiting for {} background task(s)", tasks.len());
    tasks.wait().await;
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
