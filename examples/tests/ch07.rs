//! Chapter 07's worked example does what the page says it does.

use axum::{
    Router,
    body::Body,
    http::{Request, header::COOKIE},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use worked_examples::ch07::{Depot, Expected, app};

const GOOD: [(&str, &str); 2] = [("x-client", "warehouse-app"), ("x-version", "2")];

async fn send(app: Router, uri: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn paging_has_defaults_and_answers_422() {
    let depot = Depot::default();
    assert_eq!(
        send(app(depot.clone()), "/shelves/?size=5&after=", &GOOD).await,
        (200, json!({"after": null, "size": 5}))
    );
    let (status, body) = send(app(depot), "/shelves/?size=x", &GOOD).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["loc"], json!(["query", "size"]));
}

#[tokio::test]
async fn the_theme_falls_back_to_the_cookie() {
    let cookie = [GOOD[0], GOOD[1], (COOKIE.as_str(), "theme=dark")];
    assert_eq!(
        send(app(Depot::default()), "/theme", &cookie).await,
        (200, json!({"theme": "dark"}))
    );
    let header = [
        GOOD[0],
        GOOD[1],
        ("x-theme", "light"),
        (COOKIE.as_str(), "theme=dark"),
    ];
    assert_eq!(
        send(app(Depot::default()), "/theme", &header).await,
        (200, json!({"theme": "light"}))
    );
}

#[tokio::test]
async fn the_guards_answer_422_then_400_and_leave_unknown_paths_alone() {
    let (status, body) = send(app(Depot::default()), "/shelves/", &[]).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["loc"], json!(["header", "x-client"]));
    let wrong = [GOOD[0], ("x-version", "1")];
    assert_eq!(
        send(app(Depot::default()), "/shelves/", &wrong).await,
        (400, json!({"detail": "x-version is not accepted"}))
    );
    assert_eq!(
        send(app(Depot::default()), "/nowhere", &[]).await,
        (404, json!({"detail": "Not Found"}))
    );
    let request = Request::post("/shelves/").body(Body::empty()).unwrap();
    let response = app(Depot::default()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 405);
}

#[tokio::test]
async fn a_lease_conflict_becomes_a_409() {
    assert_eq!(
        send(app(Depot::default()), "/crates/c1", &GOOD).await,
        (200, json!({"crate_id": "c1", "holder": "Ada"}))
    );
    assert_eq!(
        send(app(Depot::default()), "/crates/c2", &GOOD).await,
        (409, json!({"detail": "Lease conflict: Ada"}))
    );
}

// ANCHOR: override
/// FastAPI's `dependency_overrides`, the axum way: the app is a function of
/// its state, so a test builds it with other parts.
#[tokio::test]
async fn a_test_can_build_the_warehouse_with_other_expectations() {
    let depot = Depot {
        expected: Expected {
            client: "test-client".into(),
            version: "9".into(),
        },
        ..Depot::default()
    };
    let test_headers = [("x-client", "test-client"), ("x-version", "9")];
    assert_eq!(
        send(app(depot.clone()), "/opened", &test_headers).await.0,
        200
    );
    assert_eq!(send(app(depot), "/opened", &GOOD).await.0, 400);
}
// ANCHOR_END: override
