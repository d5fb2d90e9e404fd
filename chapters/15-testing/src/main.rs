//! Serves the app in `lib.rs`, so you can try it with curl while you write
//! its tests:
//!
//! ```text
//! $ PORT=8000 cargo run -p ch15-testing
//! $ curl -H 'x-token: coneofsilence' http://127.0.0.1:8000/items/foo
//! {"id":"foo","title":"Foo","description":"There goes my hero"}
//! ```
//!
//! `EMAIL_API_URL` says where the email API listens (default
//! `http://127.0.0.1:9000`; if nothing listens there, announcements fail
//! and are logged, and items are still created).

#[tokio::main]
async fn main() {
    let email_api =
        std::env::var("EMAIL_API_URL").unwrap_or_else(|_| "http://127.0.0.1:9000".into());
    let state = ch15_testing::AppState::new(ch15_testing::DEFAULT_TOKEN, email_api);
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, ch15_testing::app(state))
        .await
        .expect("server error");
}
