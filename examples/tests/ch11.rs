//! Chapter 11's worked example does what the page says it does.

use std::time::Duration;

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use wiremock::matchers::{header_exists, method};
use wiremock::{Mock, MockServer, ResponseTemplate};
use worked_examples::ch11::{Shop, app, serve};

async fn call(shop: &Shop, request: Request<Body>) -> (u16, Value) {
    let response = app(shop.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn order(body: &str) -> Request<Body> {
    Request::post("/orders")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn an_order_is_accepted_at_once_and_delivered_after_a_retry() {
    let partner = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&partner)
        .await;
    Mock::given(method("POST"))
        .and(header_exists("webhook-id"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&partner)
        .await;
    let shop = Shop::new(&partner.uri());
    let (status, placed) = call(&shop, order(r#"{"item":"tea","quantity":2}"#)).await;
    assert_eq!(status, 202);
    assert_eq!(placed["delivered"], false);
    shop.tasks.close();
    shop.tasks.wait().await;
    let uri = format!("/orders/{}", placed["id"].as_str().unwrap());
    let (_, read) = call(&shop, Request::get(uri).body(Body::empty()).unwrap()).await;
    assert_eq!(read["delivered"], true);
}

#[tokio::test]
async fn a_refused_webhook_is_not_sent_again() {
    let partner = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(410))
        .expect(1)
        .mount(&partner)
        .await;
    let shop = Shop::new(&partner.uri());
    let (status, _) = call(&shop, order(r#"{"item":"jam","quantity":1}"#)).await;
    assert_eq!(status, 202);
    shop.tasks.close();
    shop.tasks.wait().await;
}

#[tokio::test]
async fn serve_returns_only_after_the_webhook_it_was_sending() {
    let partner = MockServer::start().await;
    // The partner is slow the first time: the try times out and is repeated.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .up_to_n_times(1)
        .mount(&partner)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&partner)
        .await;
    let shop = Shop::new(&partner.uri());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, shop, async {
        let _ = stopped.await;
    }));
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/orders"))
        .json(&json!({"item": "tea", "quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 202);
    stop.send(()).unwrap();
    server.await.unwrap();
    // `serve` returned: the retry had already reached the partner.
    assert_eq!(partner.received_requests().await.unwrap().len(), 2);
}
