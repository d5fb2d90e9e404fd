//! Chapter 05 — validation. FastAPI's `query_params_str_validations`
//! tutorial 010 (`GET /items/`, one query value under the alias `item-query`
//! with min_length=3, max_length=50, pattern="^fixedquery$") and
//! `path_params_numeric_validations` tutorial 006 (`GET /items/{item_id}`
//! with item_id ge=0 le=1000, a required `q`, and size gt=0 lt=10.5).
//!
//! | method | path                          | status | body |
//! |--------|-------------------------------|--------|------|
//! | GET    | /items/                       | 200    | the two items |
//! | GET    | /items/?item-query=fixedquery | 200    | ... and "q" |
//! | GET    | /items/?q=anything            | 200    | the two items: `q` is not the alias |
//! | GET    | /items/?item-query=qu         | 422    | `string_too_short`, ctx min_length |
//! | GET    | /items/?item-query=<51 chars> | 422    | `string_too_long`, ctx max_length |
//! | GET    | /items/?item-query=éé         | 422    | lengths count characters, not bytes |
//! | GET    | /items/?item-query=abc        | 422    | `string_pattern_mismatch`, ctx pattern |
//! | GET    | /items/{id}?q=..&size=..      | 200    | {"item_id", "q" (if not empty), "size"} |
//! | GET    | /items/1001?q=a&size=1        | 422    | `less_than_equal` / `greater_than_equal` |
//! | GET    | /items/1?q=a&size=0           | 422    | `greater_than` / `less_than` |
//! | GET    | /items/1                      | 422    | `missing` q, `missing` size |
//! | GET    | /items/x?size=99              | 422    | every error: path, then q, then size |

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get};

const STRINGS: Oracle = Oracle::FastApi("query_params_str_validations.tutorial010");
const NUMBERS: Oracle = Oracle::FastApi("path_params_numeric_validations.tutorial006");

const PATTERN: &str = "^fixedquery$";

fn items(q: Option<&str>) -> Value {
    let mut body = json!({"items": [{"item_id": "Foo"}, {"item_id": "Bar"}]});
    if let Some(q) = q {
        body["q"] = json!(q);
    }
    body
}

/// Percent-encodes everything but ASCII letters and digits, so any text can
/// travel in a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /items/?item-query=<value>`.
fn item_query(value: &str) -> Step {
    get(format!("/items/?item-query={}", encode(value)))
}

/// The one `detail` item a bad `item-query` value gets.
fn rejected(value: &str, kind: &str, msg: &str, ctx: Value) -> Step {
    item_query(value)
        .status(422)
        .json(fastapi::detail(vec![fastapi::item_with_ctx(
            kind,
            loc("query", "item-query"),
            msg,
            json!(value),
            ctx,
        )]))
}

fn too_short(value: &str) -> Step {
    rejected(
        value,
        "string_too_short",
        "String should have at least 3 characters",
        json!({"min_length": 3}),
    )
}

fn too_long(value: &str) -> Step {
    rejected(
        value,
        "string_too_long",
        "String should have at most 50 characters",
        json!({"max_length": 50}),
    )
}

fn mismatch(value: &str) -> Step {
    rejected(
        value,
        "string_pattern_mismatch",
        "String should match pattern '^fixedquery$'",
        json!({"pattern": PATTERN}),
    )
}

/// A bound error on `item_id` (path) or `size` (query); `input` is the raw text.
fn bound(loc: Value, raw: &str, kind: &str, words: &str, key: &str, limit: Value) -> Value {
    fastapi::item_with_ctx(
        kind,
        loc,
        &format!("Input should be {words} {limit}"),
        json!(raw),
        json!({ key: limit }),
    )
}

fn item_id_below(raw: &str) -> Value {
    bound(
        loc("path", "item_id"),
        raw,
        "greater_than_equal",
        "greater than or equal to",
        "ge",
        json!(0),
    )
}

fn item_id_above(raw: &str) -> Value {
    bound(
        loc("path", "item_id"),
        raw,
        "less_than_equal",
        "less than or equal to",
        "le",
        json!(1000),
    )
}

fn size_too_small(raw: &str) -> Value {
    bound(
        loc("query", "size"),
        raw,
        "greater_than",
        "greater than",
        "gt",
        json!(0),
    )
}

fn size_too_large(raw: &str) -> Value {
    bound(
        loc("query", "size"),
        raw,
        "less_than",
        "less than",
        "lt",
        json!(10.5),
    )
}

/// `GET path` answered with FastAPI's 422 and these error items.
fn rejected_item(path: String, errors: Vec<Value>) -> Step {
    get(path).status(422).json(fastapi::detail(errors))
}

/// One letter that takes two bytes in UTF-8, and one that takes three.
fn wide_letters(rng: &mut Rng) -> (&'static str, &'static str) {
    (
        *rng.pick(&["é", "ü", "ñ", "ø", "ç"]),
        *rng.pick(&["€", "ạ", "ẞ", "ệ"]),
    )
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 5,
        slug: "validation",
        title: "Validation",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "05.1",
                title: "GET /items/ answers the two items, and q when item-query=fixedquery is given",
                points: 1,
                oracle: STRINGS,
                hint: "read the value from the query map under the key `item-query`; add it to the answer as `q`",
                read: "A query value with constraints",
                steps: |_| {
                    vec![
                        get("/items/").json(items(None)),
                        item_query("fixedquery").json(items(Some("fixedquery"))),
                    ]
                },
            },
            Check {
                id: "05.2",
                title: "the value is read under its alias item-query: a `q` key is ignored",
                points: 1,
                oracle: STRINGS,
                hint: "FastAPI's `alias=\"item-query\"` means the URL key is `item-query`; the name `q` is only the Python variable",
                read: "A query value with constraints",
                steps: |rng| {
                    let word = rng.word(2);
                    vec![
                        get("/items/?q=fixedquery").json(items(None)),
                        // Too short, but under a key nobody reads: not an error.
                        get(format!("/items/?q={word}")).json(items(None)),
                    ]
                },
            },
            Check {
                id: "05.3",
                title: "a value shorter than 3 characters answers 422 `string_too_short` (and nothing else)",
                points: 2,
                oracle: STRINGS,
                hint: "check `min_length` first and stop at the first broken constraint: a short value also misses the pattern, but gets one error",
                read: "One error per value",
                steps: |rng| {
                    let word = rng.word(2);
                    vec![too_short("qu"), too_short(&word), too_short("")]
                },
            },
            Check {
                id: "05.4",
                title: "a value longer than 50 characters answers 422 `string_too_long`",
                points: 1,
                oracle: STRINGS,
                hint: "check `max_length` after `min_length` and before the pattern; 50 characters are allowed, 51 are not",
                read: "One error per value",
                steps: |rng| {
                    let len = rng.int(51, 80) as usize;
                    // The limit itself, every run: 50 is allowed, 51 is not.
                    vec![
                        mismatch(&rng.word(50)),
                        too_long(&rng.word(51)),
                        too_long(&rng.word(len)),
                    ]
                },
            },
            Check {
                id: "05.5",
                title: "lengths count characters, not bytes",
                points: 2,
                oracle: STRINGS,
                hint: "`str::len` counts UTF-8 bytes; Python counts characters: use `value.chars().count()`",
                read: "Lengths count characters",
                steps: |rng| {
                    let (two, three) = wide_letters(rng);
                    vec![
                        // 2 characters, 4 or 6 bytes: still too short.
                        too_short(&two.repeat(2)),
                        too_short(&three.repeat(2)),
                        // 26 or 17 characters, 52 or 51 bytes: not too long.
                        mismatch(&two.repeat(26)),
                        mismatch(&three.repeat(17)),
                    ]
                },
            },
            Check {
                id: "05.6",
                title: "a value that does not match ^fixedquery$ answers 422 `string_pattern_mismatch`",
                points: 2,
                oracle: STRINGS,
                hint: "compile the pattern once (a `LazyLock<Regex>`) and keep the anchors: `^fixedquery$` matches the whole value only",
                read: "A query value with constraints",
                steps: |rng| {
                    let len = rng.int(3, 50) as usize;
                    let word = rng.word(len);
                    let letter = rng.word(1);
                    vec![
                        mismatch("nonregexquery"),
                        mismatch(&word),
                        mismatch(&format!("fixedquery{letter}")),
                        mismatch(&format!("{letter}fixedquery")),
                        // The shortest allowed length, every run.
                        mismatch(&rng.word(3)),
                    ]
                },
            },
            Check {
                id: "05.7",
                title: "GET /items/{item_id} answers item_id, q and size, bounds included",
                points: 1,
                oracle: NUMBERS,
                hint: "0 and 1000 are allowed (ge, le); an empty q is valid and left out of the answer",
                read: "Numeric bounds",
                steps: |rng| {
                    let id = rng.int(0, 1000);
                    let q = rng.word(6);
                    let size = rng.int(1, 104) as f64 / 10.0;
                    vec![
                        get("/items/0?q=&size=0.1").json(json!({"item_id": 0, "size": 0.1})),
                        get("/items/1000?q=somequery&size=10.4")
                            .json(json!({"item_id": 1000, "q": "somequery", "size": 10.4})),
                        get(format!("/items/{id}?q={q}&size={size}"))
                            .json(json!({"item_id": id, "q": q, "size": size})),
                    ]
                },
            },
            Check {
                id: "05.8",
                title: "an item_id below 0 or above 1000 answers 422 `greater_than_equal` or `less_than_equal`",
                points: 2,
                oracle: NUMBERS,
                hint: "parse first, then compare; the error's input is the raw text and its ctx the limit: {\"ge\": 0}, {\"le\": 1000}",
                read: "Numeric bounds",
                steps: |rng| {
                    let below = rng.int(-9999, -1).to_string();
                    let above = rng.int(1001, 99_999).to_string();
                    vec![
                        rejected_item(
                            "/items/-1?q=somequery&size=5".into(),
                            vec![item_id_below("-1")],
                        ),
                        rejected_item(
                            "/items/1001?q=somequery&size=5".into(),
                            vec![item_id_above("1001")],
                        ),
                        rejected_item(
                            format!("/items/{below}?q=a&size=1"),
                            vec![item_id_below(&below)],
                        ),
                        rejected_item(
                            format!("/items/{above}?q=a&size=1"),
                            vec![item_id_above(&above)],
                        ),
                    ]
                },
            },
            Check {
                id: "05.9",
                title: "a size not above 0 or not below 10.5 answers 422 `greater_than` or `less_than`",
                points: 2,
                oracle: NUMBERS,
                hint: "gt and lt are strict: 0 and 10.5 themselves are rejected; ctx is {\"gt\": 0} or {\"lt\": 10.5}",
                read: "Numeric bounds",
                steps: |rng| {
                    let negative = rng.int(-999, -1).to_string();
                    let large = rng.int(11, 999).to_string();
                    let at = |size: &str| format!("/items/1?q=somequery&size={size}");
                    vec![
                        rejected_item(at("0.0"), vec![size_too_small("0.0")]),
                        rejected_item(at(&negative), vec![size_too_small(&negative)]),
                        rejected_item(at("10.5"), vec![size_too_large("10.5")]),
                        rejected_item(at(&large), vec![size_too_large(&large)]),
                    ]
                },
            },
            Check {
                id: "05.10",
                title: "q and size are required, and size must be a number",
                points: 1,
                oracle: NUMBERS,
                hint: "a missing value is `missing` (input null); a size that is not a number is `float_parsing`, before any bound is checked",
                read: "Numeric bounds",
                steps: |rng| {
                    let id = rng.int(0, 1000);
                    let word = rng.word(5);
                    vec![
                        rejected_item(
                            format!("/items/{id}"),
                            vec![
                                fastapi::missing(loc("query", "q"), Value::Null),
                                fastapi::missing(loc("query", "size"), Value::Null),
                            ],
                        ),
                        rejected_item(
                            format!("/items/{id}?size=1"),
                            vec![fastapi::missing(loc("query", "q"), Value::Null)],
                        ),
                        rejected_item(
                            format!("/items/{id}?q=a&size={word}"),
                            vec![fastapi::float_parsing(loc("query", "size"), &word)],
                        ),
                    ]
                },
            },
            Check {
                id: "05.11",
                title: "every error is reported at once: the path first, then q, then size",
                points: 2,
                oracle: NUMBERS,
                hint: "a bound that fails is one more error in the same ValidationErrors; collect them in the order the route declares its values",
                read: "Every error at once",
                steps: |rng| {
                    let word = rng.word(4);
                    let below = rng.int(-999, -1).to_string();
                    let large = rng.int(11, 999).to_string();
                    let int_parsing = fastapi::int_parsing(loc("path", "item_id"), &word);
                    vec![
                        rejected_item(
                            format!("/items/{word}?size={large}"),
                            vec![
                                int_parsing,
                                fastapi::missing(loc("query", "q"), Value::Null),
                                size_too_large(&large),
                            ],
                        ),
                        rejected_item(
                            format!("/items/{below}?size=0"),
                            vec![
                                item_id_below(&below),
                                fastapi::missing(loc("query", "q"), Value::Null),
                                size_too_small("0"),
                            ],
                        ),
                    ]
                },
            },
        ],
    }
}
