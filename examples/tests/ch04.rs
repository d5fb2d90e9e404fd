//! Chapter 04's worked example does what the page says it does.

mod common;

use common::{kinds, send};
use serde_json::json;
use worked_examples::ch04::app;

#[tokio::test]
async fn a_good_recipe_comes_back_with_nulls() {
    assert_eq!(
        send(
            app(),
            "POST",
            "/recipes/",
            "application/json",
            r#"{"title":"Soup","serves":4}"#
        )
        .await,
        (
            200,
            json!({"title": "Soup", "notes": null, "serves": 4.0, "minutes": null})
        )
    );
}

#[tokio::test]
async fn every_bad_field_is_reported() {
    let (status, body) = send(
        app(),
        "POST",
        "/recipes/",
        "application/json",
        r#"{"serves":"many"}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(kinds(&body), ["missing", "float_parsing"]);
    assert_eq!(body["detail"][0]["input"], json!({"serves": "many"}));
}

#[tokio::test]
async fn path_and_body_errors_come_together_path_first() {
    let (status, body) = send(
        app(),
        "PUT",
        "/recipes/x?tag=quick",
        "application/json",
        r#"{"title":"Soup"}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["loc"], json!(["path", "recipe_id"]));
    assert_eq!(body["detail"][1]["loc"], json!(["body", "serves"]));

    let (status, body) = send(app(), "PUT", "/recipes/x", "application/json", "{").await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"].as_array().unwrap().len(), 1);
    assert_eq!(body["detail"][0]["type"], "json_invalid");

    let (status, body) = send(
        app(),
        "PUT",
        "/recipes/3?tag=quick",
        "application/json; charset=utf-8",
        r#"{"title":"Soup","serves":2,"minutes":10}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"recipe_id": 3, "title": "Soup", "notes": null, "serves": 2.0, "minutes": 10.0, "tag": "quick"})
    );
}
