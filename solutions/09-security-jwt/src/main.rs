//! Chapter 09 — security: OAuth2 password flow, argon2, JWT, scopes
//! (reference solution).
//!
//! FastAPI's security tutorials 004 and 005 in one server: a login form at
//! `POST /token` that checks an argon2 password hash and answers a signed
//! JWT, and routes that want that token back as `Authorization: Bearer ...`,
//! with the scopes they need.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch09-security-jwt-solution
//! $ curl -d 'username=johndoe&password=secret&scope=me items' http://127.0.0.1:8000/token
//! {"access_token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIi...","token_type":"bearer"}
//! $ curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8000/users/me/
//! {"username":"johndoe","email":"johndoe@example.com","full_name":"John Doe","disabled":false}
//! $ curl -i http://127.0.0.1:8000/users/me/
//! HTTP/1.1 401 Unauthorized
//! www-authenticate: Bearer
//!
//! {"detail":"Not authenticated"}
//! ```
//!
//! # Layout
//!
//! - `users`: the users, their argon2 hashes, `authenticate` (with the
//!   dummy hash that hides which usernames exist).
//! - `auth`: making and checking tokens; the `CurrentUser` / `ActiveUser`
//!   extractors with the scopes a route needs.
//! - `login`: `POST /token`, its form and its answer.
//! - `error`: the one error type, with `WWW-Authenticate` when it is a 401.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod auth;
mod error;
mod login;
mod users;

use axum::{
    Json, Router,
    extract::FromRef,
    http::StatusCode,
    routing::{get, post},
};
use serde::Serialize;
use serde_json::{Value, json};

use auth::{ActiveUser, CurrentUser, Keys, Me, MyItems, NoScopes};
use error::ApiError;
use users::{User, Users};

/// FastAPI's tutorial key. Fine for the exercise, never for a real server:
/// set `SECRET_KEY` (for example to the output of `openssl rand -hex 32`).
const DEFAULT_SECRET_KEY: &str = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7";

#[derive(Clone, FromRef)]
struct AppState {
    keys: Keys,
    users: Users,
}

/// `GET /users/me/`: needs the `me` scope, and an active account.
async fn read_users_me(me: ActiveUser<Me>) -> Json<User> {
    Json(me.user)
}

/// `GET /users/me/items/`: needs `items` (and `me`).
async fn read_own_items(me: ActiveUser<MyItems>) -> Json<Value> {
    Json(json!([{"item_id": "Foo", "owner": me.user.username}]))
}

#[derive(Serialize)]
struct Status {
    status: &'static str,
}

/// `GET /status/`: any valid token, even a disabled user's.
async fn read_system_status(_user: CurrentUser<NoScopes>) -> Json<Status> {
    Json(Status { status: "ok" })
}

/// Every path no route matches.
async fn not_found() -> ApiError {
    ApiError::http(StatusCode::NOT_FOUND, "Not Found")
}

/// A known path with a method it does not serve; axum adds `allow`.
async fn method_not_allowed() -> ApiError {
    ApiError::http(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
}

fn app(state: AppState) -> Router {
    Router::new()
        .route("/token", post(login::login_for_access_token))
        .route("/users/me/", get(read_users_me))
        .route("/users/me/items/", get(read_own_items))
        .route("/status/", get(read_system_status))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

#[tokio::main]
async fn main() {
    let secret = std::env::var("SECRET_KEY").unwrap_or_else(|_| DEFAULT_SECRET_KEY.to_string());
    let state = AppState {
        keys: Keys::new(secret.as_bytes()),
        users: Users::fake(),
    };
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
