//! Chapter 15 — testing your own API. The learner writes tests, not a
//! server: the checker runs them against the app as given (every test must
//! pass) and then against copies with one bug planted in each (some test
//! must fail). Each bug is a check; a bug no test notices fails it.
//!
//! | check | the app, changed so that …                               | a test that notices it checks |
//! |-------|----------------------------------------------------------|-------------------------------|
//! | 15.1  | nothing: the app as given                                | —                             |
//! | 15.2  | GET takes any X-Token                                    | a wrong token → 400           |
//! | 15.3  | POST takes any X-Token                                   | a wrong token creates nothing |
//! | 15.4  | a missing X-Token is 400, not 422                        | FastAPI's 422 for the header  |
//! | 15.5  | an unknown item's 404 says "Not found"                   | the 404 body                  |
//! | 15.6  | an existing id is replaced, not refused                  | 409, and the item unchanged   |
//! | 15.7  | the description is read from the wrong field             | a created item read back      |
//! | 15.8  | a body with a number for a title is taken                | a bad body → 422              |
//! | 15.9  | no announcement is sent                                  | the fake API got one call     |
//! | 15.10 | the announcement has no key                              | the call's Authorization      |
//! | 15.11 | the announcement's text lacks the title                  | the call's JSON body          |
//! | 15.12 | a failed announcement answers 500                        | the fake API failing → 200    |
//! | 15.13 | a wrong token is refused only after the item is stored   | nothing stored after a 400    |
//!
//! The app mirrors FastAPI's `app_testing` tutorial app (items behind an
//! X-Token header, 400 / 404 / 409 / 422), with chapter 11's email API
//! added; the bugs are planted in the checker's own copy of the given
//! file, so edits to it count for nothing.

use super::Chapter;
use crate::suite::{Check, Given, Needs, Oracle, tests_given, tests_with};

/// The app, as given in the starter (the solution has the same file).
const LIB: &str = include_str!("../../../chapters/15-testing/src/lib.rs");

const GIVEN: Given = Given {
    files: &[("src/lib.rs", LIB)],
};

/// No FastAPI app grades tests. The given app itself is proven FastAPI's:
/// FastAPI's own tests for `app_testing` pass against it over HTTP
/// (`tests/oracle/given-app`, in CI).
const ORACLE: Oracle = Oracle::None {
    why: "runs the learner's tests, not HTTP; the given app passes FastAPI's own app_testing tests (tests/oracle/given-app)",
};

/// One planted bug: the check's id, what is wrong, a hint, the section.
fn bug(
    id: &'static str,
    title: &'static str,
    hint: &'static str,
    read: &'static str,
    steps: fn(&mut crate::seed::Rng) -> Vec<crate::suite::Step>,
) -> Check {
    Check {
        id,
        title,
        points: 1,
        oracle: ORACLE,
        hint,
        read,
        steps,
    }
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 15,
        slug: "testing",
        title: "Testing your own API",
        needs: Needs {
            given: Some(GIVEN),
            ..Needs::NOTHING
        },
        checks: vec![
            Check {
                id: "15.1",
                title: "Your tests pass against the app as given (and there is at least one)",
                points: 2,
                oracle: ORACLE,
                hint: "run `cargo test -p ch15-testing`: a test that fails against the given app expects something its contract does not say",
                read: "Calling the app without a server",
                steps: |_| vec![tests_given()],
            },
            bug(
                "15.2",
                "A bug is noticed: GET /items/{id} takes any X-Token",
                "send a wrong X-Token to GET /items/foo and check the 400 and its detail",
                "The contract",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "if x_token != state.token {",
                        "if x_token.is_empty() {",
                    )]
                },
            ),
            bug(
                "15.3",
                "A bug is noticed: POST /items/ takes any X-Token",
                "create an item with a wrong X-Token: 400, and the item must not exist afterwards",
                "The contract",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "if token != state.token {",
                        "if token.is_empty() {",
                    )]
                },
            ),
            bug(
                "15.4",
                "A bug is noticed: a missing X-Token answers 400 instead of FastAPI's 422",
                "send no X-Token at all: FastAPI answers 422 with loc [\"header\", \"x-token\"]",
                "The contract",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "None => Err(ErrorItem::missing(loc(\"header\", \"x-token\"), Value::Null)),",
                        "None => Ok(String::new()),",
                    )]
                },
            ),
            bug(
                "15.5",
                "A bug is noticed: an unknown item's 404 says \"Not found\"",
                "compare the whole 404 body, not only the status",
                "Comparing whole answers",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "None => detail(StatusCode::NOT_FOUND, \"Item not found\"),",
                        "None => detail(StatusCode::NOT_FOUND, \"Not found\"),",
                    )]
                },
            ),
            bug(
                "15.6",
                "A bug is noticed: creating an id that exists replaces the item instead of answering 409",
                "post an item with id foo: 409 \"Item already exists\", and foo must still be FastAPI's Foo",
                "The contract",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "        if items.contains_key(&item.id) {\n            return detail(StatusCode::CONFLICT, \"Item already exists\");\n        }\n",
                        "",
                    )]
                },
            ),
            bug(
                "15.7",
                "A bug is noticed: a new item's description is read from the wrong field",
                "create an item with a description, then check the answer and read it back",
                "Comparing whole answers",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "body.optional_string(\"description\")",
                        "body.optional_string(\"desc\")",
                    )]
                },
            ),
            bug(
                "15.8",
                "A bug is noticed: a title that is not a string is taken",
                "post a body whose title is a number: FastAPI answers 422 (string_type) and stores nothing",
                "Many cases, one test",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "let title = errors.take(body.string(\"title\"));",
                        "let title = errors.take(\n        body.get(\"title\")\n            .map(|t| Ok(t.as_str().map_or_else(|| t.to_string(), str::to_string)))\n            .unwrap_or_else(|| Err(body.missing(\"title\"))),\n    );",
                    )]
                },
            ),
            bug(
                "15.9",
                "A bug is noticed: a new item is not announced to the email API",
                "point the state at a wiremock server and expect exactly one POST /emails",
                "A fake email API with wiremock",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "if let Err(problem) = state.email.announce(SHOP_ADDRESS, &item).await {",
                        "if let Err(problem) = Ok::<(), String>(()) {",
                    )]
                },
            ),
            bug(
                "15.10",
                "A bug is noticed: the announcement is sent without the API key",
                "match the call's Authorization header in the mock (wiremock's `header` matcher)",
                "A fake email API with wiremock",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "            .bearer_auth(&self.key)\n",
                        "",
                    )]
                },
            ),
            bug(
                "15.11",
                "A bug is noticed: the announcement's text leaves out the item's title",
                "match the call's JSON body (wiremock's `body_json`): {\"to\", \"text\"}",
                "A fake email API with wiremock",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "let text = format!(\"New item {}: {}\", item.id, item.title);",
                        "let text = format!(\"New item {}\", item.id);",
                    )]
                },
            ),
            bug(
                "15.12",
                "A bug is noticed: a failed announcement turns the answer into 500",
                "make the fake email API answer 503: the item is still created (200)",
                "A fake email API with wiremock",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        "        eprintln!(\"could not announce item {}: {problem}\", item.id);\n",
                        "        return detail(StatusCode::INTERNAL_SERVER_ERROR, &problem);\n",
                    )]
                },
            ),
            bug(
                "15.13",
                "A bug is noticed: a wrong X-Token is refused only after the item is stored",
                "after a 400, look at what was stored: the state is yours (`state.items`), or read the item back",
                "Calling the app without a server",
                |_| {
                    vec![tests_with(
                        "src/lib.rs",
                        STORE_THEN_CHECK.0,
                        STORE_THEN_CHECK.1,
                    )]
                },
            ),
        ],
    }
}

/// 15.13: the token is checked after the item is stored (the 400 is right,
/// the store is not).
const STORE_THEN_CHECK: (&str, &str) = (
    "    if token != state.token {
        return detail(StatusCode::BAD_REQUEST, \"Invalid X-Token header\");
    }
    {
        let mut items = state.items.lock().expect(\"items lock\");
        if items.contains_key(&item.id) {
            return detail(StatusCode::CONFLICT, \"Item already exists\");
        }
        items.insert(item.id.clone(), item.clone());
    }
",
    "    {
        let mut items = state.items.lock().expect(\"items lock\");
        if items.contains_key(&item.id) {
            return detail(StatusCode::CONFLICT, \"Item already exists\");
        }
        items.insert(item.id.clone(), item.clone());
    }
    if token != state.token {
        return detail(StatusCode::BAD_REQUEST, \"Invalid X-Token header\");
    }
",
);
