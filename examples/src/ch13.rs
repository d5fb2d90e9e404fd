//! Chapter 13's worked example: an auction. Bidders watch one lot over a
//! WebSocket; every bid is announced to every bidder, and a bidder who
//! cannot keep up is cut off rather than allowed to hold up the room.
//!
//! ```text
//! /shout                      text "hello"  → "HELLO"; a binary frame → close 1003
//! /lots/{lot}?paddle=7        no paddle, or a lot that is no integer → 403, no socket
//!                             text "120" → everyone: "Paddle 7 bids 120 on lot 3"
//!                             text "lots" → only the bidder: "Not a bid: lots"
//! ```

use axum::{
    Router,
    extract::{
        Path, Query, State,
        ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade, close_code},
    },
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::any,
};
use serde::Deserialize;
use tokio::sync::broadcast::{self, Receiver, error::RecvError};

// ANCHOR: upgrade
/// The handshake is an HTTP request: the handler answers it (101), and
/// the conversation runs in `shout`, on a task of its own.
async fn open_shout(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(shout)
}

async fn shout(mut socket: WebSocket) {
    // `recv` gives `None` once the client is gone.
    while let Some(received) = socket.recv().await {
        match received {
            Ok(Message::Text(text)) => {
                let loud = text.to_uppercase();
                if socket.send(Message::Text(loud.into())).await.is_err() {
                    return; // the client vanished mid-answer
                }
            }
            Ok(Message::Binary(_)) => {
                let close = CloseFrame {
                    code: close_code::UNSUPPORTED,
                    reason: "text only".into(),
                };
                let _ = socket.send(Message::Close(Some(close))).await;
                return;
            }
            // axum answers pings itself; a close frame ends the loop next turn.
            Ok(_) => {}
            Err(_) => return,
        }
    }
}
// ANCHOR_END: upgrade

// ANCHOR: refuse
#[derive(Deserialize)]
pub struct Bidder {
    paddle: Option<u32>,
}

/// Everything is decided before the upgrade: a request that may not have
/// a socket gets an HTTP answer (403) and never becomes one.
async fn watch_lot(
    ws: WebSocketUpgrade,
    Path(lot): Path<String>,
    Query(bidder): Query<Bidder>,
    State(auction): State<Auction>,
) -> Response {
    let (Ok(lot), Some(paddle)) = (lot.parse::<u32>(), bidder.paddle) else {
        return StatusCode::FORBIDDEN.into_response();
    };
    // Subscribed before the 101 goes out: nothing said after the client
    // sees its socket open can be missed.
    let bids = auction.bids.subscribe();
    ws.on_upgrade(move |socket| bid(socket, auction, bids, lot, paddle))
}
// ANCHOR_END: refuse

// ANCHOR: hub
/// The room: a broadcast channel. `send` never waits for anyone; each
/// receiver keeps up to `capacity` messages it has not read yet.
#[derive(Clone)]
pub struct Auction {
    bids: broadcast::Sender<Utf8Bytes>,
}

impl Auction {
    pub fn new(capacity: usize) -> Self {
        let (bids, _) = broadcast::channel(capacity);
        Auction { bids }
    }
}
// ANCHOR_END: hub

// ANCHOR: task
/// One bidder's task: what its client says, and what the room says, in
/// turn. A slow client slows only this task.
async fn bid(
    mut socket: WebSocket,
    auction: Auction,
    mut bids: Receiver<Utf8Bytes>,
    lot: u32,
    paddle: u32,
) {
    loop {
        tokio::select! {
            received = socket.recv() => match received {
                Some(Ok(Message::Text(text))) => match text.parse::<u64>() {
                    Ok(amount) => {
                        let said = format!("Paddle {paddle} bids {amount} on lot {lot}");
                        // Nobody listening is not an error.
                        let _ = auction.bids.send(said.into());
                    }
                    Err(_) => {
                        let reply = format!("Not a bid: {text}");
                        if socket.send(Message::Text(reply.into())).await.is_err() {
                            break;
                        }
                    }
                },
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            heard = bids.recv() => match heard {
                Ok(said) => {
                    if socket.send(Message::Text(said)).await.is_err() {
                        break;
                    }
                }
                // Fell `capacity` messages behind: what it missed is gone.
                Err(RecvError::Lagged(_) | RecvError::Closed) => break,
            },
        }
    }
}
// ANCHOR_END: task

pub fn app(auction: Auction) -> Router {
    Router::new()
        .route("/shout", any(open_shout))
        .route("/lots/{lot}", any(watch_lot))
        .with_state(auction)
}
