//! Chapter 08's worked example: a clock whose answers carry a
//! `server-timing` header, and whose API a shop's web page may call.
//!
//! ```text
//! GET /time                                   {"hour":12}, server-timing: app;dur=0.042
//! GET /time  Origin: https://shop.example     + access-control-allow-origin: https://shop.example
//! OPTIONS /time  Origin: https://shop.example, Access-Control-Request-Method: POST
//!                                             + access-control-allow-methods: GET,POST
//! ```

use std::time::{Duration, Instant};

use axum::{
    Json, Router,
    extract::Request,
    http::{HeaderValue, Method, header::CONTENT_TYPE},
    middleware::{Next, from_fn},
    response::Response,
    routing::get,
};
use serde_json::{Value, json};
use tower_http::cors::CorsLayer;

// ANCHOR: timing
/// A middleware is an `async fn(Request, Next) -> Response`: `next.run` is
/// FastAPI's `call_next`, and the response can be changed on its way out.
/// This one says how long the app took, in milliseconds, in the standard
/// `server-timing` header.
async fn stamp_duration(request: Request, next: Next) -> Response {
    let began = Instant::now();
    let mut response = next.run(request).await;
    let millis = began.elapsed().as_secs_f64() * 1000.0;
    let timing = format!("app;dur={millis:.3}");
    if let Ok(value) = HeaderValue::from_str(&timing) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}
// ANCHOR_END: timing

// ANCHOR: cors
/// The pages that may call this API from a browser.
const SHOPS: [&str; 2] = ["https://shop.example", "https://shop.example:8443"];

/// One builder call per `CORSMiddleware` argument. No credentials here, so
/// a fixed list of methods and headers is all it needs.
fn shops_only() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(SHOPS.map(HeaderValue::from_static))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}
// ANCHOR_END: cors

async fn tell_time() -> Json<Value> {
    Json(json!({ "hour": 12 }))
}

// ANCHOR: app
/// `layer` wraps what was added before it, fallbacks included; the last
/// layer added is the outermost, so the timing covers the CORS layer too.
pub fn app() -> Router {
    Router::new()
        .route("/time", get(tell_time))
        .layer(shops_only())
        .layer(from_fn(stamp_duration))
}
// ANCHOR_END: app
