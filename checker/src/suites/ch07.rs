//! Chapter 07 — dependencies. One server for several of FastAPI's dependency
//! tutorials; every route sits behind tutorial012's two header dependencies,
//! so every request below that expects success carries both headers.
//!
//! | method | path            | input                          | status | body |
//! |--------|-----------------|--------------------------------|--------|------|
//! | GET    | /users/         | q, skip, limit (all optional)  | 200    | {"q":…,"skip":…,"limit":…} |
//! | GET    | /users/         | skip, limit not integers       | 422    | two int_parsing items |
//! | GET    | /items/         | q, or the `last_query` cookie  | 200    | {"q_or_cookie":…} |
//! | GET    | /items/, /users/| X-Token / X-Key missing        | 422    | missing, loc ["header", …] |
//! | GET    | /items/, /users/| X-Token / X-Key wrong          | 400    | {"detail":"X-Token header invalid"} … |
//! | any    | unknown path, wrong method, no headers | —       | 404/405| {"detail":…} |
//! | GET    | /items/{id}     | portal-gun / plumbus / other   | 200/400/404 | item / "Owner error: Rick" / "Item not found" |
//! | GET    | /users/me       | —                              | 200    | "Rick" |

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get, post};

const COMMON: Oracle = Oracle::FastApi("dependencies.tutorial001");
const SUB_DEPENDENCY: Oracle = Oracle::FastApi("dependencies.tutorial005");
const ROUTE_HEADERS: Oracle = Oracle::FastApi("dependencies.tutorial006");
const GLOBAL_HEADERS: Oracle = Oracle::FastApi("dependencies.tutorial012");
const YIELD_ERRORS: Oracle = Oracle::FastApi("dependencies.tutorial008b");
const YIELD_SCOPE: Oracle = Oracle::FastApi("dependencies.tutorial008e");

/// The values FastAPI's header tutorials accept.
const TOKEN: &str = "fake-super-secret-token";
const KEY: &str = "fake-super-secret-key";

/// `step` with both right headers: what every successful request sends.
fn with_keys(step: Step) -> Step {
    step.send_header("x-token", TOKEN).send_header("x-key", KEY)
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 7,
        slug: "dependencies",
        title: "Dependencies",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "07.1",
                title: "GET /users/ answers the common query parameters, defaults filled in",
                points: 2,
                oracle: COMMON,
                hint: "write a `CommonQueryParams` struct that implements `FromRequestParts` \
                       and take it as the handler's argument; `skip` defaults to 0, `limit` to 100",
                read: "A dependency is an extractor",
                steps: |rng| {
                    let q = rng.word(7);
                    let skip = rng.int(0, 50);
                    let limit = rng.int(1, 500);
                    vec![
                        with_keys(get("/users/")).json(json!({"q": null, "skip": 0, "limit": 100})),
                        with_keys(get(format!("/users/?q={q}&skip={skip}&limit={limit}")))
                            .json(json!({"q": q, "skip": skip, "limit": limit})),
                        with_keys(get(format!("/users/?limit={limit}")))
                            .json(json!({"q": null, "skip": 0, "limit": limit})),
                    ]
                },
            },
            Check {
                id: "07.2",
                title: "bad skip and limit answer 422 with both errors, in order",
                points: 2,
                oracle: COMMON,
                hint: "the extractor's `Rejection` is your `ValidationErrors`: parse `skip` and \
                       `limit` both, then reject with every error found",
                read: "A dependency is an extractor",
                steps: |rng| {
                    let skip = rng.word(4);
                    let limit = format!("{}{}", rng.int(1, 99), rng.word(2));
                    vec![
                        with_keys(get(format!("/users/?skip={skip}&limit={limit}")))
                            .status(422)
                            .json(fastapi::detail(vec![
                                fastapi::int_parsing(loc("query", "skip"), &skip),
                                fastapi::int_parsing(loc("query", "limit"), &limit),
                            ])),
                        with_keys(get(format!("/users/?limit={limit}")))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::int_parsing(
                                loc("query", "limit"),
                                &limit,
                            )])),
                    ]
                },
            },
            Check {
                id: "07.3",
                title: "GET /items/ answers q from the query string, or null",
                points: 1,
                oracle: SUB_DEPENDENCY,
                hint: "answer {\"q_or_cookie\": q}; with no q and no cookie, q_or_cookie is null",
                read: "Sub-dependencies",
                steps: |rng| {
                    let q = rng.word(6);
                    vec![
                        with_keys(get(format!("/items/?q={q}"))).json(json!({"q_or_cookie": q})),
                        with_keys(get("/items/")).json(json!({"q_or_cookie": null})),
                    ]
                },
            },
            Check {
                id: "07.4",
                title: "GET /items/ falls back to the last_query cookie when q is missing or empty",
                points: 2,
                oracle: SUB_DEPENDENCY,
                hint: "a `QueryOrCookie` extractor that extracts the query first, then a \
                       `CookieJar`; an empty q counts as missing",
                read: "Sub-dependencies",
                steps: |rng| {
                    let q = rng.word(6);
                    let cookie = rng.word(8);
                    let cookie_header = format!("last_query={cookie}");
                    vec![
                        with_keys(get("/items/"))
                            .send_header("cookie", &cookie_header)
                            .json(json!({"q_or_cookie": cookie})),
                        with_keys(get("/items/?q="))
                            .send_header("cookie", &cookie_header)
                            .json(json!({"q_or_cookie": cookie})),
                        with_keys(get(format!("/items/?q={q}")))
                            .send_header("cookie", &cookie_header)
                            .json(json!({"q_or_cookie": q})),
                    ]
                },
            },
            Check {
                id: "07.5",
                title: "a missing X-Token or X-Key header answers 422, loc [\"header\", …]",
                points: 2,
                oracle: ROUTE_HEADERS,
                hint: "a `VerifyToken` extractor: no `x-token` header is a `missing` error \
                       with loc [\"header\", \"x-token\"]; the same for `VerifyKey` and `x-key`",
                read: "Dependencies that guard a route",
                steps: |_| {
                    vec![
                        get("/items/")
                            .send_header("x-key", KEY)
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("header", "x-token"),
                                Value::Null,
                            )])),
                        get("/items/")
                            .send_header("x-token", TOKEN)
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("header", "x-key"),
                                Value::Null,
                            )])),
                    ]
                },
            },
            Check {
                id: "07.6",
                title: "a wrong X-Token or X-Key answers 400 with the dependency's detail, token first",
                points: 2,
                oracle: ROUTE_HEADERS,
                hint: "compare each header with the value in `ApiKeys` and reject with \
                       400 {\"detail\": \"X-Token header invalid\"}; check the token before the key",
                read: "Dependencies that guard a route",
                steps: |rng| {
                    let wrong_token = format!("token-{}", rng.word(8));
                    let wrong_key = format!("key-{}", rng.word(8));
                    let token_invalid = json!({"detail": "X-Token header invalid"});
                    vec![
                        get("/items/")
                            .send_header("x-token", &wrong_token)
                            .send_header("x-key", KEY)
                            .status(400)
                            .json(token_invalid.clone()),
                        get("/items/")
                            .send_header("x-token", TOKEN)
                            .send_header("x-key", &wrong_key)
                            .status(400)
                            .json(json!({"detail": "X-Key header invalid"})),
                        // Two problems: the token's verdict comes first.
                        get("/items/")
                            .send_header("x-token", &wrong_token)
                            .send_header("x-key", &wrong_key)
                            .status(400)
                            .json(token_invalid.clone()),
                        get("/items/")
                            .send_header("x-token", &wrong_token)
                            .status(400)
                            .json(token_invalid),
                    ]
                },
            },
            Check {
                id: "07.7",
                title: "the header dependencies guard every route, /users/ too",
                points: 2,
                oracle: GLOBAL_HEADERS,
                hint: "put the check on the whole router: \
                       `.route_layer(from_extractor_with_state::<(VerifyToken, VerifyKey), _>(state.clone()))`",
                read: "Dependencies for the whole app",
                steps: |rng| {
                    let wrong_token = format!("token-{}", rng.word(8));
                    let wrong_key = format!("key-{}", rng.word(8));
                    vec![
                        get("/users/")
                            .send_header("x-token", TOKEN)
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("header", "x-key"),
                                Value::Null,
                            )])),
                        get("/users/")
                            .send_header("x-key", KEY)
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("header", "x-token"),
                                Value::Null,
                            )])),
                        get("/users/")
                            .send_header("x-token", &wrong_token)
                            .send_header("x-key", KEY)
                            .status(400)
                            .json(json!({"detail": "X-Token header invalid"})),
                        get("/users/")
                            .send_header("x-token", TOKEN)
                            .send_header("x-key", &wrong_key)
                            .status(400)
                            .json(json!({"detail": "X-Key header invalid"})),
                    ]
                },
            },
            Check {
                id: "07.8",
                title: "an unknown path or a wrong method answers 404/405 without asking for the headers",
                points: 1,
                oracle: GLOBAL_HEADERS,
                hint: "use `route_layer`, not `layer`, and set `method_not_allowed_fallback` \
                       after it, so only requests that reach a route are checked",
                read: "Dependencies for the whole app",
                steps: |rng| {
                    let path = format!("/{}/{}", rng.word(6), rng.int(1, 9999));
                    vec![
                        get(path).status(404).json(json!({"detail": "Not Found"})),
                        post("/users/")
                            .status(405)
                            .header_lists("allow", "GET")
                            .json(json!({"detail": "Method Not Allowed"})),
                    ]
                },
            },
            Check {
                id: "07.9",
                title: "GET /items/{item_id} answers the item, or 404 when there is none",
                points: 1,
                oracle: YIELD_ERRORS,
                hint: "look the id up in the `Items` part of the state (`State<Items>`)",
                read: "Dependencies with clean-up",
                steps: |rng| {
                    let unknown = format!("{}-{}", rng.word(5), rng.word(4));
                    vec![
                        with_keys(get("/items/portal-gun"))
                            .json(json!({"description": "Gun to create portals", "owner": "Rick"})),
                        with_keys(get(format!("/items/{unknown}")))
                            .status(404)
                            .json(json!({"detail": "Item not found"})),
                    ]
                },
            },
            Check {
                id: "07.10",
                title: "an item the user does not own answers 400 \"Owner error: Rick\"",
                points: 2,
                oracle: YIELD_ERRORS,
                hint: "compare the item's owner with the `Username` dependency and return \
                       `Err(OwnerError(..))`; `From<OwnerError> for ApiError` makes it a 400",
                read: "Dependencies with clean-up",
                steps: |_| {
                    vec![
                        with_keys(get("/items/plumbus"))
                            .status(400)
                            .json(json!({"detail": "Owner error: Rick"})),
                    ]
                },
            },
            Check {
                id: "07.11",
                title: "GET /users/me answers the username dependency's value",
                points: 1,
                oracle: YIELD_SCOPE,
                hint: "return `Json` of the `Username`'s string: a bare JSON string, \"Rick\"",
                read: "Dependencies with clean-up",
                steps: |_| vec![with_keys(get("/users/me")).json(json!("Rick"))],
            },
        ],
    }
}
