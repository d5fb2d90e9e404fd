//! Sends one request to an example app in-process.

// Each test file uses the helpers it needs: the others are unused there.
#![allow(dead_code)]

use axum::{
    Router,
    body::Body,
    http::{Request, header::CONTENT_TYPE},
};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// `GET uri` against `app`: the status and the JSON body.
pub async fn get(app: Router, uri: &str) -> (u16, Value) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    answer(app, request).await
}

/// `method uri` with a body of this content type: the status and the JSON body.
pub async fn send(
    app: Router,
    method: &str,
    uri: &str,
    content_type: &str,
    body: &str,
) -> (u16, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(CONTENT_TYPE, content_type)
        .body(Body::from(body.to_string()))
        .unwrap();
    answer(app, request).await
}

async fn answer(app: Router, request: Request<Body>) -> (u16, Value) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The `type` of each item of a 422 `detail` list, in order.
pub fn kinds(body: &Value) -> Vec<String> {
    body["detail"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| item["type"].as_str().unwrap_or_default().to_string())
        .collect()
}
