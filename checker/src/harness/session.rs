//! A check's session: what its steps remembered (saved values, cookies, open
//! streams and WebSockets), and how a step's `{{name}}` placeholders become
//! the values an earlier answer gave.

use std::collections::BTreeMap;

use cookie::{Cookie, CookieJar};
use serde_json::Value;

use super::http::{Request, Response, Stream};
use super::ws::Socket;

/// What one check's steps share. Dropping it closes its connections.
#[derive(Default)]
pub struct Session {
    vars: BTreeMap<String, Value>,
    cookies: CookieJar,
    pub(crate) streams: BTreeMap<&'static str, Stream>,
    pub(crate) sockets: BTreeMap<&'static str, Box<Socket>>,
}

/// A `{{name}}` that no earlier step saved: a suite bug, or an earlier step
/// that did not get what it wanted to save.
#[derive(Debug, PartialEq)]
pub struct Unknown(pub String);

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "this step uses {{{{{}}}}}, which no earlier step of the check saved",
            self.0
        )
    }
}

impl Session {
    /// A value saved earlier.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.vars.get(name)
    }

    /// A saved number (timings are saved as seconds).
    pub fn number(&self, name: &str) -> Option<f64> {
        self.vars.get(name).and_then(Value::as_f64)
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.vars.insert(name.to_string(), value);
    }

    /// Keeps the cookies an answer sets (`Set-Cookie`), as a browser would;
    /// a cookie set to expire is forgotten.
    pub fn keep_cookies(&mut self, response: &Response) {
        for (name, value) in &response.headers {
            if name != "set-cookie" {
                continue;
            }
            if let Ok(cookie) = Cookie::parse(value.clone()) {
                let expired =
                    cookie.max_age().is_some_and(|age| age.is_zero()) || cookie.value().is_empty();
                if expired {
                    self.cookies.remove(Cookie::from(cookie.name().to_string()));
                } else {
                    self.cookies.add(cookie.into_owned());
                }
            }
        }
    }

    /// The `Cookie` header to send, if any cookie is kept.
    fn cookie_header(&self) -> Option<String> {
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// `text` with every `{{name}}` replaced by its saved value (strings
    /// without their quotes).
    pub fn fill(&self, text: &str) -> Result<String, Unknown> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start + 2..].find("}}") else {
                break;
            };
            let name = &rest[start + 2..start + 2 + len];
            let value = self
                .vars
                .get(name)
                .ok_or_else(|| Unknown(name.to_string()))?;
            out.push_str(&rest[..start]);
            match value {
                Value::String(s) => out.push_str(s),
                other => out.push_str(&other.to_string()),
            }
            rest = &rest[start + 2 + len + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A request as it will really be sent: placeholders filled, the
    /// session's cookies added (unless the step sets its own).
    pub fn prepare(&self, request: &Request) -> Result<Request, Unknown> {
        let mut ready = request.clone();
        ready.path = self.fill(&request.path)?;
        for (_, value) in &mut ready.headers {
            *value = self.fill(value)?;
        }
        if let Some(body) = &request.body
            && let Ok(text) = std::str::from_utf8(body)
            && text.contains("{{")
        {
            ready.body = Some(self.fill(text)?.into_bytes());
        }
        if let Some(args) = &mut ready.curl_data {
            for arg in args {
                *arg = self.fill(arg)?;
            }
        }
        let sets_cookie = ready
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("cookie"));
        if !sets_cookie && let Some(cookies) = self.cookie_header() {
            ready.headers.push(("cookie".to_string(), cookies));
        }
        Ok(ready)
    }

    /// An expected JSON pattern with saved values put in: a string that is
    /// exactly `"{{name}}"` becomes the value itself (an id stays a number);
    /// other strings are filled as text.
    pub fn fill_json(&self, pattern: &Value) -> Result<Value, Unknown> {
        Ok(match pattern {
            Value::String(s) => {
                if let Some(name) = s.strip_prefix("{{").and_then(|s| s.strip_suffix("}}"))
                    && !name.contains("{{")
                {
                    self.vars
                        .get(name)
                        .cloned()
                        .ok_or_else(|| Unknown(name.to_string()))?
                } else if s.contains("{{") {
                    Value::String(self.fill(s)?)
                } else {
                    pattern.clone()
                }
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.fill_json(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.fill_json(v)?)))
                    .collect::<Result<_, Unknown>>()?,
            ),
            other => other.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_take_saved_values_and_unknown_ones_are_named() {
        let mut session = Session::default();
        session.set("token", json!("abc.def"));
        session.set("id", json!(7));
        assert_eq!(
            session.fill("/heroes/{{id}}?t={{token}}").unwrap(),
            "/heroes/7?t=abc.def"
        );
        assert_eq!(session.fill("{{nope}}"), Err(Unknown("nope".into())));
        assert_eq!(
            session
                .fill_json(&json!({"id": "{{id}}", "who": "hero {{id}}"}))
                .unwrap(),
            json!({"id": 7, "who": "hero 7"})
        );
    }

    #[test]
    fn cookies_set_by_an_answer_are_sent_back_and_expired_ones_forgotten() {
        let mut session = Session::default();
        let answer = |value: &str| Response {
            status: 200,
            headers: vec![("set-cookie".into(), value.into())],
            body: Vec::new(),
        };
        session.keep_cookies(&answer("session=s1; Path=/; HttpOnly"));
        let sent = session.prepare(&Request::new("GET", "/me")).unwrap();
        assert!(
            sent.headers
                .contains(&("cookie".into(), "session=s1".into()))
        );
        assert!(sent.curl("http://h").contains("-H 'cookie: session=s1'"));
        session.keep_cookies(&answer("session=; Max-Age=0"));
        let sent = session.prepare(&Request::new("GET", "/me")).unwrap();
        assert!(!sent.headers.iter().any(|(n, _)| n == "cookie"));
    }
}
