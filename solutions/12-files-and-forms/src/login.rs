//! `POST /login/`: two form fields (FastAPI's `request_forms.tutorial001`).

use axum::Json;
use fastapi_errors::{Form, FromParams, Params, ValidationErrors};
use serde_json::{Value, json};

/// `username: str = Form()`, `password: str = Form()`; the password is
/// required but, as in the tutorial, never used.
pub struct Login {
    username: String,
}

impl FromParams for Login {
    fn from_params(form: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        // Both are read before either is used, so one answer lists both.
        let username = errors.take(form.string("username"));
        errors.take(form.string("password"));
        Some(Login {
            username: username?,
        })
    }
}

/// Answers the username only: a password never goes back to the client.
pub async fn login(Form(login): Form<Login>) -> Json<Value> {
    Json(json!({ "username": login.username }))
}
