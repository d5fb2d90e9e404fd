//! Part 2: `POST /notifications` answers 202 at once and a background task
//! sends the email; `GET /notifications/{id}` says how far it got. The
//! store and both routes are done; the sending is yours.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use fastapi_errors::{BodyObject, FromBody, Json, ValidationErrors};
use serde::Serialize;
use serde_json::json;

use crate::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(
    dead_code,
    reason = "`Sent` and `Failed` are set by the task you write"
)]
pub enum Status {
    Queued,
    Sent,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub id: String,
    pub email: String,
    pub message: String,
    pub status: Status,
    pub attempts: u32,
}

/// What a client sends: `{"email": "...", "message": "..."}`.
pub struct NotificationIn {
    email: String,
    message: String,
}

impl FromBody for NotificationIn {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let email = errors.take(body.string("email"));
        let message = errors.take(body.string("message"));
        Some(NotificationIn {
            email: email?,
            message: message?,
        })
    }
}

/// Every notification, by id. A std `Mutex` is right here: it is held
/// for a lookup or an update, never across an `.await`.
#[derive(Clone, Default)]
pub struct Notifications(Arc<Mutex<HashMap<String, Notification>>>);

impl Notifications {
    fn insert(&self, notification: Notification) {
        self.lock().insert(notification.id.clone(), notification);
    }

    fn get(&self, id: &str) -> Option<Notification> {
        self.lock().get(id).cloned()
    }

    #[allow(dead_code, reason = "called by the task you write")]
    fn update(&self, id: &str, change: impl FnOnce(&mut Notification)) {
        if let Some(notification) = self.lock().get_mut(id) {
            change(notification);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Notification>> {
        // A panic elsewhere cannot leave a map half-written: keep serving.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `POST /notifications`: store it as queued and answer 202 Accepted.
pub async fn create_notification(
    State(state): State<AppState>,
    Json(input): Json<NotificationIn>,
) -> (StatusCode, axum::Json<Notification>) {
    let notification = Notification {
        // Random, not a counter: the id is also the idempotency key, and a
        // counter would start again at 1 after a restart.
        id: uuid::Uuid::new_v4().simple().to_string(),
        email: input.email,
        message: input.message,
        status: Status::Queued,
        attempts: 0,
    };
    state.notifications.insert(notification.clone());
    // TODO(ch11): hand the sending to a task on the state's tracker and
    // return without waiting for it. The task sends through your email
    // client with the notification's id as idempotency key, records each
    // attempt (`update`), then the status: `Sent` or `Failed`.
    // Book: 11 · Background tasks › "Calling the email API with reqwest"
    (StatusCode::ACCEPTED, axum::Json(notification))
}

/// `GET /notifications/{id}`.
pub async fn read_notification(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match state.notifications.get(&id) {
        Some(notification) => axum::Json(notification).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"detail": "Notification not found"})),
        )
            .into_response(),
    }
}
