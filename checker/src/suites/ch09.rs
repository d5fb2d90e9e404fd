//! Chapter 09 — security: the OAuth2 password flow, argon2 password hashes,
//! JWT access tokens and scopes. One server for FastAPI's security
//! tutorials 004 (a failed login is 401 with `WWW-Authenticate: Bearer`) and
//! 005 (scopes, a disabled user, `/status/`).
//!
//! | method | path              | input                                   | status | body |
//! |--------|-------------------|-----------------------------------------|--------|------|
//! | POST   | /token            | form: johndoe, secret, scope            | 200    | {"access_token": JWT, "token_type": "bearer"} |
//! | POST   | /token            | wrong password / unknown user           | 401    | {"detail":"Incorrect username or password"} + `WWW-Authenticate: Bearer` |
//! | POST   | /token            | username or password missing or empty   | 422    | missing, loc ["body", …] |
//! | GET    | /users/me/        | bearer token with scope `me`            | 200    | the user, without the hash |
//! | GET    | /users/me/items/  | bearer token with `items` and `me`      | 200    | [{"item_id":"Foo","owner":…}] |
//! | GET    | /status/          | any valid token                         | 200    | {"status":"ok"} |
//! | GET    | any of the three  | no token / not Bearer                   | 401    | "Not authenticated" + `WWW-Authenticate: Bearer` |
//! | GET    | any of the three  | a token that does not verify            | 401    | "Could not validate credentials" + `Bearer scope="…"` |
//! | GET    | /users/me/…       | a valid token without the scope         | 401    | "Not enough permissions" + `Bearer scope="…"` |
//! | GET    | /users/me/        | a disabled user's token                 | 400    | {"detail":"Inactive user"} |
//!
//! The attacks build their own tokens: the suite knows the tutorial's
//! `SECRET_KEY`, which the server uses unless told another, so it can make
//! an honest token (which must work) beside each forged one (which must not).

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Sha256, Sha512};

use super::fastapi::{self, loc};
use crate::harness::session::Session;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get, post, request, verify};

const JWT_LOGIN: Oracle = Oracle::FastApi("security.tutorial004");
const SCOPES: Oracle = Oracle::FastApi("security.tutorial005");

/// FastAPI's tutorial key: the server's default `SECRET_KEY`.
pub const SECRET_KEY: &str = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7";

const NOT_AUTHENTICATED: &str = "Not authenticated";
const INVALID: &str = "Could not validate credentials";
const BAD_LOGIN: &str = "Incorrect username or password";
const ME: &str = "Bearer scope=\"me\"";
const ITEMS_ME: &str = "Bearer scope=\"items me\"";

/// John Doe as `/users/me/` shows him.
fn johndoe() -> Value {
    json!({
        "username": "johndoe",
        "email": "johndoe@example.com",
        "full_name": "John Doe",
        "disabled": false,
    })
}

/// `POST /token` with a username, a password and the scopes asked for.
fn login(username: &str, password: &str, scope: &str) -> Step {
    post("/token").send_form(&[
        ("username", username),
        ("password", password),
        ("scope", scope),
    ])
}

/// A successful login, its token saved as `name`.
fn login_ok(username: &str, password: &str, scope: &str, name: &'static str) -> Step {
    login(username, password, scope)
        .json(json!({"access_token": "<<string>>", "token_type": "bearer"}))
        .save(name, "/access_token")
}

/// A 401 with FastAPI's `detail` and challenge.
fn unauthorized(step: Step, detail: &str, challenge: &str) -> Step {
    step.status(401)
        .header_is("www-authenticate", challenge)
        .json(json!({ "detail": detail }))
}

/// `GET /users/me/` with `token`: John Doe.
fn me_works(token: &str) -> Step {
    get("/users/me/").bearer(token).json(johndoe())
}

/// `GET /users/me/` with `token`: refused as a token that does not verify.
fn me_refused(token: &str) -> Step {
    unauthorized(get("/users/me/").bearer(token), INVALID, ME)
}

// ---------------------------------------------------------------------------
// Tokens, made here as an attacker (or the server) would make them.

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT: `header.claims.signature`, signed with HS256 or HS512.
fn sign(header: &Value, claims: &Value, secret: &[u8]) -> String {
    let signing_input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let signature = match header["alg"].as_str() {
        Some("HS512") => {
            let mut mac = Hmac::<Sha512>::new_from_slice(secret).expect("any key length");
            mac.update(signing_input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        _ => hs256(secret, signing_input.as_bytes()),
    };
    format!("{signing_input}.{}", b64(&signature))
}

fn hs256(secret: &[u8], input: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(input);
    mac.finalize().into_bytes().to_vec()
}

/// A token the server must accept: HS256, the server's key.
fn honest(claims: &Value) -> String {
    sign(
        &json!({"alg": "HS256", "typ": "JWT"}),
        claims,
        SECRET_KEY.as_bytes(),
    )
}

/// 2100-01-01: the expiry of the suite's own tokens. A fixed time, not "in
/// ten minutes", so that a seed plans the same requests in every run (the
/// grader's resume key is made from them).
const FUTURE: u64 = 4_102_444_800;

/// Claims for `sub` with `scope`, not yet expired.
fn claims(sub: &str, scope: &str) -> Value {
    json!({"sub": sub, "scope": scope, "exp": FUTURE})
}

/// Reads a token the server issued: its header and claims, if its
/// signature is HS256 with the tutorial's key.
fn read_token(token: &str) -> Result<(Value, Value), String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err(format!(
            "the access token has {} dot-separated parts; a JWT has 3",
            parts.len()
        ));
    };
    let json_part = |part: &str, what: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("the token's {what} is not base64url: {e}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("the token's {what} is not JSON: {e}"))
    };
    let header_json = json_part(header, "header")?;
    let claims_json = json_part(claims, "claims")?;
    if header_json["alg"] != "HS256" {
        return Err(format!(
            "the token's header says alg {}; sign with HS256",
            header_json["alg"]
        ));
    }
    let expected = hs256(
        SECRET_KEY.as_bytes(),
        format!("{header}.{claims}").as_bytes(),
    );
    if URL_SAFE_NO_PAD.decode(signature).ok() != Some(expected) {
        return Err(
            "the token's signature is not HS256 with the default SECRET_KEY \
                    (FastAPI's tutorial key)"
                .into(),
        );
    }
    Ok((header_json, claims_json))
}

/// What is wrong with the issued token saved as `token` (none if nothing).
fn issued_token_problems(session: &Session) -> Vec<String> {
    let Some(token) = session.get("token").and_then(Value::as_str) else {
        return vec!["no access token was saved".into()];
    };
    let claims = match read_token(token) {
        Ok((_, claims)) => claims,
        Err(problem) => return vec![problem],
    };
    let mut problems = Vec::new();
    if claims["sub"] != "johndoe" {
        problems.push(format!("claim sub is {}, not \"johndoe\"", claims["sub"]));
    }
    if claims["scope"] != "me items" {
        problems.push(format!(
            "claim scope is {}, not \"me items\" (the form's scopes, space-separated)",
            claims["scope"]
        ));
    }
    match claims["exp"].as_u64() {
        None => problems.push(format!(
            "claim exp is {}, not a time in seconds",
            claims["exp"]
        )),
        Some(exp) => {
            let minutes = (exp as f64 - now() as f64) / 60.0;
            if !(28.0..=31.0).contains(&minutes) {
                problems.push(format!(
                    "claim exp is {minutes:.1} minutes from now; FastAPI's tokens last 30"
                ));
            }
        }
    }
    problems
}

// ---------------------------------------------------------------------------
// Timing: an unknown user must cost what a wrong password costs.

const TRIES: usize = 5;
const UNKNOWN: [&str; TRIES] = [
    "t_unknown_0",
    "t_unknown_1",
    "t_unknown_2",
    "t_unknown_3",
    "t_unknown_4",
];
const WRONG: [&str; TRIES] = [
    "t_wrong_0",
    "t_wrong_1",
    "t_wrong_2",
    "t_wrong_3",
    "t_wrong_4",
];

fn median(session: &Session, names: &[&str]) -> Option<f64> {
    let mut times: Vec<f64> = names
        .iter()
        .map(|name| session.number(name))
        .collect::<Option<_>>()?;
    times.sort_by(f64::total_cmp);
    Some(times[times.len() / 2])
}

/// Fails only on a gap no noise explains: one median more than 3 times the
/// other *and* more than 40 ms apart. A verification takes tens to hundreds
/// of milliseconds; skipping it is a gap of 10× or more, and a dummy hash
/// made with `Argon2::default()`'s lighter parameters about 5×.
fn comparable_times(session: &Session) -> Vec<String> {
    let (Some(unknown), Some(wrong)) = (median(session, &UNKNOWN), median(session, &WRONG)) else {
        return vec!["not every login was timed".into()];
    };
    let (fast, slow) = if unknown < wrong {
        (unknown, wrong)
    } else {
        (wrong, unknown)
    };
    if slow > 3.0 * fast && slow - fast > 0.040 {
        return vec![format!(
            "an unknown user took {:.0} ms, a wrong password {:.0} ms (medians of {TRIES}): \
             the difference tells an attacker which usernames exist",
            unknown * 1000.0,
            wrong * 1000.0
        )];
    }
    Vec::new()
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 9,
        slug: "security-jwt",
        title: "Security",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "09.1",
                title: "POST /token with johndoe/secret answers a bearer JWT: HS256, sub, scope, exp in 30 minutes",
                points: 3,
                oracle: SCOPES,
                hint: "read the form (username, password, scope), verify the password against \
                       the argon2 hash, then `jsonwebtoken::encode` claims {sub, scope, exp} with \
                       `Header::default()` (HS256) and the key from SECRET_KEY",
                read: "Logging in: POST /token",
                steps: |_| {
                    vec![
                        login_ok("johndoe", "secret", "me items", "token"),
                        verify(
                            "the access token's header, signature and claims",
                            issued_token_problems,
                        ),
                    ]
                },
            },
            Check {
                id: "09.2",
                title: "the token opens /users/me/ and /users/me/items/ (the scheme in any case)",
                points: 2,
                oracle: SCOPES,
                hint: "an extractor reads `Authorization: Bearer <token>`, decodes it and looks \
                       up the user named by `sub`; answer the user without the hash",
                read: "Who is asking: the current user",
                steps: |_| {
                    vec![
                        login_ok("johndoe", "secret", "me items", "token"),
                        me_works("{{token}}"),
                        get("/users/me/items/")
                            .bearer("{{token}}")
                            .json(json!([{"item_id": "Foo", "owner": "johndoe"}])),
                        get("/users/me/")
                            .send_header("authorization", "bearer {{token}}")
                            .json(johndoe()),
                    ]
                },
            },
            Check {
                id: "09.3",
                title: "a wrong password answers 401 \"Incorrect username or password\" with WWW-Authenticate: Bearer",
                points: 2,
                oracle: JWT_LOGIN,
                hint: "`verify_password` failing is 401 {\"detail\": \"Incorrect username or \
                       password\"} with the header `WWW-Authenticate: Bearer`",
                read: "Logging in: POST /token",
                steps: |rng| {
                    let wrong = format!("secret{}", rng.word(4));
                    let long = rng.word(1).repeat(50_000);
                    vec![
                        unauthorized(login("johndoe", &wrong, ""), BAD_LOGIN, "Bearer"),
                        unauthorized(login("johndoe", "Secret", ""), BAD_LOGIN, "Bearer"),
                        unauthorized(login("johndoe", &long, ""), BAD_LOGIN, "Bearer"),
                    ]
                },
            },
            Check {
                id: "09.4",
                title: "an unknown user gets the very same answer as a wrong password",
                points: 2,
                oracle: JWT_LOGIN,
                hint: "do not say which of the two was wrong: same status, same detail, same header",
                read: "Logging in: POST /token",
                steps: |rng| {
                    let stranger = format!("{}{}", rng.word(6), rng.int(1, 999));
                    vec![
                        unauthorized(login(&stranger, "secret", ""), BAD_LOGIN, "Bearer"),
                        unauthorized(login("JohnDoe", "secret", ""), BAD_LOGIN, "Bearer"),
                    ]
                },
            },
            Check {
                id: "09.5",
                title: "an unknown user takes about as long to refuse as a wrong password",
                points: 2,
                oracle: JWT_LOGIN,
                hint: "when the user does not exist, verify the password against a dummy hash \
                       made with the same argon2 parameters, then refuse",
                read: "Same answer, same time",
                steps: |rng| {
                    // One login first, so that no timed one pays for warming up.
                    let mut steps = vec![unauthorized(
                        login("johndoe", &rng.word(8), ""),
                        BAD_LOGIN,
                        "Bearer",
                    )];
                    for i in 0..TRIES {
                        let stranger = format!("{}{i}", rng.word(8));
                        steps.push(
                            unauthorized(login(&stranger, "secret", ""), BAD_LOGIN, "Bearer")
                                .save_elapsed(UNKNOWN[i]),
                        );
                        steps.push(
                            unauthorized(login("johndoe", &rng.word(8), ""), BAD_LOGIN, "Bearer")
                                .save_elapsed(WRONG[i]),
                        );
                    }
                    steps.push(verify(
                        "unknown users and wrong passwords take comparable time",
                        comparable_times,
                    ));
                    steps
                },
            },
            Check {
                id: "09.6",
                title: "the login form: a missing or empty username or password answers 422, loc [\"body\", …]",
                points: 2,
                oracle: SCOPES,
                hint: "read the body as a form; an empty field counts as missing; name every \
                       missing field (username before password); a JSON body is not a form; \
                       `grant_type`, when sent, must be exactly `password`",
                read: "Logging in: POST /token",
                steps: |rng| {
                    let missing = |name| fastapi::missing(loc("body", name), Value::Null);
                    let grant = rng.word(5);
                    vec![
                        post("/token")
                            .send_form(&[("username", "johndoe")])
                            .status(422)
                            .json(fastapi::detail(vec![missing("password")])),
                        post("/token")
                            .send_form(&[("username", ""), ("password", "secret")])
                            .status(422)
                            .json(fastapi::detail(vec![missing("username")])),
                        post("/token")
                            .send_json(json!({"username": "johndoe", "password": "secret"}))
                            .status(422)
                            .json(fastapi::detail(vec![
                                missing("username"),
                                missing("password"),
                            ])),
                        post("/token")
                            .send_form(&[
                                ("grant_type", grant.as_str()),
                                ("username", "johndoe"),
                                ("password", "secret"),
                            ])
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::item_with_ctx(
                                "string_pattern_mismatch",
                                loc("body", "grant_type"),
                                "String should match pattern '^password$'",
                                json!(grant),
                                json!({"pattern": "^password$"}),
                            )])),
                        post("/token")
                            .send_form(&[
                                ("grant_type", "password"),
                                ("username", "johndoe"),
                                ("password", "secret"),
                            ])
                            .json(json!({"access_token": "<<string>>", "token_type": "bearer"})),
                    ]
                },
            },
            Check {
                id: "09.7",
                title: "no token, or not a Bearer one, answers 401 \"Not authenticated\" with WWW-Authenticate: Bearer",
                points: 2,
                oracle: SCOPES,
                hint: "before anything else, the extractor needs `Authorization: Bearer <token>`; \
                       otherwise 401 {\"detail\": \"Not authenticated\"} and `WWW-Authenticate: Bearer`",
                read: "Who is asking: the current user",
                steps: |rng| {
                    let token = honest(&claims("johndoe", "me items"));
                    let basic = format!(
                        "Basic {}",
                        b64(format!("johndoe:{}", rng.word(6)).as_bytes())
                    );
                    let mut steps = Vec::new();
                    for path in ["/users/me/", "/users/me/items/", "/status/"] {
                        steps.push(unauthorized(get(path), NOT_AUTHENTICATED, "Bearer"));
                    }
                    steps.push(unauthorized(
                        get("/users/me/").send_header("authorization", &basic),
                        NOT_AUTHENTICATED,
                        "Bearer",
                    ));
                    // The token alone, without its scheme.
                    steps.push(unauthorized(
                        get("/users/me/").send_header("authorization", &token),
                        NOT_AUTHENTICATED,
                        "Bearer",
                    ));
                    steps
                },
            },
            Check {
                id: "09.8",
                title: "a token that is not a JWT answers 401 \"Could not validate credentials\", the challenge naming the route's scopes",
                points: 2,
                oracle: SCOPES,
                hint: "any decoding error is 401 {\"detail\": \"Could not validate credentials\"}; \
                       `WWW-Authenticate` is `Bearer scope=\"…\"` with the scopes the route needs, \
                       plain `Bearer` where it needs none",
                read: "Who is asking: the current user",
                steps: |rng| {
                    let garbage = format!("{}.{}.{}", rng.word(12), rng.word(20), rng.word(8));
                    vec![
                        me_refused(&garbage),
                        unauthorized(get("/users/me/items/").bearer(&garbage), INVALID, ITEMS_ME),
                        unauthorized(get("/status/").bearer(&garbage), INVALID, "Bearer"),
                        me_refused(&rng.word(30)),
                    ]
                },
            },
            Check {
                id: "09.9",
                title: "attack: a token with alg \"none\" (no signature), or signed HS512, is refused",
                points: 2,
                oracle: SCOPES,
                hint: "decode with `Validation::new(Algorithm::HS256)`: the server picks the \
                       algorithm, never the token's header",
                read: "Attacks, and why they fail",
                steps: |_| {
                    let claims = claims("johndoe", "me items");
                    let header = b64(json!({"alg": "none", "typ": "JWT"}).to_string().as_bytes());
                    let body = b64(claims.to_string().as_bytes());
                    let hs512 = sign(
                        &json!({"alg": "HS512", "typ": "JWT"}),
                        &claims,
                        SECRET_KEY.as_bytes(),
                    );
                    vec![
                        me_works(&honest(&claims)),
                        me_refused(&format!("{header}.{body}.")),
                        me_refused(&format!("{header}.{body}")),
                        me_refused(&hs512),
                    ]
                },
            },
            Check {
                id: "09.10",
                title: "attack: a payload changed after signing (another user, more scopes) is refused",
                points: 2,
                oracle: SCOPES,
                hint: "`jsonwebtoken::decode` checks the signature over header and payload; \
                       never read the claims before it has",
                read: "Attacks, and why they fail",
                steps: |_| {
                    let real = honest(&claims("johndoe", "me"));
                    let signature = real.rsplit('.').next().unwrap_or_default().to_string();
                    let forge = |claims: Value| {
                        let header = real.split('.').next().unwrap_or_default();
                        format!(
                            "{header}.{}.{signature}",
                            b64(claims.to_string().as_bytes())
                        )
                    };
                    let more_scopes =
                        forge(json!({"sub": "johndoe", "scope": "me items", "exp": FUTURE}));
                    vec![
                        me_works(&real),
                        unauthorized(
                            get("/users/me/items/").bearer(&more_scopes),
                            INVALID,
                            ITEMS_ME,
                        ),
                        me_refused(&forge(
                            json!({"sub": "alice", "scope": "me", "exp": FUTURE}),
                        )),
                    ]
                },
            },
            Check {
                id: "09.11",
                title: "attack: a token signed with another secret is refused",
                points: 2,
                oracle: SCOPES,
                hint: "sign and verify with the key from SECRET_KEY (its default is FastAPI's \
                       tutorial key), never a key the client could know",
                read: "Attacks, and why they fail",
                steps: |rng| {
                    let claims = claims("johndoe", "me items");
                    let other = rng.word(32);
                    let forged = sign(
                        &json!({"alg": "HS256", "typ": "JWT"}),
                        &claims,
                        other.as_bytes(),
                    );
                    vec![
                        me_works(&honest(&claims)),
                        me_refused(&forged),
                        me_refused(&sign(&json!({"alg": "HS256", "typ": "JWT"}), &claims, b"")),
                    ]
                },
            },
            Check {
                id: "09.12",
                title: "attack: an expired token is refused",
                points: 2,
                oracle: SCOPES,
                hint: "keep `exp` required and validated (jsonwebtoken does both by default)",
                read: "Attacks, and why they fail",
                steps: |rng| {
                    // Some time in November 2023: fixed per seed, long past.
                    let exp = 1_700_000_000 - rng.int(0, 86_400) as u64;
                    let expired = json!({"sub": "johndoe", "scope": "me items", "exp": exp});
                    vec![
                        me_works(&honest(&claims("johndoe", "me items"))),
                        me_refused(&honest(&expired)),
                    ]
                },
            },
            Check {
                id: "09.13",
                title: "attack: a valid token for a user that does not exist, or with no sub, is refused",
                points: 2,
                oracle: SCOPES,
                hint: "look the user up on every request: no `sub`, or no such user, is 401 \
                       \"Could not validate credentials\"",
                read: "Attacks, and why they fail",
                steps: |rng| {
                    let ghost = format!("{}{}", rng.word(7), rng.int(1, 99));
                    vec![
                        me_works(&honest(&claims("johndoe", "me"))),
                        me_refused(&honest(&claims(&ghost, "me items"))),
                        me_refused(&honest(&json!({"scope": "me items", "exp": FUTURE}))),
                    ]
                },
            },
            Check {
                id: "09.14",
                title: "attack: scope escalation — a token without the route's scope answers 401 \"Not enough permissions\"",
                points: 3,
                oracle: SCOPES,
                hint: "split the `scope` claim on spaces and require every scope the route names \
                       (`me` for /users/me/, `items` and `me` for /users/me/items/); answer 401 \
                       with `WWW-Authenticate: Bearer scope=\"…\"`",
                read: "Scopes",
                steps: |_| {
                    let enough = |step: Step, challenge| {
                        unauthorized(step, "Not enough permissions", challenge)
                    };
                    vec![
                        login_ok("johndoe", "secret", "me", "token"),
                        me_works("{{token}}"),
                        enough(get("/users/me/items/").bearer("{{token}}"), ITEMS_ME),
                        enough(
                            get("/users/me/").bearer(&honest(&claims("johndoe", "items"))),
                            ME,
                        ),
                        enough(
                            get("/users/me/").bearer(&honest(&claims("johndoe", ""))),
                            ME,
                        ),
                        // A scope is a whole word: "meme" and "items:me" are not "me".
                        enough(
                            get("/users/me/").bearer(&honest(&claims("johndoe", "meme"))),
                            ME,
                        ),
                        enough(
                            get("/users/me/items/")
                                .bearer(&honest(&claims("johndoe", "items:me me"))),
                            ITEMS_ME,
                        ),
                    ]
                },
            },
            Check {
                id: "09.15",
                title: "a disabled user logs in, but /users/me/ answers 400 \"Inactive user\"",
                points: 2,
                oracle: SCOPES,
                hint: "a second extractor (FastAPI's get_current_active_user) wraps the first \
                       and refuses a disabled user with 400 {\"detail\": \"Inactive user\"}",
                read: "Who is asking: the current user",
                steps: |_| {
                    vec![
                        login_ok("alice", "secretalice", "me items", "alice"),
                        get("/users/me/")
                            .bearer("{{alice}}")
                            .status(400)
                            .json(json!({"detail": "Inactive user"})),
                        get("/users/me/items/")
                            .bearer("{{alice}}")
                            .status(400)
                            .json(json!({"detail": "Inactive user"})),
                    ]
                },
            },
            Check {
                id: "09.16",
                title: "GET /status/ takes any valid token, with no scope, even a disabled user's",
                points: 1,
                oracle: SCOPES,
                hint: "/status/ uses the current-user extractor with no scopes and no active check",
                read: "Scopes",
                steps: |_| {
                    let ok = json!({"status": "ok"});
                    vec![
                        get("/status/")
                            .bearer(&honest(&claims("johndoe", "")))
                            .json(ok.clone()),
                        get("/status/")
                            .bearer(&honest(&claims("alice", "")))
                            .json(ok),
                        unauthorized(
                            get("/status/").bearer(&honest(&claims("nobody", ""))),
                            INVALID,
                            "Bearer",
                        ),
                    ]
                },
            },
            Check {
                id: "09.17",
                title: "an unknown path or a wrong method answers 404/405 JSON, no token asked",
                points: 1,
                oracle: SCOPES,
                hint: "a `fallback` and a `method_not_allowed_fallback` that answer FastAPI's detail",
                read: "Who is asking: the current user",
                steps: |rng| {
                    vec![
                        get(format!("/{}", rng.word(7)))
                            .status(404)
                            .json(json!({"detail": "Not Found"})),
                        get("/token")
                            .status(405)
                            .header_lists("allow", "POST")
                            .json(json!({"detail": "Method Not Allowed"})),
                        request("DELETE", "/users/me/")
                            .status(405)
                            .json(json!({"detail": "Method Not Allowed"})),
                    ]
                },
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_signed_here_reads_back_and_a_forged_one_does_not() {
        let token = honest(&claims("johndoe", "me"));
        let (header, read) = read_token(&token).unwrap();
        assert_eq!(header["alg"], "HS256");
        assert_eq!(read["sub"], "johndoe");
        let other = sign(&json!({"alg": "HS256"}), &claims("johndoe", "me"), b"other");
        assert!(read_token(&other).unwrap_err().contains("signature"));
        assert!(read_token("a.b").unwrap_err().contains("3"));
    }

    #[test]
    fn hs256_matches_a_known_jwt() {
        // jwt.io's example token, signed with "your-256-bit-secret".
        let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
        let claims = "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
        let signature = hs256(
            b"your-256-bit-secret",
            format!("{header}.{claims}").as_bytes(),
        );
        assert_eq!(
            b64(&signature),
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
    }
}
