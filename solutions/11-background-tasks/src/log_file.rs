//! Part 1, FastAPI's `background_tasks.tutorial002`: answer first, write
//! the log after.

use std::path::PathBuf;

use axum::{
    Json,
    extract::{Path, State},
    http::Uri,
};
use fastapi_errors::query_map;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use crate::AppState;

/// `POST /send-notification/{email}?q=..`: queues the log lines and
/// answers without waiting for them.
pub async fn send_notification(
    State(state): State<AppState>,
    Path(email): Path<String>,
    uri: Uri,
) -> Json<Value> {
    let mut lines = Vec::new();
    // FastAPI's `if q:` skips an empty value as well as a missing one.
    if let Some(q) = query_map(&uri).remove("q").filter(|q| !q.is_empty()) {
        lines.push(format!("found query: {q}\n"));
    }
    lines.push(format!("message to {email}\n"));
    // One task for both lines keeps them in the order FastAPI writes them.
    state
        .tasks
        .spawn(append_lines(state.log_path.clone(), lines));
    Json(json!({"message": "Message sent"}))
}

/// Appends `lines` to the file. Nobody is waiting for an answer any more,
/// so a failure can only be reported in the server's output.
async fn append_lines(path: PathBuf, lines: Vec<String>) {
    let written = async {
        let mut file = tokio::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .await?;
        file.write_all(lines.concat().as_bytes()).await?;
        file.flush().await
    };
    if let Err(err) = written.await {
        eprintln!("could not write {}: {err}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use axum::{body::Body, http::Request};
    use tower::ServiceExt;

    use crate::{AppState, app, email::EmailSettings};

    #[tokio::test]
    async fn the_log_gets_the_query_then_the_message_after_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log.txt");
        let state = AppState::new(EmailSettings::for_tests("http://127.0.0.1:9"), log.clone());
        let tasks = state.tasks.clone();
        let request = Request::post("/send-notification/ann@example.com?q=hi")
            .body(Body::empty())
            .unwrap();
        let response = app(state).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        tasks.close();
        tasks.wait().await;
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "found query: hi\nmessage to ann@example.com\n"
        );
    }
}
