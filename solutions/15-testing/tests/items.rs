//! The item routes, against FastAPI's `app_testing` contract.

mod common;

use axum::http::StatusCode;
use ch15_testing_solution::DEFAULT_TOKEN;
use common::{NOWHERE, fresh_app, get_item, post_item, send};
use rstest::rstest;
use serde_json::json;

#[tokio::test]
async fn reads_an_item_with_the_right_token() {
    let (app, _) = fresh_app(NOWHERE);
    let (status, body) = send(&app, get_item("foo", Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"id": "foo", "title": "Foo", "description": "There goes my hero"})
    );
}

#[rstest]
#[case::read("foo")]
#[case::unknown_item("nope")]
#[tokio::test]
async fn a_wrong_token_is_refused_on_read(#[case] id: &str) {
    let (app, _) = fresh_app(NOWHERE);
    let (status, body) = send(&app, get_item(id, Some("hailhydra"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"detail": "Invalid X-Token header"}));
}

#[tokio::test]
async fn an_unknown_item_is_404() {
    let (app, _) = fresh_app(NOWHERE);
    let (status, body) = send(&app, get_item("baz", Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"detail": "Item not found"}));
}

#[tokio::test]
async fn a_missing_token_is_fastapis_422() {
    let (app, _) = fresh_app(NOWHERE);
    let (status, body) = send(&app, get_item("foo", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"detail": [{
            "type": "missing", "loc": ["header", "x-token"],
            "msg": "Field required", "input": null
        }]})
    );
}

#[tokio::test]
async fn creates_an_item_that_can_be_read_back() {
    let (app, _) = fresh_app(NOWHERE);
    let item = json!({"id": "foobar", "title": "Foo Bar", "description": "The Foo Barters"});
    let (status, body) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!((status, &body), (StatusCode::OK, &item));
    let (status, body) = send(&app, get_item("foobar", Some(DEFAULT_TOKEN))).await;
    assert_eq!((status, body), (StatusCode::OK, item));
}

#[tokio::test]
async fn a_description_is_optional_and_answered_as_null() {
    let (app, _) = fresh_app(NOWHERE);
    let item = json!({"id": "plain", "title": "Plain"});
    let (status, body) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"id": "plain", "title": "Plain", "description": null})
    );
}

#[tokio::test]
async fn a_wrong_token_creates_nothing() {
    let (app, state) = fresh_app(NOWHERE);
    let item = json!({"id": "sneaky", "title": "Sneaky"});
    let (status, body) = send(&app, post_item(&item, Some("hailhydra"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"detail": "Invalid X-Token header"}));
    // The state is ours: look inside instead of trusting another route.
    assert!(!state.items.lock().unwrap().contains_key("sneaky"));
}

#[tokio::test]
async fn an_existing_id_is_409_and_the_item_is_unchanged() {
    let (app, _) = fresh_app(NOWHERE);
    let item = json!({"id": "foo", "title": "There goes my stealer"});
    let (status, body) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, json!({"detail": "Item already exists"}));
    let (_, body) = send(&app, get_item("foo", Some(DEFAULT_TOKEN))).await;
    assert_eq!(body["title"], "Foo");
}

#[rstest]
#[case::no_title(json!({"id": "x"}), json!(["body", "title"]), "missing")]
#[case::number_title(json!({"id": "x", "title": 7}), json!(["body", "title"]), "string_type")]
#[case::not_an_object(json!(["x"]), json!(["body"]), "model_attributes_type")]
#[tokio::test]
async fn a_bad_body_is_fastapis_422_and_nothing_is_stored(
    #[case] item: serde_json::Value,
    #[case] loc: serde_json::Value,
    #[case] kind: &str,
) {
    let (app, state) = fresh_app(NOWHERE);
    let before = state.items.lock().unwrap().len();
    let (status, body) = send(&app, post_item(&item, Some(DEFAULT_TOKEN))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], loc);
    assert_eq!(body["detail"][0]["type"], kind);
    assert_eq!(state.items.lock().unwrap().len(), before);
}

#[tokio::test]
async fn a_missing_token_on_create_is_422_not_400() {
    let (app, state) = fresh_app(NOWHERE);
    let item = json!({"id": "tokenless", "title": "T"});
    let (status, body) = send(&app, post_item(&item, None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["header", "x-token"]));
    assert!(!state.items.lock().unwrap().contains_key("tokenless"));
}
