//! Chapter 14's worked example documents what it does.

mod common;

use axum::{body::Body, http::Request};
use common::get;
use serde_json::json;
use tower::ServiceExt;
use worked_examples::ch14::app;

#[tokio::test]
async fn the_document_lists_every_route_with_its_parameters_and_answers() {
    let (status, doc) = get(app(), "/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1."));
    let list = &doc["paths"]["/planets/"]["get"];
    assert_eq!(list["parameters"][0]["name"], "limit");
    assert_eq!(list["parameters"][0]["required"], false);
    assert_eq!(list["parameters"][0]["schema"]["maximum"], 20);
    assert!(list["responses"]["422"].is_object());
    assert!(doc["paths"]["/planets/"]["post"]["requestBody"].is_object());
    let read = &doc["paths"]["/planets/{planet_id}"]["get"];
    assert_eq!(read["parameters"][0]["in"], "path");
    assert!(read["responses"]["404"].is_object());
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["NewPlanet"]["required"], json!(["name"]));
    assert_eq!(
        schemas["Planet"]["properties"]["moons"]["type"],
        json!(["integer", "null"])
    );
    assert!(schemas["ProblemDetails"]["required"] == json!(["detail"]));
}

#[tokio::test]
async fn the_routes_do_what_the_document_says() {
    let (status, planets) = get(app(), "/planets/?limit=2").await;
    assert_eq!((status, planets[1]["name"].clone()), (200, json!("Venus")));
    let (status, problem) = get(app(), "/planets/?limit=99").await;
    assert_eq!(
        (status, problem["at"].clone()),
        (422, json!(["query", "limit"]))
    );
    let (status, problem) = get(app(), "/planets/42").await;
    assert_eq!(
        (status, problem["detail"].clone()),
        (404, json!("Planet not found"))
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let request = Request::get("/docs").body(Body::empty()).unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/docs/");
    let request = Request::get("/docs/swagger-ui-bundle.js")
        .body(Body::empty())
        .unwrap();
    let response = app().oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
}
