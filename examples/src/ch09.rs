//! Chapter 09's worked example: a recording studio's front door. Members
//! sign in with a JSON body and get a signed *pass*; each room wants the
//! pass back, and the pass must list that room.
//!
//! ```text
//! POST /passes   {"member":"mia","passphrase":"four quiet drums"}
//!                → {"pass":"eyJhbGciOiJIUzI1NiIs..."}
//!                a wrong passphrase or an unknown member
//!                → 401 {"detail":"Unknown member or passphrase"}
//! GET  /rooms/booth   Authorization: Bearer <pass>
//!                → {"room":"booth","member":"mia"}
//!                no pass → 401, WWW-Authenticate: Bearer realm="studio"
//!                a pass that does not list the booth
//!                → 403, WWW-Authenticate: Bearer realm="studio", error="insufficient_scope", scope="booth"
//! ```
//!
//! The studio answers a missing permission with 403, as RFC 6750 (OAuth2
//! bearer tokens) says; FastAPI's scopes tutorial answers 401. Same
//! technique, different contract: read the exercise's table for yours.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::{
    Json, Router,
    extract::{FromRef, FromRequestParts, State},
    http::{HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::json;

// ANCHOR: errors
/// Why the door stays shut. Each variant knows its status, its words and
/// the `WWW-Authenticate` challenge that tells the client what would work.
#[derive(Debug)]
pub enum DoorError {
    /// The sign-in failed; which half was wrong is not said.
    BadSignIn,
    /// No pass, or a pass that does not verify.
    NoPass,
    /// A good pass that does not open this room.
    WrongRoom(&'static str),
}

impl IntoResponse for DoorError {
    fn into_response(self) -> Response {
        let (status, detail, challenge) = match self {
            DoorError::BadSignIn => (
                StatusCode::UNAUTHORIZED,
                "Unknown member or passphrase".to_string(),
                r#"Bearer realm="studio""#.to_string(),
            ),
            DoorError::NoPass => (
                StatusCode::UNAUTHORIZED,
                "Show your pass".to_string(),
                r#"Bearer realm="studio""#.to_string(),
            ),
            DoorError::WrongRoom(room) => (
                StatusCode::FORBIDDEN,
                format!("This pass does not open {room}"),
                format!(r#"Bearer realm="studio", error="insufficient_scope", scope="{room}""#),
            ),
        };
        let mut response = (status, Json(json!({ "detail": detail }))).into_response();
        if let Ok(value) = HeaderValue::try_from(challenge) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}
// ANCHOR_END: errors

// ANCHOR: passphrases
/// The members and their argon2 hashes, plus a decoy hash made the same
/// way: signing in as nobody costs one verification too.
#[derive(Clone)]
pub struct Members {
    hashes: Arc<HashMap<String, String>>,
    rooms: Arc<HashMap<String, Vec<String>>>,
    decoy: Arc<str>,
}

/// A PHC string (`$argon2id$v=19$m=...$salt$hash`): the salt and the
/// parameters travel with the hash, so verifying needs nothing else.
fn hash_passphrase(passphrase: &str) -> String {
    Argon2::default()
        .hash_password(passphrase.as_bytes())
        .expect("argon2 with its default parameters")
        .to_string()
}

/// Argon2 is slow on purpose: on the async workers it would stall every
/// other request. `spawn_blocking` moves it to tokio's pool for such work.
async fn passphrase_matches(passphrase: String, phc: String) -> bool {
    let verify = move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(passphrase.as_bytes(), &parsed)
            .is_ok()
    };
    tokio::task::spawn_blocking(verify).await.unwrap_or(false)
}

impl Members {
    /// The studio's two members. (A real app stores only the hashes.)
    pub fn studio() -> Self {
        let hashes = HashMap::from([
            ("mia".to_string(), hash_passphrase("four quiet drums")),
            ("raj".to_string(), hash_passphrase("seven loud horns")),
        ]);
        let rooms = HashMap::from([
            (
                "mia".to_string(),
                vec!["booth".to_string(), "live".to_string()],
            ),
            ("raj".to_string(), vec!["live".to_string()]),
        ]);
        Members {
            hashes: Arc::new(hashes),
            rooms: Arc::new(rooms),
            decoy: hash_passphrase("nobody has this passphrase").into(),
        }
    }

    /// Whether `member` signs in with `passphrase`. An unknown member
    /// still costs one verification, against the decoy, so the answer's
    /// timing does not tell who is a member.
    pub async fn sign_in(&self, member: &str, passphrase: &str) -> bool {
        let known = self.hashes.get(member);
        let phc = known.map_or_else(|| self.decoy.to_string(), String::clone);
        let matches = passphrase_matches(passphrase.to_string(), phc).await;
        known.is_some() && matches
    }
}
// ANCHOR_END: passphrases

// ANCHOR: issue
/// What a pass says. Anyone holding it can read this (it is only base64);
/// nobody without the key can change it unseen.
#[derive(Serialize, Deserialize)]
struct PassClaims {
    member: String,
    rooms: Vec<String>,
    /// Expiry, in seconds since 1970: jsonwebtoken requires and checks it.
    exp: u64,
}

/// The studio's signing key, both halves made once from one secret.
#[derive(Clone)]
pub struct Keys {
    sign: EncodingKey,
    check: DecodingKey,
}

impl Keys {
    pub fn from_secret(secret: &[u8]) -> Self {
        Keys {
            sign: EncodingKey::from_secret(secret),
            check: DecodingKey::from_secret(secret),
        }
    }

    /// A pass for `member` to `rooms`, good for one hour.
    fn issue(&self, member: &str, rooms: &[String]) -> String {
        let in_an_hour = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs() + 3600);
        let claims = PassClaims {
            member: member.to_string(),
            rooms: rooms.to_vec(),
            exp: in_an_hour,
        };
        // HS256: an HMAC over header and claims with the shared secret.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.sign)
            .expect("an HMAC signature cannot fail")
    }

    /// The claims of a pass this studio signed, still valid; `None` for
    /// anything else: garbage, another key, another algorithm, expired.
    fn check(&self, pass: &str) -> Option<PassClaims> {
        // The server names the one algorithm it accepts. A token's header
        // says which it used, and an attacker writes that header.
        let rules = Validation::new(Algorithm::HS256);
        jsonwebtoken::decode::<PassClaims>(pass, &self.check, &rules)
            .ok()
            .map(|data| data.claims)
    }
}
// ANCHOR_END: issue

#[derive(Clone, FromRef)]
pub struct Studio {
    members: Members,
    keys: Keys,
}

#[derive(Deserialize)]
pub struct SignIn {
    member: String,
    passphrase: String,
}

/// `POST /passes`: a pass for a member who knows their passphrase.
async fn create_pass(
    State(members): State<Members>,
    State(keys): State<Keys>,
    Json(sign_in): Json<SignIn>,
) -> Result<Json<serde_json::Value>, DoorError> {
    if !members.sign_in(&sign_in.member, &sign_in.passphrase).await {
        return Err(DoorError::BadSignIn);
    }
    let rooms = members
        .rooms
        .get(&sign_in.member)
        .cloned()
        .unwrap_or_default();
    Ok(Json(json!({ "pass": keys.issue(&sign_in.member, &rooms) })))
}

// ANCHOR: extractor
/// A room, as a type: what a route needs, said in its signature.
pub trait Room {
    const NAME: &'static str;
}

pub struct Booth;
impl Room for Booth {
    const NAME: &'static str = "booth";
}

pub struct Live;
impl Room for Live {
    const NAME: &'static str = "live";
}

/// The member whose pass opens room `R`. As an argument, it runs before
/// the handler; its rejection is the handler's answer.
pub struct Admitted<R> {
    pub member: String,
    room: PhantomData<R>,
}

impl<R: Room, S: Send + Sync> FromRequestParts<S> for Admitted<R>
where
    Keys: FromRef<S>,
{
    type Rejection = DoorError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, DoorError> {
        let header = parts.headers.get(header::AUTHORIZATION);
        let pass = header
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(DoorError::NoPass)?;
        let claims = Keys::from_ref(state).check(pass).ok_or(DoorError::NoPass)?;
        // Whole names only: a pass for "booth-2" does not open "booth".
        if !claims.rooms.iter().any(|room| room == R::NAME) {
            return Err(DoorError::WrongRoom(R::NAME));
        }
        Ok(Admitted {
            member: claims.member,
            room: PhantomData,
        })
    }
}
// ANCHOR_END: extractor

// ANCHOR: routes
async fn enter_booth(admitted: Admitted<Booth>) -> Json<serde_json::Value> {
    Json(json!({"room": Booth::NAME, "member": admitted.member}))
}

async fn enter_live_room(admitted: Admitted<Live>) -> Json<serde_json::Value> {
    Json(json!({"room": Live::NAME, "member": admitted.member}))
}
// ANCHOR_END: routes

/// The studio with a signing secret of the caller's choosing.
pub fn app_with_secret(secret: &[u8]) -> Router {
    let studio = Studio {
        members: Members::studio(),
        keys: Keys::from_secret(secret),
    };
    Router::new()
        .route("/passes", post(create_pass))
        .route("/rooms/booth", get(enter_booth))
        .route("/rooms/live", get(enter_live_room))
        .with_state(studio)
}

/// The studio, signing with `STUDIO_SECRET` (or a development default).
pub fn app() -> Router {
    let secret = std::env::var("STUDIO_SECRET").unwrap_or_else(|_| "studio-dev-secret".into());
    app_with_secret(secret.as_bytes())
}
