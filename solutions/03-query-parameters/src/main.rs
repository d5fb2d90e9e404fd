//! Chapter 03 — query parameters (reference solution).
//!
//! The contract is three of FastAPI's `query_params` tutorial apps served by
//! one router: defaults (`/items/`), optional and boolean parameters
//! (`/users/{user_id}/items/{item_id}`) and a required one (`/items/{item_id}`).
//!
//! ```text
//! $ PORT=8000 cargo run -p ch03-query-parameters-solution
//! $ curl 'http://127.0.0.1:8000/items/?skip=1&limit=1'
//! [{"item_name":"Bar"}]
//! $ curl 'http://127.0.0.1:8000/users/3/items/foo?q=hi&short=yes'
//! {"item_id":"foo","owner_id":3,"q":"hi"}
//! $ curl 'http://127.0.0.1:8000/items/foo?skip=a'
//! {"detail":[{"type":"missing","loc":["query","needy"],"msg":"Field required","input":null},
//!            {"type":"int_parsing","loc":["query","skip"],...,"input":"a"}]}
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod validation;

use axum::{
    Json, Router,
    extract::{Path, Query},
    http::StatusCode,
    routing::get,
};
use serde::Serialize;

use crate::validation::{
    QueryMap, ValidationErrors, loc, optional, parse_bool, parse_int, required,
};

// ANCHOR: read_items
/// The tutorial's whole "database".
const FAKE_ITEMS_DB: [&str; 3] = ["Foo", "Bar", "Baz"];

#[derive(Serialize)]
struct ItemName {
    item_name: &'static str,
}

/// `GET /items/?skip=0&limit=10`: both optional, with defaults.
async fn read_items(
    Query(params): Query<QueryMap>,
) -> Result<Json<Vec<ItemName>>, ValidationErrors> {
    // Parse both before giving up, so `?skip=x&limit=y` reports both.
    let mut errors = ValidationErrors::default();
    let skip = errors.take(optional(params.get("skip"), |raw| {
        parse_int(loc("query", "skip"), raw)
    }));
    let limit = errors.take(optional(params.get("limit"), |raw| {
        parse_int(loc("query", "limit"), raw)
    }));
    let (Some(skip), Some(limit)) = (skip, limit) else {
        return Err(errors);
    };
    // `unwrap_or` is the Rust spelling of `skip: int = 0`.
    let (skip, limit) = (skip.unwrap_or(0), limit.unwrap_or(10));

    // Python slices never fail: a window past the end is just shorter. Negative
    // values are clamped to 0 here (Python would count from the end).
    let start = usize::try_from(skip).unwrap_or(0).min(FAKE_ITEMS_DB.len());
    let end = usize::try_from(skip.saturating_add(limit))
        .unwrap_or(0)
        .clamp(start, FAKE_ITEMS_DB.len());
    let items = FAKE_ITEMS_DB[start..end]
        .iter()
        .map(|&item_name| ItemName { item_name })
        .collect();
    Ok(Json(items))
}
// ANCHOR_END: read_items

// ANCHOR: read_user_item
#[derive(Serialize)]
struct UserItem {
    item_id: String,
    owner_id: i64,
    /// Left out of the JSON when `None`, as the Python dict leaves out the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

/// `GET /users/{user_id}/items/{item_id}?q=...&short=...`
async fn read_user_item(
    Path((user_id, item_id)): Path<(String, String)>,
    Query(params): Query<QueryMap>,
) -> Result<Json<UserItem>, ValidationErrors> {
    // Path first, then query: the order FastAPI lists errors in.
    let mut errors = ValidationErrors::default();
    let owner_id = errors.take(parse_int(loc("path", "user_id"), &user_id));
    let short = errors.take(optional(params.get("short"), |raw| {
        parse_bool(loc("query", "short"), raw)
    }));
    let (Some(owner_id), Some(short)) = (owner_id, short) else {
        return Err(errors);
    };

    // `q: str | None = None`; the tutorial's `if q:` also skips an empty `?q=`.
    let q = params.get("q").filter(|q| !q.is_empty()).cloned();
    let description =
        (!short.unwrap_or(false)).then_some("This is an amazing item that has a long description");
    Ok(Json(UserItem {
        item_id,
        owner_id,
        q,
        description,
    }))
}
// ANCHOR_END: read_user_item

// ANCHOR: read_needy_item
#[derive(Serialize)]
struct NeedyItem {
    item_id: String,
    needy: String,
    skip: i64,
    /// `None` is sent as `null`: FastAPI always includes `limit`.
    limit: Option<i64>,
}

/// `GET /items/{item_id}?needy=...&skip=0&limit=...`: `needy` is required.
async fn read_needy_item(
    Path(item_id): Path<String>,
    Query(params): Query<QueryMap>,
) -> Result<Json<NeedyItem>, ValidationErrors> {
    // One `take` per parameter, in declaration order: every error is
    // recorded, and each value is `Some` only if it parsed.
    let mut errors = ValidationErrors::default();
    let needy = errors.take(required(loc("query", "needy"), params.get("needy")));
    let skip = errors.take(optional(params.get("skip"), |raw| {
        parse_int(loc("query", "skip"), raw)
    }));
    let limit = errors.take(optional(params.get("limit"), |raw| {
        parse_int(loc("query", "limit"), raw)
    }));
    let (Some(needy), Some(skip), Some(limit)) = (needy, skip, limit) else {
        return Err(errors);
    };
    Ok(Json(NeedyItem {
        item_id,
        needy: needy.to_owned(),
        skip: skip.unwrap_or(0),
        limit,
    }))
}
// ANCHOR_END: read_needy_item

// Chapter 01's JSON answers for unknown paths and wrong methods.
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

// ANCHOR: app
/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        // The trailing slash is part of FastAPI's path: `/items/`, not `/items`.
        .route("/items/", get(read_items))
        .route("/items/{item_id}", get(read_needy_item))
        .route("/users/{user_id}/items/{item_id}", get(read_user_item))
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
