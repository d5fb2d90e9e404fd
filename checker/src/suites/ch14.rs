//! Chapter 14 — OpenAPI docs. Chapter 10's heroes (FastAPI's
//! `sql_databases` tutorial 002), documented: the server describes itself
//! in an OpenAPI 3.1 document and shows it in Swagger UI.
//!
//! | method | path            | status | body                                                      |
//! |--------|-----------------|--------|-----------------------------------------------------------|
//! | GET    | /openapi.json   | 200    | OpenAPI 3.1; the same routes, parameters, bodies and responses as FastAPI's document |
//! | GET    | /docs           | 200 (after at most one redirect) | Swagger UI's page, its files served by the app |
//! | *      | /heroes/...     | as chapter 10 | the routes the document describes                  |
//!
//! FastAPI's document is committed (`openapi/sql_databases.tutorial002.json`,
//! written by `tests/openapi/fastapi-documents` from the pinned FastAPI),
//! so the comparison runs offline; the oracle proves it current, since
//! FastAPI's served document must pass the same checks. Both documents are
//! compared by meaning ([`openapi::normal`]): names, titles, descriptions,
//! `format`, and the two spellings of "integer or null" do not count.
//!
//! Explained differences from FastAPI's document:
//! - the three `/heroes/{hero_id}` operations document their 404 (14.6):
//!   FastAPI's tutorial raises it without declaring it, and a client (or
//!   schemathesis) reads only what is documented;
//! - Swagger UI's files come from the server, not a CDN (14.8), so `/docs`
//!   works offline; ReDoc has no vendored build and is not served.

use serde_json::{Map, Value, json};

// Chapter 10's heroes: the same names, answers and 404.
use super::ch10::{hero_name, not_found, public_saved};
use super::fastapi::{self, loc};
use super::openapi;
use crate::expect::HeaderRule;
use crate::harness::session::Session;
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get, post, request, verify};

const HEROES: Oracle = Oracle::FastApi("sql_databases.tutorial002");

/// FastAPI's own document for the same app.
const FASTAPI_DOCUMENT: &str = include_str!("openapi/sql_databases.tutorial002.json");

/// The operations that answer 404 for an unknown hero.
const BY_ID: [&str; 3] = ["get", "patch", "delete"];

/// `GET /openapi.json`, kept as `doc` for the rules.
fn fetch_document() -> Step {
    get("/openapi.json").json(json!("<<any>>")).save("doc", "")
}

fn fastapi_normal() -> Value {
    let doc: Value = serde_json::from_str(FASTAPI_DOCUMENT).expect("FastAPI's document is JSON");
    openapi::normal(&doc)
}

/// The learner's document in normal form, or why there is none.
fn learner_normal(session: &Session) -> Result<Value, Vec<String>> {
    match session.get("doc") {
        Some(doc) if doc.is_object() => Ok(openapi::normal(doc)),
        Some(other) => Err(vec![format!(
            "/openapi.json is not a JSON object: {}",
            crate::expect::clip(&other.to_string(), 80)
        )]),
        None => Err(vec!["/openapi.json was not read".to_string()]),
    }
}

/// Each operation of FastAPI's document that the learner's also has, as
/// `"METHOD path"` → `part(operation)`; missing operations are 14.2's.
fn per_operation(doc: &Value, only_in: &Value, part: fn(&Value) -> Value) -> Value {
    let mut out = Map::new();
    for (path, methods) in only_in["paths"].as_object().into_iter().flatten() {
        for method in methods.as_object().into_iter().flatten().map(|(m, _)| m) {
            if let Some(operation) = doc["paths"].get(path).and_then(|p| p.get(method)) {
                out.insert(format!("{} {path}", method.to_uppercase()), part(operation));
            }
        }
    }
    Value::Object(out)
}

/// Compares one part of every operation with FastAPI's.
fn compare_operations(session: &Session, part: fn(&Value) -> Value) -> Vec<String> {
    let learner = match learner_normal(session) {
        Ok(learner) => learner,
        Err(problems) => return problems,
    };
    let fastapi = fastapi_normal();
    let expected = per_operation(&fastapi, &learner, part);
    let actual = per_operation(&learner, &fastapi, part);
    let mut problems = openapi::differences(&expected, &actual, "openapi.json");
    problems.truncate(8);
    problems
}

/// The responses without the 404s that FastAPI's tutorial leaves out
/// (14.6 checks them).
fn responses_but_404(operation: &Value) -> Value {
    let mut responses = operation["responses"].clone();
    if let Some(map) = responses.as_object_mut() {
        map.remove("404");
    }
    responses
}

/// Expects an HTML page (`text/html`, with or without a charset).
fn html(mut step: Step) -> Step {
    step.expect.headers.push(HeaderRule::StartsWith(
        "content-type".into(),
        "text/html".into(),
    ));
    step
}

fn saved_page(session: &Session) -> &str {
    session.get("page").and_then(Value::as_str).unwrap_or("")
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 14,
        slug: "openapi-docs",
        title: "OpenAPI docs",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "14.1",
                title: "GET /openapi.json answers an OpenAPI 3.1 document with info and paths",
                points: 2,
                oracle: HEROES,
                hint: "build the router with `OpenApiRouter::with_openapi(ApiDoc::openapi())`, take it apart with `.split_for_parts()`, and serve the document at `/openapi.json` (`SwaggerUi::new(\"/docs\").url(\"/openapi.json\", api)` does both)",
                read: "Serving the document",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify(
                            "openapi is 3.1.x, with info.title, info.version and paths",
                            |session| {
                                let doc = session.get("doc").cloned().unwrap_or_default();
                                let mut problems = Vec::new();
                                match doc.get("openapi").and_then(Value::as_str) {
                                    Some(version) if version.starts_with("3.1.") => {}
                                    other => problems.push(format!(
                                        "openapi: expected \"3.1.x\", got {}",
                                        other.map_or("nothing".into(), |v| format!("{v:?}"))
                                    )),
                                }
                                for field in ["title", "version"] {
                                    if !doc["info"][field].is_string() {
                                        problems.push(format!("info.{field}: expected a string"));
                                    }
                                }
                                if !doc["paths"].is_object() {
                                    problems.push("paths: expected an object of routes".into());
                                }
                                problems
                            },
                        ),
                    ]
                },
            },
            Check {
                id: "14.2",
                title: "the document lists the same paths and methods as FastAPI's",
                points: 2,
                oracle: HEROES,
                hint: "register every handler with `.routes(routes!(...))` on the `OpenApiRouter` (handlers of one path in one `routes!`), each with its `#[utoipa::path(method, path = ...)]`; a route added with plain `.route(...)` is served but not documented",
                read: "One macro per route",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify("the paths and methods are FastAPI's", |session| {
                            let learner = match learner_normal(session) {
                                Ok(learner) => learner,
                                Err(problems) => return problems,
                            };
                            let routes = |doc: &Value| -> Value {
                                let mut out = Map::new();
                                for (path, methods) in
                                    doc["paths"].as_object().into_iter().flatten()
                                {
                                    let methods: Map<String, Value> = methods
                                        .as_object()
                                        .into_iter()
                                        .flatten()
                                        .map(|(m, _)| (m.clone(), json!("documented")))
                                        .collect();
                                    out.insert(path.clone(), Value::Object(methods));
                                }
                                Value::Object(out)
                            };
                            openapi::differences(
                                &routes(&fastapi_normal()),
                                &routes(&learner),
                                "openapi.json paths",
                            )
                        }),
                    ]
                },
            },
            Check {
                id: "14.3",
                title: "each operation documents FastAPI's parameters: where, required, type, default and bounds",
                points: 2,
                oracle: HEROES,
                hint: "path parameters go in `params((\"hero_id\" = i64, Path))`; the page's query parameters in a struct deriving `IntoParams` with `#[into_params(parameter_in = Query)]` and `#[param(required = false, default = .., maximum = ..)]`",
                read: "Parameters",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify("the parameters are FastAPI's", |session| {
                            compare_operations(session, |op| op["parameters"].clone())
                        }),
                    ]
                },
            },
            Check {
                id: "14.4",
                title: "request bodies are documented as FastAPI's: HeroCreate and HeroUpdate, their types and required fields",
                points: 2,
                oracle: HEROES,
                hint: "`request_body = HeroCreate` in `#[utoipa::path]`, and `#[derive(ToSchema)]` on the input types: an `Option` field is not required and may be null; a field the handler reads as `Option<Option<T>>` is shown with `#[schema(value_type = Option<T>)]`",
                read: "Schemas from your types",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify("the request bodies are FastAPI's", |session| {
                            compare_operations(session, |op| {
                                op.get("requestBody")
                                    .cloned()
                                    .unwrap_or(json!("no request body"))
                            })
                        }),
                    ]
                },
            },
            Check {
                id: "14.5",
                title: "responses are documented as FastAPI's: 200 with HeroPublic (a list for GET /heroes/, anything for DELETE) and 422 with FastAPI's error list",
                points: 3,
                oracle: HEROES,
                hint: "list every answer in `responses(...)`: `(status = 200, body = HeroPublic)`, `body = Vec<HeroPublic>` for a list, `body = serde_json::Value` for \"any JSON\", and `(status = 422, body = HttpValidationError)` with a `ToSchema` type shaped like FastAPI's `{\"detail\": [{\"loc\", \"msg\", \"type\"}]}`",
                read: "Responses",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify("the responses are FastAPI's (404s aside)", |session| {
                            compare_operations(session, responses_but_404)
                        }),
                    ]
                },
            },
            Check {
                id: "14.6",
                title: "GET, PATCH and DELETE /heroes/{hero_id} document their 404 {\"detail\": string}",
                points: 1,
                oracle: Oracle::None {
                    why: "FastAPI's tutorial answers 404 without documenting it; the workbook documents every status a route answers",
                },
                hint: "add `(status = 404, description = \"Hero not found\", body = ...)` to each `#[utoipa::path]` of `/heroes/{hero_id}`, with a `ToSchema` type holding `detail: String`",
                read: "Responses",
                steps: |_| {
                    vec![
                        fetch_document(),
                        verify(
                            "each /heroes/{hero_id} operation documents 404",
                            |session| {
                                let learner = match learner_normal(session) {
                                    Ok(learner) => learner,
                                    Err(problems) => return problems,
                                };
                                let mut problems = Vec::new();
                                for method in BY_ID {
                                    let at =
                                        format!("{} /heroes/{{hero_id}}", method.to_uppercase());
                                    let op = &learner["paths"]["/heroes/{hero_id}"][method];
                                    if op.is_null() {
                                        continue; // 14.2 says so
                                    }
                                    let schema = &op["responses"]["404"]["application/json"];
                                    let detail = &schema["properties"]["detail"]["type"];
                                    if op["responses"].get("404").is_none() {
                                        problems.push(format!("{at}: no 404 response documented"));
                                    } else if !detail
                                        .as_array()
                                        .is_some_and(|t| t.contains(&json!("string")))
                                    {
                                        problems.push(format!(
                                        "{at}: the 404's application/json schema has no string `detail`: {}",
                                        crate::expect::clip(&schema.to_string(), 120)
                                    ));
                                    }
                                }
                                problems
                            },
                        ),
                    ]
                },
            },
            Check {
                id: "14.7",
                title: "GET /docs shows Swagger UI (after at most one redirect, as a browser follows it)",
                points: 2,
                oracle: HEROES,
                hint: "merge `SwaggerUi::new(\"/docs\").url(\"/openapi.json\", api)` into the router: it answers `/docs` with a redirect to `/docs/`, where the page is",
                read: "Swagger UI, offline",
                steps: |_| {
                    vec![
                        html(get("/docs").follow_redirect()).save_text("page"),
                        verify("the page holds Swagger UI", |session| {
                            if saved_page(session).contains("id=\"swagger-ui\"") {
                                Vec::new()
                            } else {
                                vec![
                                    "the page has no <div id=\"swagger-ui\">: it is not Swagger UI"
                                        .into(),
                                ]
                            }
                        }),
                    ]
                },
            },
            Check {
                id: "14.8",
                title: "the Swagger UI page loads its scripts and styles from the server itself, so it works offline",
                points: 1,
                oracle: Oracle::None {
                    why: "FastAPI's /docs loads Swagger UI from a CDN; the workbook's must work without a network",
                },
                hint: "turn on utoipa-swagger-ui's `vendored` feature: Swagger UI's files are then compiled into the binary and served under /docs/",
                read: "Swagger UI, offline",
                steps: |_| {
                    vec![
                        html(get("/docs").follow_redirect()).save_text("page"),
                        verify("no script or stylesheet from another host", |session| {
                            let page = saved_page(session);
                            [
                                "src=\"http",
                                "src=\"//",
                                "href=\"http",
                                "href=\"//",
                                "src='http",
                                "href='http",
                            ]
                            .iter()
                            .filter_map(|needle| page.find(needle))
                            .map(|at| {
                                let end = page[at..].find('>').map_or(page.len(), |e| at + e);
                                format!(
                                    "the page loads {} from another host: it breaks offline",
                                    crate::expect::clip(&page[at..end], 100)
                                )
                            })
                            .collect()
                        }),
                    ]
                },
            },
            Check {
                id: "14.9",
                title: "the documented routes behave as chapter 10's: create, read, update, delete",
                points: 2,
                oracle: HEROES,
                hint: "documenting changes no behaviour: keep each handler as it was, and only add its `#[utoipa::path]`",
                read: "What you will build",
                steps: |rng| {
                    let (name, age, secret) = (hero_name(rng), rng.int(18, 60), rng.word(8));
                    let (new_name, new_age) = (hero_name(rng), rng.int(61, 90));
                    vec![
                        post("/heroes/")
                            .send_json(json!({"name": name, "age": age, "secret_name": secret}))
                            .json(json!({"id": "<<int>>", "name": name, "age": age}))
                            .save("id", "/id"),
                        get("/heroes/{{id}}").json(public_saved(&name, json!(age))),
                        request("PATCH", "/heroes/{{id}}")
                            .send_json(json!({"name": new_name}))
                            .json(public_saved(&new_name, json!(age))),
                        request("PATCH", "/heroes/{{id}}")
                            .send_json(json!({"age": new_age}))
                            .json(public_saved(&new_name, json!(new_age))),
                        request("PATCH", "/heroes/{{id}}")
                            .send_json(json!({"age": null}))
                            .json(public_saved(&new_name, Value::Null)),
                        request("DELETE", "/heroes/{{id}}").json(json!({"ok": true})),
                        not_found(get("/heroes/{{id}}")),
                    ]
                },
            },
            Check {
                id: "14.10",
                title: "what the document promises for bad input holds: 404 for an unknown hero, 422 for a bad id, body or page",
                points: 2,
                oracle: HEROES,
                hint: "keep the `fastapi-errors` extractors (`Path<HeroId>`, `Query<Page>`, `Json<HeroCreate>`): they answer the 422 the document lists",
                read: "What you will build",
                steps: |rng| {
                    let id = rng.int(100_000_000, 2_000_000_000);
                    let word = rng.word(5);
                    let over = rng.int(101, 999);
                    vec![
                        not_found(get(format!("/heroes/{id}"))),
                        not_found(
                            request("PATCH", format!("/heroes/{id}")).send_json(json!({"age": 1})),
                        ),
                        not_found(request("DELETE", format!("/heroes/{id}"))),
                        get(format!("/heroes/{word}"))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::int_parsing(
                                loc("path", "hero_id"),
                                &word,
                            )])),
                        post("/heroes/")
                            .send_json(json!({}))
                            .status(422)
                            .json(fastapi::detail(vec![
                                fastapi::missing(loc("body", "name"), json!({})),
                                fastapi::missing(loc("body", "secret_name"), json!({})),
                            ])),
                        get(format!("/heroes/?limit={over}"))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::item_with_ctx(
                                "less_than_equal",
                                loc("query", "limit"),
                                "Input should be less than or equal to 100",
                                json!(over.to_string()),
                                json!({"le": 100}),
                            )])),
                    ]
                },
            },
            Check {
                id: "14.11",
                title: "GET /heroes/ answers a page as documented: limit=0 is empty, limit=1 one hero",
                points: 1,
                oracle: HEROES,
                hint: "skip `offset` heroes and take `limit`, in id order",
                read: "What you will build",
                steps: |rng| {
                    let name = hero_name(rng);
                    vec![
                        post("/heroes/")
                            .send_json(json!({"name": name, "secret_name": rng.word(8)}))
                            .json(json!({"id": "<<int>>", "name": name, "age": null})),
                        get("/heroes/?limit=0").json(json!([])),
                        get("/heroes/?offset=0&limit=1").save("page", ""),
                        verify("limit=1 answers one hero", |session| {
                            match session.get("page").and_then(Value::as_array) {
                                Some(page) if page.len() == 1 => Vec::new(),
                                Some(page) => vec![format!(
                                    "GET /heroes/?offset=0&limit=1 answered {} heroes",
                                    page.len()
                                )],
                                None => vec![
                                    "GET /heroes/?offset=0&limit=1 did not answer a list".into(),
                                ],
                            }
                        }),
                    ]
                },
            },
        ],
    }
}
