//! Chapter 10 — SQL database (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 10
//! Run the server:  PORT=8000 cargo run -p ch10-sql-database
//!
//! FastAPI's `sql_databases` tutorial 002 — heroes you create, list a page
//! at a time, read, update field by field and delete — stored with sqlx.
//! SQLite by default (a file, `database.db`, in the working directory);
//! PostgreSQL when `DATABASE_URL` says so
//! (`DATABASE_URL=postgres://me@localhost/heroes cargo run -p ch10-sql-database`).
//!
//! The server starts, opens the pool and answers; the hero routes answer
//! 501 until you write them. Your work, in the order the book takes it:
//!
//! - `migrations/`: the `hero` table, once per database;
//! - `db.rs`: run those migrations at start;
//! - `heroes.rs`: the row type and one query per route;
//! - `error.rs`: the 404.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod db;
mod error;
mod heroes;

use axum::{
    Json, Router,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;
use sqlx::AnyPool;

/// The app: the hero routes with the pool as their state, and FastAPI's
/// JSON answers for unknown paths and methods.
fn app(pool: AnyPool) -> Router {
    heroes::router()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(pool)
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
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| db::DEFAULT_URL.to_string());
    let pool = match db::connect(&url).await {
        Ok(pool) => pool,
        Err(err) => {
            // No URL in the message: it may hold a password.
            eprintln!("cannot open the database (DATABASE_URL): {err}");
            std::process::exit(1);
        }
    };

    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app(pool.clone()))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
    // Lets SQLite finish its files cleanly before the process ends.
    pool.close().await;
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
