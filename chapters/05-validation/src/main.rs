//! Chapter 05 — validation (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 5
//! Run the server:  PORT=8000 cargo run -p ch05-validation
//!
//! Both routes already parse their values with the `fastapi-errors` crate
//! (the 422 toolkit you built in chapters 02 and 03). What they do not do yet is hold the
//! values to FastAPI's constraints: lengths, a pattern, numeric bounds. Read
//! the book's chapter 05 page as you go.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::get,
};
use fastapi_errors::{ValidationErrors, loc, parse_float, parse_int, required};
use serde::Serialize;

#[derive(Serialize)]
struct ItemId {
    item_id: &'static str,
}

#[derive(Serialize)]
struct Items {
    items: [ItemId; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
}

// TODO(ch05): FastAPI reads this value under the alias `item-query`, not `q`,
// and holds it to min_length=3, max_length=50 and pattern="^fixedquery$":
// write `fn item_query(raw: &str) -> Result<String, ErrorItem>` that checks
// them in that order and stops at the first one broken (`fastapi_errors` has
// `min_length`, `max_length` and `pattern`).
// Book: 05 · Validation › "A query value with constraints"
async fn read_items(
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Items>, ValidationErrors> {
    let q = query.get("q").filter(|q| !q.is_empty()).cloned();
    Ok(Json(Items {
        items: [ItemId { item_id: "Foo" }, ItemId { item_id: "Bar" }],
        q,
    }))
}

#[derive(Serialize)]
struct ItemRead {
    item_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    size: f64,
}

// TODO(ch05): `item_id` must be 0 ≤ item_id ≤ 1000 (FastAPI's `ge=0, le=1000`)
// and `size` 0 < size < 10.5 (`gt=0, lt=10.5`). Parse first, then check the
// bounds with `fastapi_errors::bound`; a bound that fails is one more error
// in `errors`, reported with the others.
// Book: 05 · Validation › "Numeric bounds"
async fn read_item(
    Path(raw_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<ItemRead>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let item_id = errors.take(parse_int(loc("path", "item_id"), &raw_id));
    let q = errors.take(required(loc("query", "q"), query.get("q")));
    let size = errors.take(
        required(loc("query", "size"), query.get("size"))
            .and_then(|raw| parse_float(loc("query", "size"), raw)),
    );

    // A `None` always left its error behind in `errors`.
    let (Some(item_id), Some(q), Some(size)) = (item_id, q, size) else {
        return Err(errors);
    };
    // `q: str` is required, but may be empty; the tutorial leaves an empty one out.
    let q = Some(q.to_string()).filter(|q| !q.is_empty());
    Ok(Json(ItemRead { item_id, q, size }))
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
        .route("/items/", get(read_items))
        .route("/items/{item_id}", get(read_item))
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
