//! Chapter 08 — middleware and CORS (reference solution).
//!
//! The contract is FastAPI's `middleware` app (an `X-Process-Time` header on
//! every response) and its `cors` app (browsers on four origins may call the
//! API with credentials), served by one router:
//!
//! ```text
//! $ PORT=8000 cargo run -p ch08-middleware-and-cors-solution
//! $ curl -i http://127.0.0.1:8000/ -H 'Origin: http://localhost:8080'
//! HTTP/1.1 200 OK
//! content-type: application/json
//! access-control-allow-origin: http://localhost:8080
//! access-control-allow-credentials: true
//! vary: origin, access-control-request-method, access-control-request-headers
//! x-process-time: 0.000021311
//!
//! {"message":"Hello World"}
//! ```

use std::time::Instant;

use axum::{
    Json, Router,
    extract::Request,
    http::{HeaderValue, StatusCode},
    middleware::{self, Next},
    response::Response,
    routing::get,
};
use serde::Serialize;
use tower_http::cors::{AllowHeaders, AllowMethods, CorsLayer};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

/// `GET /`: the CORS tutorial's one route.
async fn read_root() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// FastAPI's error body: `{"detail": "..."}` (from chapter 01).
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

async fn not_found() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::NOT_FOUND,
        Json(Detail {
            detail: "Not Found",
        }),
    )
}

async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(Detail {
            detail: "Method Not Allowed",
        }),
    )
}

// ANCHOR: process_time
/// FastAPI's `@app.middleware("http")`: code around every request. `next`
/// runs the rest of the app (routing, the handler or a fallback) and gives
/// back its response, which this function may change before it leaves.
async fn add_process_time_header(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let mut response = next.run(request).await;
    // Seconds as a decimal number, like Python's `str(float)`.
    let seconds = start.elapsed().as_secs_f64().to_string();
    let value = HeaderValue::from_str(&seconds).expect("a number is a valid header value");
    response.headers_mut().insert("x-process-time", value);
    response
}
// ANCHOR_END: process_time

// ANCHOR: cors
/// The origins a browser may call this API from; an exact match, scheme and
/// port included.
const ORIGINS: [&str; 4] = [
    "http://localhost.tiangolo.com",
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
];

/// FastAPI's `CORSMiddleware(allow_origins=ORIGINS, allow_credentials=True,
/// allow_methods=["*"], allow_headers=["*"])`.
///
/// With credentials, the CORS standard forbids the `*` wildcard in the
/// answer, and tower-http panics at start-up if you combine them. Starlette
/// gets around it by repeating what the browser asked for; `mirror_request()`
/// is the same move, said out loud.
fn cors() -> CorsLayer {
    let origins = ORIGINS.map(HeaderValue::from_static);
    CorsLayer::new()
        .allow_origin(origins)
        .allow_credentials(true)
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
}
// ANCHOR_END: cors

// ANCHOR: app
/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/", get(read_root))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // `Router::layer` wraps every route *and* the fallbacks, so 404s and
        // 405s are timed too. The last layer added runs first: the timer
        // sees the whole request, CORS preflights included.
        .layer(cors())
        .layer(middleware::from_fn(add_process_time_header))
}
// ANCHOR_END: app

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
