//! Chapter 10 — SQL database. FastAPI's `sql_databases` tutorial 002:
//! heroes stored by SQLModel in a SQLite file, here by sqlx.
//!
//! | method | path                | input                                  | status | body                                   |
//! |--------|---------------------|----------------------------------------|--------|----------------------------------------|
//! | POST   | /heroes/            | `{name, age?, secret_name}`            | 200    | `{id, name, age}` (never `secret_name`) |
//! | POST   | /heroes/            | a bad body                             | 422    | FastAPI's detail list                  |
//! | GET    | /heroes/            | `offset` (0), `limit` (100, at most 100) | 200  | a page of `{id, name, age}`, id order  |
//! | GET    | /heroes/            | `limit=101`, non-integers              | 422    | `less_than_equal`, `int_parsing`       |
//! | GET    | /heroes/{hero_id}   |                                        | 200    | `{id, name, age}`                      |
//! | PATCH  | /heroes/{hero_id}   | any of `{name, age, secret_name}`      | 200    | the hero, only the fields sent changed |
//! | DELETE | /heroes/{hero_id}   |                                        | 200    | `{"ok": true}`                         |
//! | any    | /heroes/{unknown}   |                                        | 404    | `{"detail": "Hero not found"}`         |
//!
//! The oracle runs every check against one FastAPI server in turn, and a
//! learner may point the server at a PostgreSQL database that earlier runs
//! filled: no check assumes an empty table. A check reads only what it
//! created, or pages through the whole table and picks out its own heroes.
//! Ids are the database's, so they are matched by shape and compared
//! between steps.

use serde_json::{Value, json};

use super::fastapi::{self, loc};
use crate::harness::session::Session;
use crate::seed::Rng;
use crate::suite::{
    Chapter, Check, Needs, Oracle, Step, concurrently, get, post, request, restart, verify,
};

const HEROES: Oracle = Oracle::FastApi("sql_databases.tutorial002");

/// How a hero is answered: never with its `secret_name`.
fn public(name: &str, age: Value) -> Value {
    json!({"id": "<<int>>", "name": name, "age": age})
}

/// The same, for the hero saved as `id`.
pub(super) fn public_saved(name: &str, age: Value) -> Value {
    json!({"id": "{{id}}", "name": name, "age": age})
}

/// A hero's name: capitalised, with a random tail so runs never collide.
pub(super) fn hero_name(rng: &mut Rng) -> String {
    let first = rng.pick(&["Dead", "Spider", "Rusty", "Iron", "Night", "Storm"]);
    let last = rng.pick(&["Pond", "Boy", "Crab", "Maid", "Owl", "Fox"]);
    format!("{first} {last} {}", rng.word(4))
}

/// `POST /heroes/` of a hero with no age; its id is saved as `save_as`.
fn create(name: &str, secret: String, save_as: &'static str) -> Step {
    post("/heroes/")
        .send_json(json!({"name": name, "secret_name": secret}))
        .json(public(name, Value::Null))
        .save(save_as, "/id")
}

fn patch(path: impl Into<String>) -> Step {
    request("PATCH", path)
}

fn delete(path: impl Into<String>) -> Step {
    request("DELETE", path)
}

pub(super) fn not_found(step: Step) -> Step {
    step.status(404).json(json!({"detail": "Hero not found"}))
}

/// An id no server has handed out (far above any test's row count).
fn unknown_id(rng: &mut Rng) -> i64 {
    rng.int(100_000_000, 2_000_000_000)
}

/// A saved list of heroes (a page), or nothing.
fn saved_list(session: &Session, name: &str) -> Vec<Value> {
    session
        .get(name)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn id_of(hero: &Value) -> Option<i64> {
    hero.get("id").and_then(Value::as_i64)
}

/// The pages a scan of the whole table reads: ten of 100 heroes.
const PAGES: [&str; 10] = [
    "page0", "page1", "page2", "page3", "page4", "page5", "page6", "page7", "page8", "page9",
];

/// Reads the table a page at a time, from the start (see [`scan`]).
fn read_every_page() -> Vec<Step> {
    PAGES
        .iter()
        .enumerate()
        .map(|(i, name)| get(format!("/heroes/?offset={}&limit=100", i * 100)).save(name, ""))
        .collect()
}

/// Every hero the pages hold, in the order answered; or why the scan is
/// not to be trusted.
fn scan(session: &Session) -> Result<Vec<Value>, String> {
    let mut heroes = Vec::new();
    for name in PAGES {
        let page = saved_list(session, name);
        let full = page.len() == 100;
        heroes.extend(page);
        if !full {
            return Ok(heroes);
        }
    }
    Err(format!(
        "the table holds more than {} heroes, more than this check reads: run the checks on a fresh database",
        PAGES.len() * 100
    ))
}

/// Problems with a list of heroes: a `secret_name` shown, ids not
/// increasing (no `ORDER BY id`, or pages that overlap).
fn list_problems(heroes: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(leak) = heroes.iter().find(|h| h.get("secret_name").is_some()) {
        problems.push(format!("the list shows a secret_name: {leak}"));
    }
    let ids: Vec<Option<i64>> = heroes.iter().map(id_of).collect();
    if let Some(i) = (1..ids.len()).find(|&i| ids[i - 1] >= ids[i]) {
        problems.push(format!(
            "the list is not in id order: hero {} comes after hero {}",
            heroes[i],
            heroes[i - 1]
        ));
    }
    problems
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 10,
        slug: "sql-database",
        title: "SQL database",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "10.1",
                title: "POST /heroes/ stores a hero and answers it, with the database's id and without secret_name",
                points: 3,
                oracle: HEROES,
                hint: "`INSERT INTO hero (name, age, secret_name) VALUES ($1, $2, $3) RETURNING id, name, age` with `query_as::<_, HeroPublic>` and three `.bind(..)`s; `HeroPublic` has no `secret_name`",
                read: "Rows in, rows out",
                steps: |rng| {
                    let (name, age, secret) = (hero_name(rng), rng.int(18, 90), rng.word(8));
                    let (other, other_secret) = (hero_name(rng), rng.word(8));
                    let sent_id = unknown_id(rng);
                    vec![
                        post("/heroes/")
                            .send_json(json!({"id": sent_id, "name": name, "age": age,
                                "secret_name": secret}))
                            .json(public(&name, json!(age)))
                            .save("id", "/id"),
                        get("/heroes/{{id}}").json(public_saved(&name, json!(age))),
                        // The id in the body was not used: the database chose one.
                        not_found(get(format!("/heroes/{sent_id}"))),
                        post("/heroes/")
                            .send_json(json!({"name": other, "secret_name": other_secret}))
                            .json(public(&other, Value::Null))
                            .save("id", "/id"),
                        get("/heroes/{{id}}").json(public_saved(&other, Value::Null)),
                    ]
                },
            },
            Check {
                id: "10.2",
                title: "an unknown hero is 404 \"Hero not found\"; an id that is not a number is 422",
                points: 2,
                oracle: HEROES,
                hint: "`fetch_optional` gives `None` when no row matches: answer `ApiError::NotFound(\"Hero not found\")`; for DELETE, `rows_affected() == 0` means there was nothing to delete",
                read: "One row, or none",
                steps: |rng| {
                    let id = unknown_id(rng);
                    let word = rng.word(5);
                    let bad_id =
                        fastapi::detail(vec![fastapi::int_parsing(loc("path", "hero_id"), &word)]);
                    vec![
                        not_found(get(format!("/heroes/{id}"))),
                        not_found(patch(format!("/heroes/{id}")).send_json(json!({"age": 1}))),
                        not_found(delete(format!("/heroes/{id}"))),
                        get(format!("/heroes/{word}"))
                            .status(422)
                            .json(bad_id.clone()),
                        delete(format!("/heroes/{word}")).status(422).json(bad_id),
                    ]
                },
            },
            Check {
                id: "10.3",
                title: "POST /heroes/ answers a bad body with FastAPI's 422",
                points: 1,
                oracle: HEROES,
                hint: "keep `Json<HeroCreate>` from `fastapi-errors` as the handler's last argument: it answers the 422 before your SQL runs",
                read: "Rows in, rows out",
                steps: |rng| {
                    let (name, secret, word) = (hero_name(rng), rng.word(8), rng.word(5));
                    let number = rng.int(1, 99);
                    let wrong = json!({"name": number, "age": word, "secret_name": null});
                    vec![
                        post("/heroes/").send_json(json!({})).status(422).json(
                            fastapi::detail(vec![
                                fastapi::missing(loc("body", "name"), json!({})),
                                fastapi::missing(loc("body", "secret_name"), json!({})),
                            ]),
                        ),
                        post("/heroes/").send_json(wrong).status(422).json(fastapi::detail(
                            vec![
                                fastapi::string_type(loc("body", "name"), json!(number)),
                                fastapi::int_parsing(loc("body", "age"), &word),
                                fastapi::string_type(loc("body", "secret_name"), Value::Null),
                            ],
                        )),
                        post("/heroes/")
                            .send_json(json!({"name": name, "age": 30.5, "secret_name": secret}))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::item(
                                "int_from_float",
                                loc("body", "age"),
                                "Input should be a valid integer, got a number with a fractional part",
                                json!(30.5),
                            )])),
                        post("/heroes/")
                            .send_raw(Some("application/json"), "{\"name\": ")
                            .status(422)
                            .json(fastapi::json_invalid()),
                    ]
                },
            },
            Check {
                id: "10.4",
                title: "PATCH /heroes/{hero_id} changes only the fields sent; \"age\": null clears the age",
                points: 3,
                oracle: HEROES,
                hint: "tell \"not sent\" from \"sent as null\" (`Option<Option<i64>>` for age), then one `UPDATE ... SET name = COALESCE($1, name), age = CASE WHEN $2 THEN $3 ELSE age END ... RETURNING id, name, age`",
                read: "Changing only the fields sent",
                steps: |rng| {
                    let (name, age, secret) = (hero_name(rng), rng.int(18, 50), rng.word(8));
                    let (new_name, new_age) = (hero_name(rng), rng.int(51, 90));
                    vec![
                        post("/heroes/")
                            .send_json(json!({"name": name, "age": age, "secret_name": secret}))
                            .json(public(&name, json!(age)))
                            .save("id", "/id"),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"name": new_name}))
                            .json(public_saved(&new_name, json!(age))),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"age": new_age}))
                            .json(public_saved(&new_name, json!(new_age))),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"secret_name": rng.word(9)}))
                            .json(public_saved(&new_name, json!(new_age))),
                        patch("/heroes/{{id}}")
                            .send_json(json!({}))
                            .json(public_saved(&new_name, json!(new_age))),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"age": null}))
                            .json(public_saved(&new_name, Value::Null)),
                        get("/heroes/{{id}}").json(public_saved(&new_name, Value::Null)),
                    ]
                },
            },
            Check {
                id: "10.5",
                title: "a PATCH with a bad body answers 422 and changes nothing",
                points: 1,
                oracle: HEROES,
                hint: "read the whole body before you write anything: with `Json<HeroUpdate>` as an argument, a bad body never reaches your `UPDATE`",
                read: "Changing only the fields sent",
                steps: |rng| {
                    let (name, age, secret) = (hero_name(rng), rng.int(18, 90), rng.word(8));
                    let (new_name, word) = (hero_name(rng), rng.word(5));
                    vec![
                        post("/heroes/")
                            .send_json(json!({"name": name, "age": age, "secret_name": secret}))
                            .json(public(&name, json!(age)))
                            .save("id", "/id"),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"name": new_name, "age": word}))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::int_parsing(
                                loc("body", "age"),
                                &word,
                            )])),
                        patch("/heroes/{{id}}")
                            .send_raw(Some("application/json"), "{\"age\": 3,")
                            .status(422)
                            .json(fastapi::json_invalid()),
                        get("/heroes/{{id}}").json(public_saved(&name, json!(age))),
                    ]
                },
            },
            Check {
                id: "10.6",
                title: "DELETE /heroes/{hero_id} answers {\"ok\": true}, and that hero alone is gone",
                points: 2,
                oracle: HEROES,
                hint: "`sqlx::query(\"DELETE FROM hero WHERE id = $1\").bind(id).execute(&pool)`, then look at `rows_affected()`",
                read: "One row, or none",
                steps: |rng| {
                    let (first, second) = (hero_name(rng), hero_name(rng));
                    vec![
                        create(&first, rng.word(8), "id"),
                        create(&second, rng.word(8), "other"),
                        delete("/heroes/{{id}}").json(json!({"ok": true})),
                        not_found(get("/heroes/{{id}}")),
                        not_found(delete("/heroes/{{id}}")),
                        get("/heroes/{{other}}")
                            .json(json!({"id": "{{other}}", "name": second, "age": null})),
                    ]
                },
            },
            Check {
                id: "10.7",
                title: "heroes, their changes and their deletion survive a restart",
                points: 3,
                oracle: HEROES,
                hint: "keep nothing in memory: every handler reads and writes the database, and ids come from the database (`RETURNING id`), not from a counter",
                read: "Surviving a restart",
                steps: |rng| {
                    let (kept, gone) = (hero_name(rng), hero_name(rng));
                    let age = rng.int(18, 90);
                    let newcomer = hero_name(rng);
                    vec![
                        create(&kept, rng.word(8), "id"),
                        create(&gone, rng.word(8), "gone"),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"age": age}))
                            .json(public_saved(&kept, json!(age))),
                        delete("/heroes/{{gone}}").json(json!({"ok": true})),
                        restart(),
                        get("/heroes/{{id}}").json(public_saved(&kept, json!(age))),
                        not_found(get("/heroes/{{gone}}")),
                        create(&newcomer, rng.word(8), "newcomer"),
                        verify("ids go on rising after the restart", |session| {
                            let id = |name| session.get(name).and_then(Value::as_i64);
                            match (id("id"), id("newcomer")) {
                                (Some(kept), Some(new)) if new <= kept => vec![format!(
                                    "the hero created after the restart got id {new}, but id {kept} was handed out before it: ids must come from the database, not from a counter in memory"
                                )],
                                _ => Vec::new(),
                            }
                        }),
                        get("/heroes/{{id}}").json(public_saved(&kept, json!(age))),
                    ]
                },
            },
            Check {
                id: "10.8",
                title: "50 heroes created at once get 50 distinct ids, and the list shows all 50, in id order",
                points: 3,
                oracle: HEROES,
                hint: "share one pool (`AnyPool` in the router's state) and let the database choose ids; never `SELECT MAX(id) + 1`",
                read: "Many requests at once",
                steps: |rng| {
                    let (name, age) = (hero_name(rng), rng.int(18, 90));
                    let mut steps = vec![
                        concurrently(
                            50,
                            post("/heroes/")
                                .send_json(
                                    json!({"name": name, "age": age, "secret_name": rng.word(8)}),
                                )
                                .json(public(&name, json!(age))),
                        )
                        .save("ids", "/id")
                        .save("names", "/name"),
                        verify("50 distinct ids", |session| {
                            let mut ids: Vec<String> = saved_list(session, "ids")
                                .iter()
                                .map(Value::to_string)
                                .collect();
                            ids.sort();
                            ids.dedup();
                            if ids.len() == 50 {
                                Vec::new()
                            } else {
                                vec![format!(
                                    "50 heroes were created, with only {} distinct ids",
                                    ids.len()
                                )]
                            }
                        }),
                    ];
                    steps.extend(read_every_page());
                    steps.push(verify(
                        "every one of the 50 is listed once, in id order",
                        |session| {
                            let heroes = match scan(session) {
                                Ok(heroes) => heroes,
                                Err(why) => return vec![why],
                            };
                            let mut problems = list_problems(&heroes);
                            let name = saved_list(session, "names").first().cloned();
                            for id in saved_list(session, "ids") {
                                let listed: Vec<&Value> =
                                    heroes.iter().filter(|h| h.get("id") == Some(&id)).collect();
                                match listed.as_slice() {
                                    [hero] if hero.get("name") == name.as_ref() => {}
                                    [hero] => {
                                        problems.push(format!("hero {id} is listed as {hero}"))
                                    }
                                    [] => problems.push(format!("hero {id} is not in the list")),
                                    _ => problems.push(format!(
                                        "hero {id} is listed {} times",
                                        listed.len()
                                    )),
                                }
                            }
                            problems.truncate(5);
                            problems
                        },
                    ));
                    steps
                },
            },
            Check {
                id: "10.9",
                title: "names with quotes and SQL in them are stored as text",
                points: 3,
                oracle: HEROES,
                hint: "never build SQL with `format!`: put `$1`, `$2`, ... in the query and pass the values with `.bind(..)`",
                read: "Bind, never format",
                steps: |rng| {
                    let tail = rng.word(4);
                    let drop = format!("Robert'); DROP TABLE hero;-- {tail}");
                    let quotes = format!("O'Hara \"the 'Quote'\" \\ 100%_ {tail}");
                    let unicode = format!("Zoë ☂ Ω {tail}");
                    let renamed = format!("'; DELETE FROM hero; -- {tail}");
                    let secret = "x' OR '1'='1";
                    vec![
                        post("/heroes/")
                            .send_json(json!({"name": drop, "age": 7, "secret_name": secret}))
                            .json(public(&drop, json!(7)))
                            .save("id", "/id"),
                        get("/heroes/{{id}}").json(public_saved(&drop, json!(7))),
                        post("/heroes/")
                            .send_json(json!({"name": quotes, "secret_name": secret}))
                            .json(public(&quotes, Value::Null))
                            .save("quotes", "/id"),
                        get("/heroes/{{quotes}}")
                            .json(json!({"id": "{{quotes}}", "name": quotes, "age": null})),
                        post("/heroes/")
                            .send_json(json!({"name": unicode, "secret_name": secret}))
                            .json(public(&unicode, Value::Null)),
                        patch("/heroes/{{id}}")
                            .send_json(json!({"name": renamed, "secret_name": secret}))
                            .json(public_saved(&renamed, json!(7))),
                        get("/heroes/{{quotes}}")
                            .json(json!({"id": "{{quotes}}", "name": quotes, "age": null})),
                        get("/heroes/?limit=1")
                            .json(json!([public("<<string>>", json!("<<any>>"))])),
                    ]
                },
            },
            Check {
                id: "10.10",
                title: "GET /heroes/ pages with offset and limit; a limit over 100 is 422",
                points: 3,
                oracle: HEROES,
                hint: "`SELECT id, name, age FROM hero ORDER BY id LIMIT $1 OFFSET $2`; check `limit` with `bound(.., Bound::Le(100))` when you read it",
                read: "Pages",
                steps: |rng| {
                    let row = || json!({"id": "<<int>>", "name": "<<string>>", "age": "<<any>>"});
                    let (bad_offset, bad_limit) = (rng.word(3), rng.word(4));
                    let over = rng.int(101, 1000);
                    let mut steps: Vec<Step> = (0..3)
                        .map(|_| {
                            let name = hero_name(rng);
                            post("/heroes/")
                                .send_json(json!({"name": name, "secret_name": rng.word(8)}))
                                .json(public(&name, Value::Null))
                        })
                        .collect();
                    steps.extend([
                        get("/heroes/?offset=0&limit=2")
                            .json(json!([row(), row()]))
                            .save("first", ""),
                        get("/heroes/?offset=1&limit=2")
                            .json(json!([row(), row()]))
                            .save("second", ""),
                        verify("offset=1 starts one hero later than offset=0", |session| {
                            let (first, second) =
                                (saved_list(session, "first"), saved_list(session, "second"));
                            let mut problems = list_problems(&first);
                            if first.get(1) != second.first() {
                                problems.push(format!(
                                    "the second hero of offset=0 is {}, but the first of offset=1 is {}",
                                    first.get(1).unwrap_or(&Value::Null),
                                    second.first().unwrap_or(&Value::Null)
                                ));
                            }
                            problems
                        }),
                        get("/heroes/?limit=0").json(json!([])),
                        get("/heroes/?offset=100000000&limit=10").json(json!([])),
                        get("/heroes/?limit=100").status(200),
                        get(format!("/heroes/?limit={over}"))
                            .status(422)
                            .json(fastapi::detail(vec![fastapi::item_with_ctx(
                                "less_than_equal",
                                loc("query", "limit"),
                                "Input should be less than or equal to 100",
                                json!(over.to_string()),
                                json!({"le": 100}),
                            )])),
                        get(format!("/heroes/?offset={bad_offset}&limit={bad_limit}"))
                            .status(422)
                            .json(fastapi::detail(vec![
                                fastapi::int_parsing(loc("query", "offset"), &bad_offset),
                                fastapi::int_parsing(loc("query", "limit"), &bad_limit),
                            ])),
                    ]);
                    steps
                },
            },
            Check {
                id: "10.11",
                title: "GET /heroes/ with no limit answers 100 heroes at most",
                points: 1,
                oracle: HEROES,
                hint: "the default limit is 100, as in FastAPI's `limit: int = 100`: `params.optional_int(\"limit\")` then `unwrap_or(100)`",
                read: "Pages",
                steps: |rng| {
                    let name = hero_name(rng);
                    let create = post("/heroes/")
                        .send_json(json!({"name": name, "secret_name": rng.word(8)}))
                        .json(public(&name, Value::Null));
                    // 101 heroes, in three bursts: FastAPI's thread pool and
                    // SQLAlchemy's 15 connections answer a burst of 101 too
                    // slowly on a small machine.
                    vec![
                        concurrently(34, create.clone()),
                        concurrently(34, create.clone()),
                        concurrently(33, create),
                        get("/heroes/").status(200).save("all", ""),
                        verify("a page of 100", |session| {
                            let heroes = saved_list(session, "all");
                            let mut problems = list_problems(&heroes);
                            if heroes.len() != 100 {
                                problems.push(format!(
                                    "the table holds at least 101 heroes, and GET /heroes/ answered {}",
                                    heroes.len()
                                ));
                            }
                            problems
                        }),
                    ]
                },
            },
        ],
    }
}
