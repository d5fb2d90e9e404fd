//! The users, their password hashes, and logging in.
//!
//! The two users and their hashes are FastAPI's own (`johndoe` / `secret`,
//! and `alice`, whose account is disabled): argon2id hashes in the PHC
//! string format, so pwdlib in Python and the `argon2` crate in Rust read
//! and verify the same strings.

use std::collections::HashMap;
use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use serde::Serialize;

/// What the API shows of a user: never the hash.
#[derive(Clone, Serialize)]
pub struct User {
    pub username: String,
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub disabled: Option<bool>,
}

/// A stored user: the public part and the password hash.
struct UserInDb {
    user: User,
    hashed_password: String,
}

/// The user "database", and a hash of a password nobody has, made with the
/// same parameters as the real hashes (see [`Users::authenticate`]).
#[derive(Clone)]
pub struct Users {
    by_name: Arc<HashMap<String, UserInDb>>,
    dummy_hash: Arc<str>,
}

impl Users {
    /// FastAPI's fake users. Hashing the dummy password costs as much as a
    /// login: done once, at start-up.
    pub fn fake() -> Self {
        let user = |username: &str, full_name: &str, email: &str, hash: &str, disabled| {
            let user = User {
                username: username.into(),
                email: Some(email.into()),
                full_name: Some(full_name.into()),
                disabled: Some(disabled),
            };
            let stored = UserInDb {
                user,
                hashed_password: hash.into(),
            };
            (username.to_string(), stored)
        };
        let by_name = HashMap::from([
            user(
                "johndoe",
                "John Doe",
                "johndoe@example.com",
                "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc",
                false,
            ),
            user(
                "alice",
                "Alice Chains",
                "alicechains@example.com",
                "$argon2id$v=19$m=65536,t=3,p=4$g2/AV1zwopqUntPKJavBFw$BwpRGDCyUHLvHICnwijyX8ROGoiUPwNKZ7915MeYfCE",
                true,
            ),
        ]);
        Users {
            by_name: Arc::new(by_name),
            dummy_hash: hash_password("dummypassword").into(),
        }
    }

    /// The user called `username`, if there is one.
    pub fn get(&self, username: &str) -> Option<User> {
        self.by_name.get(username).map(|stored| stored.user.clone())
    }

    /// The user whose password this is, or `None`. Every call verifies one
    /// hash, even for a name nobody has: answering an unknown name at once
    /// would tell an attacker which names exist (a timing attack).
    pub async fn authenticate(&self, username: &str, password: &str) -> Option<User> {
        let stored = self.by_name.get(username);
        let hash = match stored {
            Some(stored) => stored.hashed_password.clone(),
            None => self.dummy_hash.to_string(),
        };
        let matches = verify_password(password.to_owned(), hash).await;
        match stored {
            Some(stored) if matches => Some(stored.user.clone()),
            _ => None,
        }
    }
}

/// Does `password` match `hash`? Argon2 is slow on purpose (tens of
/// milliseconds, 64 MiB): run it on tokio's blocking pool so that other
/// requests keep being served meanwhile.
async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        // The hash names its own algorithm and parameters; a hash that does
        // not parse matches no password.
        PasswordHash::new(&hash).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A new argon2id hash of `password`, with a random salt and the parameters
/// of FastAPI's hashes (64 MiB, 3 passes, 4 lanes).
pub fn hash_password(password: &str) -> String {
    let params = Params::new(65536, 3, 4, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .expect("hashing a password")
        .to_string()
}
