//! `POST /token`: the OAuth2 password flow's login form, and the token it
//! earns.

use std::collections::HashMap;

use axum::{
    Form, Json,
    extract::{State, rejection::FormRejection},
};
use serde::Serialize;

use crate::auth::{Keys, create_access_token};
use crate::error::ApiError;
use crate::users::Users;

#[derive(Serialize)]
pub struct Token {
    access_token: String,
    token_type: &'static str,
}

/// `POST /token`: a bearer token for the right username and password.
// TODO(ch09): read the form FastAPI's way: a missing or empty `username` or
// `password` is 422 `missing` at loc ["body", "username"] (every missing
// field listed; a body that is not a form has no fields), `grant_type`, when
// sent, must be `password`, and `scope` holds the scopes asked for,
// separated by spaces: pass them to `create_access_token`.
// Book: 09 · Security › "Logging in: POST /token"
pub async fn login_for_access_token(
    State(users): State<Users>,
    State(keys): State<Keys>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Json<Token>, ApiError> {
    let fields = form.map(|Form(fields)| fields).unwrap_or_default();
    let username = fields.get("username").cloned().unwrap_or_default();
    let password = fields.get("password").cloned().unwrap_or_default();
    // TODO(ch09): a failed login is 401 "Incorrect username or password"
    // with `WWW-Authenticate: Bearer` (FastAPI's tutorial 004), for a wrong
    // password and an unknown user alike.
    // Book: 09 · Security › "Logging in: POST /token"
    let user = users
        .authenticate(&username, &password)
        .await
        .ok_or_else(|| {
            ApiError::http(
                axum::http::StatusCode::BAD_REQUEST,
                "Incorrect username or password",
            )
        })?;
    Ok(Json(Token {
        access_token: create_access_token(&keys, &user.username, &[]),
        token_type: "bearer",
    }))
}
