//! Chapter 02 — path parameters (your starter).
//!
//! Run the checks:  cargo run -p checker -- chapter 2
//! Run the server:  PORT=8000 cargo run -p ch02-path-parameters
//!
//! Every route answers already, with axum's stock extractors. Your job is to
//! make bad values answer FastAPI's 422 JSON instead of axum's 400 text, and
//! to add the routes FastAPI's tutorial apps have that this one lacks.

// The 422 error list lives in its own module, which you write in this chapter.
mod validation;

use axum::{Json, Router, extract::Path, http::StatusCode, routing::get};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Item {
    item_id: i64,
}

// TODO(ch02): `Path<i64>` answers `/items/foo` with 400 and plain text; FastAPI
// answers 422 with an `int_parsing` item. Take the raw `Path<String>`, parse it
// with your `parse_int`, and return `Result<Json<Item>, ValidationErrors>`.
// Book: 02 · Path parameters › "When the value is not a number"
async fn read_item(Path(item_id): Path<i64>) -> Json<Item> {
    Json(Item { item_id })
}

#[derive(Serialize)]
struct User {
    user_id: String,
}

async fn read_user(Path(user_id): Path<String>) -> Json<User> {
    Json(User { user_id })
}

#[derive(Serialize)]
struct File {
    file_path: String,
}

async fn read_file(Path(file_path): Path<String>) -> Json<File> {
    Json(File { file_path })
}

/// The models `/models/{model_name}` knows.
#[derive(Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum ModelName {
    Alexnet,
    Resnet,
    Lenet,
}

#[derive(Serialize)]
struct Model {
    model_name: ModelName,
    message: &'static str,
}

// TODO(ch02): serde rejects `/models/foo` for you, but axum turns that into
// 400 text. Parse the raw string yourself and answer FastAPI's 422 `enum`
// error, whose `msg` and `ctx.expected` list 'alexnet', 'resnet' or 'lenet'.
// Book: 02 · Path parameters › "A fixed set of values"
async fn get_model(Path(model_name): Path<ModelName>) -> Json<Model> {
    let message = match model_name {
        ModelName::Alexnet => "Deep Learning FTW!",
        ModelName::Lenet => "LeCNN all the images",
        ModelName::Resnet => "Have some residuals",
    };
    Json(Model {
        model_name,
        message,
    })
}

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

/// The whole application. `main` only serves it, so tests can build it too.
fn app() -> Router {
    Router::new()
        .route("/items/{item_id}", get(read_item))
        // TODO(ch02): `GET /users/me` must answer {"user_id": "the current user"},
        // not treat "me" as a user id.
        // Book: 02 · Path parameters › "Fixed paths and parameters"
        .route("/users/{user_id}", get(read_user))
        // TODO(ch02): a file path has slashes: `/files/home/johndoe/myfile.txt`
        // must answer {"file_path": "home/johndoe/myfile.txt"}. `{file_path}`
        // matches one segment only.
        // Book: 02 · Path parameters › "Paths that contain slashes"
        .route("/files/{file_path}", get(read_file))
        .route("/models/{model_name}", get(get_model))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

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
