//! Instructor checks: checks of an instructor's own, read from a plain JSON
//! file at run time (no recompiling the checker), graded alongside the
//! built-in suite of the chapter each one names, and hidden from students in
//! Gradescope output.
//!
//! ```json
//! {
//!   "checks": [
//!     {
//!       "chapter": 1,
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
//! Every check names its `chapter` (a number); it runs only when that
//! chapter is checked. Ids are unique in the file and differ from the
//! chapter's built-in ids. `request.json` sends a JSON body; `request.body` (with a `content-type`
//! header) sends raw text. Expected header values match by prefix, case
//! insensitively; `expect.json` is compared like the built-in checks (by
//! meaning, with the `"<<int>>"`-style placeholders).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::expect::{Body, Expect, HeaderRule};
use crate::harness::http::Request;
use crate::harness::run::Planned;
use crate::report::{BookRef, CheckResult, CheckStatus};
use crate::suite::{Chapter, Step};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    checks: Vec<ExtraCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraCheck {
    chapter: u8,
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

/// An instructor-checks file, read and validated: each check with the
/// chapter it belongs to.
#[derive(Clone, Default)]
pub struct Extra {
    checks: Vec<(u8, Planned)>,
    fingerprint: String,
}

impl Extra {
    /// The checks of `chapter`, in file order.
    pub fn for_chapter(&self, chapter: u8) -> Vec<Planned> {
        self.checks
            .iter()
            .filter(|(c, _)| *c == chapter)
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// The chapters the file has checks for.
    pub fn chapters(&self) -> BTreeSet<u8> {
        self.checks.iter().map(|(c, _)| *c).collect()
    }

    /// A fingerprint of the file's content, so a grade made with other
    /// checks is not mistaken for a current one.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// Reads an instructor-checks file and keeps the checks of `chapter`; a file
/// with none for it is an error (it is the wrong file, or the checks name
/// the wrong chapter).
pub fn load_for(path: &Path, chapter: &Chapter) -> Result<Vec<Planned>, String> {
    let extra = load(path)?;
    let planned = extra.for_chapter(chapter.number);
    if planned.is_empty() {
        return Err(format!(
            "--extra {}: no check is for chapter {:02} (the file has checks for chapter {}); \
             every check names its \"chapter\"",
            path.display(),
            chapter.number,
            list(&extra.chapters())
        ));
    }
    Ok(planned)
}

/// `1, 2, 5`
pub fn list(chapters: &BTreeSet<u8>) -> String {
    let names: Vec<String> = chapters.iter().map(|c| format!("{c:02}")).collect();
    names.join(", ")
}

/// Reads and validates an instructor-checks file: every check names an
/// existing chapter, ids are unique in the file and differ from the
/// chapter's own check ids, and paths start with `/`.
pub fn load(path: &Path) -> Result<Extra, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--extra {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("--extra {}: not a checks file: {e}", path.display()))?;
    let bad =
        |id: &str, problem: String| format!("--extra {}: check {id:?}: {problem}", path.display());
    // The file's name, not its path: reports must not carry the
    // instructor's folders.
    let page = path.file_name().map_or_else(
        || "instructor checks".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut seen = BTreeSet::new();
    let mut checks = Vec::new();
    for check in file.checks {
        let Some(chapter) = crate::suites::find(check.chapter) else {
            return Err(bad(
                &check.id,
                format!("there is no chapter {}", check.chapter),
            ));
        };
        if check.id.trim().is_empty() {
            return Err(bad(&check.id, "the id is empty".to_string()));
        }
        if !seen.insert(check.id.clone()) {
            return Err(bad(
                &check.id,
                "the id is used twice; every check needs its own".to_string(),
            ));
        }
        if chapter.checks.iter().any(|c| c.id == check.id) {
            return Err(bad(
                &check.id,
                format!(
                    "chapter {:02} has a built-in check with that id",
                    chapter.number
                ),
            ));
        }
        if !check.request.path.starts_with('/') {
            return Err(bad(&check.id, "the path must start with /".to_string()));
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
        let planned = Planned {
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
                    page: page.clone(),
                    section: String::new(),
                },
                failure: None,
            },
            steps: vec![Step::new(request, expect)],
        };
        checks.push((chapter.number, planned));
    }
    Ok(Extra {
        checks,
        fingerprint: crate::fingerprint::hash_bytes(text.as_bytes()),
    })
}
