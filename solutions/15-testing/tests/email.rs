//! The announcement of a new item, against a fake email API (wiremock): the
//! state points the app at it, which is what FastAPI's
//! `dependency_overrides` does for a dependency.

mod common;

use axum::http::StatusCode;
use ch15_testing_solution::{DEFAULT_TOKEN, SHOP_ADDRESS};
use common::{fresh_app, post_item, send};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_new_item_is_announced_once_with_the_key() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/emails"))
        .and(header("authorization", "Bearer dev-email-key"))
        .and(body_json(
            json!({"to": SHOP_ADDRESS, "text": "New item lamp: Desk lamp"}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&api)
        .await;
    let (app, _) = fresh_app(&api.uri());
    let item = json!({"id": "lamp", "title": "Desk lamp"});
    let (status, _) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    // `expect(1)` is verified when `api` is dropped; say it here instead,
    // where a failure names this test's line.
    api.verify().await;
}

#[tokio::test]
async fn a_refused_item_is_not_announced() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&api)
        .await;
    let (app, _) = fresh_app(&api.uri());
    let duplicate = json!({"id": "foo", "title": "Again"});
    let (status, _) = send(&app, post_item(&duplicate, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = send(
        &app,
        post_item(&json!({"id": "x", "title": "X"}), Some("bad")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    api.verify().await;
}

#[tokio::test]
async fn an_email_api_failure_still_creates_the_item() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&api)
        .await;
    let (app, state) = fresh_app(&api.uri());
    let item = json!({"id": "kettle", "title": "Kettle"});
    let (status, body) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], "kettle");
    assert!(state.items.lock().unwrap().contains_key("kettle"));
}
