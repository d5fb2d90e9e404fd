//! Chapter 15's worked example: a small app written to be tested. A café
//! says whether it is open (by a clock the tests can replace) and forwards
//! feedback to a ticket API (which the tests fake with wiremock).
//!
//! ```text
//! GET  /open        → 200 {"open": true, "hour": 9}
//! POST /feedback    {"message": "..."} → 202 {"ticket": 17}; 422 for an empty message
//! ```

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use fastapi_errors::{BodyObject, ValidationErrors, json_body, min_length};
use serde_json::json;

// ANCHOR: clock
/// What the app asks for the time: the real clock in `main`, a fixed one in
/// tests. This is what FastAPI's `app.dependency_overrides` does, done with
/// the type system: the state holds the dependency, a test builds the state.
pub trait Clock: Send + Sync {
    fn hour(&self) -> u32;
}

/// A clock stopped at one hour, for tests.
pub struct Fixed(pub u32);

impl Clock for Fixed {
    fn hour(&self) -> u32 {
        self.0
    }
}

#[derive(Clone)]
pub struct Cafe {
    pub clock: Arc<dyn Clock>,
    /// Where tickets are opened: `{tickets_url}/tickets`.
    pub tickets_url: String,
    pub http: reqwest::Client,
}
// ANCHOR_END: clock

pub fn app(cafe: Cafe) -> Router {
    Router::new()
        .route("/open", get(open))
        .route("/feedback", post(feedback))
        .with_state(cafe)
}

async fn open(State(cafe): State<Cafe>) -> Json<serde_json::Value> {
    let hour = cafe.clock.hour();
    Json(json!({ "open": (8..18).contains(&hour), "hour": hour }))
}

async fn feedback(State(cafe): State<Cafe>, headers: HeaderMap, body: Bytes) -> Response {
    let message = (|| -> Result<String, ValidationErrors> {
        let value = json_body(&headers, &body)?;
        let body = BodyObject::new(value.as_ref())?;
        let message = body.string("message")?;
        min_length(fastapi_errors::loc("body", "message"), &message, 1)?;
        Ok(message)
    })();
    let message = match message {
        Ok(message) => message,
        Err(errors) => return errors.into_response(),
    };
    let sent = cafe
        .http
        .post(format!("{}/tickets", cafe.tickets_url))
        .json(&json!({ "text": message }))
        .send()
        .await;
    let ticket = match sent {
        Ok(answer) if answer.status().is_success() => answer.json::<serde_json::Value>().await,
        _ => {
            return (
                StatusCode::BAD_GATEWAY,
                Json(json!({"detail": "Ticket API unavailable"})),
            )
                .into_response();
        }
    };
    match ticket {
        Ok(ticket) => (
            StatusCode::ACCEPTED,
            Json(json!({ "ticket": ticket["id"] })),
        )
            .into_response(),
        Err(_) => (
            StatusCode::BAD_GATEWAY,
            Json(json!({"detail": "Ticket API unavailable"})),
        )
            .into_response(),
    }
}
