//! Access tokens: made at login, checked on every protected request.
//!
//! A token is a JWT signed with HS256 and the server's secret. Its claims
//! are FastAPI's: `sub` (the username), `scope` (the granted scopes,
//! space-separated) and `exp` (when it stops working, in seconds since
//! 1970). Anyone can read a JWT; only the secret's holder can make one
//! whose signature verifies.

use std::marker::PhantomData;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{StatusCode, header, request::Parts},
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::users::{User, Users};

/// FastAPI's tutorial signs for 30 minutes.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The signing secret, from `SECRET_KEY`. Keys, not strings: made once.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
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

/// What a token says. `sub` is optional here so that a token without one
/// is told apart from a token that does not decode; both are refused.
#[derive(Serialize, Deserialize)]
struct Claims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sub: Option<String>,
    #[serde(default)]
    scope: String,
    exp: u64,
}

/// A token for `username` with `scopes`, valid for [`ACCESS_TOKEN_LIFETIME`].
pub fn create_access_token(keys: &Keys, username: &str, scopes: &[&str]) -> String {
    let expires = SystemTime::now() + ACCESS_TOKEN_LIFETIME;
    let claims = Claims {
        sub: Some(username.to_owned()),
        scope: scopes.join(" "),
        exp: expires
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs(),
    };
    // `Header::default()` is HS256, the algorithm `decode` below insists on.
    jsonwebtoken::encode(&Header::default(), &claims, &keys.encoding)
        .expect("HS256 signing cannot fail")
}

/// The scopes a route needs, as a type: FastAPI's
/// `Security(get_current_user, scopes=[...])`.
pub trait RequiredScopes {
    /// In FastAPI's order: the route's own scopes, then those of the
    /// dependencies it builds on.
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
/// FastAPI's `get_current_user`. Rejects with 401 and a
/// `WWW-Authenticate` header that says what would have worked.
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
        // No token, or not a bearer one: FastAPI's `OAuth2PasswordBearer`
        // answers before any scope is known, so the challenge is plain.
        let token = bearer_token(parts)
            .ok_or_else(|| ApiError::unauthorized("Not authenticated", "Bearer"))?;

        let challenge = match S::SCOPES {
            [] => "Bearer".to_string(),
            scopes => format!("Bearer scope=\"{}\"", scopes.join(" ")),
        };
        let invalid = || ApiError::unauthorized("Could not validate credentials", &challenge);

        // One algorithm, fixed by the server: the token's own `alg` header
        // is never trusted (that is how `alg: none` tokens get in).
        let mut validation = Validation::new(Algorithm::HS256);
        // PyJWT allows no leeway after `exp`; jsonwebtoken allows 60 s by default.
        validation.leeway = 0;
        let claims =
            jsonwebtoken::decode::<Claims>(token, &Keys::from_ref(state).decoding, &validation)
                .map_err(|_| invalid())?
                .claims;

        let username = claims.sub.ok_or_else(invalid)?;
        // A signed token can outlive its user: look the user up every time.
        let user = Users::from_ref(state).get(&username).ok_or_else(invalid)?;

        let granted: Vec<&str> = claims.scope.split(' ').collect();
        if !S::SCOPES.iter().all(|scope| granted.contains(scope)) {
            return Err(ApiError::unauthorized("Not enough permissions", challenge));
        }
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
/// `get_current_active_user`. A disabled user gets 400 `Inactive user`.
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
        if user.disabled == Some(true) {
            return Err(ApiError::http(StatusCode::BAD_REQUEST, "Inactive user"));
        }
        Ok(ActiveUser {
            user,
            scopes: PhantomData,
        })
    }
}
