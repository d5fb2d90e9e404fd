//! The shape of a suite: a chapter is a list of checks, a check is a list of
//! request → expectation steps. Suites in `suites/` are written with the
//! builders here so that each reads like the contract table in the book:
//!
//! ```
//! use checker::suite::get;
//! use serde_json::json;
//! let step = get("/").status(200).json(json!({"message": "Hello World"}));
//! ```

use serde_json::Value;

use crate::expect::{Body, Expect, HeaderRule};
use crate::http::Request;
use crate::seed::Rng;

/// One chapter's suite.
pub struct Chapter {
    pub number: u8,
    /// The folder name after the number: `chapters/01-hello-world`.
    pub slug: &'static str,
    pub title: &'static str,
    pub checks: Vec<Check>,
}

impl Chapter {
    /// `01-hello-world`
    pub fn dir_name(&self) -> String {
        format!("{:02}-{}", self.number, self.slug)
    }

    /// The book page for this chapter, relative to `book/src`.
    pub fn page(&self) -> String {
        format!("ch{}.md", self.dir_name())
    }
}

/// One check: a behaviour of the contract, proven by one or more requests.
pub struct Check {
    /// `01.2`: chapter, then position.
    pub id: &'static str,
    /// A sentence about behaviour, shown on pass and fail.
    pub title: &'static str,
    pub points: u32,
    /// Who proves the check right (see [`Oracle`]).
    pub oracle: Oracle,
    /// What to try, shown when the check fails.
    pub hint: &'static str,
    /// The section of the chapter's book page that teaches it (its heading).
    pub read: &'static str,
    /// The requests and what each must get back. Inputs a starter could
    /// hard-code are drawn from `rng`, which the run's `--seed` fixes.
    pub steps: fn(&mut Rng) -> Vec<Step>,
}

/// Every check is proven against FastAPI unless it says why it cannot be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Oracle {
    /// The FastAPI tutorial module (under `docs_src/`) that must pass it:
    /// `first_steps.tutorial001`.
    FastApi(&'static str),
    /// No FastAPI app has this behaviour; the reason is stated.
    None { why: &'static str },
}

/// One request and what must come back.
#[derive(Debug, Clone)]
pub struct Step {
    pub request: Request,
    pub expect: Expect,
}

/// `GET path`, expecting 200 until told otherwise.
pub fn get(path: impl Into<String>) -> Step {
    request("GET", path)
}

/// `POST path`, expecting 200 until told otherwise.
pub fn post(path: impl Into<String>) -> Step {
    request("POST", path)
}

/// Any method.
pub fn request(method: &str, path: impl Into<String>) -> Step {
    Step {
        request: Request::new(method, path),
        expect: Expect::status(200),
    }
}

impl Step {
    /// Sends this JSON body with `content-type: application/json`.
    pub fn send_json(mut self, body: Value) -> Self {
        self.request = self.request.json(&body);
        self
    }

    /// Sends a raw body, with a content type unless `None`.
    pub fn send_raw(mut self, content_type: Option<&str>, body: &str) -> Self {
        if let Some(content_type) = content_type {
            self.request = self.request.header("content-type", content_type);
        }
        self.request = self.request.body(body);
        self
    }

    /// Sends a request header.
    pub fn send_header(mut self, name: &str, value: &str) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    pub fn status(mut self, status: u16) -> Self {
        self.expect.status = status;
        self
    }

    /// Expects a JSON body equal in meaning to `pattern`, labelled
    /// `application/json`.
    pub fn json(mut self, pattern: Value) -> Self {
        self.expect.headers.push(HeaderRule::StartsWith(
            "content-type".into(),
            "application/json".into(),
        ));
        self.expect.body = Body::Json(pattern);
        self
    }

    /// Expects a comma-separated header (like `allow`) to contain `item`.
    pub fn header_lists(mut self, name: &'static str, item: &'static str) -> Self {
        self.expect
            .headers
            .push(HeaderRule::ListContains(name.into(), item.into()));
        self
    }

    pub fn header_is(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.expect
            .headers
            .push(HeaderRule::Equals(name.into(), value.into().into()));
        self
    }

    pub fn header_absent(mut self, name: &'static str) -> Self {
        self.expect.headers.push(HeaderRule::Absent(name.into()));
        self
    }

    /// Expects a header whose value is the seconds a quick request took:
    /// more than 0, less than 1 (`x-process-time`, different every time).
    pub fn header_seconds(mut self, name: &'static str) -> Self {
        self.expect.headers.push(HeaderRule::Seconds(name.into()));
        self
    }
}
