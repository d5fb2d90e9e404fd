//! FastAPI's `websockets_.tutorial003`: a chat room. Everything a client
//! says reaches every client, and everyone hears when someone leaves.
//!
//! The tutorial keeps a list of sockets and awaits each one's send in
//! turn, so one client that stops reading stops the room. Here the room is
//! a `tokio::sync::broadcast` channel: saying something is a `send` that
//! never waits, and each socket's own task writes what it hears to its own
//! client. A client that falls more than [`BACKLOG`] messages behind is
//! told so by the channel (`Lagged`) and disconnected; it cannot hold up
//! anyone, and its backlog cannot grow without bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::{
    extract::{
        Path, State,
        ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade},
    },
    http::StatusCode,
    response::{IntoResponse, Response},
};
use tokio::sync::broadcast::{self, Receiver, error::RecvError};

use crate::{Incoming, sort};

/// How many messages a client may fall behind before it is cut off.
pub const BACKLOG: usize = 64;

/// One message to the room, with the connection that said it (so that
/// connection can skip its own copy: it already sent it, in order).
#[derive(Clone)]
struct Said {
    from: u64,
    text: Utf8Bytes,
}

/// The room: the channel every chat socket publishes to and listens on.
#[derive(Clone)]
pub struct Hub {
    room: broadcast::Sender<Said>,
    /// Connection numbers: two clients may choose the same `client_id`.
    next_connection: Arc<AtomicU64>,
}

impl Hub {
    pub fn new() -> Self {
        let (room, _) = broadcast::channel(BACKLOG);
        Hub {
            room,
            next_connection: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Sends to everyone listening; nobody listening is not an error.
    fn say(&self, from: u64, text: String) {
        let _ = self.room.send(Said {
            from,
            text: text.into(),
        });
    }
}

/// `client_id` is an integer: anything else refuses the handshake (403,
/// as uvicorn answers FastAPI's validation error on a socket).
pub async fn join_chat(
    ws: WebSocketUpgrade,
    Path(client_id): Path<String>,
    State(hub): State<Hub>,
) -> Response {
    let Ok(client_id) = client_id.parse::<i64>() else {
        return StatusCode::FORBIDDEN.into_response();
    };
    // Subscribe before the handshake is answered: a client that sees its
    // socket open must hear everything said from then on (someone leaving
    // a moment later included). Subscribing in the socket's task, after
    // the 101, would miss it.
    let room = hub.room.subscribe();
    ws.on_upgrade(move |socket| chat(socket, hub, room, client_id))
}

/// One client's task: it reads what its client says and writes what the
/// room says, in turn, so each client sees every sender's messages in
/// order.
async fn chat(mut socket: WebSocket, hub: Hub, mut room: Receiver<Said>, client_id: i64) {
    let me = hub.next_connection.fetch_add(1, Ordering::Relaxed);
    'talk: loop {
        tokio::select! {
            received = socket.recv() => match sort(&mut socket, received).await {
                Incoming::Text(text) => {
                    let mine = [format!("You wrote: {text}"), format!("Client #{client_id} says: {text}")];
                    for line in &mine {
                        if socket.send(Message::Text(line.as_str().into())).await.is_err() {
                            break 'talk;
                        }
                    }
                    let [_, said] = mine;
                    hub.say(me, said);
                }
                Incoming::Control => {}
                Incoming::End => break,
            },
            heard = room.recv() => match heard {
                Ok(said) if said.from == me => {}
                Ok(said) => {
                    if socket.send(Message::Text(said.text)).await.is_err() {
                        break;
                    }
                }
                // Too far behind: the missed messages are gone, so cut it off.
                Err(RecvError::Lagged(_) | RecvError::Closed) => break,
            },
        }
    }
    hub.say(me, format!("Client #{client_id} left the chat"));
}
