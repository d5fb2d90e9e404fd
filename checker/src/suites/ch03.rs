//! Chapter 03 — query parameters. FastAPI's `query_params` tutorials 001, 004
//! and 006, served by one app (002, 003 and 005 also claim `/items/{item_id}`).
//!
//! | method | path + query                                   | status | body                                        |
//! |--------|------------------------------------------------|--------|---------------------------------------------|
//! | GET    | /items/?skip=&limit=  (defaults 0, 10)         | 200    | a slice of [Foo, Bar, Baz]                  |
//! | GET    | /items/?skip=x&limit=y                         | 422    | two int_parsing items, skip then limit      |
//! | GET    | /users/{int}/items/{str}?q=&short=             | 200    | item_id, owner_id, q if given, description unless short |
//! | GET    | /users/{int}/items/{str}?short=maybe           | 422    | bool_parsing at ["query","short"]           |
//! | GET    | /items/{str}?needy=&skip=&limit=               | 200    | item_id, needy, skip (0), limit (null)      |
//! | GET    | /items/{str} without needy                     | 422    | missing at ["query","needy"], input null    |
//! | GET    | /items/{str}?limit=b&skip=a                    | 422    | missing needy, then skip, then limit        |

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get};

const DEFAULTS: Oracle = Oracle::FastApi("query_params.tutorial001");
const OPTIONAL: Oracle = Oracle::FastApi("query_params.tutorial004");
const REQUIRED: Oracle = Oracle::FastApi("query_params.tutorial006");

const DESCRIPTION: &str = "This is an amazing item that has a long description";
const ITEMS: [&str; 3] = ["Foo", "Bar", "Baz"];

/// `GET path` answered with FastAPI's 422 and these error items.
fn rejected(path: String, items: Vec<Value>) -> Step {
    get(path).status(422).json(fastapi::detail(items))
}

/// `GET /items/?query` answered with `ITEMS[skip..skip+limit]`.
fn items_page(query: &str, skip: usize, limit: usize) -> Step {
    let end = (skip + limit).min(ITEMS.len());
    let start = skip.min(end);
    let page: Vec<Value> = ITEMS[start..end]
        .iter()
        .map(|name| json!({ "item_name": name }))
        .collect();
    get(format!("/items/{query}")).json(Value::Array(page))
}

/// A user item's path: a random owner id and item id.
fn user_item(rng: &mut Rng) -> (i64, String) {
    (rng.int(1, 9999), rng.word(6))
}

/// The body of `/users/{owner_id}/items/{item_id}` for `q` and `short`.
fn user_item_body(owner_id: i64, item_id: &str, q: Option<&str>, short: bool) -> Value {
    let mut body = json!({ "item_id": item_id, "owner_id": owner_id });
    if let Some(q) = q {
        body["q"] = json!(q);
    }
    if !short {
        body["description"] = json!(DESCRIPTION);
    }
    body
}

/// `word` with each letter upper- or lower-cased at random: `yEs`.
fn random_case(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .map(|c| {
            if rng.int(0, 1) == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 3,
        slug: "query-parameters",
        title: "Query parameters",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "03.1",
                title: "/items/ without a query uses the defaults skip=0 and limit=10",
                points: 1,
                oracle: DEFAULTS,
                hint: "an absent skip is 0 and an absent limit is 10: `optional_int(...)` then `unwrap_or`",
                read: "Defaults",
                steps: |_| vec![items_page("", 0, 10)],
            },
            Check {
                id: "03.2",
                title: "skip and limit select a window of the items",
                points: 1,
                oracle: DEFAULTS,
                hint: "slice the items from skip to skip + limit, stopping at the end of the list",
                read: "Defaults",
                steps: |rng| {
                    let skip = rng.int(0, 3) as usize;
                    let limit = rng.int(0, 3) as usize;
                    let only = rng.int(0, 2) as usize;
                    vec![
                        items_page("?skip=1", 1, 10),
                        items_page("?skip=1&limit=1", 1, 1),
                        items_page(&format!("?skip={skip}&limit={limit}"), skip, limit),
                        // Order in the query string does not matter.
                        items_page(&format!("?limit={limit}&skip={skip}"), skip, limit),
                        items_page(&format!("?limit={only}"), 0, only),
                        items_page("?skip=7", 7, 10),
                        // A sign is part of an integer: `+1` is 1 (`%2B` is `+`;
                        // a bare `+` in a query string is a space).
                        items_page("?skip=%2B1&limit=%2B1", 1, 1),
                    ]
                },
            },
            Check {
                id: "03.3",
                title: "skip and limit that are not integers are both reported, skip first",
                points: 2,
                oracle: DEFAULTS,
                hint: "parse every parameter before answering, keep each error, and answer 422 with all of them",
                read: "Every error at once",
                steps: |rng| {
                    let skip = rng.word(4);
                    let limit = format!("{}.5", rng.int(1, 9));
                    vec![
                        rejected(
                            format!("/items/?skip={skip}&limit={limit}"),
                            vec![
                                fastapi::int_parsing(loc("query", "skip"), &skip),
                                fastapi::int_parsing(loc("query", "limit"), &limit),
                            ],
                        ),
                        // The route's order, not the query string's.
                        rejected(
                            format!("/items/?limit={limit}&skip={skip}"),
                            vec![
                                fastapi::int_parsing(loc("query", "skip"), &skip),
                                fastapi::int_parsing(loc("query", "limit"), &limit),
                            ],
                        ),
                        // Present but empty is not absent.
                        rejected(
                            "/items/?skip=".to_string(),
                            vec![fastapi::int_parsing(loc("query", "skip"), "")],
                        ),
                    ]
                },
            },
            Check {
                id: "03.4",
                title: "an optional q is echoed when given and left out when absent or empty",
                points: 1,
                oracle: OPTIONAL,
                hint: "q is an Option<String>; skip it in the JSON when it is None (`skip_serializing_if`)",
                read: "Optional parameters",
                steps: |rng| {
                    let (owner, item) = user_item(rng);
                    let q = rng.word(5);
                    let (w1, w2) = (rng.word(3), rng.word(4));
                    let base = format!("/users/{owner}/items/{item}");
                    vec![
                        get(base.clone()).json(user_item_body(owner, &item, None, false)),
                        get(format!("{base}?q={q}")).json(user_item_body(
                            owner,
                            &item,
                            Some(&q),
                            false,
                        )),
                        // Query values are percent-decoded; `+` is a space.
                        get(format!("{base}?q={w1}+{w2}%21")).json(user_item_body(
                            owner,
                            &item,
                            Some(&format!("{w1} {w2}!")),
                            false,
                        )),
                        get(format!("{base}?q=")).json(user_item_body(owner, &item, None, false)),
                    ]
                },
            },
            Check {
                id: "03.5",
                title: "short accepts FastAPI's boolean spellings in any case",
                points: 2,
                oracle: OPTIONAL,
                hint: "lower-case the value, then match true/1/yes/on/t/y and false/0/no/off/f/n",
                read: "Booleans the FastAPI way",
                steps: |rng| {
                    let (owner, item) = user_item(rng);
                    let base = format!("/users/{owner}/items/{item}");
                    let mut steps =
                        vec![get(format!("{base}?short=1&q=foo")).json(user_item_body(
                            owner,
                            &item,
                            Some("foo"),
                            true,
                        ))];
                    // Upper case every run, not only when the seed draws it.
                    for (spelling, value) in [("TRUE", true), ("Off", false), ("Y", true)] {
                        steps.push(
                            get(format!("{base}?short={spelling}"))
                                .json(user_item_body(owner, &item, None, value)),
                        );
                    }
                    for (spelling, value) in [
                        ("true", true),
                        ("1", true),
                        ("yes", true),
                        ("on", true),
                        ("false", false),
                        ("0", false),
                        ("no", false),
                        ("off", false),
                        ("t", true),
                        ("y", true),
                        ("f", false),
                        ("n", false),
                    ] {
                        let spelling = random_case(rng, spelling);
                        steps.push(
                            get(format!("{base}?short={spelling}"))
                                .json(user_item_body(owner, &item, None, value)),
                        );
                    }
                    steps
                },
            },
            Check {
                id: "03.6",
                title: "a value that is not a boolean is a 422 bool_parsing error, after any path error",
                points: 2,
                oracle: OPTIONAL,
                hint: "anything else, even an empty value, is a bool_parsing error; path errors come first in the list",
                read: "Booleans the FastAPI way",
                steps: |rng| {
                    let (owner, item) = user_item(rng);
                    let word = rng.word(5);
                    let bad_owner = rng.word(4);
                    vec![
                        rejected(
                            format!("/users/{owner}/items/{item}?short=maybe"),
                            vec![fastapi::bool_parsing(loc("query", "short"), "maybe")],
                        ),
                        rejected(
                            format!("/users/{owner}/items/{item}?short={word}"),
                            vec![fastapi::bool_parsing(loc("query", "short"), &word)],
                        ),
                        rejected(
                            format!("/users/{owner}/items/{item}?short=2"),
                            vec![fastapi::bool_parsing(loc("query", "short"), "2")],
                        ),
                        rejected(
                            format!("/users/{owner}/items/{item}?short="),
                            vec![fastapi::bool_parsing(loc("query", "short"), "")],
                        ),
                        rejected(
                            format!("/users/{bad_owner}/items/{item}?short={word}"),
                            vec![
                                fastapi::int_parsing(loc("path", "user_id"), &bad_owner),
                                fastapi::bool_parsing(loc("query", "short"), &word),
                            ],
                        ),
                    ]
                },
            },
            Check {
                id: "03.7",
                title: "the required needy comes back with skip defaulting to 0 and limit to null",
                points: 1,
                oracle: REQUIRED,
                hint: "limit is an Option<i64> serialised as null when absent; skip falls back to 0",
                read: "Required parameters",
                steps: |rng| {
                    let item = rng.word(5);
                    let needy = rng.word(6);
                    let skip = rng.int(0, 50);
                    let limit = rng.int(1, 100);
                    vec![
                        get("/items/foo?needy=sooooneedy").json(json!({
                            "item_id": "foo", "needy": "sooooneedy", "skip": 0, "limit": null
                        })),
                        get(format!("/items/{item}?needy={needy}")).json(json!({
                            "item_id": item, "needy": needy, "skip": 0, "limit": null
                        })),
                        get(format!(
                            "/items/{item}?limit={limit}&needy={needy}&skip={skip}"
                        ))
                        .json(json!({
                            "item_id": item, "needy": needy, "skip": skip, "limit": limit
                        })),
                        // An empty value is present: only absence is "missing".
                        get(format!("/items/{item}?needy=")).json(json!({
                            "item_id": item, "needy": "", "skip": 0, "limit": null
                        })),
                    ]
                },
            },
            Check {
                id: "03.8",
                title: "a missing needy is a 422 missing error with input null",
                points: 2,
                oracle: REQUIRED,
                hint: "an absent required parameter is ErrorItem { type: \"missing\", msg: \"Field required\", input: null }",
                read: "Required parameters",
                steps: |rng| {
                    let item = rng.word(5);
                    let skip = rng.int(0, 9);
                    vec![
                        rejected(
                            "/items/foo".to_string(),
                            vec![fastapi::missing(loc("query", "needy"), Value::Null)],
                        ),
                        rejected(
                            format!("/items/{item}?skip={skip}"),
                            vec![fastapi::missing(loc("query", "needy"), Value::Null)],
                        ),
                        // A near miss of the name is not the parameter.
                        rejected(
                            format!("/items/{item}?Needy=x"),
                            vec![fastapi::missing(loc("query", "needy"), Value::Null)],
                        ),
                    ]
                },
            },
            Check {
                id: "03.9",
                title: "several bad query parameters are all reported, in the route's order",
                points: 2,
                oracle: REQUIRED,
                hint: "check needy, skip and limit in that order, recording each error instead of returning at the first",
                read: "Every error at once",
                steps: |rng| {
                    let item = rng.word(5);
                    let skip = rng.word(3);
                    let limit = rng.word(4);
                    let needy = rng.word(5);
                    vec![
                        rejected(
                            format!("/items/{item}?limit={limit}&skip={skip}"),
                            vec![
                                fastapi::missing(loc("query", "needy"), Value::Null),
                                fastapi::int_parsing(loc("query", "skip"), &skip),
                                fastapi::int_parsing(loc("query", "limit"), &limit),
                            ],
                        ),
                        rejected(
                            format!("/items/{item}?limit={limit}&needy={needy}"),
                            vec![fastapi::int_parsing(loc("query", "limit"), &limit)],
                        ),
                    ]
                },
            },
        ],
    }
}
