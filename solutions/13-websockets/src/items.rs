//! FastAPI's `websockets_.tutorial002`: a socket for one item that needs a
//! session cookie or a `?token=` before it is accepted.
//!
//! FastAPI raises `WebSocketException(1008)` from a dependency before the
//! socket is accepted, and a validation error (a `q` that is no integer)
//! does the same; uvicorn turns a close before accept into an HTTP 403.
//! In axum the handler runs before the upgrade: it answers 403 itself, and
//! only a request that passes is upgraded.

use axum::{
    extract::{
        Path, Query,
        ws::{Message, WebSocket, WebSocketUpgrade},
    },
    http::StatusCode,
    response::{IntoResponse, Response},
};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use crate::next_text;

#[derive(Deserialize)]
pub struct ItemParams {
    token: Option<String>,
    /// Kept as text: a value that is no integer refuses the handshake
    /// (403), where `Option<i64>` would make axum answer 400.
    q: Option<String>,
}

/// What the socket learned at its handshake, moved into its task.
struct ItemSocket {
    item_id: String,
    cookie_or_token: String,
    q: Option<i64>,
}

pub async fn open_item_socket(
    ws: WebSocketUpgrade,
    Path(item_id): Path<String>,
    Query(params): Query<ItemParams>,
    jar: CookieJar,
) -> Response {
    let Ok(q) = params.q.map(|q| q.parse::<i64>()).transpose() else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let session = jar.get("session").map(|cookie| cookie.value().to_string());
    if session.is_none() && params.token.is_none() {
        return StatusCode::FORBIDDEN.into_response();
    }
    // Python's `session or token`: the cookie wins unless it is empty.
    let cookie_or_token = session
        .filter(|session| !session.is_empty())
        .or(params.token)
        .unwrap_or_default();
    let item = ItemSocket {
        item_id,
        cookie_or_token,
        q,
    };
    ws.on_upgrade(move |socket| talk_about_item(socket, item))
}

async fn talk_about_item(mut socket: WebSocket, item: ItemSocket) {
    while let Some(text) = next_text(&mut socket).await {
        let mut answers = vec![format!(
            "Session cookie or query token value is: {}",
            item.cookie_or_token
        )];
        if let Some(q) = item.q {
            answers.push(format!("Query parameter q is: {q}"));
        }
        answers.push(format!(
            "Message text was: {text}, for item ID: {}",
            item.item_id
        ));
        for answer in answers {
            if socket.send(Message::Text(answer.into())).await.is_err() {
                return;
            }
        }
    }
}
