//! Chapter 06 — responses and errors. FastAPI's `response_model` (003, 004,
//! 005), `response_status_code` (001) and `handling_errors` (001, 002, 003)
//! apps, served by one server.
//!
//! | method | path                       | status | body                                         |
//! |--------|----------------------------|--------|----------------------------------------------|
//! | POST   | /user/  (user with password) | 200  | the user without `password`                  |
//! | POST   | /user/  (bad email, no password) | 422 | FastAPI's detail list                     |
//! | GET    | /items/{foo,bar,baz}       | 200    | only the fields that were set                |
//! | GET    | /items/{id}/name, /public  | 200    | name + description; everything but tax       |
//! | POST   | /items/?name=...           | 201    | {"name": ...}                                |
//! | GET    | /items/{unknown}           | 404    | {"detail":"Item not found"}                  |
//! | GET    | /items-header/{unknown}    | 404    | the same, with `x-error: There goes my error` |
//! | GET    | /unicorns/yolo             | 418    | {"message":"Oops! yolo did something. ..."}  |
//!
//! `handling_errors` 001 also answers `GET /items/foo` with
//! `{"item":"The Foo Wrestlers"}`, which collides with `response_model` 004's
//! `GET /items/foo`; only its 404 is kept (002 covers the found case).
//! `response_model` 005 keeps its own catalogue; its checks use `foo`, the
//! one item it shares with 004's.

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, get, post};

const USERS: Oracle = Oracle::FastApi("response_model.tutorial003");
const SET_FIELDS: Oracle = Oracle::FastApi("response_model.tutorial004");
const VIEWS: Oracle = Oracle::FastApi("response_model.tutorial005");
const CREATED: Oracle = Oracle::FastApi("response_status_code.tutorial001");
const NOT_FOUND: Oracle = Oracle::FastApi("handling_errors.tutorial001");
const HEADERS: Oracle = Oracle::FastApi("handling_errors.tutorial002");
const UNICORNS: Oracle = Oracle::FastApi("handling_errors.tutorial003");

/// A lowercase address on a domain `email-validator` accepts as it is
/// (it lowercases domains, so nothing here changes on the way back).
fn random_email(rng: &mut Rng) -> String {
    let domain = rng.pick(&["example.com", "example.org", "mail.example.net"]);
    format!("{}@{domain}", rng.word(6))
}

/// `Word`, capitalised.
fn random_name(rng: &mut Rng) -> String {
    let word = rng.word(5);
    let mut chars = word.chars();
    let first = chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().collect());
    format!("{first}{}", chars.as_str())
}

/// The 422 body for an email address `email-validator` rejects for `reason`.
fn email_error(input: &str, reason: &str) -> Value {
    fastapi::detail(vec![fastapi::item_with_ctx(
        "value_error",
        loc("body", "email"),
        &format!("value is not a valid email address: {reason}"),
        json!(input),
        json!({ "reason": reason }),
    )])
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 6,
        slug: "responses-and-errors",
        title: "Responses and errors",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "06.1",
                title: "POST /user/ answers the user without the password",
                points: 3,
                oracle: USERS,
                hint: "answer a separate `UserOut` struct that has no password field, built from the `UserIn`",
                read: "Output types that cannot leak",
                steps: |rng| {
                    let (username, password, email, full_name) = (
                        rng.word(6),
                        rng.word(10),
                        random_email(rng),
                        random_name(rng),
                    );
                    let (other, other_email) = (rng.word(7), random_email(rng));
                    let shout = random_name(rng);
                    vec![
                        // FastAPI's own example, then random users.
                        post("/user/")
                            .send_json(json!({"username": "foo", "password": "fighter",
                                "email": "foo@example.com", "full_name": "Grave Dohl"}))
                            .json(json!({"username": "foo", "email": "foo@example.com",
                                "full_name": "Grave Dohl"})),
                        post("/user/")
                            .send_json(json!({"username": username, "password": password,
                                "email": email, "full_name": full_name}))
                            .json(json!({"username": username, "email": email,
                                "full_name": full_name})),
                        post("/user/")
                            .send_json(json!({"username": other, "password": password,
                                "email": other_email}))
                            .json(json!({"username": other, "email": other_email,
                                "full_name": null})),
                        // Like Pydantic's EmailStr, the domain comes back in
                        // lower case; the part before the @ is kept as sent.
                        post("/user/")
                            .send_json(json!({"username": other, "password": password,
                                "email": format!("{shout}@Example.COM")}))
                            .json(json!({"username": other,
                                "email": format!("{shout}@example.com"), "full_name": null})),
                    ]
                },
            },
            Check {
                id: "06.2",
                title: "POST /user/ rejects a bad email and a missing password with 422",
                points: 2,
                oracle: USERS,
                hint: "parse the email into an `Email` type whose constructor checks the @-sign, and report a missing field with the whole body as `input`",
                read: "Parse the email, don't validate it",
                steps: |rng| {
                    let (username, password) = (rng.word(6), rng.word(10));
                    let no_at = format!("{}.example.com", rng.word(6));
                    let no_domain = format!("{}@", rng.word(6));
                    let no_local = format!("@{}.example.com", rng.word(6));
                    let address = random_email(rng);
                    let no_password = json!({"username": username, "email": address});
                    vec![
                        post("/user/")
                            .send_json(
                                json!({"username": username, "password": password, "email": no_at}),
                            )
                            .status(422)
                            .json(email_error(&no_at, "An email address must have an @-sign.")),
                        post("/user/")
                            .send_json(json!({"username": username, "password": password,
                                "email": no_domain}))
                            .status(422)
                            .json(email_error(
                                &no_domain,
                                "There must be something after the @-sign.",
                            )),
                        post("/user/")
                            .send_json(json!({"username": username, "password": password,
                                "email": no_local}))
                            .status(422)
                            .json(email_error(
                                &no_local,
                                "There must be something before the @-sign.",
                            )),
                        post("/user/")
                            .send_json(no_password.clone())
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("body", "password"),
                                no_password,
                            )])),
                    ]
                },
            },
            Check {
                id: "06.3",
                title: "GET /items/{item_id} answers only the fields that were set",
                points: 2,
                oracle: SET_FIELDS,
                hint: "store unset fields as `None` and mark them `#[serde(skip_serializing_if = \"Option::is_none\")]`; a description set to null is `Some(None)`",
                read: "Only the fields that were set",
                steps: |_| {
                    vec![
                        get("/items/foo").json(json!({"name": "Foo", "price": 50.2})),
                        get("/items/bar").json(json!({"name": "Bar",
                            "description": "The bartenders", "price": 62, "tax": 20.2})),
                        get("/items/baz").json(json!({"name": "Baz", "description": null,
                            "price": 50.2, "tax": 10.5, "tags": []})),
                    ]
                },
            },
            Check {
                id: "06.4",
                title: "/items/foo/name and /items/foo/public answer their own views of the item",
                points: 2,
                oracle: VIEWS,
                hint: "give each view its own `Serialize` struct: `ItemName { name, description }`, `ItemPublic { name, description, price }`",
                read: "One type per view",
                steps: |_| {
                    vec![
                        get("/items/foo/name").json(json!({"name": "Foo", "description": null})),
                        get("/items/foo/public")
                            .json(json!({"name": "Foo", "description": null, "price": 50.2})),
                    ]
                },
            },
            Check {
                id: "06.5",
                title: "every catalogue item has the same views, and an unknown one is a 404",
                points: 1,
                oracle: Oracle::None {
                    why: "response_model 005 keeps its own catalogue with other descriptions (and answers 500 for an unknown item); this chapter serves one catalogue, 004's",
                },
                hint: "build the views from the stored item; `description.flatten()` turns `Option<Option<_>>` into `Option<_>`",
                read: "One type per view",
                steps: |rng| {
                    vec![
                        get("/items/bar/name")
                            .json(json!({"name": "Bar", "description": "The bartenders"})),
                        get("/items/bar/public").json(json!({"name": "Bar",
                            "description": "The bartenders", "price": 62})),
                        get("/items/baz/public")
                            .json(json!({"name": "Baz", "description": null, "price": 50.2})),
                        get(format!("/items/{}/public", rng.word(7)))
                            .status(404)
                            .json(json!({"detail": "Item not found"})),
                    ]
                },
            },
            Check {
                id: "06.6",
                title: "POST /items/ answers 201 Created",
                points: 2,
                oracle: CREATED,
                hint: "return `(StatusCode::CREATED, Json(...))`; a missing `name` is still a 422",
                read: "Choosing the status code",
                steps: |rng| {
                    let name = rng.word(8);
                    vec![
                        post(format!("/items/?name={name}"))
                            .status(201)
                            .json(json!({"name": name})),
                        post("/items/")
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::missing(
                                loc("query", "name"),
                                Value::Null,
                            )])),
                    ]
                },
            },
            Check {
                id: "06.7",
                title: "an unknown item answers 404 with a JSON detail",
                points: 2,
                oracle: NOT_FOUND,
                hint: "return `Err(ApiError::not_found(\"Item not found\"))`, and make `ApiError`'s `into_response` answer `{\"detail\": ...}`",
                read: "One error type",
                steps: |rng| {
                    vec![
                        get(format!("/items/{}", rng.word(7)))
                            .status(404)
                            .json(json!({"detail": "Item not found"})),
                    ]
                },
            },
            Check {
                id: "06.8",
                title: "GET /items-header/{item_id} answers 404 with an x-error header",
                points: 1,
                oracle: HEADERS,
                hint: "let the error carry headers and add them in `into_response` (`AppendHeaders` works)",
                read: "Errors with headers",
                steps: |rng| {
                    vec![
                        get("/items-header/foo").json(json!({"item": "The Foo Wrestlers"})),
                        get(format!("/items-header/{}", rng.word(7)))
                            .status(404)
                            .header_is("x-error", "There goes my error")
                            .json(json!({"detail": "Item not found"})),
                    ]
                },
            },
            Check {
                id: "06.9",
                title: "GET /unicorns/yolo answers 418 from a custom error",
                points: 2,
                oracle: UNICORNS,
                hint: "add an `ApiError::Unicorn { name }` variant and answer it with 418 and the message in `into_response`",
                read: "A custom error",
                steps: |rng| {
                    let name = rng.word(6);
                    vec![
                        get(format!("/unicorns/{name}")).json(json!({"unicorn_name": name})),
                        get("/unicorns/yolo").status(418).json(json!({
                            "message": "Oops! yolo did something. There goes a rainbow..."})),
                    ]
                },
            },
        ],
    }
}
