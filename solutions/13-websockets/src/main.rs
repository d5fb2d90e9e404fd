//! Chapter 13 — WebSockets (reference solution).
//!
//! FastAPI's `websockets_` tutorials in one server: an echo at `/ws` with
//! the page that talks to it at `/` (tutorial001), a socket that needs a
//! token before its handshake (tutorial002) and a chat room that
//! broadcasts to everyone (tutorial003).
//!
//! ```text
//! $ PORT=8000 cargo run -p ch13-websockets-solution
//! $ websocat ws://127.0.0.1:8000/ws
//! hello
//! Message text was: hello
//! $ websocat 'ws://127.0.0.1:8000/items/foo/ws?token=abc&q=3'
//! hi
//! Session cookie or query token value is: abc
//! Query parameter q is: 3
//! Message text was: hi, for item ID: foo
//! $ websocat ws://127.0.0.1:8000/ws/7        (and another client as /ws/8)
//! hi
//! You wrote: hi
//! Client #7 says: hi
//! ```
//!
//! # Layout
//!
//! - here: the page, the echo, the router, serving.
//! - `items.rs`: a socket refused before its handshake without a token.
//! - `chat.rs`: the hub every chat socket publishes to and listens on.

mod chat;
mod items;

use axum::{
    Json, Router,
    extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code},
    http::StatusCode,
    response::{Html, Response},
    routing::any,
    routing::get,
};
use serde_json::{Value, json};

use chat::Hub;

/// The page at `/`: a form that sends what you type to `/ws` and lists
/// what comes back.
const PAGE: &str = r#"<!DOCTYPE html>
<html>
  <head><title>Echo</title></head>
  <body>
    <h1>WebSocket echo</h1>
    <form id="form">
      <input type="text" id="text" autocomplete="off"/>
      <button>Send</button>
    </form>
    <ul id="messages"></ul>
    <script>
      const ws = new WebSocket(`ws://${location.host}/ws`);
      ws.onmessage = (event) => {
        const item = document.createElement("li");
        item.textContent = event.data;
        document.getElementById("messages").appendChild(item);
      };
      document.getElementById("form").onsubmit = (event) => {
        event.preventDefault();
        const input = document.getElementById("text");
        ws.send(input.value);
        input.value = "";
      };
    </script>
  </body>
</html>
"#;

/// The whole application. `main` only serves it, so tests can build it too.
fn app(hub: Hub) -> Router {
    Router::new()
        .route("/", get(echo_page))
        // `any`: a WebSocket handshake is a GET, but the socket is not a
        // page; `WebSocketUpgrade` refuses a request that is no handshake.
        .route("/ws", any(open_echo))
        .route("/items/{item_id}/ws", any(items::open_item_socket))
        .route("/ws/{client_id}", any(chat::join_chat))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(hub)
}

async fn echo_page() -> Html<&'static str> {
    Html(PAGE)
}

/// The handshake is answered here (101); the conversation runs in `echo`,
/// on its own task, once the connection is a WebSocket.
async fn open_echo(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(echo)
}

async fn echo(mut socket: WebSocket) {
    while let Some(text) = next_text(&mut socket).await {
        let answer = format!("Message text was: {text}");
        if socket.send(Message::Text(answer.into())).await.is_err() {
            return;
        }
    }
}

/// What the client sent next, as FastAPI's `receive_text` reads it.
pub enum Incoming {
    Text(axum::extract::ws::Utf8Bytes),
    /// Pings and pongs: axum answers pings by itself.
    Control,
    /// The conversation is over: the client closed, vanished, or sent
    /// something this server does not read (and was told so).
    End,
}

/// Sorts one `socket.recv()` result. A binary frame is answered with close
/// 1003 (unsupported data): FastAPI's `receive_text` cannot read one either
/// (uvicorn then drops the connection).
pub async fn sort(
    socket: &mut WebSocket,
    received: Option<Result<Message, axum::Error>>,
) -> Incoming {
    match received {
        Some(Ok(Message::Text(text))) => Incoming::Text(text),
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => Incoming::Control,
        Some(Ok(Message::Binary(_))) => {
            let close = CloseFrame {
                code: close_code::UNSUPPORTED,
                reason: "text frames only".into(),
            };
            let _ = socket.send(Message::Close(Some(close))).await;
            Incoming::End
        }
        // A close frame, a broken connection, or the end of the stream.
        Some(Ok(Message::Close(_)) | Err(_)) | None => Incoming::End,
    }
}

/// The next text frame, skipping pings; `None` once the conversation is over.
async fn next_text(socket: &mut WebSocket) -> Option<axum::extract::ws::Utf8Bytes> {
    loop {
        let received = socket.recv().await;
        match sort(socket, received).await {
            Incoming::Text(text) => return Some(text),
            Incoming::Control => continue,
            Incoming::End => return None,
        }
    }
}

async fn not_found() -> (StatusCode, Json<Value>) {
    (StatusCode::NOT_FOUND, Json(json!({"detail": "Not Found"})))
}

async fn method_not_allowed() -> (StatusCode, Json<Value>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({"detail": "Method Not Allowed"})),
    )
}

#[tokio::main]
async fn main() {
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app(Hub::new()))
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

#[cfg(test)]
mod tests {
    use std::net::{SocketAddr, TcpStream};
    use std::time::Duration;

    use tungstenite::stream::MaybeTlsStream;
    use tungstenite::{Message, WebSocket};

    use super::{Hub, app};

    type Client = WebSocket<MaybeTlsStream<TcpStream>>;

    async fn serve() -> SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app(Hub::new())).await });
        addr
    }

    fn connect(addr: SocketAddr, path: &str) -> Result<Client, tungstenite::Error> {
        let (client, _) = tungstenite::connect(format!("ws://{addr}{path}"))?;
        if let MaybeTlsStream::Plain(stream) = client.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
        }
        Ok(client)
    }

    fn read(client: &mut Client) -> String {
        match client.read().unwrap() {
            Message::Text(text) => text.to_string(),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_item_socket_without_token_or_with_a_bad_q_is_refused_with_403() {
        let addr = serve().await;
        tokio::task::spawn_blocking(move || {
            for path in ["/items/foo/ws", "/items/foo/ws?token=k&q=x"] {
                match connect(addr, path) {
                    Err(tungstenite::Error::Http(answer)) => {
                        assert_eq!(answer.status(), 403, "{path}")
                    }
                    Err(other) => panic!("{path}: {other}"),
                    Ok(_) => panic!("{path}: the socket was accepted"),
                }
            }
        })
        .await
        .unwrap();
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_sender_hears_itself_first_and_the_others_hear_it_leave() {
        let addr = serve().await;
        tokio::task::spawn_blocking(move || {
            let mut ann = connect(addr, "/ws/1").unwrap();
            let mut bob = connect(addr, "/ws/2").unwrap();
            ann.send(Message::text("hi")).unwrap();
            assert_eq!(read(&mut ann), "You wrote: hi");
            assert_eq!(read(&mut ann), "Client #1 says: hi");
            assert_eq!(read(&mut bob), "Client #1 says: hi");
            ann.close(None).unwrap();
            assert_eq!(read(&mut bob), "Client #1 left the chat");
        })
        .await
        .unwrap();
    }
}
