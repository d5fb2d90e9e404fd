//! Chapter 12's worked example: a photo gallery with a newsletter form.
//!
//! ```text
//! POST /newsletter   form: email, frequency (daily | weekly, default weekly)
//!      → {"email":"ann@example.com","frequency":"weekly"}
//! POST /photos       multipart: caption (text), photo (a PNG or JPEG file)
//!      → 201 {"id":"9b1e…","caption":"Sunset","bytes":48213,"content_type":"image/png"}
//!        413 {"detail":"Photo too large"} past the gallery's limit
//! GET  /photos/9b1e… → the photo's bytes
//! ```
//!
//! A photo is written to disk a chunk at a time as it arrives and stored
//! under an id the server makes: the client's filename is never used as a
//! path.

use std::path::{Path as FsPath, PathBuf};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, Multipart, Path, State, multipart::Field},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use fastapi_errors::{
    Form, FromParams, Params, ValidationErrors, loc, missing, not_a_file, not_one_of,
};
use serde::Serialize;
use serde_json::json;
use tokio::io::AsyncWriteExt;

// ANCHOR: form
/// `email: str = Form()`, `frequency: Literal["daily", "weekly"] = Form("weekly")`.
#[derive(Serialize)]
pub struct Subscription {
    email: String,
    frequency: String,
}

impl FromParams for Subscription {
    fn from_params(form: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let email = errors.take(form.string("email"));
        let frequency = match form.raw("frequency") {
            None => Some("weekly".to_string()),
            Some(choice @ ("daily" | "weekly")) => Some(choice.to_string()),
            Some(other) => errors.take(Err(not_one_of(
                form.loc("frequency"),
                other,
                &["daily", "weekly"],
            ))),
        };
        Some(Subscription {
            email: email?,
            frequency: frequency?,
        })
    }
}

/// `fastapi_errors::Form` reads the body; a missing or empty field is
/// already a 422 with `loc: ["body", name]` when this runs.
async fn subscribe(Form(subscription): Form<Subscription>) -> Json<Subscription> {
    Json(subscription)
}
// ANCHOR_END: form

/// Where photos go, and the largest one taken.
#[derive(Clone)]
pub struct Gallery {
    dir: PathBuf,
    max_bytes: usize,
}

impl Gallery {
    pub fn new(dir: impl Into<PathBuf>, max_bytes: usize) -> Gallery {
        Gallery {
            dir: dir.into(),
            max_bytes,
        }
    }
}

fn detail(status: StatusCode, detail: &str) -> Response {
    (status, Json(json!({ "detail": detail }))).into_response()
}

// ANCHOR: router
pub fn app(gallery: Gallery) -> Router {
    // A multipart body counts boundaries and headers too: leave room above
    // the photo's own limit, which the handler counts exactly.
    let body_limit = gallery.max_bytes + 64 * 1024;
    Router::new()
        .route("/newsletter", post(subscribe))
        .route(
            "/photos",
            post(upload_photo).layer(DefaultBodyLimit::max(body_limit)),
        )
        .route("/photos/{id}", get(download_photo))
        .with_state(gallery)
}
// ANCHOR_END: router

// ANCHOR: parts
/// `POST /photos`: the parts come in the client's order, so the caption may
/// arrive before or after the photo. Text is kept; the photo goes straight
/// to disk. What is missing is known only at the end.
async fn upload_photo(State(gallery): State<Gallery>, mut multipart: Multipart) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    let mut caption = None;
    let mut stored = None;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            // A body over the route's `DefaultBodyLimit`.
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return detail(StatusCode::PAYLOAD_TOO_LARGE, "Photo too large");
            }
            Err(_) => return detail(StatusCode::BAD_REQUEST, "Invalid multipart data."),
        };
        match (field.name(), field.file_name()) {
            (Some("caption"), _) => caption = field.text().await.ok(),
            (Some("photo"), Some(_)) => {
                let kind = field.content_type().unwrap_or_default().to_string();
                if kind != "image/png" && kind != "image/jpeg" {
                    return detail(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Only PNG or JPEG");
                }
                let path = gallery.dir.join(&id);
                match save(&mut field, &path, gallery.max_bytes).await {
                    Ok(bytes) => stored = Some((bytes, kind)),
                    Err(answer) => return answer,
                }
            }
            (Some("photo"), None) => {
                let text = field.text().await.unwrap_or_default();
                return ValidationErrors::from(not_a_file(loc("body", "photo"), &text))
                    .into_response();
            }
            _ => {} // parts nobody asked for are skipped
        }
    }
    let mut errors = ValidationErrors::default();
    let caption = errors.take(
        caption
            .filter(|c| !c.is_empty())
            .ok_or_else(|| missing(loc("body", "caption"))),
    );
    let stored = errors.take(stored.ok_or_else(|| missing(loc("body", "photo"))));
    let (Some(caption), Some((bytes, content_type))) = (caption, stored) else {
        // A photo already written for a request that fails is removed.
        let _ = tokio::fs::remove_file(gallery.dir.join(&id)).await;
        return errors.into_response();
    };
    let body = json!({"id": id, "caption": caption, "bytes": bytes, "content_type": content_type});
    (StatusCode::CREATED, Json(body)).into_response()
}
// ANCHOR_END: parts

// ANCHOR: stream
/// Writes a file part to `path` as it arrives: memory holds one chunk, not
/// the photo. Past `max_bytes` the partial file is deleted and the answer
/// is 413.
async fn save(field: &mut Field<'_>, path: &FsPath, max_bytes: usize) -> Result<usize, Response> {
    let failed = || detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(|_| failed())?;
    }
    let mut file = tokio::fs::File::create(path).await.map_err(|_| failed())?;
    let mut written = 0;
    let outcome = loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                written += chunk.len();
                if written > max_bytes {
                    break Err(detail(StatusCode::PAYLOAD_TOO_LARGE, "Photo too large"));
                }
                if file.write_all(&chunk).await.is_err() {
                    break Err(failed());
                }
            }
            Ok(None) => break Ok(written),
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                break Err(detail(StatusCode::PAYLOAD_TOO_LARGE, "Photo too large"));
            }
            Err(_) => break Err(detail(StatusCode::BAD_REQUEST, "Invalid multipart data.")),
        }
    };
    if outcome.is_err() {
        drop(file);
        let _ = tokio::fs::remove_file(path).await;
    }
    outcome
}
// ANCHOR_END: stream

// ANCHOR: download
/// `GET /photos/{id}`: only a well-formed id is looked up, so no path the
/// client writes (`..%2F..%2Fetc%2Fpasswd`) ever reaches the disk.
async fn download_photo(State(gallery): State<Gallery>, Path(id): Path<String>) -> Response {
    if uuid::Uuid::try_parse(&id).is_err() {
        return detail(StatusCode::NOT_FOUND, "Photo not found");
    }
    match tokio::fs::read(gallery.dir.join(&id)).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Err(_) => detail(StatusCode::NOT_FOUND, "Photo not found"),
    }
}
// ANCHOR_END: download
