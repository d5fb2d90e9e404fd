//! The email API client: one `reqwest::Client` (it keeps a connection pool,
//! so it is built once and shared), a timeout on every call, and retries
//! only where trying again can help.

use std::time::Duration;

use serde::Serialize;

/// Where the email API is and how patiently to call it.
#[derive(Debug, Clone)]
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

    /// Short waits, so tests of failures stay fast.
    #[cfg(test)]
    pub fn for_tests(url: &str) -> Self {
        EmailSettings {
            url: url.to_string(),
            key: "test-key".to_string(),
            timeout: Duration::from_millis(200),
            attempts: 3,
            first_backoff: Duration::from_millis(1),
        }
    }
}

/// The JSON body the email API reads.
#[derive(Debug, Serialize)]
pub struct Email<'a> {
    pub to: &'a str,
    pub text: &'a str,
}

/// How one attempt ended.
#[derive(Debug, PartialEq)]
enum Attempt {
    Sent,
    /// A 5xx, a timeout, a refused connection: the next try may work.
    Retry,
    /// A 4xx: the API read the request and refused it; the same request
    /// will be refused again.
    GiveUp,
}

pub struct EmailApi {
    client: reqwest::Client,
    settings: EmailSettings,
}

impl EmailApi {
    pub fn new(settings: EmailSettings) -> Self {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()
            .expect("a client with a timeout always builds");
        EmailApi { client, settings }
    }

    /// Sends `email`, trying again after 5xx answers and timeouts. The
    /// idempotency key is the same on every attempt, so an API that did
    /// send the email before its answer was lost does not send it twice.
    /// `on_attempt` hears the number of each attempt before it starts.
    /// Returns whether the API accepted the email.
    pub async fn send(
        &self,
        email: &Email<'_>,
        idempotency_key: &str,
        mut on_attempt: impl FnMut(u32),
    ) -> bool {
        let mut backoff = self.settings.first_backoff;
        for attempt in 1..=self.settings.attempts {
            on_attempt(attempt);
            match self.try_once(email, idempotency_key).await {
                Attempt::Sent => return true,
                Attempt::GiveUp => return false,
                Attempt::Retry if attempt < self.settings.attempts => {
                    tokio::time::sleep(backoff).await;
                    backoff *= 2;
                }
                Attempt::Retry => {}
            }
        }
        false
    }

    async fn try_once(&self, email: &Email<'_>, idempotency_key: &str) -> Attempt {
        let url = format!("{}/emails", self.settings.url.trim_end_matches('/'));
        let answer = self
            .client
            .post(url)
            .bearer_auth(&self.settings.key)
            .header("idempotency-key", idempotency_key)
            .json(email)
            .send()
            .await;
        match answer {
            Ok(response) if response.status().is_success() => Attempt::Sent,
            Ok(response) if response.status().is_server_error() => Attempt::Retry,
            Ok(_) => Attempt::GiveUp,
            // reqwest's errors here are transport errors: the timeout
            // fired, or no connection could be made.
            Err(_) => Attempt::Retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rstest::rstest;
    use serde_json::json;
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;

    const EMAIL: Email<'static> = Email {
        to: "ann@example.com",
        text: "Hi",
    };

    #[rstest]
    #[case::accepted(200, true, 1)]
    #[case::server_errors_are_retried_three_times(503, false, 3)]
    #[case::a_refusal_is_not_retried(400, false, 1)]
    #[case::nor_is_a_validation_error(422, false, 1)]
    #[tokio::test]
    async fn the_answer_decides_whether_to_try_again(
        #[case] status: u16,
        #[case] sent: bool,
        #[case] calls: u64,
    ) {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .respond_with(ResponseTemplate::new(status))
            .expect(calls)
            .mount(&server)
            .await;
        let api = EmailApi::new(EmailSettings::for_tests(&server.uri()));
        let mut attempts = 0;
        assert_eq!(api.send(&EMAIL, "n-1", |n| attempts = n).await, sent);
        assert_eq!(u64::from(attempts), calls);
        // `expect(calls)` is verified when `server` drops.
    }

    #[tokio::test]
    async fn the_call_carries_the_email_the_key_and_the_idempotency_key() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/emails"))
            .and(header("authorization", "Bearer test-key"))
            .and(header("idempotency-key", "n-7"))
            .and(body_json(json!({"to": "ann@example.com", "text": "Hi"})))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
        let api = EmailApi::new(EmailSettings::for_tests(&server.uri()));
        assert!(api.send(&EMAIL, "n-7", |_| {}).await);
    }

    #[tokio::test]
    async fn an_answer_slower_than_the_timeout_is_retried_with_the_same_key() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(header("idempotency-key", "n-8"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(header("idempotency-key", "n-8"))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
        let api = EmailApi::new(EmailSettings::for_tests(&server.uri()));
        let mut attempts = 0;
        assert!(api.send(&EMAIL, "n-8", |n| attempts = n).await);
        assert_eq!(attempts, 2);
    }

    #[tokio::test]
    async fn an_api_that_is_not_there_is_tried_three_times_then_given_up() {
        // Port 9 (discard) is closed on test machines: the connection is refused.
        let api = EmailApi::new(EmailSettings::for_tests("http://127.0.0.1:9"));
        let mut attempts = 0;
        assert!(!api.send(&EMAIL, "n-9", |n| attempts = n).await);
        assert_eq!(attempts, 3);
    }
}
