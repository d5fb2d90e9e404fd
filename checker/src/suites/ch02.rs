//! Chapter 02 — path parameters. FastAPI's `path_params` tutorials 002–005,
//! served by one app.
//!
//! | method | path                         | status | body                                            |
//! |--------|------------------------------|--------|-------------------------------------------------|
//! | GET    | /items/{int}                 | 200    | {"item_id": int}                                |
//! | GET    | /items/{not an int}          | 422    | detail: int_parsing at ["path","item_id"]       |
//! | GET    | /users/me                    | 200    | {"user_id":"the current user"}                  |
//! | GET    | /users/{text}                | 200    | {"user_id": text}                               |
//! | GET    | /files/{a/b/c}               | 200    | {"file_path":"a/b/c"} (no leading slash)        |
//! | GET    | /files//{a/b/c}              | 200    | {"file_path":"/a/b/c"}                          |
//! | GET    | /models/{alexnet,resnet,lenet} | 200  | {"model_name", "message"}                       |
//! | GET    | /models/{other}              | 422    | detail: enum at ["path","model_name"], ctx.expected |

use serde_json::json;

use super::fastapi::{self, loc};
use crate::suite::{Chapter, Check, Needs, Oracle, Step, get};

const TYPED: Oracle = Oracle::FastApi("path_params.tutorial002");
const ORDER: Oracle = Oracle::FastApi("path_params.tutorial003");
const FILES: Oracle = Oracle::FastApi("path_params.tutorial004");
const MODELS: Oracle = Oracle::FastApi("path_params.tutorial005");

const MODELS_EXPECTED: &str = "'alexnet', 'resnet' or 'lenet'";

/// `GET /items/{raw}` answered with the one `int_parsing` error.
fn not_an_int(raw: &str) -> Step {
    get(format!("/items/{raw}"))
        .status(422)
        .json(fastapi::detail(vec![fastapi::int_parsing(
            loc("path", "item_id"),
            raw,
        )]))
}

/// `GET /models/{raw}` answered with the one `enum` error.
fn not_a_model(raw: &str) -> Step {
    get(format!("/models/{raw}"))
        .status(422)
        .json(fastapi::detail(vec![fastapi::item_with_ctx(
            "enum",
            loc("path", "model_name"),
            &format!("Input should be {MODELS_EXPECTED}"),
            json!(raw),
            json!({"expected": MODELS_EXPECTED}),
        )]))
}

fn file(path: &str, file_path: &str) -> Step {
    get(format!("/files/{path}")).json(json!({ "file_path": file_path }))
}

/// A random relative file path of two to four segments, like `qzm/fe/ab.txt`.
fn random_file_path(rng: &mut crate::seed::Rng) -> String {
    let depth = rng.int(1, 3);
    let mut segments: Vec<String> = (0..depth).map(|_| rng.word(5)).collect();
    segments.push(format!(
        "{}.{}",
        rng.word(6),
        rng.pick(&["txt", "rs", "json"])
    ));
    segments.join("/")
}

pub fn chapter() -> Chapter {
    Chapter {
        number: 2,
        slug: "path-parameters",
        title: "Path parameters",
        needs: Needs::NOTHING,
        checks: vec![
            Check {
                id: "02.1",
                title: "an integer path parameter comes back as a JSON number",
                points: 1,
                oracle: TYPED,
                hint: "parse item_id into an i64 and return Json of a struct with one field, `item_id`",
                read: "Typed path parameters",
                steps: |rng| {
                    let id = rng.int(1, 99_999);
                    let negative = -rng.int(1, 999);
                    vec![
                        get("/items/1").json(json!({"item_id": 1})),
                        get(format!("/items/{id}")).json(json!({"item_id": id})),
                        get(format!("/items/{negative}")).json(json!({"item_id": negative})),
                        // A sign is part of an integer, as the book promises.
                        get(format!("/items/+{id}")).json(json!({"item_id": id})),
                    ]
                },
            },
            Check {
                id: "02.2",
                title: "a path parameter that is not an integer is rejected with FastAPI's 422",
                points: 2,
                oracle: TYPED,
                hint: "take the raw Path<String>, parse it yourself, and on failure return ValidationErrors (422) with one int_parsing item",
                read: "When the value is not a number",
                steps: |rng| {
                    let word = rng.word(5);
                    let float = format!("{}.{}", rng.int(1, 99), rng.int(1, 9));
                    vec![not_an_int("item1"), not_an_int(&word), not_an_int(&float)]
                },
            },
            Check {
                id: "02.3",
                title: "/users/me is its own route, not a user called \"me\"",
                points: 1,
                oracle: ORDER,
                hint: "add a route for the fixed path /users/me beside /users/{user_id}",
                read: "Fixed paths and parameters",
                steps: |_| vec![get("/users/me").json(json!({"user_id": "the current user"}))],
            },
            Check {
                id: "02.4",
                title: "/users/{user_id} echoes any other id as a string",
                points: 1,
                oracle: ORDER,
                hint: "a Path<String> keeps the id as text, even when it looks like a number",
                read: "Fixed paths and parameters",
                steps: |rng| {
                    let name = rng.word(7);
                    let digits = rng.int(1, 9999).to_string();
                    vec![
                        get(format!("/users/{name}")).json(json!({ "user_id": name })),
                        get(format!("/users/{digits}")).json(json!({ "user_id": digits })),
                        // "me" only as the whole segment: "meg" is a user.
                        get("/users/meg").json(json!({"user_id": "meg"})),
                    ]
                },
            },
            Check {
                id: "02.5",
                title: "a file path with slashes is captured whole, without a leading slash",
                points: 2,
                oracle: FILES,
                hint: "a wildcard route, /files/{*file_path}, takes the rest of the path",
                read: "Paths that contain slashes",
                steps: |rng| {
                    let path = random_file_path(rng);
                    let name = format!("{}.txt", rng.word(6));
                    vec![
                        file("home/johndoe/myfile.txt", "home/johndoe/myfile.txt"),
                        file(&path, &path),
                        file(&name, &name),
                    ]
                },
            },
            Check {
                id: "02.6",
                title: "a double slash after /files keeps the absolute path",
                points: 1,
                oracle: FILES,
                hint: "the wildcard takes everything after `/files/`, including a second slash",
                read: "Paths that contain slashes",
                steps: |rng| {
                    let path = random_file_path(rng);
                    vec![
                        file("/home/johndoe/myfile.txt", "/home/johndoe/myfile.txt"),
                        file(&format!("/{path}"), &format!("/{path}")),
                    ]
                },
            },
            Check {
                id: "02.7",
                title: "each known model name answers with its own message",
                points: 1,
                oracle: MODELS,
                hint: "parse the name into an enum and `match` on it for the message",
                read: "A fixed set of values",
                steps: |rng| {
                    let mut steps: Vec<Step> = [
                        ("alexnet", "Deep Learning FTW!"),
                        ("resnet", "Have some residuals"),
                        ("lenet", "LeCNN all the images"),
                    ]
                    .iter()
                    .map(|(name, message)| {
                        get(format!("/models/{name}"))
                            .json(json!({"model_name": name, "message": message}))
                    })
                    .collect();
                    // The same three, in a random order.
                    let first = rng.int(0, 2) as usize;
                    steps.rotate_left(first);
                    steps
                },
            },
            Check {
                id: "02.8",
                title: "an unknown model name is rejected with a 422 enum error listing the choices",
                points: 2,
                oracle: MODELS,
                hint: "on no match, return one ErrorItem of type \"enum\" whose msg and ctx.expected list 'alexnet', 'resnet' or 'lenet'",
                read: "A fixed set of values",
                steps: |rng| {
                    // Eight letters: never one of the three names.
                    let word = format!("{}net", rng.word(5));
                    vec![
                        not_a_model("foo"),
                        not_a_model(&word),
                        // Case matters: "Alexnet" is not "alexnet".
                        not_a_model("Alexnet"),
                    ]
                },
            },
        ],
    }
}
