//! Instructor checks: checks of an instructor's own, read from a plain JSON
//! file at run time (no recompiling the checker), graded alongside the
//! built-in suite and hidden from students in Gradescope output.
//!
//! ```json
//! {
//!   "checks": [
//!     {
//!       "id": "x.1",
//!       "title": "an item id above 1000 is not found",
//!       "points": 2,
//!       "hidden": true,
//!       "hint": "look the id up before answering",
//!       "request": { "method": "GET", "path": "/items/1001",
//!                    "headers": { "x-token": "secret" } },
//!       "expect": { "status": 404,
//!                   "headers": { "content-type": "application/json" },
//!                   "json": { "detail": "Item not found" } }
//!     }
//!   ]
//! }
//! ```
//!
//! `request.json` sends a JSON body; `request.body` (with a `content-type`
//! header) sends raw text. Expected header values match by prefix, case
//! insensitively; `expect.json` is compared like the built-in checks (by
//! meaning, with the `"<<int>>"`-style placeholders).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::expect::{Body, Expect, HeaderRule};
use crate::harness::http::Request;
use crate::harness::run::Planned;
use crate::report::{BookRef, CheckResult, CheckStatus};
use crate::suite::Step;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    checks: Vec<ExtraCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraCheck {
    id: String,
    title: String,
    #[serde(default = "one")]
    points: u32,
    #[serde(default = "yes")]
    hidden: bool,
    #[serde(default)]
    hint: String,
    request: ExtraRequest,
    expect: ExtraExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraRequest {
    #[serde(default = "get")]
    method: String,
    path: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    json: Option<Value>,
    body: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraExpect {
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    json: Option<Value>,
}

fn one() -> u32 {
    1
}
fn yes() -> bool {
    true
}
fn get() -> String {
    "GET".to_string()
}

/// Reads an instructor-checks file into checks ready to run.
pub fn load(path: &Path) -> Result<Vec<Planned>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--extra {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("--extra {}: not a checks file: {e}", path.display()))?;
    let mut planned = Vec::new();
    for check in file.checks {
        if !check.request.path.starts_with('/') {
            return Err(format!(
                "--extra {}: check {}: the path must start with /",
                path.display(),
                check.id
            ));
        }
        let mut request = Request::new(
            &check.request.method.to_ascii_uppercase(),
            &check.request.path,
        );
        for (name, value) in &check.request.headers {
            request = request.header(name, value);
        }
        match (&check.request.json, &check.request.body) {
            (Some(json), _) => request = request.json(json),
            (None, Some(body)) => request = request.body(body.as_bytes()),
            (None, None) => {}
        }
        let mut expect = Expect::status(check.expect.status);
        for (name, value) in check.expect.headers {
            expect
                .headers
                .push(HeaderRule::StartsWith(name.into(), value.into()));
        }
        if let Some(json) = check.expect.json {
            expect.body = Body::Json(json);
        }
        planned.push(Planned {
            result: CheckResult {
                id: check.id,
                title: check.title,
                status: CheckStatus::NotRun,
                points: check.points,
                score: 0,
                oracle: None,
                hidden: check.hidden,
                hint: check.hint,
                read: BookRef {
                    page: path.display().to_string(),
                    section: String::new(),
                },
                failure: None,
            },
            steps: vec![Step::new(request, expect)],
        });
    }
    Ok(planned)
}
