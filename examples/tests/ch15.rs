//! Chapter 15's worked example: the café's tests, as the book shows them.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use rstest::rstest;
use serde_json::{Value, json};
use tower::ServiceExt;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use worked_examples::ch15::{Cafe, Fixed, app};

// ANCHOR: oneshot
/// A café whose clock says `hour`, and whose ticket API is at `tickets_url`.
fn cafe(hour: u32, tickets_url: &str) -> Cafe {
    Cafe {
        clock: Arc::new(Fixed(hour)),
        tickets_url: tickets_url.to_string(),
        http: reqwest::Client::new(),
    }
}

/// One request through the app, in this process: no port, no server.
async fn send(cafe: Cafe, request: Request<Body>) -> (StatusCode, Value) {
    let response = app(cafe).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn open_at_nine() {
    let request = Request::get("/open").body(Body::empty()).unwrap();
    let (status, body) = send(cafe(9, "http://unused"), request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"open": true, "hour": 9}));
}
// ANCHOR_END: oneshot

fn feedback(body: &str) -> Request<Body> {
    Request::post("/feedback")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

// ANCHOR: cases
#[rstest]
#[case::early(7, false)]
#[case::opening(8, true)]
#[case::last_hour(17, true)]
#[case::closing(18, false)]
#[tokio::test]
async fn open_hours(#[case] hour: u32, #[case] open: bool) {
    let request = Request::get("/open").body(Body::empty()).unwrap();
    let (_, body) = send(cafe(hour, "http://unused"), request).await;
    assert_eq!(body["open"], open, "at {hour}:00");
}
// ANCHOR_END: cases

// ANCHOR: wiremock
#[tokio::test]
async fn feedback_opens_one_ticket_with_the_message() {
    let tickets = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tickets"))
        .and(body_json(json!({"text": "Lovely scones"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 17})))
        .expect(1)
        .mount(&tickets)
        .await;
    let (status, body) = send(
        cafe(9, &tickets.uri()),
        feedback(r#"{"message": "Lovely scones"}"#),
    )
    .await;
    assert_eq!(
        (status, body),
        (StatusCode::ACCEPTED, json!({"ticket": 17}))
    );
    tickets.verify().await;
}

#[tokio::test]
async fn a_failing_ticket_api_is_a_502() {
    let tickets = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&tickets)
        .await;
    let (status, _) = send(
        cafe(9, &tickets.uri()),
        feedback(r#"{"message": "Cold tea"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
}
// ANCHOR_END: wiremock

#[tokio::test]
async fn an_empty_message_is_fastapis_422_and_opens_no_ticket() {
    let tickets = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&tickets)
        .await;
    let (status, body) = send(cafe(9, &tickets.uri()), feedback(r#"{"message": ""}"#)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["type"], "string_too_short");
    assert_eq!(body["detail"][0]["loc"], json!(["body", "message"]));
}
