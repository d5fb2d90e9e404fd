//! Chapter 13 — WebSockets (starter).
//!
//! FastAPI's `websockets_` tutorials in one server: an echo at `/ws` with
//! the page that talks to it at `/` (tutorial001), a socket that needs a
//! token before its handshake (tutorial002) and a chat room that
//! broadcasts to everyone (tutorial003). The page is here; the sockets
//! are yours.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch13-websockets
//! $ cargo run -p checker -- chapter 13
//! ```
//!
//! `axum`'s `ws` feature is already on in Cargo.toml: `axum::extract::ws`
//! has `WebSocketUpgrade`, `WebSocket` and `Message`.

use axum::{Json, Router, http::StatusCode, response::Html, routing::get};
use serde_json::{Value, json};

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
fn app() -> Router {
    // TODO(ch13): `/ws` upgrades to a WebSocket (`WebSocketUpgrade`,
    // `ws.on_upgrade(..)`) and answers every text frame with
    // "Message text was: {text}". A binary frame ends that socket; the
    // server goes on serving the others.
    // Book: 13 · WebSockets › "The echo"
    //
    // TODO(ch13): `/items/{item_id}/ws` needs `?token=` or a `session`
    // cookie, and an optional integer `?q=`; without them, or with a `q`
    // that is no integer, answer 403 instead of upgrading. Each text gets
    // "Session cookie or query token value is: {cookie or token}", then
    // "Query parameter q is: {q}" when given, then
    // "Message text was: {text}, for item ID: {item_id}".
    // Book: 13 · WebSockets › "A token before the handshake"
    //
    // TODO(ch13): `/ws/{client_id}` (an integer, else 403) is a chat room:
    // the sender reads "You wrote: {text}", then every client reads
    // "Client #{client_id} says: {text}"; when a client goes, the others
    // read "Client #{client_id} left the chat". One hub in the router's
    // state (a `tokio::sync::broadcast` channel) and one task per socket.
    // Book: 13 · WebSockets › "One hub, many clients"
    //
    // TODO(ch13): a client that stops reading, or vanishes, must not hold
    // up anyone else: never await one client's send for another's sake.
    // Book: 13 · WebSockets › "Slow and vanished clients"
    Router::new()
        .route("/", get(echo_page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn echo_page() -> Html<&'static str> {
    Html(PAGE)
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
