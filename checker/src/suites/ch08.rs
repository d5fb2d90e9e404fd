//! Chapter 08 — middleware and CORS. FastAPI's `middleware` app (a timing
//! header on every response) and its `cors` app, served by one server.
//!
//! | method  | path         | request headers                   | status | what must come back |
//! |---------|--------------|-----------------------------------|--------|---------------------|
//! | any     | unknown path |                                   | 404    | `x-process-time`: seconds, 0 < s < 1 |
//! | GET/POST| /            |                                   | 200/405| `x-process-time` too |
//! | GET     | /            | `Origin` on the list              | 200    | the origin echoed, credentials allowed |
//! | OPTIONS | /            | `Origin`, `Access-Control-Request-*` | 200 | the origin echoed, credentials allowed, headers mirrored |
//! | GET     | /            | no `Origin`, or one off the list  | 200    | no `access-control-allow-origin` |
//!
//! FastAPI's middleware app has no routes of its own, so its check uses a
//! 404; its cors app has no timing middleware. Not checked (tower-http and
//! Starlette legitimately differ): a preflight's body (Starlette `OK`,
//! tower-http empty), a preflight from a disallowed origin (Starlette 400,
//! tower-http 200 without an allow-origin header), the exact `allow-methods` list and
//! `max-age`.

use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, get, post, request};

const MIDDLEWARE: Oracle = Oracle::FastApi("middleware.tutorial001");
const CORS: Oracle = Oracle::FastApi("cors.tutorial001");

/// The origins the CORS tutorial allows.
const ORIGINS: [&str; 4] = [
    "http://localhost.tiangolo.com",
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
];

/// A header name a browser might ask for: `X-Qzmfe`.
fn custom_header(rng: &mut Rng) -> String {
    let word = rng.word(5);
    let (first, rest) = word.split_at(1);
    format!("X-{}{rest}", first.to_uppercase())
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 8,
        slug: "middleware-and-cors",
        title: "Middleware and CORS",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "08.1",
                title: "a 404 carries an x-process-time header with the seconds it took",
                points: 2,
                oracle: MIDDLEWARE,
                hint: "write an `async fn(Request, Next) -> Response` that times `next.run(request)` and writes the seconds as a fraction (`as_secs_f64`), and add it with `.layer(middleware::from_fn(...))`",
                read: "Your first middleware",
                steps: |rng| {
                    let path = format!("/{}/{}", rng.word(6), rng.int(1, 9999));
                    vec![
                        get(path.clone())
                            .status(404)
                            .header_seconds("x-process-time")
                            .json(serde_json::json!({"detail": "Not Found"})),
                        request("DELETE", path)
                            .status(404)
                            .header_seconds("x-process-time"),
                    ]
                },
            },
            Check {
                id: "08.2",
                title: "routed answers carry x-process-time too, 405s included",
                points: 1,
                oracle: Oracle::None {
                    why: "FastAPI's middleware app has no routes, and its cors app (the one with GET /) has no timing middleware",
                },
                hint: "add the layer with `Router::layer` after every route and fallback, so it wraps them all",
                read: "Your first middleware",
                steps: |_| {
                    vec![
                        get("/")
                            .header_seconds("x-process-time")
                            .json(serde_json::json!({"message": "Hello World"})),
                        post("/").status(405).header_seconds("x-process-time"),
                    ]
                },
            },
            Check {
                id: "08.3",
                title: "a request from an allowed origin gets that origin back, with credentials",
                points: 2,
                oracle: CORS,
                hint: "add a tower-http `CorsLayer` with `.allow_origin([...])` of the four origins and `.allow_credentials(true)`",
                read: "CORS with tower-http",
                // Every origin on the list, every run: one mistyped origin is
                // a bug whichever one it is.
                steps: |_| {
                    ORIGINS
                        .into_iter()
                        .map(|origin| {
                            get("/")
                                .send_header("Origin", origin)
                                .header_is("access-control-allow-origin", origin)
                                .header_is("access-control-allow-credentials", "true")
                                .json(serde_json::json!({"message": "Hello World"}))
                        })
                        .collect()
                },
            },
            Check {
                id: "08.4",
                title: "a preflight from an allowed origin is allowed, with the requested headers mirrored",
                points: 2,
                oracle: CORS,
                hint: "use `AllowHeaders::mirror_request()` and `AllowMethods::mirror_request()`: wildcards with credentials panic at start-up",
                read: "Preflights, credentials and wildcards",
                steps: |rng| {
                    let origin = *rng.pick(&ORIGINS);
                    let asked = format!("{}, {}", custom_header(rng), custom_header(rng));
                    vec![
                        // FastAPI's own example, then a random one.
                        request("OPTIONS", "/")
                            .send_header("Origin", ORIGINS[1])
                            .send_header("Access-Control-Request-Method", "GET")
                            .send_header("Access-Control-Request-Headers", "X-Example")
                            .header_is("access-control-allow-origin", ORIGINS[1])
                            .header_is("access-control-allow-headers", "X-Example"),
                        request("OPTIONS", "/")
                            .send_header("Origin", origin)
                            .send_header("Access-Control-Request-Method", "GET")
                            .send_header("Access-Control-Request-Headers", &asked)
                            .header_is("access-control-allow-origin", origin)
                            .header_is("access-control-allow-credentials", "true")
                            .header_is("access-control-allow-headers", asked)
                            .header_lists("access-control-allow-methods", "GET"),
                        // FastAPI's app allows every method, not only GET.
                        request("OPTIONS", "/")
                            .send_header("Origin", origin)
                            .send_header("Access-Control-Request-Method", "PUT")
                            .header_is("access-control-allow-origin", origin)
                            .header_lists("access-control-allow-methods", "PUT"),
                        request("OPTIONS", "/")
                            .send_header("Origin", origin)
                            .send_header("Access-Control-Request-Method", "DELETE")
                            .header_lists("access-control-allow-methods", "DELETE"),
                    ]
                },
            },
            Check {
                id: "08.5",
                title: "no allow-origin header without an Origin, or for an origin off the list",
                points: 1,
                oracle: CORS,
                hint: "list the origins exactly; never answer `*` or echo an origin you did not list",
                read: "CORS with tower-http",
                steps: |rng| {
                    let stranger = format!("http://{}.example", rng.word(7));
                    vec![
                        get("/")
                            .header_absent("access-control-allow-origin")
                            .json(serde_json::json!({"message": "Hello World"})),
                        get("/")
                            .send_header("Origin", &stranger)
                            .header_absent("access-control-allow-origin"),
                        // The same host on another port is another origin.
                        get("/")
                            .send_header("Origin", "http://localhost:3000")
                            .header_absent("access-control-allow-origin"),
                    ]
                },
            },
        ],
    }
}
