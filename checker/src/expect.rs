//! What a check expects of a response, and how an answer is compared.
//!
//! The rules make one suite pass both FastAPI and a correct axum server:
//! status codes are exact; only the headers a check names are looked at, by
//! case-insensitive name; JSON is compared by meaning (key order ignored,
//! numbers by value so `62 == 62.0`, arrays in order, no extra keys); values
//! FastAPI cannot make deterministic are matched by shape with a placeholder
//! string in the expected JSON:
//!
//! | placeholder   | matches                     |
//! |---------------|-----------------------------|
//! | `"<<any>>"`   | any value                   |
//! | `"<<int>>"`   | an integer                  |
//! | `"<<number>>"`| any number                  |
//! | `"<<string>>"`| any string                  |

use std::borrow::Cow;

use serde_json::Value;

use crate::harness::http::Response;

/// What one response must look like.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    /// Compared exactly; 0 for a request the fake upstream received, which
    /// has none.
    pub status: u16,
    pub headers: Vec<HeaderRule>,
    pub body: Body,
    /// The whole answer must arrive within this time.
    pub within: Option<std::time::Duration>,
}

/// A header name or value: a literal in the built-in suites, read from a file
/// in an instructor's checks.
pub type Text = Cow<'static, str>;

/// A rule about one header; names are matched case-insensitively.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderRule {
    /// The value starts with this text (`application/json` matches
    /// `application/json; charset=utf-8`).
    StartsWith(Text, Text),
    /// The value is a comma-separated list containing this item.
    ListContains(Text, Text),
    /// The value equals this text.
    Equals(Text, Text),
    /// The header is absent.
    Absent(Text),
    /// The value is a duration in seconds of a quick request: a number more
    /// than 0 and less than 1 (`x-process-time: 0.00042`). A timer that
    /// rounds to whole seconds says 0; one in milliseconds says 1 or more.
    Seconds(Text),
}

/// What the body must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Anything (the status and headers are the contract).
    Any,
    /// JSON equal in meaning to this pattern (see the module docs).
    Json(Value),
    /// Exactly these bytes (a downloaded file).
    Bytes(Vec<u8>),
}

impl Expect {
    pub fn status(status: u16) -> Self {
        Expect {
            status,
            headers: Vec::new(),
            body: Body::Any,
            within: None,
        }
    }

    /// A one-line summary: `404, content-type application/json, body {...}`.
    pub fn summary(&self) -> String {
        let mut parts = vec![self.status.to_string()];
        for rule in &self.headers {
            parts.push(match rule {
                HeaderRule::StartsWith(name, value) => format!("{name} {value}"),
                HeaderRule::ListContains(name, item) => format!("{name} containing {item}"),
                HeaderRule::Equals(name, value) => format!("{name} {value}"),
                HeaderRule::Absent(name) => format!("no {name} header"),
                HeaderRule::Seconds(name) => format!("{name} seconds, 0 < s < 1"),
            });
        }
        match &self.body {
            Body::Any => {}
            Body::Json(value) => parts.push(format!("body {}", clip(&value.to_string(), 160))),
            Body::Bytes(bytes) => parts.push(format!("body of {} bytes", bytes.len())),
        }
        parts.join(", ")
    }

    /// Every way `response` differs from this expectation; empty when it matches.
    pub fn compare(&self, response: &Response) -> Vec<String> {
        let mut problems = Vec::new();
        if response.status != self.status {
            problems.push(format!(
                "status: expected {}, got {}",
                self.status, response.status
            ));
        }
        for rule in &self.headers {
            if let Some(problem) = check_header(rule, response) {
                problems.push(problem);
            }
        }
        match &self.body {
            Body::Any => {}
            Body::Json(expected) => match serde_json::from_slice::<Value>(&response.body) {
                Ok(actual) => diff_json(expected, &actual, "body", &mut problems),
                Err(error) if response.body.is_empty() => {
                    let _ = error;
                    problems.push("body: expected JSON, got an empty body".to_string());
                }
                Err(error) => problems.push(format!(
                    "body: expected JSON, but it is not valid JSON: {error} (byte {} of {}), in {}",
                    byte_offset(&response.body, error.line(), error.column()),
                    response.body.len(),
                    describe_body(&response.body)
                )),
            },
            Body::Bytes(expected) if *expected != response.body => {
                let same = expected
                    .iter()
                    .zip(&response.body)
                    .take_while(|(a, b)| a == b)
                    .count();
                problems.push(format!(
                    "body: expected the {} bytes sent, got {} bytes, the first {same} the same: {}",
                    expected.len(),
                    response.body.len(),
                    describe_body(&response.body)
                ));
            }
            Body::Bytes(_) => {}
        }
        problems
    }
}

fn check_header(rule: &HeaderRule, response: &Response) -> Option<String> {
    let (name, got) = match rule {
        HeaderRule::StartsWith(name, _)
        | HeaderRule::ListContains(name, _)
        | HeaderRule::Equals(name, _)
        | HeaderRule::Absent(name)
        | HeaderRule::Seconds(name) => (name, response.header(name)),
    };
    let fine = match (rule, got) {
        (HeaderRule::Absent(_), got) => got.is_none(),
        (_, None) => false,
        (HeaderRule::StartsWith(_, want), Some(got)) => got
            .to_ascii_lowercase()
            .starts_with(&want.to_ascii_lowercase()),
        (HeaderRule::ListContains(_, want), Some(got)) => got
            .split(',')
            .any(|item| item.trim().eq_ignore_ascii_case(want)),
        (HeaderRule::Equals(_, want), Some(got)) => got == want.as_ref(),
        (HeaderRule::Seconds(_), Some(got)) => {
            got.trim().parse::<f64>().is_ok_and(|n| n > 0.0 && n < 1.0)
        }
    };
    if fine {
        return None;
    }
    let got = got.map_or("no such header".to_string(), |v| format!("{v:?}"));
    Some(match rule {
        HeaderRule::StartsWith(_, want) => format!("header {name}: expected {want}, got {got}"),
        HeaderRule::ListContains(_, want) => {
            format!("header {name}: expected a list containing {want}, got {got}")
        }
        HeaderRule::Equals(_, want) => format!("header {name}: expected {want:?}, got {got}"),
        HeaderRule::Absent(_) => format!("header {name}: expected none, got {got}"),
        HeaderRule::Seconds(_) => {
            format!("header {name}: expected seconds, more than 0 and less than 1, got {got}")
        }
    })
}

/// Where serde_json's line and column (1-based, counted in bytes) fall in
/// `body`, as a 0-based byte offset.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let line_start: usize = body
        .split(|&b| b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    (line_start + column.saturating_sub(1)).min(body.len())
}

/// A short description of a body for a report line: JSON as JSON (as the
/// expected side is shown), anything else as a quoted string.
pub fn describe_body(body: &[u8]) -> String {
    if body.is_empty() {
        return "an empty body".to_string();
    }
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        return clip(&value.to_string(), 160);
    }
    match std::str::from_utf8(body) {
        Ok(text) => format!("{:?}", clip(text, 160)),
        Err(_) => format!("{} bytes that are not UTF-8 text", body.len()),
    }
}

/// Cuts `text` to at most `max` characters, marking the cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// Appends one line per difference between `expected` (a pattern) and
/// `actual`, naming where it is (`body.detail[0].loc[1]`).
pub fn diff_json(expected: &Value, actual: &Value, at: &str, out: &mut Vec<String>) {
    if let Value::String(pattern) = expected
        && let Some(shape) = pattern
            .strip_prefix("<<")
            .and_then(|p| p.strip_suffix(">>"))
    {
        let fits = match shape {
            "any" => true,
            "int" => actual.is_i64() || actual.is_u64(),
            "number" => actual.is_number(),
            "string" => actual.is_string(),
            _ => panic!("unknown placeholder <<{shape}>> in a suite"),
        };
        if !fits {
            out.push(format!("{at}: expected {shape}, got {}", show(actual)));
        }
        return;
    }
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, want_value) in want {
                match got.get(key) {
                    Some(got_value) => diff_json(want_value, got_value, &field(at, key), out),
                    None => out.push(format!("{}: missing", field(at, key))),
                }
            }
            for (key, got_value) in got {
                if !want.contains_key(key) {
                    out.push(format!(
                        "{}: not expected, got {}",
                        field(at, key),
                        show(got_value)
                    ));
                }
            }
        }
        (Value::Array(want), Value::Array(got))
            if want.len() == got.len() && want.len() > 1 && same_items_reordered(want, got) =>
        {
            out.push(format!(
                "{at}: the same {} items, in a different order (expected {})",
                want.len(),
                clip(&Value::Array(want.clone()).to_string(), 160)
            ));
        }
        (Value::Array(want), Value::Array(got)) => {
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                diff_json(w, g, &format!("{at}[{i}]"), out);
            }
            if want.len() != got.len() {
                out.push(format!(
                    "{at}: expected {} items, got {}",
                    want.len(),
                    got.len()
                ));
            }
        }
        (Value::Number(want), Value::Number(got)) => {
            let same = match (want.as_i64(), got.as_i64()) {
                (Some(w), Some(g)) => w == g,
                _ => want.as_f64() == got.as_f64(),
            };
            if !same {
                out.push(format!("{at}: expected {want}, got {got}"));
            }
        }
        (want, got) if want == got => {}
        (want, got) => out.push(format!("{at}: expected {}, got {}", show(want), show(got))),
    }
}

/// Whether `got` holds the items `want` describes, each once, but not in
/// order (FastAPI lists errors path → query → header → cookie → body, and
/// in field order).
fn same_items_reordered(want: &[Value], got: &[Value]) -> bool {
    let fits = |w: &Value, g: &Value| {
        let mut problems = Vec::new();
        diff_json(w, g, "", &mut problems);
        problems.is_empty()
    };
    if want.iter().zip(got).all(|(w, g)| fits(w, g)) {
        return false;
    }
    let mut used = vec![false; got.len()];
    want.iter().all(
        |w| match (0..got.len()).find(|&i| !used[i] && fits(w, &got[i])) {
            Some(i) => {
                used[i] = true;
                true
            }
            None => false,
        },
    )
}

fn field(at: &str, key: &str) -> String {
    format!("{at}.{key}")
}

fn show(value: &Value) -> String {
    clip(&value.to_string(), 120)
}

/// A known reason for a mismatch, in words a learner can act on. These are
/// the ways stock axum differs from FastAPI, so they recur in every chapter.
pub fn explain(expect: &Expect, response: &Response) -> Option<&'static str> {
    let content_type = response.header("content-type").unwrap_or("");
    let expects_json = matches!(expect.body, Body::Json(_));
    let text_plain = content_type.starts_with("text/plain");
    match (expect.status, response.status) {
        (404, 404) if expects_json && response.body.is_empty() => {
            Some("axum's own 404 has an empty body; FastAPI answers {\"detail\":\"Not Found\"}.")
        }
        (405, 405) if expects_json && response.body.is_empty() => Some(
            "axum's own 405 has an empty body; FastAPI answers {\"detail\":\"Method Not Allowed\"}.",
        ),
        (422, 400) if text_plain => Some(
            "axum's stock extractors reject bad input with 400 and plain text; FastAPI answers 422 with a JSON detail list.",
        ),
        (422, 415) => Some(
            "axum's Json extractor answers 415 when the content type is not JSON; FastAPI answers 422.",
        ),
        (422, 200) => Some("the server accepted input that FastAPI rejects."),
        _ if expects_json
            && !content_type.starts_with("application/json")
            && serde_json::from_slice::<Value>(&response.body).is_ok() =>
        {
            Some(
                "the body is JSON text, but not labelled application/json: return axum::Json(...) instead of a string.",
            )
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(expected: Value, actual: Value) -> Vec<String> {
        let mut out = Vec::new();
        diff_json(&expected, &actual, "body", &mut out);
        out
    }

    #[test]
    fn json_is_compared_by_meaning_not_by_text() {
        assert!(diff(json!({"a": 1, "b": [1, 2]}), json!({"b": [1, 2], "a": 1})).is_empty());
        assert!(diff(json!({"price": 62}), json!({"price": 62.0})).is_empty());
        assert!(
            diff(
                json!({"loc": ["body", "<<int>>"]}),
                json!({"loc": ["body", 7]})
            )
            .is_empty()
        );
    }

    #[test]
    fn every_difference_is_named_with_its_place() {
        let problems = diff(
            json!({"detail": [{"type": "missing", "loc": ["query", "q"]}]}),
            json!({"detail": [{"type": "missing", "loc": ["query"], "url": "x"}]}),
        );
        assert_eq!(
            problems,
            vec![
                "body.detail[0].loc: expected 2 items, got 1",
                "body.detail[0].url: not expected, got \"x\"",
            ]
        );
        assert_eq!(
            diff(json!({"a": "<<int>>"}), json!({"a": "7"})),
            vec!["body.a: expected int, got \"7\""]
        );
        assert_eq!(diff(json!({"a": 1}), json!({})), vec!["body.a: missing"]);
    }

    #[test]
    fn headers_are_matched_by_rule_and_case_insensitive_name() {
        let response = Response {
            status: 405,
            headers: vec![("allow".into(), "GET,HEAD".into())],
            body: b"{}".to_vec(),
        };
        let mut expect = Expect::status(405);
        expect
            .headers
            .push(HeaderRule::ListContains("Allow".into(), "get".into()));
        assert!(expect.compare(&response).is_empty());
        expect
            .headers
            .push(HeaderRule::ListContains("allow".into(), "POST".into()));
        expect.headers.push(HeaderRule::Absent("allow".into()));
        assert_eq!(expect.compare(&response).len(), 2);
    }

    #[test]
    fn a_timing_header_must_be_seconds_more_than_zero_and_less_than_one() {
        let with = |value: &str| Response {
            status: 200,
            headers: vec![("x-process-time".into(), value.into())],
            body: vec![],
        };
        let mut expect = Expect::status(200);
        expect
            .headers
            .push(HeaderRule::Seconds("x-process-time".into()));
        for fine in ["0.0004", "2.5e-05", "0.9"] {
            assert!(expect.compare(&with(fine)).is_empty(), "{fine}");
        }
        // Whole seconds round a quick request to 0; milliseconds say 1 or more.
        for wrong in ["0", "1", "12", "-1", "fast", "", "NaN", "inf"] {
            assert_eq!(expect.compare(&with(wrong)).len(), 1, "{wrong}");
        }
        let none = Response {
            status: 200,
            headers: vec![],
            body: vec![],
        };
        assert_eq!(
            expect.compare(&none),
            vec![
                "header x-process-time: expected seconds, more than 0 and less than 1, got no such header"
            ]
        );
    }

    #[test]
    fn stock_axum_answers_are_explained() {
        let mut expect = Expect::status(404);
        expect.body = Body::Json(json!({"detail": "Not Found"}));
        let empty_404 = Response {
            status: 404,
            headers: vec![],
            body: vec![],
        };
        assert!(explain(&expect, &empty_404).unwrap().contains("empty body"));
    }

    #[test]
    fn the_same_error_items_in_another_order_are_said_in_one_line() {
        let a = json!({"type": "missing", "loc": ["query", "q"]});
        let b = json!({"type": "int_parsing", "loc": ["path", "id"]});
        let problems = diff(
            json!({"detail": [b.clone(), a.clone()]}),
            json!({"detail": [a, b]}),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("body.detail: the same 2 items, in a different order"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_json_body_is_shown_as_json_and_bad_json_says_where() {
        assert_eq!(describe_body(br#"{"a": "x\"y"}"#), r#"{"a":"x\"y"}"#);
        let mut expect = Expect::status(200);
        expect.body = Body::Json(json!({"a": 1}));
        let problems = expect.compare(&Response {
            status: 200,
            headers: vec![],
            body: b"{\"a\": 1,\n }".to_vec(),
        });
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .contains("not valid JSON: trailing comma at line 2 column 2 (byte 10 of 11)"),
            "{problems:?}"
        );
    }
}
