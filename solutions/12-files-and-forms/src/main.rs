//! Chapter 12 — files and forms (reference solution).
//!
//! FastAPI's `request_forms` 001, `request_files` 001 and 002 and
//! `request_forms_and_files` 001, served by one server: three of them answer
//! `POST /files/`, so 002 lives under `/multi` and the forms-and-files one
//! under `/forms-and-files`. Then the workbook's own upload store: files
//! streamed to `./uploads` under safe names, with a size limit.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch12-files-and-forms-solution
//! $ curl http://127.0.0.1:8000/login/ -d username=ann -d password=secret
//! {"username":"ann"}
//! $ curl http://127.0.0.1:8000/uploadfile/ -F file=@notes.txt
//! {"filename":"notes.txt"}
//! $ curl http://127.0.0.1:8000/uploads/ -F 'file=@big.iso;filename=../../big.iso'
//! {"filename":"big.iso","size":50000000,"sha256":"1e10…"}          (201)
//! ```
//!
//! # Layout
//!
//! - `login.rs`: a form with two fields (`request_forms`).
//! - `form_data.rs`: a multipart body read into memory, FastAPI's way: the
//!   extractor the tutorial routes share, and FastAPI's 400s and 422s.
//! - `tutorials.rs`: the upload tutorials' routes.
//! - `uploads.rs`: the upload store: streamed to disk, limited, safe names.
//! - here: the router, the JSON 404/405, serving and shutdown.

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It
// is built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod form_data;
mod login;
mod tutorials;
mod uploads;

use std::path::PathBuf;

use axum::{
    Json, Router,
    extract::DefaultBodyLimit,
    http::StatusCode,
    routing::{get, post},
};
use serde_json::{Value, json};

/// The whole application; `uploads` is where the store keeps its files.
fn app(uploads: PathBuf) -> Router {
    Router::new()
        .route("/login/", post(login::login))
        .route("/files/", post(tutorials::create_file))
        .route("/uploadfile/", post(tutorials::create_upload_file))
        .route("/multi/files/", post(tutorials::create_files))
        .route("/multi/uploadfiles/", post(tutorials::create_upload_files))
        .route(
            "/forms-and-files/files/",
            post(tutorials::create_file_with_token),
        )
        .route(
            "/uploads/",
            // axum refuses bodies over 2 MB unless a route says otherwise;
            // the store counts the file's own bytes, so its body may be a
            // little larger than the file limit (boundaries, headers).
            post(uploads::store_upload)
                .layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD_BYTES + 64 * 1024))
                .get(uploads::list_uploads),
        )
        .route("/uploads/{filename}", get(uploads::download_upload))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(uploads::Store::new(uploads))
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
    axum::serve(listener, app(PathBuf::from("uploads")))
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
    //! What the checker cannot see from outside: that an upload reaches the
    //! disk while it is still arriving (the checker reads the server's peak
    //! memory, but only on Linux and only for a server it started).

    use std::time::{Duration, Instant};

    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt;
    use tokio::io::AsyncWriteExt;
    use tokio_util::io::ReaderStream;
    use tower::ServiceExt;

    const BOUNDARY: &str = "solution-test-boundary";

    #[tokio::test]
    async fn a_big_upload_reaches_the_disk_before_it_has_all_arrived() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = dir.path().join("uploads");
        let partial = uploads.join(".big.bin.part");
        let half = vec![b'a'; 4 << 20];

        // The client: half the file, then it waits to see the server's
        // partial file on disk before it sends the rest. A server that
        // buffers the whole part never writes until the end.
        let (mut client, body) = tokio::io::duplex(64 * 1024);
        let watched = partial.clone();
        let sender = tokio::spawn(async move {
            let head = format!(
                "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"file\"; \
                 filename=\"big.bin\"\r\ncontent-type: application/octet-stream\r\n\r\n"
            );
            client.write_all(head.as_bytes()).await.unwrap();
            client.write_all(&half).await.unwrap();
            let started = Instant::now();
            let mut seen = 0;
            while started.elapsed() < Duration::from_secs(5) {
                seen = std::fs::metadata(&watched).map_or(0, |m| m.len());
                if seen >= 1 << 20 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            client.write_all(&half).await.unwrap();
            let tail = format!("\r\n--{BOUNDARY}--\r\n");
            client.write_all(tail.as_bytes()).await.unwrap();
            seen
        });

        let request = Request::post("/uploads/")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from_stream(ReaderStream::new(body)))
            .unwrap();
        let response = super::app(uploads.clone()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 201);
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(answer["size"], 8 << 20);

        let seen = sender.await.unwrap();
        assert!(
            seen >= 1 << 20,
            "only {seen} bytes were on disk while half the file had arrived"
        );
        assert!(
            !partial.exists(),
            "the partial file is renamed when complete"
        );
        assert_eq!(
            std::fs::metadata(uploads.join("big.bin")).unwrap().len(),
            8 << 20
        );
    }
}
