//! Chapter 09's worked example does what the page says it does.

use axum::{
    Router,
    body::Body,
    http::{Request, header},
};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use worked_examples::ch09::app_with_secret;

const SECRET: &[u8] = b"test-secret";

/// Sends `request`; answers the status, the `WWW-Authenticate` header and the JSON body.
async fn send(app: Router, request: Request<Body>) -> (u16, Option<String>, Value) {
    let response = app.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        challenge,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn sign_in(app: Router, member: &str, passphrase: &str) -> (u16, Option<String>, Value) {
    let body = json!({"member": member, "passphrase": passphrase}).to_string();
    let request = Request::post("/passes")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

async fn enter(app: Router, room: &str, pass: &str) -> (u16, Option<String>, Value) {
    let request = Request::get(format!("/rooms/{room}"))
        .header(header::AUTHORIZATION, format!("Bearer {pass}"))
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

async fn pass_for(app: Router, member: &str, passphrase: &str) -> String {
    let (status, _, body) = sign_in(app, member, passphrase).await;
    assert_eq!(status, 200, "{body}");
    body["pass"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_member_signs_in_and_enters_the_rooms_their_pass_lists() {
    let app = app_with_secret(SECRET);
    let pass = pass_for(app.clone(), "mia", "four quiet drums").await;
    assert_eq!(
        enter(app.clone(), "booth", &pass).await,
        (200, None, json!({"room": "booth", "member": "mia"}))
    );
    assert_eq!(enter(app, "live", &pass).await.0, 200);
}

#[tokio::test]
async fn a_wrong_passphrase_and_an_unknown_member_get_the_same_answer() {
    let app = app_with_secret(SECRET);
    let wrong = sign_in(app.clone(), "mia", "four loud drums").await;
    let unknown = sign_in(app, "zoe", "four quiet drums").await;
    assert_eq!(wrong.0, 401);
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn a_pass_that_does_not_list_the_room_is_forbidden_with_the_scope_named() {
    let app = app_with_secret(SECRET);
    let pass = pass_for(app.clone(), "raj", "seven loud horns").await;
    let (status, challenge, body) = enter(app, "booth", &pass).await;
    assert_eq!(status, 403);
    assert_eq!(
        challenge.as_deref(),
        Some(r#"Bearer realm="studio", error="insufficient_scope", scope="booth""#)
    );
    assert_eq!(body, json!({"detail": "This pass does not open booth"}));
}

#[tokio::test]
async fn a_pass_signed_with_another_secret_or_changed_after_signing_is_refused() {
    let other = pass_for(app_with_secret(b"another"), "raj", "seven loud horns").await;
    let app = app_with_secret(SECRET);
    assert_eq!(enter(app.clone(), "live", &other).await.0, 401);

    // raj's own pass, with mia's rooms pasted into its claims.
    let pass = pass_for(app.clone(), "raj", "seven loud horns").await;
    let mias = pass_for(app.clone(), "mia", "four quiet drums").await;
    let parts: Vec<&str> = pass.split('.').collect();
    let mia_claims = mias.split('.').nth(1).unwrap();
    let forged = format!("{}.{mia_claims}.{}", parts[0], parts[2]);
    assert_eq!(enter(app, "booth", &forged).await.0, 401);
}

#[tokio::test]
async fn no_pass_answers_401_with_the_studio_challenge() {
    let request = Request::get("/rooms/live").body(Body::empty()).unwrap();
    let (status, challenge, _) = send(app_with_secret(SECRET), request).await;
    assert_eq!(status, 401);
    assert_eq!(challenge.as_deref(), Some(r#"Bearer realm="studio""#));
}
