//! Part 2: `POST /notifications` answers 202 at once and a background task
//! sends the email; `GET /notifications/{id}` says how far it got.

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
use crate::email::{Email, EmailApi};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
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

/// `POST /notifications`: store it as queued, hand the sending to a
/// tracked task, answer 202 Accepted without waiting for the email API.
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
    state.tasks.spawn(deliver(
        state.email.clone(),
        state.notifications.clone(),
        notification.clone(),
    ));
    (StatusCode::ACCEPTED, axum::Json(notification))
}

/// The background part: send, recording each attempt and the outcome.
async fn deliver(api: Arc<EmailApi>, notifications: Notifications, notification: Notification) {
    let id = &notification.id;
    let email = Email {
        to: &notification.email,
        text: &notification.message,
    };
    let sent = api
        .send(&email, id, |attempt| {
            notifications.update(id, |n| n.attempts = attempt);
        })
        .await;
    let status = if sent { Status::Sent } else { Status::Failed };
    notifications.update(id, |n| n.status = status);
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

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt;
    use serde_json::Value;
    use tower::ServiceExt;
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use crate::{AppState, app, email::EmailSettings};

    async fn send(state: &AppState, request: Request<Body>) -> (u16, Value) {
        let response = app(state.clone()).oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn a_notification_is_queued_at_once_and_sent_before_the_tracker_is_done() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
        let state = AppState::new(EmailSettings::for_tests(&server.uri()), "log.txt".into());
        let request = Request::post("/notifications")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"email":"ann@example.com","message":"Hi"}"#))
            .unwrap();
        let (status, created) = send(&state, request).await;
        assert_eq!(status, 202);
        assert_eq!(created["status"], "queued");
        // What shutdown does: no new tasks, then wait for the running ones.
        state.tasks.close();
        state.tasks.wait().await;
        let id = created["id"].as_str().unwrap();
        let uri = format!("/notifications/{id}");
        let (status, read) = send(&state, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, 200);
        assert_eq!(read["status"], "sent");
        assert_eq!(read["attempts"], 1);
    }

    #[tokio::test]
    async fn a_body_without_a_message_is_a_422_and_nothing_is_sent() {
        let state = AppState::new(
            EmailSettings::for_tests("http://127.0.0.1:9"),
            "log.txt".into(),
        );
        let request = Request::post("/notifications")
            .header("content-type", "application/json")
            .body(Body::from(r#"{"email":"ann@example.com"}"#))
            .unwrap();
        let (status, body) = send(&state, request).await;
        assert_eq!(status, 422);
        assert_eq!(
            body["detail"][0]["loc"],
            serde_json::json!(["body", "message"])
        );
        assert!(state.tasks.is_empty());
    }
}
