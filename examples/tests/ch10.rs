//! Chapter 10's worked example does what the page says it does, on a
//! SQLite file in a temporary folder.

use axum::{
    Router,
    body::Body,
    http::{Request, header::CONTENT_TYPE},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use worked_examples::ch10::{app, open};

/// The app on a fresh database; keep the folder alive as long as the app.
async fn fresh_app() -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("teams.db").display()
    );
    (app(open(&url).await.unwrap()), dir)
}

async fn send(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (u16, Value) {
    let request = Request::builder().method(method).uri(uri);
    let request = match body {
        Some(body) => request
            .header(CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn found(app: &Router, name: &str) -> Value {
    let team = json!({"name": name, "city": "Leeds", "motto": "Onwards", "sponsor": "Acme"});
    let (status, body) = send(app, "POST", "/teams/", Some(team)).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn a_team_is_stored_and_answered_without_its_sponsor() {
    let (app, _dir) = fresh_app().await;
    let team = found(&app, "Rovers").await;
    let expected = json!({"id": team["id"], "name": "Rovers", "city": "Leeds", "motto": "Onwards"});
    assert_eq!(team, expected);
    let uri = format!("/teams/{}", team["id"]);
    assert_eq!(send(&app, "GET", &uri, None).await, (200, expected));
}

#[tokio::test]
async fn a_patch_changes_only_what_was_sent_and_null_clears() {
    let (app, _dir) = fresh_app().await;
    let uri = format!("/teams/{}", found(&app, "Rovers").await["id"]);
    let (_, moved) = send(&app, "PATCH", &uri, Some(json!({"city": "York"}))).await;
    assert_eq!(
        (&moved["city"], &moved["motto"]),
        (&json!("York"), &json!("Onwards"))
    );
    let (_, cleared) = send(&app, "PATCH", &uri, Some(json!({"motto": null}))).await;
    assert_eq!(
        (&cleared["city"], &cleared["motto"]),
        (&json!("York"), &Value::Null)
    );
}

#[tokio::test]
async fn pages_follow_the_ids_and_hold_at_most_fifty() {
    let (app, _dir) = fresh_app().await;
    for name in ["A", "B", "C"] {
        found(&app, name).await;
    }
    let (_, page) = send(&app, "GET", "/teams/?page=2&per_page=2", None).await;
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["name"], "C");
    let (status, body) = send(&app, "GET", "/teams/?per_page=51", None).await;
    assert_eq!(
        (status, &body["detail"][0]["type"]),
        (422, &json!("less_than_equal"))
    );
}

#[tokio::test]
async fn a_missing_team_is_404_and_a_deleted_one_is_gone() {
    let (app, _dir) = fresh_app().await;
    let uri = format!("/teams/{}", found(&app, "Rovers").await["id"]);
    assert_eq!(send(&app, "DELETE", &uri, None).await.0, 204);
    let gone = (404, json!({"detail": "Team not found"}));
    assert_eq!(send(&app, "GET", &uri, None).await, gone);
    assert_eq!(send(&app, "DELETE", &uri, None).await, gone);
}
