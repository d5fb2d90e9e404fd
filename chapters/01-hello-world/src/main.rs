//! Chapter 01 — hello, world (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 1
//! Run the server:  PORT=8000 cargo run -p ch01-hello-world
//!
//! The server already starts and answers; your job is to make it answer the
//! way FastAPI's first app does. Read the book's chapter 01 page as you go.

use axum::{Router, routing::get};

// TODO(ch01): answer `GET /` with the JSON body {"message": "Hello World"}.
// A plain `&str` is sent as text/plain; the checker wants application/json.
// Book: 01 · Hello, world › "Your first route"
async fn read_root() -> &'static str {
    "Hello World"
}

/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    // TODO(ch01): an unknown path must answer 404 {"detail": "Not Found"}, and a
    // known path with the wrong method 405 {"detail": "Method Not Allowed"}.
    // axum's own 404 and 405 have empty bodies.
    // Book: 01 · Hello, world › "Errors are JSON too"
    Router::new().route("/", get(read_root))
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
