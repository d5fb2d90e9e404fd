//! Chapter 01's worked example: a status page that answers JSON, errors
//! included.
//!
//! ```text
//! GET  /status       200 {"status":"up","version":1}
//! GET  /nowhere      404 {"error":"no such page"}
//! POST /status       405 {"error":"status is read-only"}, allow: GET,HEAD
//! ```

use axum::{Json, Router, http::StatusCode, routing::get};
use serde::Serialize;

// ANCHOR: json
/// The JSON shape of the answer: one struct, `Serialize` derived.
#[derive(Serialize)]
struct Status {
    status: &'static str,
    version: u32,
}

/// `axum::Json` sends the struct as JSON, `content-type: application/json`.
async fn show_status() -> Json<Status> {
    Json(Status {
        status: "up",
        version: 1,
    })
}
// ANCHOR_END: json

// ANCHOR: errors
/// This app's error shape. (FastAPI's is `{"detail": ...}`: yours follows it.)
#[derive(Serialize)]
struct Problem {
    error: &'static str,
}

/// Any path no route matches. A `(StatusCode, Json<T>)` tuple is a
/// response: the first element sets the status.
async fn no_such_page() -> (StatusCode, Json<Problem>) {
    let problem = Problem {
        error: "no such page",
    };
    (StatusCode::NOT_FOUND, Json(problem))
}

/// A known path asked with a method it does not serve. axum still adds the
/// `allow` header to whatever this returns.
async fn read_only() -> (StatusCode, Json<Problem>) {
    let problem = Problem {
        error: "status is read-only",
    };
    (StatusCode::METHOD_NOT_ALLOWED, Json(problem))
}
// ANCHOR_END: errors

// ANCHOR: app
/// The route table: one route, and a handler for each way to miss it.
pub fn app() -> Router {
    Router::new()
        .route("/status", get(show_status))
        .fallback(no_such_page)
        .method_not_allowed_fallback(read_only)
}
// ANCHOR_END: app
