//! Chapter 11 — background tasks. Part 1 is FastAPI's
//! `background_tasks.tutorial002`; part 2 is the workbook's own contract,
//! proven against its FastAPI reference (`tests/oracle/apps/`). The checker
//! runs the email API itself and passes its address in `EMAIL_API_URL`.
//!
//! | method | path                        | input                    | status | body / effect |
//! |--------|-----------------------------|--------------------------|--------|---------------|
//! | POST   | /send-notification/{email}  | `?q=` optional           | 200    | {"message":"Message sent"}, log.txt written after |
//! | POST   | /notifications              | {"email","message"}      | 202    | the notification, "queued", at once |
//! | —      | email API `POST /emails`    | {"to","text"}            | —      | bearer key, idempotency-key = id |
//! | —      | retries                     | 5xx or no answer in 1 s  | —      | 3 attempts in all; none after a 4xx |
//! | GET    | /notifications/{id}         | —                        | 200    | status queued / sent / failed, attempts |
//! | GET    | /notifications/{id}         | unknown id               | 404    | {"detail":"Notification not found"} |
//! | POST   | /notifications              | bad body                 | 422    | FastAPI's list; nothing sent |
//! | SIGTERM| —                           | a send in progress       | —      | finished before the process exits |
//!
//! What is not checked: the lines part 1 writes to `log.txt` (the checker
//! sees only HTTP, and FastAPI's app has no route that reads the file; the
//! solution's own tests prove them), and the path of the email API call
//! (the engine compares a call's headers and body).

use std::time::Duration;

use serde_json::json;

use super::fastapi::{self, loc};
use crate::harness::upstream::Reply;
use crate::seed::Rng;
use crate::suite::{
    Chapter, Check, Needs, Oracle, Step, get, pause, post, restart, terminate, upstream_calls,
    upstream_exactly, upstream_script,
};

const TUTORIAL: Oracle = Oracle::FastApi("background_tasks.tutorial002");
const EMAIL_API: Oracle = Oracle::FastApi("workbook_notifications.tutorial001");

/// `EMAIL_API_KEY`'s default: the checker cannot set it, so it checks it.
const KEY: &str = "Bearer dev-email-key";

/// The answer to a request that must not wait for background work.
const AT_ONCE: Duration = Duration::from_millis(500);

/// Time for the server to record an outcome after the API answered.
const SETTLE: Duration = Duration::from_millis(300);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A random recipient and message, so neither can be hard-coded.
fn email(rng: &mut Rng) -> (String, String) {
    (
        format!("{}@example.com", rng.word(6)),
        format!("{} {}", rng.word(5), rng.word(7)),
    )
}

/// `POST /notifications`, answered 202 at once; the id is saved as `id`.
fn create(to: &str, text: &str) -> Step {
    post("/notifications")
        .send_json(json!({"email": to, "message": text}))
        .status(202)
        .within(AT_ONCE)
        .json(json!({
            "id": "<<string>>", "email": to, "message": text,
            "status": "queued", "attempts": 0,
        }))
        .save("id", "/id")
}

/// `GET /notifications/{{id}}` with this status and attempt count.
fn status_is(to: &str, text: &str, status: &str, attempts: u32) -> Step {
    get("/notifications/{{id}}").json(json!({
        "id": "{{id}}", "email": to, "message": text,
        "status": status, "attempts": attempts,
    }))
}

/// The email as the API must receive it: body, bearer key, idempotency key.
fn the_email(step: Step, to: &str, text: &str) -> Step {
    step.header_is("authorization", KEY)
        .header_is("idempotency-key", "{{id}}")
        .json(json!({"to": to, "text": text}))
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 11,
        slug: "background-tasks",
        title: "Background tasks",
        needs: Needs {
            replicas: 1,
            upstream_env: Some("EMAIL_API_URL"),
            ..Needs::NOTHING
        },
        checks: vec![
            Check {
                id: "11.1",
                title: "POST /send-notification/{email} answers {\"message\": \"Message sent\"} at once, with or without ?q=",
                points: 2,
                oracle: TUTORIAL,
                hint: "route `POST /send-notification/{email}`; spawn the log writing on the \
                       state's `TaskTracker` and return the JSON without awaiting it",
                read: "Answer first, work after",
                steps: |rng| {
                    let (to, _) = email(rng);
                    let q = rng.word(6);
                    let answer = json!({"message": "Message sent"});
                    vec![
                        post(format!("/send-notification/{to}"))
                            .within(AT_ONCE)
                            .json(answer.clone()),
                        post(format!("/send-notification/{to}?q={q}"))
                            .within(AT_ONCE)
                            .json(answer.clone()),
                        post(format!("/send-notification/{to}?q="))
                            .within(AT_ONCE)
                            .json(answer),
                    ]
                },
            },
            Check {
                id: "11.2",
                title: "the {email} of part 1 is any text, as FastAPI's `email: str`",
                points: 1,
                oracle: TUTORIAL,
                hint: "take the path segment as a `String`: FastAPI's tutorial validates nothing",
                read: "Answer first, work after",
                steps: |rng| {
                    let name = rng.word(9);
                    vec![
                        post(format!("/send-notification/{name}"))
                            .json(json!({"message": "Message sent"})),
                    ]
                },
            },
            Check {
                id: "11.3",
                title: "POST /notifications answers 202 \"queued\" at once; the email API gets {to, text} with the bearer key and the id as idempotency key",
                points: 3,
                oracle: EMAIL_API,
                hint: "answer `(StatusCode::ACCEPTED, Json(notification))` after spawning the send; \
                       the call is `client.post(format!(\"{url}/emails\")).bearer_auth(key)\
                       .header(\"idempotency-key\", id).json(&body)`",
                read: "Calling the email API with reqwest",
                steps: |rng| {
                    let (to, text) = email(rng);
                    vec![
                        upstream_script(vec![]),
                        create(&to, &text),
                        the_email(upstream_calls(1, ms(2000)), &to, &text),
                        pause(SETTLE),
                        status_is(&to, &text, "sent", 1),
                    ]
                },
            },
            Check {
                id: "11.4",
                title: "the answer does not wait for an email API that is slow to answer",
                points: 2,
                oracle: EMAIL_API,
                hint: "the handler must not `.await` the send: `state.tasks.spawn(deliver(..))`, \
                       then return",
                read: "Answer first, work after",
                steps: |rng| {
                    let (to, text) = email(rng);
                    vec![
                        upstream_script(vec![Reply::Hang]),
                        create(&to, &text),
                        // The hung call times out after 1 s; the retry is
                        // answered 200: nothing is left running afterwards.
                        upstream_calls(2, ms(3000)),
                        pause(SETTLE),
                        status_is(&to, &text, "sent", 2),
                    ]
                },
            },
            Check {
                id: "11.5",
                title: "a 5xx answer is retried with the same idempotency key until the email is sent",
                points: 3,
                oracle: EMAIL_API,
                hint: "loop over up to 3 attempts; on a 5xx sleep (0.1 s, then 0.2 s) and try again \
                       with the same `idempotency-key`",
                read: "Retries, backoff and idempotency",
                steps: |rng| {
                    let (to, text) = email(rng);
                    vec![
                        upstream_script(vec![
                            Reply::Json(503, json!({"detail": "try later"})),
                            Reply::Json(500, json!({"detail": "oops"})),
                        ]),
                        create(&to, &text),
                        // All three calls first, so a failure below leaves
                        // no retry running into the next check.
                        the_email(upstream_exactly(3, ms(2000)), &to, &text),
                        the_email(upstream_calls(1, ms(0)), &to, &text),
                        the_email(upstream_calls(2, ms(0)), &to, &text),
                        pause(SETTLE),
                        status_is(&to, &text, "sent", 3),
                    ]
                },
            },
            Check {
                id: "11.6",
                title: "retries stop after 3 attempts and the notification is \"failed\"",
                points: 2,
                oracle: EMAIL_API,
                hint: "count the attempts; after the third failure give up and set the status \
                       to `Failed`",
                read: "Retries, backoff and idempotency",
                steps: |rng| {
                    let (to, text) = email(rng);
                    let unavailable = Reply::Json(503, json!({"detail": "try later"}));
                    vec![
                        upstream_script(vec![unavailable; 5]),
                        create(&to, &text),
                        upstream_exactly(3, ms(3000)),
                        pause(SETTLE),
                        status_is(&to, &text, "failed", 3),
                    ]
                },
            },
            Check {
                id: "11.7",
                title: "a 4xx answer is not retried: one call, then \"failed\"",
                points: 2,
                oracle: EMAIL_API,
                hint: "`status.is_server_error()` is worth another try; any other error status \
                       means the API refused this email and will refuse it again",
                read: "Retries, backoff and idempotency",
                steps: |rng| {
                    let (to, text) = email(rng);
                    vec![
                        upstream_script(vec![
                            Reply::Json(400, json!({"detail": "bad address"})),
                            Reply::Json(503, json!({"detail": "try later"})),
                        ]),
                        create(&to, &text),
                        upstream_exactly(1, ms(1500)),
                        status_is(&to, &text, "failed", 1),
                    ]
                },
            },
            Check {
                id: "11.8",
                title: "a hung email API does not hang the server; after 3 timeouts the notification is \"failed\"",
                points: 3,
                oracle: EMAIL_API,
                hint: "build the client with `reqwest::Client::builder().timeout(Duration::from_secs(1))`; \
                       a timeout is a reason to retry, like a 5xx",
                read: "When the API hangs",
                steps: |rng| {
                    let (to, text) = email(rng);
                    let other = rng.word(12);
                    vec![
                        upstream_script(vec![Reply::Hang, Reply::Hang, Reply::Hang]),
                        create(&to, &text),
                        upstream_calls(1, ms(1000)),
                        // While the call hangs, the server answers others.
                        get("/notifications/{{id}}").within(AT_ONCE).json(json!({
                            "id": "{{id}}", "email": to, "message": text,
                            "status": "queued", "attempts": 1,
                        })),
                        get(format!("/notifications/{other}"))
                            .status(404)
                            .within(AT_ONCE)
                            .json(json!({"detail": "Notification not found"})),
                        // 3 attempts of 1 s each, 0.3 s of waits between.
                        upstream_exactly(3, ms(4000)),
                        pause(SETTLE),
                        status_is(&to, &text, "failed", 3),
                    ]
                },
            },
            Check {
                id: "11.9",
                title: "GET /notifications/{id} of an unknown id answers 404 {\"detail\": \"Notification not found\"}",
                points: 1,
                oracle: EMAIL_API,
                hint: "look the id up; `None` becomes `(StatusCode::NOT_FOUND, Json(json!({\"detail\": ..})))`",
                read: "Looking a notification up",
                steps: |rng| {
                    vec![
                        get(format!("/notifications/{}", rng.word(12)))
                            .status(404)
                            .json(json!({"detail": "Notification not found"})),
                    ]
                },
            },
            Check {
                id: "11.10",
                title: "a bad body (wrong type, missing field, broken JSON) answers FastAPI's 422 and sends nothing",
                points: 2,
                oracle: EMAIL_API,
                hint: "read the body with `fastapi_errors::Json<NotificationIn>` (the starter's \
                       `FromBody`); spawn only after it parsed",
                read: "Bad input",
                steps: |rng| {
                    let (to, text) = email(rng);
                    let number = rng.int(1, 999);
                    let bad = json!({"email": number});
                    vec![
                        upstream_script(vec![]),
                        post("/notifications")
                            .send_json(bad.clone())
                            .status(422)
                            .json(fastapi::detail(vec![
                                fastapi::string_type(loc("body", "email"), json!(number)),
                                fastapi::missing(loc("body", "message"), bad),
                            ])),
                        // JSON that does not parse: Python's offset and
                        // message differ from serde_json's, so only shape.
                        post("/notifications")
                            .send_raw(Some("application/json"), &format!("{{\"email\": \"{to}\","))
                            .status(422)
                            .json(fastapi::json_invalid()),
                        post("/notifications")
                            .send_json(json!({"email": to}))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("body", "message"),
                                json!({"email": to}),
                            )])),
                        // The one email that reaches the API is the good one.
                        create(&to, &text),
                        the_email(upstream_exactly(1, ms(1500)), &to, &text),
                    ]
                },
            },
            Check {
                id: "11.11",
                title: "on SIGTERM, an email still being sent is finished before the process exits",
                points: 3,
                oracle: EMAIL_API,
                hint: "after `axum::serve(..).with_graceful_shutdown(..)` returns, \
                       `tracker.close(); tracker.wait().await;` — a bare `tokio::spawn` dies with `main`",
                read: "Shutting down without losing work",
                steps: |rng| {
                    let (to, text) = email(rng);
                    vec![
                        // The first call hangs until the 1 s timeout; the
                        // retry is answered. Both must happen before exit.
                        upstream_script(vec![Reply::Hang]),
                        create(&to, &text),
                        upstream_calls(1, ms(1000)),
                        terminate(Duration::from_secs(5)),
                        // The fake API kept what arrived; a step needs a
                        // running server, so start a fresh one to look.
                        restart(),
                        the_email(upstream_calls(2, ms(100)), &to, &text),
                    ]
                },
            },
        ],
    }
}
