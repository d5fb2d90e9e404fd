//! What the test files share: one request through the app, in-process.

// Each test file uses a part of it; the rest is not dead, only unused there.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use ch15_testing_solution::{AppState, DEFAULT_TOKEN, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// An email API address where nothing listens: tests that do not look at
/// the announcement need no fake for it (the app logs the failure and goes
/// on).
pub const NOWHERE: &str = "http://127.0.0.1:9";

/// The app as `main` builds it, with FastAPI's two sample items.
pub fn fresh_app(email_api: &str) -> (Router, AppState) {
    let state = AppState::new(DEFAULT_TOKEN, email_api);
    (app(state.clone()), state)
}

/// Sends `request` and reads the answer's status and JSON body.
pub async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.expect("the app answers");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|err| panic!("the body is not JSON ({err}): {bytes:?}"));
    (status, json)
}

/// `GET /items/{id}`, with `X-Token` when given.
pub fn get_item(id: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(format!("/items/{id}"));
    if let Some(token) = token {
        request = request.header("x-token", token);
    }
    request.body(Body::empty()).expect("a request")
}

/// `POST /items/` with a JSON body, with `X-Token` when given.
pub fn post_item(body: &Value, token: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/items/").header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("x-token", token);
    }
    request
        .body(Body::from(body.to_string()))
        .expect("a request")
}
