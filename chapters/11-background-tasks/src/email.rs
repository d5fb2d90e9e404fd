//! The email API client. The settings are read for you; the client is
//! yours to write.

use std::time::Duration;

/// Where the email API is and how patiently to call it.
#[derive(Debug, Clone)]
#[allow(dead_code, reason = "read by the client you write in this chapter")]
pub struct EmailSettings {
    /// `EMAIL_API_URL`; the email goes to `{url}/emails`.
    pub url: String,
    /// `EMAIL_API_KEY`, sent as a bearer token.
    pub key: String,
    /// How long one attempt may take, answer included.
    pub timeout: Duration,
    pub attempts: u32,
    /// The wait after the first failure; it doubles after each.
    pub first_backoff: Duration,
}

#[allow(dead_code, reason = "called by the code you write in this chapter")]
impl EmailSettings {
    /// From the environment, with the defaults the book's contract names.
    pub fn from_env() -> Self {
        let var =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
        EmailSettings {
            url: var("EMAIL_API_URL", "http://127.0.0.1:9000"),
            key: var("EMAIL_API_KEY", "dev-email-key"),
            timeout: Duration::from_secs(1),
            attempts: 3,
            first_backoff: Duration::from_millis(100),
        }
    }
}

// TODO(ch11): an `EmailApi` holding one `reqwest::Client` (built once, with
// `settings.timeout`) and the settings. Its `send` POSTs `{"to", "text"}` as
// JSON to `{url}/emails` with `authorization: Bearer {key}` and an
// `idempotency-key` header, and says whether the API accepted it (a 2xx).
// Book: 11 · Background tasks › "Calling the email API with reqwest"
//
// TODO(ch11): `send` tries again after a 5xx or a timeout, up to
// `settings.attempts` in all, sleeping `first_backoff` and then twice as
// long each time; a 4xx is final. The idempotency key stays the same.
// Book: 11 · Background tasks › "Retries, backoff and idempotency"
