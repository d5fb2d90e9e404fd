//! Chapter 01's worked example does what the page says it does.

mod common;

use axum::{body::Body, http::Request};
use common::get;
use serde_json::json;
use tower::ServiceExt;
use worked_examples::ch01::app;

#[tokio::test]
async fn the_status_is_json() {
    assert_eq!(
        get(app(), "/status").await,
        (200, json!({"status": "up", "version": 1}))
    );
}

#[tokio::test]
async fn an_unknown_path_answers_json_404() {
    assert_eq!(
        get(app(), "/nowhere").await,
        (404, json!({"error": "no such page"}))
    );
}

#[tokio::test]
async fn a_wrong_method_answers_json_405_with_allow() {
    let request = Request::post("/status").body(Body::empty()).unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 405);
    let allow = response.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET"), "{allow}");
}
