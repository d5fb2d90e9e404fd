//! The users, their password hashes, and logging in.
//!
//! The two users and their hashes are FastAPI's own (`johndoe` / `secret`,
//! and `alice` / `secretalice`, whose account is disabled): argon2id hashes
//! in the PHC string format, so pwdlib in Python and the `argon2` crate in
//! Rust read and verify the same strings.

use std::collections::HashMap;
use std::sync::Arc;

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

/// The user "database".
#[derive(Clone)]
pub struct Users {
    by_name: Arc<HashMap<String, UserInDb>>,
}

impl Users {
    /// FastAPI's fake users.
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
        }
    }

    /// The user called `username`, if there is one.
    pub fn get(&self, username: &str) -> Option<User> {
        self.by_name.get(username).map(|stored| stored.user.clone())
    }

    /// The user whose password this is, or `None`.
    // TODO(ch09): this is FastAPI's tutorial 003, which "hashes" by adding a
    // prefix, so no real hash ever matches. Verify the password against the
    // argon2 hash instead (`PasswordHash::new`, then
    // `Argon2::default().verify_password`), inside `tokio::task::spawn_blocking`:
    // argon2 is slow on purpose and must not stall the async workers.
    // Book: 09 · Security › "Passwords: argon2, off the async threads"
    //
    // TODO(ch09): an unknown username is refused at once, a wrong password
    // only after a hash is verified: the time tells which names exist. Verify
    // a dummy hash (same argon2 parameters as the real ones) for unknown users.
    // Book: 09 · Security › "Same answer, same time"
    pub async fn authenticate(&self, username: &str, password: &str) -> Option<User> {
        let stored = self.by_name.get(username)?;
        let fake_hash = format!("fakehashed{password}");
        (stored.hashed_password == fake_hash).then(|| stored.user.clone())
    }
}
