//! Chapter 02 — path parameters (reference solution).
//!
//! The contract is four of FastAPI's `path_params` tutorial apps served by one
//! router: a typed `item_id`, `/users/me` beside `/users/{user_id}`, a path
//! that spans slashes, and a parameter limited to a fixed set of names.
//!
//! ```text
//! $ PORT=8000 cargo run -p ch02-path-parameters-solution
//! $ curl http://127.0.0.1:8000/items/42
//! {"item_id":42}
//! $ curl -i http://127.0.0.1:8000/items/foo
//! HTTP/1.1 422 Unprocessable Entity
//! content-type: application/json
//!
//! {"detail":[{"type":"int_parsing","loc":["path","item_id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"foo"}]}
//! $ curl http://127.0.0.1:8000/files/home/johndoe/myfile.txt
//! {"file_path":"home/johndoe/myfile.txt"}
//! ```

// A 422 `ErrorItem` is 128 bytes, which clippy finds large for an `Err`. It is
// built only for a bad request and moved a few times: boxing buys nothing.
#![allow(clippy::result_large_err)]

mod validation;

use axum::{Json, Router, extract::Path, http::StatusCode, routing::get};
use serde::Serialize;

use crate::validation::{ErrorItem, ValidationErrors, loc, not_one_of, parse_int};

// ANCHOR: read_item
#[derive(Serialize)]
struct Item {
    item_id: i64,
}

/// `GET /items/{item_id}`: the id must be a whole number. `Path<String>`
/// cannot fail on a matched route, so every bad value reaches our own parser,
/// which answers FastAPI's 422 instead of axum's 400.
async fn read_item(Path(raw): Path<String>) -> Result<Json<Item>, ValidationErrors> {
    let item_id = parse_int(loc("path", "item_id"), &raw)?;
    Ok(Json(Item { item_id }))
}
// ANCHOR_END: read_item

// ANCHOR: users
#[derive(Serialize)]
struct User {
    user_id: String,
}

/// `GET /users/me`: a fixed path that would also fit `/users/{user_id}`.
async fn read_user_me() -> Json<User> {
    Json(User {
        user_id: "the current user".into(),
    })
}

/// `GET /users/{user_id}`: any text, kept as text (`"123"` stays a string).
async fn read_user(Path(user_id): Path<String>) -> Json<User> {
    Json(User { user_id })
}
// ANCHOR_END: users

// ANCHOR: read_file
#[derive(Serialize)]
struct File {
    file_path: String,
}

/// `GET /files/{*file_path}`: the wildcard takes the rest of the path,
/// slashes included, without the slash that ends `/files/` — exactly what
/// FastAPI's `{file_path:path}` gives.
async fn read_file(Path(file_path): Path<String>) -> Json<File> {
    Json(File { file_path })
}
// ANCHOR_END: read_file

// ANCHOR: model_name
/// The models `/models/{model_name}` knows. An enum makes "one of these three"
/// a type: once parsed, no other value can exist.
#[derive(Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
enum ModelName {
    Alexnet,
    Resnet,
    Lenet,
}

impl ModelName {
    /// Every value, in the order FastAPI lists them in its error message.
    const ALL: [(&'static str, ModelName); 3] = [
        ("alexnet", ModelName::Alexnet),
        ("resnet", ModelName::Resnet),
        ("lenet", ModelName::Lenet),
    ];

    /// Exactly one of the names (case matters, as in FastAPI), or the `enum`
    /// error listing them all.
    fn parse(raw: &str) -> Result<Self, ErrorItem> {
        match Self::ALL.iter().find(|(name, _)| *name == raw) {
            Some((_, model)) => Ok(*model),
            None => {
                let names: Vec<&str> = Self::ALL.iter().map(|(name, _)| *name).collect();
                Err(not_one_of(loc("path", "model_name"), raw, &names))
            }
        }
    }
}

#[derive(Serialize)]
struct Model {
    model_name: ModelName,
    message: &'static str,
}

async fn get_model(Path(raw): Path<String>) -> Result<Json<Model>, ValidationErrors> {
    let model_name = ModelName::parse(&raw)?;
    // A `match` on an enum must name every case: add a model and the compiler
    // points here.
    let message = match model_name {
        ModelName::Alexnet => "Deep Learning FTW!",
        ModelName::Lenet => "LeCNN all the images",
        ModelName::Resnet => "Have some residuals",
    };
    Ok(Json(Model {
        model_name,
        message,
    }))
}
// ANCHOR_END: model_name

// Chapter 01's JSON answers for unknown paths and wrong methods.
#[derive(Serialize)]
struct Detail {
    detail: &'static str,
}

async fn not_found() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::NOT_FOUND,
        Json(Detail {
            detail: "Not Found",
        }),
    )
}

async fn method_not_allowed() -> (StatusCode, Json<Detail>) {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(Detail {
            detail: "Method Not Allowed",
        }),
    )
}

// ANCHOR: app
/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/items/{item_id}", get(read_item))
        // A fixed segment always wins over a parameter in axum, whatever the
        // order of these lines; FastAPI tries routes top to bottom.
        .route("/users/me", get(read_user_me))
        .route("/users/{user_id}", get(read_user))
        .route("/files/{*file_path}", get(read_file))
        .route("/models/{model_name}", get(get_model))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}
// ANCHOR_END: app

#[tokio::main]
async fn main() {
    // The checker picks a free port and passes it in PORT; 8000 is uvicorn's default.
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".to_string());
    let addr = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|err| panic!("cannot listen on {addr}: {err}"));
    println!("listening on http://{addr}");
    axum::serve(listener, app())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .expect("server error");
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests finish before exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.expect("Ctrl-C handler");
    };
    // SIGTERM is how process managers (and the checker) ask a server to
    // stop; Windows has no such signal, so there only Ctrl-C counts.
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
