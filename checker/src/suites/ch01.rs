//! Chapter 01 — hello, world. FastAPI's first-steps app.
//!
//! | method | path           | status | body                              |
//! |--------|----------------|--------|-----------------------------------|
//! | GET    | /              | 200    | {"message":"Hello World"}         |
//! | any    | unknown path   | 404    | {"detail":"Not Found"}            |
//! | POST   | /              | 405    | {"detail":"Method Not Allowed"}, allow ∋ GET |

use serde_json::json;

use crate::suite::{Chapter, Check, Needs, Oracle, get, post, request};

const FIRST_STEPS: Oracle = Oracle::FastApi("first_steps.tutorial001");

pub fn chapter() -> Chapter {
    Chapter {
        number: 1,
        slug: "hello-world",
        title: "Hello, world",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "01.1",
                title: "GET / answers 200 with the JSON message",
                points: 2,
                oracle: FIRST_STEPS,
                hint: "return axum::Json of a struct with one field, `message`",
                read: "Your first route",
                steps: |_| vec![get("/").status(200).json(json!({"message": "Hello World"}))],
            },
            Check {
                id: "01.2",
                title: "an unknown path answers 404 with a JSON detail",
                points: 1,
                oracle: FIRST_STEPS,
                hint: "give the router a `.fallback(handler)` that answers 404 and the detail",
                read: "Errors are JSON too",
                steps: |rng| {
                    // A path nobody could have routed by accident.
                    let path = format!("/{}/{}", rng.word(6), rng.int(1, 9999));
                    vec![
                        get(path.clone())
                            .status(404)
                            .json(json!({"detail": "Not Found"})),
                        request("DELETE", path)
                            .status(404)
                            .json(json!({"detail": "Not Found"})),
                    ]
                },
            },
            Check {
                id: "01.3",
                title: "a wrong method answers 405 with a JSON detail and an allow header",
                points: 1,
                oracle: FIRST_STEPS,
                hint: "give the router a `.method_not_allowed_fallback(handler)`; axum adds `allow` itself",
                read: "Errors are JSON too",
                steps: |_| {
                    vec![
                        post("/")
                            .status(405)
                            .header_lists("allow", "GET")
                            .json(json!({"detail": "Method Not Allowed"})),
                    ]
                },
            },
        ],
    }
}
