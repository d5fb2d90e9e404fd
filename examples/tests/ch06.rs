//! Chapter 06's worked example does what the page says it does.

mod common;

use axum::{body::Body, http::Request};
use common::{get, send};
use serde_json::{Value, json};
use tower::ServiceExt;
use worked_examples::ch06::app;

async fn post_json(uri: &str, body: Value) -> (u16, Value) {
    send(app(), "POST", uri, "application/json", &body.to_string()).await
}

#[tokio::test]
async fn a_member_is_answered_without_the_pin() {
    let sent = json!({"handle": "ann", "pin": "1234", "phone": "+44 20 7946 0000"});
    assert_eq!(
        post_json("/members/", sent).await,
        (200, json!({"handle": "ann", "phone": "+442079460000"}))
    );
}

#[tokio::test]
async fn a_bad_phone_and_a_missing_pin_are_both_reported() {
    let (status, body) = post_json("/members/", json!({"handle": "ann", "phone": "12ab"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["loc"], json!(["body", "pin"]));
    assert_eq!(body["detail"][1]["type"], "value_error");
    assert_eq!(
        body["detail"][1]["ctx"],
        json!({"reason": "A phone number has only digits."})
    );
}

#[tokio::test]
async fn only_the_fields_that_were_set_are_answered() {
    assert_eq!(
        get(app(), "/books/dune").await,
        (
            200,
            json!({"title": "Dune", "pages": 412, "series": "Dune"})
        )
    );
    assert_eq!(
        get(app(), "/books/emma").await,
        (
            200,
            json!({"title": "Emma", "subtitle": null, "pages": 474})
        )
    );
    assert_eq!(
        get(app(), "/books/emma/card").await,
        (200, json!({"title": "Emma", "pages": 474}))
    );
    assert_eq!(
        get(app(), "/books/nope").await,
        (404, json!({"detail": "Book not found"}))
    );
}

#[tokio::test]
async fn a_new_book_is_created_and_a_missing_title_is_422() {
    let request = Request::post("/books/?title=Emma")
        .body(Body::empty())
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 201);
    let request = Request::post("/books/").body(Body::empty()).unwrap();
    assert_eq!(app().oneshot(request).await.unwrap().status(), 422);
}

#[tokio::test]
async fn errors_answer_from_one_place_with_their_headers() {
    let request = Request::get("/loans/7").body(Body::empty()).unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 410);
    assert_eq!(response.headers()["x-shelf"], "B4");
    assert_eq!(
        get(app(), "/loans/13").await,
        (402, json!({"fine": "Loan 13 is 3 days late"}))
    );
    assert_eq!(get(app(), "/loans/2").await, (200, json!({"loan": 2})));
}
