//! `POST /user/`: a user comes in with a password, and must go out without.

use axum::{Json, body::Bytes, http::HeaderMap};
use serde::Serialize;

use crate::error::Result;
use fastapi_errors::{BodyObject, ValidationErrors, json_body};

/// What a client sends to create a user.
// TODO(ch06): this answer leaks the password! FastAPI filters it out with
// `response_model=UserOut`. Add a `UserOut` struct without a password field,
// convert the `UserIn` into it, and return that. Then drop `Serialize` from
// `UserIn`, so it can never be sent back again.
// Book: 06 · Responses and errors › "Output types that cannot leak"
#[derive(Serialize)]
pub struct UserIn {
    pub username: String,
    pub password: String,
    pub email: String,
    pub full_name: Option<String>,
}

/// `POST /user/`: FastAPI's tutorial stores nothing; it answers the new user.
pub async fn create_user(headers: HeaderMap, body: Bytes) -> Result<Json<UserIn>> {
    // FastAPI reads the body as JSON only under a JSON content type.
    let body = json_body(&headers, &body)?;
    let body = BodyObject::new(body.as_ref())?;
    let user = UserIn::from_json(&body)?;
    Ok(Json(user))
}

impl UserIn {
    /// Parses every field and reports every problem, in field order.
    fn from_json(body: &BodyObject<'_>) -> Result<Self, ValidationErrors> {
        let username = body.string("username");
        let password = body.string("password");
        // TODO(ch06): any string passes as an email here. Parse it into an
        // `Email` type whose constructor rejects an address without an
        // @-sign (and with nothing before or after it) with FastAPI's
        // `value_error`: {"type": "value_error", "loc": ["body", "email"],
        // "msg": "value is not a valid email address: <reason>", ...}.
        // Book: 06 · Responses and errors › "Parse the email, don't validate it"
        let email = body.string("email");
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
