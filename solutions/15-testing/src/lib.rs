//! Chapter 15 — the app your tests are about. It is finished, and as far as
//! anyone knows it is right: you write its tests (`tests/`), not its code.
//!
//! Its contract is FastAPI's `app_testing` tutorial app (items behind an
//! `X-Token` header), plus one call out: a new item is announced to an email
//! API, as in chapter 11.
//!
//! | method | path              | input                      | status | body |
//! |--------|-------------------|----------------------------|--------|------|
//! | GET    | /items/{item_id}  | `X-Token` header           | 200    | the item: {"id","title","description"} |
//! | GET    | /items/{item_id}  | wrong `X-Token`            | 400    | {"detail":"Invalid X-Token header"} |
//! | GET    | /items/{item_id}  | no `X-Token`               | 422    | FastAPI's list, loc ["header","x-token"] |
//! | GET    | /items/{item_id}  | unknown id                 | 404    | {"detail":"Item not found"} |
//! | POST   | /items/           | `X-Token`, JSON item       | 200    | the item, stored; the email API told |
//! | POST   | /items/           | wrong `X-Token`            | 400    | {"detail":"Invalid X-Token header"}, nothing stored |
//! | POST   | /items/           | an id that exists          | 409    | {"detail":"Item already exists"}, nothing changed |
//! | POST   | /items/           | bad body or no `X-Token`   | 422    | FastAPI's list, nothing stored |
//! | —      | email API         | `POST {EMAIL_API_URL}/emails` | —   | bearer key, {"to","text"}; if it fails, the item is still created |
//!
//! The checker grades your tests against its own copy of this file, with
//! one bug planted at a time: leave this file as it is.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It
// is built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fastapi_errors::{BodyObject, ErrorItem, ValidationErrors, json_body, loc};
use serde::Serialize;
use serde_json::{Value, json};

/// The token FastAPI's tutorial app expects (`fake_secret_token`).
pub const DEFAULT_TOKEN: &str = "coneofsilence";
/// Where announcements of new items are sent.
pub const SHOP_ADDRESS: &str = "shop@example.com";

/// An item, as stored and as answered (`description` is `null` when unset).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// The email API the app announces new items to (chapter 11's contract).
#[derive(Clone)]
pub struct EmailApi {
    /// `http://127.0.0.1:9000`: the app posts to `{base_url}/emails`.
    pub base_url: String,
    /// Sent as `Authorization: Bearer {key}`.
    pub key: String,
    client: reqwest::Client,
}

impl EmailApi {
    pub fn new(base_url: impl Into<String>, key: impl Into<String>) -> Self {
        EmailApi {
            base_url: base_url.into(),
            key: key.into(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(1))
                .build()
                .expect("an HTTP client"),
        }
    }

    /// Tells `to` about a new item. An error says why the API did not take it.
    async fn announce(&self, to: &str, item: &Item) -> Result<(), String> {
        let url = format!("{}/emails", self.base_url.trim_end_matches('/'));
        let text = format!("New item {}: {}", item.id, item.title);
        let response = self
            .client
            .post(url)
            .bearer_auth(&self.key)
            .json(&json!({ "to": to, "text": text }))
            .send()
            .await
            .map_err(|err| err.to_string())?;
        if !response.status().is_success() {
            return Err(format!("the email API answered {}", response.status()));
        }
        Ok(())
    }
}

/// What the handlers share. Tests build their own: another token, an email
/// API that is a fake (wiremock), items of their choosing.
#[derive(Clone)]
pub struct AppState {
    pub token: String,
    pub items: Arc<Mutex<HashMap<String, Item>>>,
    pub email: EmailApi,
}

impl AppState {
    /// FastAPI's two sample items (`foo`, `bar`), `token`, and the email API
    /// at `email_api_url`.
    pub fn new(token: impl Into<String>, email_api_url: impl Into<String>) -> Self {
        let samples = [
            ("foo", "Foo", "There goes my hero"),
            ("bar", "Bar", "The bartenders"),
        ];
        let items = samples
            .into_iter()
            .map(|(id, title, description)| {
                let item = Item {
                    id: id.to_string(),
                    title: title.to_string(),
                    description: Some(description.to_string()),
                };
                (item.id.clone(), item)
            })
            .collect();
        AppState {
            token: token.into(),
            items: Arc::new(Mutex::new(items)),
            email: EmailApi::new(email_api_url, "dev-email-key"),
        }
    }
}

/// The whole application: `main` serves it, tests call it.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/items/{item_id}", get(read_item))
        .route("/items/", post(create_item))
        .fallback(|| async { detail(StatusCode::NOT_FOUND, "Not Found") })
        .method_not_allowed_fallback(|| async {
            detail(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
        })
        .with_state(state)
}

fn detail(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "detail": text }))).into_response()
}

/// The `X-Token` header, required.
fn x_token(headers: &HeaderMap) -> Result<String, ErrorItem> {
    match headers.get("x-token") {
        None => Err(ErrorItem::missing(loc("header", "x-token"), Value::Null)),
        Some(value) => Ok(String::from_utf8_lossy(value.as_bytes()).into_owned()),
    }
}

async fn read_item(
    State(state): State<AppState>,
    Path(item_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let x_token = match x_token(&headers) {
        Ok(token) => token,
        Err(error) => return ValidationErrors(vec![error]).into_response(),
    };
    if x_token != state.token {
        return detail(StatusCode::BAD_REQUEST, "Invalid X-Token header");
    }
    let items = state.items.lock().expect("items lock");
    match items.get(&item_id) {
        Some(item) => Json(item.clone()).into_response(),
        None => detail(StatusCode::NOT_FOUND, "Item not found"),
    }
}

/// The body as FastAPI's `Item` model reads it.
fn item_body(headers: &HeaderMap, bytes: &[u8]) -> Result<Item, ValidationErrors> {
    let value = json_body(headers, bytes)?;
    let body = BodyObject::new(value.as_ref())?;
    let mut errors = ValidationErrors::default();
    let id = errors.take(body.string("id"));
    let title = errors.take(body.string("title"));
    let description = errors.take(body.optional_string("description"));
    match (id, title, description) {
        (Some(id), Some(title), Some(description)) => Ok(Item {
            id,
            title,
            description,
        }),
        _ => Err(errors),
    }
}

async fn create_item(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    // Header first, then body: FastAPI lists the problems in that order.
    let mut errors = ValidationErrors::default();
    let token = errors.take(x_token(&headers));
    let item = errors.take_all(item_body(&headers, &body));
    let (Some(token), Some(item)) = (token, item) else {
        return errors.into_response();
    };
    if token != state.token {
        return detail(StatusCode::BAD_REQUEST, "Invalid X-Token header");
    }
    {
        let mut items = state.items.lock().expect("items lock");
        if items.contains_key(&item.id) {
            return detail(StatusCode::CONFLICT, "Item already exists");
        }
        items.insert(item.id.clone(), item.clone());
    }
    // The item is stored whatever the email API does: a failed announcement
    // is logged, not turned into an error for the client.
    if let Err(problem) = state.email.announce(SHOP_ADDRESS, &item).await {
        eprintln!("could not announce item {}: {problem}", item.id);
    }
    Json(item).into_response()
}
