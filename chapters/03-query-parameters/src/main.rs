//! Chapter 03 — query parameters (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 3
//! Run the server:  PORT=8000 cargo run -p ch03-query-parameters
//!
//! Every route answers already, reading its query with axum's stock `Query`
//! extractor. That extractor answers a bad or missing value with 400 and plain
//! text, stops at the first problem, and knows only `true`/`false` for a bool.
//! Your job: FastAPI's 422 list, with every problem in it.

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
use serde::{Deserialize, Serialize};

use crate::validation::{ValidationErrors, loc, parse_int};

/// The tutorial's whole "database".
const FAKE_ITEMS_DB: [&str; 3] = ["Foo", "Bar", "Baz"];

#[derive(Serialize)]
struct ItemName {
    item_name: &'static str,
}

#[derive(Deserialize)]
struct Pagination {
    #[serde(default)]
    skip: i64,
    #[serde(default = "ten")]
    limit: i64,
}

fn ten() -> i64 {
    10
}

// TODO(ch03): `?skip=x&limit=y` must answer 422 with two `int_parsing` items,
// skip first. Take the raw `Query<HashMap<String, String>>` and parse each
// parameter yourself, keeping every error.
// Book: 03 · Query parameters › "Every error at once"
async fn read_items(Query(page): Query<Pagination>) -> Json<Vec<ItemName>> {
    // Negative values are clamped to 0 (Python would count from the end).
    let start = usize::try_from(page.skip)
        .unwrap_or(0)
        .min(FAKE_ITEMS_DB.len());
    let end = usize::try_from(page.skip.saturating_add(page.limit))
        .unwrap_or(0)
        .clamp(start, FAKE_ITEMS_DB.len());
    let items = FAKE_ITEMS_DB[start..end]
        .iter()
        .map(|&item_name| ItemName { item_name })
        .collect();
    Json(items)
}

#[derive(Serialize)]
struct UserItem {
    item_id: String,
    owner_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'static str>,
}

#[derive(Deserialize)]
struct UserItemQuery {
    q: Option<String>,
    #[serde(default)]
    short: bool,
}

// TODO(ch03): serde reads a bool only as `true` or `false`; FastAPI also takes
// 1/0, yes/no, on/off, t/f, y/n in any case, and answers anything else with a 422
// `bool_parsing` item listed after any path error. FastAPI also drops an
// empty `?q=` from the answer, like an absent one.
// Book: 03 · Query parameters › "Booleans the FastAPI way"
async fn read_user_item(
    Path((user_id, item_id)): Path<(String, String)>,
    Query(query): Query<UserItemQuery>,
) -> Result<Json<UserItem>, ValidationErrors> {
    let owner_id = parse_int(loc("path", "user_id"), &user_id)?;
    let description =
        (!query.short).then_some("This is an amazing item that has a long description");
    Ok(Json(UserItem {
        item_id,
        owner_id,
        q: query.q,
        description,
    }))
}

#[derive(Serialize)]
struct NeedyItem {
    item_id: String,
    needy: String,
    skip: i64,
    limit: Option<i64>,
}

#[derive(Deserialize)]
struct NeedyQuery {
    needy: String,
    #[serde(default)]
    skip: i64,
    limit: Option<i64>,
}

// TODO(ch03): without `needy`, FastAPI answers 422 with a `missing` item
// (input null), followed by any bad skip or limit, in that order.
// Book: 03 · Query parameters › "Required parameters"
async fn read_needy_item(
    Path(item_id): Path<String>,
    Query(query): Query<NeedyQuery>,
) -> Json<NeedyItem> {
    Json(NeedyItem {
        item_id,
        needy: query.needy,
        skip: query.skip,
        limit: query.limit,
    })
}

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
