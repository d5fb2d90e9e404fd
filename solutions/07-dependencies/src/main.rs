//! Chapter 07 — dependencies (reference solution).
//!
//! One server for several of FastAPI's dependency tutorials: the common query
//! parameters on `/users/`, a sub-dependency with a cookie fallback on
//! `/items/`, a dependency with clean-up on `/items/{item_id}` and
//! `/users/me`, and two header dependencies in front of every route.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch07-dependencies-solution
//! $ curl -H 'X-Token: fake-super-secret-token' -H 'X-Key: fake-super-secret-key' \
//!     'http://127.0.0.1:8000/users/?q=foo&skip=5'
//! {"q":"foo","skip":5,"limit":100}
//! $ curl -i 'http://127.0.0.1:8000/users/'
//! HTTP/1.1 422 Unprocessable Entity
//!
//! {"detail":[{"type":"missing","loc":["header","x-token"],"msg":"Field required","input":null}]}
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod dependencies;
mod error;

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{FromRef, Path, State},
    http::StatusCode,
    middleware::from_extractor_with_state,
    routing::get,
};
use serde::Serialize;

use dependencies::{
    ApiKeys, CommonQueryParams, OwnerError, QueryOrCookie, Username, VerifyKey, VerifyToken,
};
use error::ApiError;

// ANCHOR: state
/// Everything the handlers and dependencies share. `FromRef` lets each one
/// ask for just its part: `State<Items>` in a handler, `ApiKeys` in the
/// header dependencies.
#[derive(Clone, Default, FromRef)]
struct AppState {
    keys: ApiKeys,
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
// ANCHOR_END: state

// ANCHOR: handlers
/// `GET /users/`: the common parameters, as parsed.
async fn read_users(commons: CommonQueryParams) -> Json<CommonQueryParams> {
    Json(commons)
}

#[derive(Serialize)]
struct QueryOrCookieBody {
    q_or_cookie: Option<String>,
}

/// `GET /items/`: whatever the sub-dependency settled on.
async fn read_query(QueryOrCookie(q_or_cookie): QueryOrCookie) -> Json<QueryOrCookieBody> {
    Json(QueryOrCookieBody { q_or_cookie })
}
// ANCHOR_END: handlers

// ANCHOR: read_item
/// `GET /items/{item_id}`: only the owner may read an item. `username` is
/// dropped when this function returns, whichever way it returns; its `Drop`
/// is the dependency's clean-up.
async fn read_item(
    Path(item_id): Path<String>,
    State(items): State<Items>,
    username: Username,
) -> Result<Json<Item>, ApiError> {
    let item = items
        .0
        .get(item_id.as_str())
        .ok_or_else(|| ApiError::http(StatusCode::NOT_FOUND, "Item not found"))?;
    if item.owner != username.as_str() {
        return Err(OwnerError(username.as_str().to_owned()).into());
    }
    Ok(Json(item.clone()))
}

/// `GET /users/me`: the dependency's value, as JSON (a bare string).
async fn read_user_me(username: Username) -> Json<String> {
    Json(username.as_str().to_owned())
}
// ANCHOR_END: read_item

/// Every path no route matches.
async fn not_found() -> ApiError {
    ApiError::http(StatusCode::NOT_FOUND, "Not Found")
}

/// A known path with a method it does not serve; axum adds `allow`.
async fn method_not_allowed() -> ApiError {
    ApiError::http(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

// ANCHOR: app
/// The whole application, built from its state. `main` passes the real
/// state; a test passes another (FastAPI's `dependency_overrides`).
fn app(state: AppState) -> Router {
    Router::new()
        .route("/items/", get(read_query))
        .route("/items/{item_id}", get(read_item))
        .route("/users/", get(read_users))
        .route("/users/me", get(read_user_me))
        // FastAPI's `FastAPI(dependencies=[Depends(verify_token),
        // Depends(verify_key)])`: run both extractors, in order, before every
        // route above and throw their values away. `route_layer` wraps the
        // routes only (`layer` would wrap the fallbacks too), so an unknown
        // path still answers 404 without any header.
        .route_layer(from_extractor_with_state::<(VerifyToken, VerifyKey), _>(
            state.clone(),
        ))
        .fallback(not_found)
        // After `route_layer`: a wrong method answers 405 before any header
        // is looked at, as in FastAPI. (Set before it, the layer would wrap
        // this fallback too.)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}
// ANCHOR_END: app

// ANCHOR: main
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
// ANCHOR_END: main

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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // ANCHOR: override
    #[tokio::test]
    async fn a_test_can_build_the_app_with_other_keys() {
        // FastAPI's `app.dependency_overrides[...] = ...`, the axum way: the
        // app is a function of its state, so a test passes its own.
        let state = AppState {
            keys: ApiKeys {
                token: "test-token".into(),
                key: "test-key".into(),
            },
            ..AppState::default()
        };
        let test_keys = [("x-token", "test-token"), ("x-key", "test-key")];
        assert_eq!(
            status_of(app(state.clone()), "/users/", &test_keys).await,
            200
        );

        let real_keys = [
            ("x-token", "fake-super-secret-token"),
            ("x-key", "fake-super-secret-key"),
        ];
        assert_eq!(status_of(app(state), "/users/", &real_keys).await, 400);
    }
    // ANCHOR_END: override

    /// Serves `app` on a free port, sends one GET, returns the status code.
    async fn status_of(app: Router, path: &str, headers: &[(&str, &str)]) -> u16 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let mut request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        // "HTTP/1.1 200 OK" → 200
        response[9..12].parse().unwrap()
    }
}
