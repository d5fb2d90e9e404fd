//! Chapter 08's worked example does what the page says it does.

use axum::{
    body::Body,
    http::{Request, Response},
};
use tower::ServiceExt;
use worked_examples::ch08::app;

async fn send(method: &str, uri: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

fn header(response: &Response<Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_string())
}

#[tokio::test]
async fn every_answer_says_how_long_it_took_unknown_paths_too() {
    for path in ["/time", "/nowhere"] {
        let response = send("GET", path, &[]).await;
        let timing = header(&response, "server-timing").unwrap();
        let millis: f64 = timing.strip_prefix("app;dur=").unwrap().parse().unwrap();
        assert!(millis >= 0.0, "{timing}");
    }
}

#[tokio::test]
async fn a_listed_origin_is_echoed_and_another_is_not() {
    let response = send("GET", "/time", &[("origin", "https://shop.example")]).await;
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("https://shop.example")
    );
    let response = send("GET", "/time", &[("origin", "https://evil.example")]).await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
    let response = send("GET", "/time", &[]).await;
    assert_eq!(header(&response, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_preflight_lists_the_allowed_methods() {
    let response = send(
        "OPTIONS",
        "/time",
        &[
            ("origin", "https://shop.example:8443"),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert_eq!(response.status(), 200);
    let methods = header(&response, "access-control-allow-methods").unwrap();
    assert!(methods.contains("POST"), "{methods}");
    assert_eq!(
        header(&response, "access-control-max-age").as_deref(),
        Some("600")
    );
}
