//! `POST /user/`: a user comes in with a password and goes out without one.
//!
//! FastAPI filters the answer through `response_model=UserOut`. Here the
//! filter is the type system: the handler can only return a `UserOut`, and
//! `UserOut` has no password field, so no code path can leak one.

use axum::{Json, body::Bytes, http::HeaderMap};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::Result;
use fastapi_errors::{BodyObject, ErrorItem, ValidationErrors, json_body};

// ANCHOR: dtos
/// What a client sends. It holds the password, so it does not even derive
/// `Serialize`: there is no way to send it back by mistake.
pub struct UserIn {
    pub username: String,
    // This tutorial stores nothing, so nothing reads the password yet;
    // chapter 09 hashes it before it is stored.
    #[expect(dead_code, reason = "read once users are stored (chapter 09)")]
    pub password: String,
    pub email: Email,
    pub full_name: Option<String>,
}

/// What the API answers: the same user, minus the password.
#[derive(Serialize)]
pub struct UserOut {
    pub username: String,
    pub email: Email,
    pub full_name: Option<String>,
}

impl From<UserIn> for UserOut {
    fn from(user: UserIn) -> Self {
        // Naming every field (no `..`) makes the compiler point here when
        // `UserIn` grows one: decide, each time, whether it may go out.
        let UserIn {
            username,
            password: _,
            email,
            full_name,
        } = user;
        UserOut {
            username,
            email,
            full_name,
        }
    }
}
// ANCHOR_END: dtos

// ANCHOR: create_user
/// `POST /user/`: FastAPI's tutorial stores nothing; it answers the new user.
pub async fn create_user(headers: HeaderMap, body: Bytes) -> Result<Json<UserOut>> {
    // FastAPI reads the body as JSON only under a JSON content type.
    let body = json_body(&headers, &body)?;
    let body = BodyObject::new(body.as_ref())?;
    let user = UserIn::from_json(&body)?;
    Ok(Json(user.into()))
}
// ANCHOR_END: create_user

impl UserIn {
    /// Parses every field and reports every problem, in field order.
    fn from_json(body: &BodyObject<'_>) -> Result<Self, ValidationErrors> {
        let username = body.string("username");
        let password = body.string("password");
        let email = body.string("email").and_then(Email::parse);
        let full_name = body.optional_string("full_name");
        match (username, password, email, full_name) {
            (Ok(username), Ok(password), Ok(email), Ok(full_name)) => Ok(UserIn {
                username,
                password,
                email,
                full_name,
            }),
            (username, password, email, full_name) => Err(ValidationErrors(
                [username.err(), password.err(), email.err(), full_name.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

// ANCHOR: email
/// An email address that has passed the checks: "parse, don't validate".
/// Once a value is an `Email`, no later code has to wonder whether it is one.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// The first checks Pydantic's `EmailStr` makes, with its messages.
    /// Like it, the domain is lowercased (`Ann@Example.COM` → `Ann@example.com`).
    fn parse(text: String) -> Result<Email, ErrorItem> {
        let reason = match text.split_once('@') {
            None => "An email address must have an @-sign.",
            Some(("", _)) => "There must be something before the @-sign.",
            Some((_, "")) => "There must be something after the @-sign.",
            Some((_, domain)) if !domain.contains('.') => {
                "The part after the @-sign is not valid. It should have a period."
            }
            Some((local, domain)) => {
                return Ok(Email(format!("{local}@{}", domain.to_lowercase())));
            }
        };
        Err(ErrorItem {
            kind: "value_error",
            loc: vec![json!("body"), json!("email")],
            msg: format!("value is not a valid email address: {reason}"),
            input: Value::String(text),
            ctx: Some(json!({ "reason": reason })),
        })
    }
}
// ANCHOR_END: email
