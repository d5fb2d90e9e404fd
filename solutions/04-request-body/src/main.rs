//! Chapter 04 — request body (reference solution).
//!
//! The contract is FastAPI's body tutorials: a JSON `Item` posted alone, and
//! the same body together with a path value and an optional query value.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch04-request-body-solution
//! $ curl -i http://127.0.0.1:8000/items/ -H 'content-type: application/json' \
//!     -d '{"name": "Foo", "price": 50.5}'
//! HTTP/1.1 200 OK
//! content-type: application/json
//!
//! {"name":"Foo","description":null,"price":50.5,"tax":null}
//! $ curl -i -X PUT 'http://127.0.0.1:8000/items/foo' -H 'content-type: application/json' \
//!     -d '{"name": "Foo"}'
//! HTTP/1.1 422 Unprocessable Entity
//! content-type: application/json
//!
//! {"detail":[{"type":"int_parsing","loc":["path","item_id"],...},
//!            {"type":"missing","loc":["body","price"],...,"input":{"name":"Foo"}}]}
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode},
    routing::{post, put},
};
use fastapi_errors::{BodyObject, ValidationErrors, json_body, loc, parse_int};
use serde::Serialize;

// ANCHOR: item
/// FastAPI's `Item` model. Serialize gives the response; reading it is done
/// by hand in [`Item::from_body`], so that every bad field is reported.
#[derive(Debug, Serialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

impl Item {
    /// Reads each field in the model's order, keeping every error. `None`
    /// means at least one error was recorded in `errors`.
    fn from_body(body: Option<&serde_json::Value>, errors: &mut ValidationErrors) -> Option<Item> {
        let body = errors.take(BodyObject::new(body))?;
        let name = errors.take(body.string("name"));
        let description = errors.take(body.optional_string("description"));
        let price = errors.take(body.float("price"));
        let tax = errors.take(body.optional_float("tax"));
        Some(Item {
            name: name?,
            description: description?,
            price: price?,
            tax: tax?,
        })
    }
}
// ANCHOR_END: item

// ANCHOR: create_item
/// `POST /items/`: the body is the whole input.
async fn create_item(headers: HeaderMap, body: Bytes) -> Result<Json<Item>, ValidationErrors> {
    // Bad JSON stops here: there is nothing to validate yet.
    let body = json_body(&headers, &body)?;
    let mut errors = ValidationErrors::default();
    match Item::from_body(body.as_ref(), &mut errors) {
        Some(item) => Ok(Json(item)),
        None => Err(errors),
    }
}
// ANCHOR_END: create_item

// ANCHOR: update_item
/// The answer of `PUT /items/{item_id}`: the id, the item's fields at the
/// same level (`flatten`), and `q` only when it was given and not empty.
#[derive(Serialize)]
struct UpdatedItem {
    item_id: i64,
    #[serde(flatten)]
    item: Item,
    #[serde(skip_serializing_if = "Option::is_none")]
    q: Option<String>,
}

/// `PUT /items/{item_id}?q=...`: path, query and body together. Each is
/// taken raw so that no extractor can answer before all errors are known.
async fn update_item(
    Path(raw_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UpdatedItem>, ValidationErrors> {
    // FastAPI decodes the body before validating anything, so malformed
    // JSON is reported alone, even next to a bad path value.
    let body = json_body(&headers, &body)?;

    // Then errors are collected in FastAPI's order: path, query, body.
    let mut errors = ValidationErrors::default();
    let item_id = errors.take(parse_int(loc("path", "item_id"), &raw_id));
    // `q: str | None`: any text is valid; FastAPI's tutorial skips an empty one.
    let q = query.get("q").filter(|q| !q.is_empty()).cloned();
    let item = Item::from_body(body.as_ref(), &mut errors);

    // A `None` always left its error behind in `errors`.
    let (Some(item_id), Some(item)) = (item_id, item) else {
        return Err(errors);
    };
    Ok(Json(UpdatedItem { item_id, item, q }))
}
// ANCHOR_END: update_item

/// FastAPI's error body: `{"detail": "..."}`.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

/// Unknown paths answer JSON, as in chapter 01.
async fn not_found() -> (StatusCode, Json<Detail>) {
    let detail = Detail {
        detail: "Not Found",
    };
    (StatusCode::NOT_FOUND, Json(detail))
}

/// Known paths with an unserved method answer JSON; axum adds `allow`.
async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    let detail = Detail {
        detail: "Method Not Allowed",
    };
    (StatusCode::METHOD_NOT_ALLOWED, Json(detail))
}

// ANCHOR: app
/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/items/", post(create_item))
        .route("/items/{item_id}", put(update_item))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}
// ANCHOR_END: app

#[tokio::main]
async fn main() {
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("Ctrl-C handler");
    };
    // SIGTERM is how process managers (and the checker) ask a server to
    // stop; Windows has no such signal, so there only Ctrl-C counts.
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
