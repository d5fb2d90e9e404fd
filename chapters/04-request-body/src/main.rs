//! Chapter 04 — request body (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 4
//! Run the server:  PORT=8000 cargo run -p ch04-request-body
//!
//! Both routes already work for a good request, with axum's stock `Json`
//! extractor. Your job is every bad request: FastAPI answers each with 422
//! and a detail list naming every problem, where `Json` answers 400, 415 or
//! a 422 in plain text that names only the first. Read the book's chapter 04
//! page as you go.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::{post, put},
};
use fastapi_errors::{ValidationErrors, loc, parse_int};
use serde::{Deserialize, Serialize};

/// FastAPI's `Item` model.
#[derive(Debug, Deserialize, Serialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

// TODO(ch04): `Json<Item>` rejects a bad body before your handler runs, with
// axum's own answer (400 for broken JSON, 415 without a JSON content type,
// 422 in plain text for a missing field). Take the raw body instead
// (`HeaderMap` and `Bytes`) and read the item field by field with the
// `fastapi_errors` crate (`json_body`, then `BodyObject`), so a bad body
// answers FastAPI's 422 detail list with every problem in it.
// Book: 04 · Request body › "Why stock Json is not enough"
async fn create_item(Json(item): Json<Item>) -> Json<Item> {
    Json(item)
}

/// The answer of `PUT /items/{item_id}`: the id, the item's fields at the
/// same level (`flatten`), and `q` only when it was given and not empty.
#[derive(Serialize)]
struct UpdatedItem {
    item_id: i64,
    #[serde(flatten)]
    item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
}

// TODO(ch04): a bad `item_id` and a bad body must be reported together, path
// first. Here `Json<Item>` answers before the path is even looked at. Read
// the body raw as in `create_item`, and collect both errors in one
// `ValidationErrors`.
// Book: 04 · Request body › "Path, query and body together"
async fn update_item(
    Path(raw_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    Json(item): Json<Item>,
) -> Result<Json<UpdatedItem>, ValidationErrors> {
    let item_id = parse_int(loc("path", "item_id"), &raw_id)?;
    // `q: str | None`: any text is valid; FastAPI's tutorial skips an empty one.
    let q = query.get("q").filter(|q| !q.is_empty()).cloned();
    Ok(Json(UpdatedItem { item_id, item, q }))
}

/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

/// Unknown paths answer JSON, as in chapter 01.
async fn not_found() -> (StatusCode, Json<Detail>) {
    let detail = Detail {
        detail: "Not Found",
    };
    (StatusCode::NOT_FOUND, Json(detail))
}

/// Known paths with an unserved method answer JSON; axum adds `allow`.
async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    let detail = Detail {
        detail: "Method Not Allowed",
    };
    (StatusCode::METHOD_NOT_ALLOWED, Json(detail))
}

/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/items/", post(create_item))
        .route("/items/{item_id}", put(update_item))
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
