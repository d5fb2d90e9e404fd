//! Chapter 12's worked example does what the page says it does.

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use worked_examples::ch12::{Gallery, app};

const BOUNDARY: &str = "gallery-test-boundary";

async fn call(gallery: &Gallery, request: Request<Body>) -> (u16, Vec<u8>) {
    let response = app(gallery.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes.to_vec())
}

async fn call_json(gallery: &Gallery, request: Request<Body>) -> (u16, Value) {
    let (status, bytes) = call(gallery, request).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn form(body: &'static str) -> Request<Body> {
    Request::post("/newsletter")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

/// One part: its name, `Some((filename, content type))` for a file, its bytes.
type TestPart<'a> = (&'a str, Option<(&'a str, &'a str)>, &'a [u8]);

/// A multipart body, one part per entry.
fn photos(parts: &[TestPart<'_>]) -> Request<Body> {
    let mut body = Vec::new();
    for (name, file, content) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some((filename, kind)) => body.extend_from_slice(
                format!(
                    "content-disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                     content-type: {kind}\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("content-disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::post("/photos")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn missing(name: &str) -> Value {
    json!({"type": "missing", "loc": ["body", name], "msg": "Field required", "input": null})
}

#[tokio::test]
async fn the_newsletter_form_defaults_and_lists_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let gallery = Gallery::new(dir.path(), 1024);
    assert_eq!(
        call_json(&gallery, form("email=ann%40example.com")).await,
        (
            200,
            json!({"email": "ann@example.com", "frequency": "weekly"})
        )
    );
    let (status, body) = call_json(&gallery, form("email=&frequency=hourly")).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0], missing("email"));
    assert_eq!(body["detail"][1]["type"], "enum");
}

#[tokio::test]
async fn a_photo_is_stored_under_an_id_and_comes_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let gallery = Gallery::new(dir.path(), 1024);
    let photo = [7u8; 600];
    // The photo before the caption: parts come in any order.
    let request = photos(&[
        ("photo", Some(("../../x.png", "image/png")), &photo),
        ("caption", None, b"Sunset"),
    ]);
    let (status, body) = call_json(&gallery, request).await;
    assert_eq!(status, 201);
    assert_eq!(body["bytes"], 600);
    assert_eq!(body["caption"], "Sunset");
    let id = body["id"].as_str().unwrap();
    assert!(dir.path().join(id).is_file());
    let download = Request::get(format!("/photos/{id}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&gallery, download).await, (200, photo.to_vec()));
    let climb = Request::get("/photos/..%2F..%2Fetc%2Fpasswd")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&gallery, climb).await.0, 404);
}

#[tokio::test]
async fn a_photo_over_the_limit_is_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let gallery = Gallery::new(dir.path(), 1024);
    let big = [1u8; 1025];
    let request = photos(&[
        ("caption", None, b"Too big"),
        ("photo", Some(("big.jpg", "image/jpeg")), &big),
    ]);
    assert_eq!(
        call_json(&gallery, request).await,
        (413, json!({"detail": "Photo too large"}))
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn missing_parts_and_text_for_a_file_answer_422() {
    let dir = tempfile::tempdir().unwrap();
    let gallery = Gallery::new(dir.path(), 1024);
    let (status, body) = call_json(&gallery, photos(&[("other", None, b"x")])).await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"detail": [missing("caption"), missing("photo")]})
    );
    let (status, body) = call_json(&gallery, photos(&[("photo", None, b"hello")])).await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["type"], "value_error");
    let gif = photos(&[("photo", Some(("a.gif", "image/gif")), b"GIF89a")]);
    assert_eq!(call_json(&gallery, gif).await.0, 415);
}
