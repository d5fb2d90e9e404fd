//! `POST /token`: the OAuth2 password flow's login form, and the token it
//! earns.

use std::collections::HashMap;

use axum::{
    Form, Json,
    extract::{State, rejection::FormRejection},
};
use serde::Serialize;
use serde_json::json;

use fastapi_errors::{ErrorItem, Params, ValidationErrors};

use crate::auth::{Keys, create_access_token};
use crate::error::ApiError;
use crate::users::Users;

/// FastAPI's `OAuth2PasswordRequestForm`: the fields OAuth2 names, sent as
/// an HTML form (`application/x-www-form-urlencoded`), never as JSON.
struct LoginForm {
    username: String,
    password: String,
    /// Space-separated scopes the client asks for; empty if none.
    scope: String,
}

impl LoginForm {
    /// Reads the form FastAPI's way: an empty field counts as missing, a
    /// body that is not a form has no fields, and every problem is listed.
    fn read(
        form: Result<Form<HashMap<String, String>>, FormRejection>,
    ) -> Result<Self, ValidationErrors> {
        let mut fields = form.map(|Form(fields)| fields).unwrap_or_default();
        fields.retain(|_, value| !value.is_empty());
        let body = Params::new("body", &fields);

        let mut errors = ValidationErrors::default();
        // OAuth2 says `grant_type=password`; FastAPI only checks it if sent.
        if let Some(grant_type) = body.raw("grant_type")
            && grant_type != "password"
        {
            errors.take::<()>(Err(ErrorItem::new(
                "string_pattern_mismatch",
                body.loc("grant_type"),
                "String should match pattern '^password$'",
                grant_type,
            )
            .with_ctx(json!({"pattern": "^password$"}))));
        }
        let username = errors.take(body.string("username"));
        let password = errors.take(body.string("password"));
        match (username, password) {
            (Some(username), Some(password)) if errors.is_empty() => Ok(LoginForm {
                username,
                password,
                scope: body.raw("scope").unwrap_or_default().to_owned(),
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Serialize)]
pub struct Token {
    access_token: String,
    token_type: &'static str,
}

/// `POST /token`: a bearer token for the right username and password.
/// A wrong password and an unknown user get the same answer, in about the
/// same time, so that neither tells which usernames exist.
pub async fn login_for_access_token(
    State(users): State<Users>,
    State(keys): State<Keys>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Json<Token>, ApiError> {
    let form = LoginForm::read(form)?;
    let user = users
        .authenticate(&form.username, &form.password)
        .await
        .ok_or_else(|| ApiError::unauthorized("Incorrect username or password", "Bearer"))?;
    let scopes: Vec<&str> = form.scope.split_whitespace().collect();
    Ok(Json(Token {
        access_token: create_access_token(&keys, &user.username, &scopes),
        token_type: "bearer",
    }))
}
