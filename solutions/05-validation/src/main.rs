//! Chapter 05 — validation (reference solution).
//!
//! The contract is two FastAPI tutorials: string constraints on a query
//! value read under an alias (`GET /items/?item-query=...`), and numeric
//! bounds on a path value and a float query value (`GET /items/{item_id}`).
//!
//! ```text
//! $ PORT=8000 cargo run -p ch05-validation-solution
//! $ curl -i 'http://127.0.0.1:8000/items/?item-query=qu'
//! HTTP/1.1 422 Unprocessable Entity
//! content-type: application/json
//!
//! {"detail":[{"type":"string_too_short","loc":["query","item-query"],
//!   "msg":"String should have at least 3 characters","input":"qu","ctx":{"min_length":3}}]}
//! $ curl -i 'http://127.0.0.1:8000/items/1001?q=foo&size=1'
//! HTTP/1.1 422 Unprocessable Entity
//!
//! {"detail":[{"type":"less_than_equal","loc":["path","item_id"],
//!   "msg":"Input should be less than or equal to 1000","input":"1001","ctx":{"le":1000}}]}
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::{
    Json, Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::get,
};
use fastapi_errors::{
    Bound, ErrorItem, ValidationErrors, bound, loc, max_length, min_length, parse_float, parse_int,
    pattern, required,
};
use regex::Regex;
use serde::Serialize;

// ANCHOR: item_query
/// The tutorial's pattern, compiled once, on first use.
static FIXED_QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^fixedquery$").expect("a valid pattern"));

/// `q: Annotated[str | None, Query(alias="item-query", min_length=3,
/// max_length=50, pattern="^fixedquery$")]`. The checks run in Pydantic's
/// order and `?` stops at the first broken one: one error per value.
fn item_query(raw: &str) -> Result<String, ErrorItem> {
    let at = || loc("query", "item-query");
    min_length(at(), raw, 3)?;
    max_length(at(), raw, 50)?;
    pattern(at(), raw, &FIXED_QUERY)?;
    Ok(raw.to_string())
}
// ANCHOR_END: item_query

// ANCHOR: read_items
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

/// `GET /items/`: the value is read under its alias; `q=` is just another
/// query key nobody asked for.
async fn read_items(
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Items>, ValidationErrors> {
    let q = query
        .get("item-query")
        .map(|raw| item_query(raw))
        .transpose()?;
    Ok(Json(Items {
        items: [ItemId { item_id: "Foo" }, ItemId { item_id: "Bar" }],
        q,
    }))
}
// ANCHOR_END: read_items

// ANCHOR: numbers
/// `item_id: Annotated[int, Path(ge=0, le=1000)]`
fn item_id(raw: &str) -> Result<i64, ErrorItem> {
    let at = || loc("path", "item_id");
    let value = parse_int(at(), raw)?;
    bound(at(), raw, value, Bound::Ge(0))?;
    bound(at(), raw, value, Bound::Le(1000))?;
    Ok(value)
}

/// `size: Annotated[float, Query(gt=0, lt=10.5)]`
fn size(raw: &str) -> Result<f64, ErrorItem> {
    let at = || loc("query", "size");
    let value = parse_float(at(), raw)?;
    bound(at(), raw, value, Bound::Gt(0.0))?;
    bound(at(), raw, value, Bound::Lt(10.5))?;
    Ok(value)
}
// ANCHOR_END: numbers

// ANCHOR: read_item
#[derive(Serialize)]
struct ItemRead {
    item_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    size: f64,
}

/// `GET /items/{item_id}?q=...&size=...`: every error at once, path first,
/// then the query values in the order the tutorial declares them.
async fn read_item(
    Path(raw_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<ItemRead>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let item_id = errors.take(item_id(&raw_id));
    let q = errors.take(required(loc("query", "q"), query.get("q")));
    let size = errors.take(required(loc("query", "size"), query.get("size")).and_then(size));

    // A `None` always left its error behind in `errors`.
    let (Some(item_id), Some(q), Some(size)) = (item_id, q, size) else {
        return Err(errors);
    };
    // `q: str` is required, but may be empty; the tutorial leaves an empty one out.
    let q = Some(q.to_string()).filter(|q| !q.is_empty());
    Ok(Json(ItemRead { item_id, q, size }))
}
// ANCHOR_END: read_item

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
