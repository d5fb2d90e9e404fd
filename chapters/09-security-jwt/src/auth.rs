//! Access tokens: made at login, checked on every protected request.

use std::marker::PhantomData;

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{header, request::Parts},
};
use jsonwebtoken::{DecodingKey, EncodingKey};

use crate::error::ApiError;
use crate::users::{User, Users};

/// The signing secret, from `SECRET_KEY`. Keys, not strings: made once.
#[derive(Clone)]
pub struct Keys {
    // Read by the code you write below.
    #[allow(dead_code)]
    encoding: EncodingKey,
    #[allow(dead_code)]
    decoding: DecodingKey,
}

impl Keys {
    pub fn new(secret: &[u8]) -> Self {
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }
}

/// A token for `username` with `scopes`.
// TODO(ch09): the token is just the username, which anyone can type. Sign a
// JWT instead: HS256 (`Header::default()`) with `keys.encoding`, claims
// `sub` (the username), `scope` (the scopes joined by spaces) and `exp`
// (30 minutes from now, in seconds since 1970).
// Book: 09 · Security › "Tokens: a signed JWT"
pub fn create_access_token(_keys: &Keys, username: &str, _scopes: &[&str]) -> String {
    username.to_owned()
}

/// The scopes a route needs, as a type: FastAPI's
/// `Security(get_current_user, scopes=[...])`.
pub trait RequiredScopes {
    /// In FastAPI's order: the route's own scopes, then those of the
    /// dependencies it builds on.
    #[allow(dead_code)] // until you read it in `CurrentUser`
    const SCOPES: &'static [&'static str];
}

/// Any valid token will do.
pub struct NoScopes;
impl RequiredScopes for NoScopes {
    const SCOPES: &'static [&'static str] = &[];
}

/// Reading the current user.
pub struct Me;
impl RequiredScopes for Me {
    const SCOPES: &'static [&'static str] = &["me"];
}

/// Reading the current user's items (which reads the user too).
pub struct MyItems;
impl RequiredScopes for MyItems {
    const SCOPES: &'static [&'static str] = &["items", "me"];
}

/// The user a valid bearer token names, holding every scope in `S`:
/// FastAPI's `get_current_user`.
pub struct CurrentUser<S> {
    pub user: User,
    scopes: PhantomData<S>,
}

impl<S, State> FromRequestParts<State> for CurrentUser<S>
where
    S: RequiredScopes,
    Keys: FromRef<State>,
    Users: FromRef<State>,
    State: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, ApiError> {
        // No token, or not a bearer one: 401 with a plain challenge.
        let token = bearer_token(parts)
            .ok_or_else(|| ApiError::unauthorized("Not authenticated", "Bearer"))?;

        // TODO(ch09): this trusts the token to be a username. Decode it as a
        // JWT with `Validation::new(Algorithm::HS256)` and the decoding key;
        // a token that does not decode, has no `sub`, or names nobody is 401
        // "Could not validate credentials".
        // Book: 09 · Security › "Who is asking: the current user"
        //
        // TODO(ch09): require every scope in `S::SCOPES` from the token's
        // `scope` claim (401 "Not enough permissions"), and make every 401
        // after this point say which scopes would do:
        // `WWW-Authenticate: Bearer scope="items me"` (plain `Bearer` if none).
        // Book: 09 · Security › "Scopes"
        let user = Users::from_ref(state)
            .get(token)
            .ok_or_else(|| ApiError::unauthorized("Could not validate credentials", "Bearer"))?;
        Ok(CurrentUser {
            user,
            scopes: PhantomData,
        })
    }
}

/// The token of an `Authorization: Bearer <token>` header (the scheme in
/// any case), or `None`.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// [`CurrentUser`] whose account is not disabled: FastAPI's
/// `get_current_active_user`.
pub struct ActiveUser<S> {
    pub user: User,
    scopes: PhantomData<S>,
}

impl<S, State> FromRequestParts<State> for ActiveUser<S>
where
    S: RequiredScopes,
    Keys: FromRef<State>,
    Users: FromRef<State>,
    State: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> Result<Self, ApiError> {
        let CurrentUser { user, .. } = CurrentUser::<S>::from_request_parts(parts, state).await?;
        // TODO(ch09): a disabled user (`alice`) may log in, but here answers
        // 400 {"detail": "Inactive user"}.
        // Book: 09 · Security › "Who is asking: the current user"
        Ok(ActiveUser {
            user,
            scopes: PhantomData,
        })
    }
}
