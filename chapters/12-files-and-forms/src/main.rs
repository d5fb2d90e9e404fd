//! Chapter 12 — files and forms (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 12
//! Run the server:  PORT=8000 cargo run -p ch12-files-and-forms
//!
//! Part 1 serves four of FastAPI's tutorials at once: a login form
//! (`request_forms`), file uploads (`request_files` 001 and 002) and files
//! with a form field (`request_forms_and_files`). Three of them answer
//! `POST /files/`, so 002 moves under `/multi` and the last one under
//! `/forms-and-files`. Part 2 is the workbook's upload store: files
//! streamed to `./uploads` under safe names, with a 50 MiB limit.
//! Read the book's chapter 12 page as you go.

use axum::{Json, Router, http::StatusCode};
use serde_json::{Value, json};

/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    // TODO(ch12): `POST /login/` takes a form with `username` and `password`
    // and answers {"username": …}; a missing or empty field is FastAPI's
    // 422 with loc ["body", name] (`fastapi_errors::Form` reads forms so).
    // Book: 12 · Files and forms › "Form fields"
    //
    // TODO(ch12): `POST /files/` answers {"file_size": n} for the part
    // `file`; `POST /uploadfile/` answers {"filename": …} as the client sent
    // it. No `file` part is a 422 `missing`; a text part where a file must
    // be is a 422 `value_error` (`fastapi_errors::not_a_file`).
    // Book: 12 · Files and forms › "Uploading a file"
    //
    // TODO(ch12): `POST /multi/files/` and `POST /multi/uploadfiles/`: every
    // part named `files`, their sizes and their filenames, in order.
    // Book: 12 · Files and forms › "Several files"
    //
    // TODO(ch12): `POST /forms-and-files/files/`: parts `file`, `fileb` and
    // `token` in one body; answer the size, the token and fileb's content
    // type, or list every missing part in that order.
    // Book: 12 · Files and forms › "Files and fields together"
    //
    // TODO(ch12): a body that says multipart but has no boundary, or that
    // does not parse, answers FastAPI's 400; any other body has no parts.
    // Book: 12 · Files and forms › "When the body is not multipart"
    //
    // TODO(ch12): `POST /uploads/` stores the part `file` in `uploads/` and
    // answers 201 {"filename", "size", "sha256"}; `GET /uploads/` lists the
    // names; `GET /uploads/{filename}` sends one back, or 404 {"detail":
    // "File not found"}.
    // Book: 12 · Files and forms › "Storing uploads on disk"
    //
    // TODO(ch12): the client's filename is made safe before it is stored
    // (`../../x.txt` is stored as `x.txt`), and a download never reads a
    // path outside `uploads/`.
    // Book: 12 · Files and forms › "Filenames are input too"
    //
    // TODO(ch12): write the file a chunk at a time as it arrives: a 50 MB
    // upload must not hold 50 MB in memory.
    // Book: 12 · Files and forms › "Big files, small memory"
    //
    // TODO(ch12): over 50 MiB, answer 413 {"detail": "File too large"} and
    // keep nothing; axum's own body limit (2 MB) must be raised on the route.
    // Book: 12 · Files and forms › "A limit, and FastAPI's answer to it"
    Router::new()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
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
