//! Chapter 07 — dependencies (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 7
//! Run the server:  PORT=8000 cargo run -p ch07-dependencies
//!
//! One server for several of FastAPI's dependency tutorials. The routes all
//! answer already; your job is to move what they need from the request into
//! dependencies (extractors), and to put two header dependencies in front of
//! every route. Most of your work is in `dependencies.rs`.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod dependencies;
mod error;

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{FromRef, Path, Query, State},
    http::StatusCode,
    routing::get,
};
use serde::Serialize;

use dependencies::{CommonQueryParams, QueryParam, Username};
use error::ApiError;

/// Everything the handlers share. `FromRef` lets each one ask for just its
/// part: `State<Items>` in `read_item`.
// TODO(ch07): add the `ApiKeys` your header dependencies compare against
// (FastAPI's values: "fake-super-secret-token", "fake-super-secret-key").
// Book: 07 · Dependencies › "State and overrides"
#[derive(Clone, Default, FromRef)]
struct AppState {
    items: Items,
}

/// The items of FastAPI's yield tutorial, by id.
#[derive(Clone)]
struct Items(Arc<HashMap<&'static str, Item>>);

#[derive(Clone, Serialize)]
struct Item {
    description: &'static str,
    owner: &'static str,
}

impl Default for Items {
    fn default() -> Self {
        let item = |description, owner| Item { description, owner };
        Items(Arc::new(HashMap::from([
            ("plumbus", item("Freshly pickled plumbus", "Morty")),
            ("portal-gun", item("Gun to create portals", "Rick")),
        ])))
    }
}

/// `GET /users/`: the common parameters, as parsed.
async fn read_users(Query(commons): Query<CommonQueryParams>) -> Json<CommonQueryParams> {
    Json(commons)
}

#[derive(Serialize)]
struct QueryOrCookieBody {
    q_or_cookie: Option<String>,
}

/// `GET /items/`: should answer `q`, or the `last_query` cookie.
async fn read_query(Query(params): Query<QueryParam>) -> Json<QueryOrCookieBody> {
    Json(QueryOrCookieBody {
        q_or_cookie: params.q,
    })
}

/// `GET /items/{item_id}`: only the owner may read an item.
// TODO(ch07): take the `Username` dependency too, and when the item's owner is
// someone else answer 400 {"detail": "Owner error: Rick"}: return an
// `OwnerError(username)` that converts into `ApiError` (`impl From`).
// Book: 07 · Dependencies › "Dependencies with clean-up"
async fn read_item(
    Path(item_id): Path<String>,
    State(items): State<Items>,
) -> Result<Json<Item>, ApiError> {
    let item = items
        .0
        .get(item_id.as_str())
        .ok_or_else(|| ApiError::http(StatusCode::NOT_FOUND, "Item not found"))?;
    Ok(Json(item.clone()))
}

/// `GET /users/me`: the dependency's value, as JSON (a bare string).
async fn read_user_me(username: Username) -> Json<String> {
    Json(username.as_str().to_owned())
}

/// Every path no route matches.
async fn not_found() -> ApiError {
    ApiError::http(StatusCode::NOT_FOUND, "Not Found")
}

/// A known path with a method it does not serve; axum adds `allow`.
async fn method_not_allowed() -> ApiError {
    ApiError::http(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

/// The whole application, built from its state, so a test can pass another.
fn app(state: AppState) -> Router {
    // TODO(ch07): run `VerifyToken` then `VerifyKey` before every route, as
    // FastAPI's `FastAPI(dependencies=[...])` does: a `route_layer` of
    // `axum::middleware::from_extractor_with_state`. Unknown paths must still
    // answer 404 and wrong methods 405 without any header.
    // Book: 07 · Dependencies › "Dependencies for the whole app"
    Router::new()
        .route("/items/", get(read_query))
        .route("/items/{item_id}", get(read_item))
        .route("/users/", get(read_users))
        .route("/users/me", get(read_user_me))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
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
    axum::serve(listener, app(AppState::default()))
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
