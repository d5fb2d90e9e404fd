//! Chapter 04 — request body. FastAPI's body tutorials 001 (`POST /items/`)
//! and 004 (`PUT /items/{item_id}` with an optional `q`; without `q` it
//! answers like tutorial 003).
//!
//! | method | path            | input                          | status | body |
//! |--------|-----------------|--------------------------------|--------|------|
//! | POST   | /items/         | a valid Item                   | 200    | the item, absent optionals null |
//! | POST   | /items/         | a field missing                | 422    | `missing`, input = the whole body |
//! | POST   | /items/         | a field of the wrong type      | 422    | `string_type` / `float_parsing` |
//! | POST   | /items/         | several bad fields             | 422    | one item each, in field order |
//! | POST   | /items/         | broken JSON                    | 422    | `json_invalid`, loc ["body", offset] |
//! | POST   | /items/         | not a JSON content type        | 422    | `model_attributes_type`, input = the text |
//! | POST   | /items/         | no body / not an object        | 422    | `missing` / `model_attributes_type` at ["body"] |
//! | PUT    | /items/{id}     | a valid Item                   | 200    | {"item_id", ...item} |
//! | PUT    | /items/{id}?q=  | a valid Item                   | 200    | ... and "q" when not empty |
//! | PUT    | /items/foo      | a bad Item                     | 422    | path error, then body errors |

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::seed::Rng;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, post, request};

const BODY: Oracle = Oracle::FastApi("body.tutorial001");
const BODY_PATH_QUERY: Oracle = Oracle::FastApi("body.tutorial004");

/// The error for a body that is not a JSON object; `input` is what came
/// instead (the raw text when the body was not read as JSON).
fn not_an_object(input: Value) -> Value {
    fastapi::item(
        "model_attributes_type",
        json!(["body"]),
        "Input should be a valid dictionary or object to extract fields from",
        input,
    )
}

/// A price with cents, like 12.34.
fn price(rng: &mut Rng) -> f64 {
    rng.int(1, 99_999) as f64 / 100.0
}

/// `POST /items/` with a JSON body, expecting 422 and `errors`.
fn post_rejected(body: Value, errors: Vec<Value>) -> Step {
    post("/items/")
        .send_json(body)
        .status(422)
        .json(fastapi::detail(errors))
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 4,
        slug: "request-body",
        title: "Request body",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "04.1",
                title: "POST /items/ answers the item it was sent, with absent optional fields as null",
                points: 2,
                oracle: BODY,
                hint: "return Json(item) of a Serialize struct whose optional fields are Option<...>: None becomes null",
                read: "The body is a model",
                steps: |rng| {
                    let name = rng.word(6);
                    let description = rng.word(10);
                    let (price, tax) = (price(rng), price(rng));
                    vec![
                        post("/items/")
                            .send_json(json!({"name": "Foo", "price": 50.5}))
                            .json(json!({"name": "Foo", "description": null, "price": 50.5, "tax": null})),
                        post("/items/")
                            .send_json(json!({"name": name, "description": description, "price": price, "tax": tax}))
                            .json(json!({"name": name, "description": description, "price": price, "tax": tax})),
                    ]
                },
            },
            Check {
                id: "04.2",
                title: "a missing field answers 422 `missing`, with the whole body as its input",
                points: 2,
                oracle: BODY,
                hint: "read the body as a serde_json::Value; for an absent required field, report `missing` at [\"body\", field] with the whole object as input",
                read: "Reading the body yourself",
                steps: |rng| {
                    let only_name = json!({"name": rng.word(6)});
                    let only_price = json!({"price": price(rng)});
                    vec![
                        post_rejected(
                            only_name.clone(),
                            vec![fastapi::missing(loc("body", "price"), only_name)],
                        ),
                        post_rejected(
                            only_price.clone(),
                            vec![fastapi::missing(loc("body", "name"), only_price)],
                        ),
                        post_rejected(
                            json!({}),
                            vec![
                                fastapi::missing(loc("body", "name"), json!({})),
                                fastapi::missing(loc("body", "price"), json!({})),
                            ],
                        ),
                    ]
                },
            },
            Check {
                id: "04.3",
                title: "a field of the wrong type answers 422 `string_type` or `float_parsing`",
                points: 2,
                oracle: BODY,
                hint: "a string field given any other JSON type is `string_type`; a number field given text that does not parse is `float_parsing`",
                read: "Reading the body yourself",
                steps: |rng| {
                    let number_name = rng.int(1, 999);
                    let word = rng.word(6);
                    let name = rng.word(6);
                    vec![
                        post_rejected(
                            json!({"name": "Foo", "price": "twenty"}),
                            vec![fastapi::float_parsing(loc("body", "price"), "twenty")],
                        ),
                        post_rejected(
                            json!({"name": number_name, "price": price(rng)}),
                            vec![fastapi::string_type(
                                loc("body", "name"),
                                json!(number_name),
                            )],
                        ),
                        post_rejected(
                            json!({"name": name, "price": 1.5, "tax": word}),
                            vec![fastapi::float_parsing(loc("body", "tax"), &word)],
                        ),
                    ]
                },
            },
            Check {
                id: "04.4",
                title: "every bad field is reported at once, in the model's field order",
                points: 2,
                oracle: BODY,
                hint: "read every field even after one fails, keep each error, and read them in the order the struct declares them, not the order the body sends them",
                read: "Every field, every error",
                steps: |rng| {
                    let number = rng.int(1, 999);
                    let word = rng.word(5);
                    let partial = json!({"description": number, "tax": word});
                    vec![
                        post_rejected(
                            partial.clone(),
                            vec![
                                fastapi::missing(loc("body", "name"), partial.clone()),
                                fastapi::string_type(loc("body", "description"), json!(number)),
                                fastapi::missing(loc("body", "price"), partial.clone()),
                                fastapi::float_parsing(loc("body", "tax"), &word),
                            ],
                        ),
                        // The body lists price first; the errors follow the model.
                        post("/items/")
                            .send_raw(
                                Some("application/json"),
                                &format!("{{\"price\": \"{word}\", \"name\": {number}}}"),
                            )
                            .status(422)
                            .json(fastapi::detail(vec![
                                fastapi::string_type(loc("body", "name"), json!(number)),
                                fastapi::float_parsing(loc("body", "price"), &word),
                            ])),
                    ]
                },
            },
            Check {
                id: "04.5",
                title: "a body that is not valid JSON answers 422 `json_invalid`",
                points: 1,
                oracle: BODY,
                hint: "when serde_json cannot parse the bytes, answer one `json_invalid` error at [\"body\", <character offset>]",
                read: "When the body is not JSON",
                steps: |rng| {
                    let broken = |text: String| {
                        post("/items/")
                            .send_raw(Some("application/json"), &text)
                            .status(422)
                            .json(fastapi::json_invalid())
                    };
                    vec![
                        broken("{some broken json}".to_string()),
                        broken(format!("{{\"name\": \"{}\", \"price\": }}", rng.word(6))),
                    ]
                },
            },
            Check {
                id: "04.6",
                title: "a body without a JSON content type is not parsed: 422 `model_attributes_type` with the raw text",
                points: 1,
                oracle: BODY,
                hint: "parse the body only for application/json or application/*+json; any other body is text, which is not an object",
                read: "When the body is not JSON",
                steps: |rng| {
                    let name = rng.word(6);
                    let text = format!("{{\"name\": \"{name}\", \"price\": 50.5}}");
                    let as_text = |content_type: Option<&str>| {
                        post("/items/")
                            .send_raw(content_type, &text)
                            .status(422)
                            .json(fastapi::detail(vec![not_an_object(json!(text))]))
                    };
                    vec![
                        as_text(Some("text/plain")),
                        as_text(None),
                        post("/items/")
                            .send_raw(Some("application/geo+json"), &text)
                            .json(json!({"name": name, "description": null, "price": 50.5, "tax": null})),
                        // A parameter does not change the type: this is JSON.
                        post("/items/")
                            .send_raw(Some("application/json; charset=utf-8"), &text)
                            .json(json!({"name": name, "description": null, "price": 50.5, "tax": null})),
                    ]
                },
            },
            Check {
                id: "04.7",
                title: "no body, or JSON that is not an object, answers 422 at loc [\"body\"]",
                points: 1,
                oracle: BODY,
                hint: "an empty body is `missing` with input null; a JSON array, string or number is `model_attributes_type` with that value as input",
                read: "When the body is not JSON",
                steps: |rng| {
                    let number = rng.int(1, 999);
                    let no_body =
                        || fastapi::detail(vec![fastapi::missing(json!(["body"]), Value::Null)]);
                    let not_object =
                        |input: Value| post_rejected(input.clone(), vec![not_an_object(input)]);
                    vec![
                        post("/items/").status(422).json(no_body()),
                        post("/items/")
                            .send_raw(Some("application/json"), "")
                            .status(422)
                            .json(no_body()),
                        not_object(json!([number])),
                        not_object(json!(number)),
                    ]
                },
            },
            Check {
                id: "04.8",
                title: "PUT /items/{item_id} answers the id merged with the item",
                points: 2,
                oracle: BODY_PATH_QUERY,
                hint: "parse the path value as in chapter 02, read the item as in POST, and return one struct with `#[serde(flatten)] item`",
                read: "Path, query and body together",
                steps: |rng| {
                    let id = rng.int(1, 100_000);
                    let name = rng.word(6);
                    let price = price(rng);
                    vec![
                        request("PUT", "/items/123")
                            .send_json(json!({"name": "Foo", "price": 50.1}))
                            .json(json!({"item_id": 123, "name": "Foo", "description": null, "price": 50.1, "tax": null})),
                        request("PUT", format!("/items/{id}"))
                            .send_json(json!({"name": name, "price": price, "tax": 0.3}))
                            .json(json!({"item_id": id, "name": name, "description": null, "price": price, "tax": 0.3})),
                    ]
                },
            },
            Check {
                id: "04.9",
                title: "the optional query `q` is added to the answer when it is given and not empty",
                points: 1,
                oracle: BODY_PATH_QUERY,
                hint: "read `q` from the query map; skip it when absent or empty with `#[serde(skip_serializing_if = \"Option::is_none\")]`",
                read: "Path, query and body together",
                steps: |rng| {
                    let id = rng.int(1, 100_000);
                    let q = rng.word(7);
                    let item = json!({"name": "Foo", "price": 50.1, "description": "Some Foo", "tax": 0.3});
                    let answer = |q: Option<&str>| {
                        let mut body = json!({"item_id": id, "name": "Foo", "price": 50.1, "description": "Some Foo", "tax": 0.3});
                        if let Some(q) = q {
                            body["q"] = json!(q);
                        }
                        body
                    };
                    vec![
                        request("PUT", format!("/items/{id}?q={q}"))
                            .send_json(item.clone())
                            .json(answer(Some(&q))),
                        request("PUT", format!("/items/{id}?q="))
                            .send_json(item)
                            .json(answer(None)),
                    ]
                },
            },
            Check {
                id: "04.10",
                title: "a bad path value and a bad body are reported together, the path first",
                points: 2,
                oracle: BODY_PATH_QUERY,
                hint: "take the path, query and body raw (Path<String>, Query<HashMap>, HeaderMap, Bytes) so no extractor answers first; answer broken JSON alone, then collect every other error in one ValidationErrors",
                read: "Path, query and body together",
                steps: |rng| {
                    let raw_id = rng.word(4);
                    let body = json!({"name": rng.word(6)});
                    let int_parsing = fastapi::int_parsing(loc("path", "item_id"), &raw_id);
                    vec![
                        request("PUT", format!("/items/{raw_id}?q=x"))
                            .send_json(body.clone())
                            .status(422)
                            .json(fastapi::detail(vec![
                                int_parsing.clone(),
                                fastapi::missing(loc("body", "price"), body.clone()),
                            ])),
                        request("PUT", format!("/items/{raw_id}")).status(422).json(
                            fastapi::detail(vec![
                                int_parsing,
                                fastapi::missing(json!(["body"]), Value::Null),
                            ]),
                        ),
                        // JSON that does not parse is reported alone: FastAPI
                        // decodes the body before it validates anything.
                        request("PUT", format!("/items/{raw_id}"))
                            .send_raw(Some("application/json"), "{\"name\": ")
                            .status(422)
                            .json(fastapi::json_invalid()),
                    ]
                },
            },
        ],
    }
}
