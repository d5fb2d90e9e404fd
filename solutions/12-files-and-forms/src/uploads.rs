//! The upload store (the workbook's own contract, proven against
//! `workbook_uploads.tutorial001`): `POST /uploads/` streams one file to
//! disk under a safe name, `GET /uploads/` lists them, `GET
//! /uploads/{filename}` answers one.
//!
//! A file is written a chunk at a time as it arrives, so memory holds one
//! chunk, never the file: a 50 MB upload costs kilobytes. It is written to
//! a hidden `.NAME.part` first and renamed when complete, so a file over the
//! limit, or a client that hangs up half-way, leaves nothing in the list.

use std::path::PathBuf;

use axum::{
    Json,
    body::Body,
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use fastapi_errors::{ValidationErrors, loc, missing, not_a_file};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;

use crate::form_data::bad_body;

/// The largest file the store takes: 50 MiB.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Where the files live (`./uploads`, made on the first upload).
#[derive(Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Self {
        Store { dir }
    }
}

/// The client's filename made safe to store: only what follows the last
/// `/` or `\`, every character but `A-Z a-z 0-9 . _ -` replaced by `_`,
/// and no leading dots (no `..`, no hidden files). Empty if nothing is left.
pub fn safe_name(filename: &str) -> String {
    let last = filename.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim_start_matches('.').to_string()
}

fn detail(status: StatusCode, detail: &str) -> Response {
    (status, Json(json!({ "detail": detail }))).into_response()
}

/// `POST /uploads/`: 201 `{"filename", "size", "sha256"}`.
pub async fn store_upload(State(store): State<Store>, mut multipart: Multipart) -> Response {
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return detail(StatusCode::PAYLOAD_TOO_LARGE, "File too large");
            }
            Err(_) => return bad_body("Invalid multipart data."),
        };
        if field.name() != Some("file") {
            continue;
        }
        let Some(filename) = field.file_name().map(str::to_string) else {
            let text = field.text().await.unwrap_or_default();
            return ValidationErrors::from(not_a_file(loc("body", "file"), &text)).into_response();
        };
        let name = safe_name(&filename);
        if name.is_empty() {
            return detail(StatusCode::BAD_REQUEST, "Invalid filename");
        }
        if let Err(err) = tokio::fs::create_dir_all(&store.dir).await {
            eprintln!("cannot create {}: {err}", store.dir.display());
            return detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
        let partial = store.dir.join(format!(".{name}.part"));
        let outcome = write_chunks(&mut field, &partial).await;
        match outcome {
            Ok((size, sha256)) => {
                if let Err(err) = tokio::fs::rename(&partial, store.dir.join(&name)).await {
                    eprintln!("cannot store {name}: {err}");
                    return detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
                }
                let body = json!({"filename": name, "size": size, "sha256": sha256});
                return (StatusCode::CREATED, Json(body)).into_response();
            }
            Err(answer) => {
                // Nothing half-written stays behind.
                let _ = tokio::fs::remove_file(&partial).await;
                return answer;
            }
        }
    }
    ValidationErrors::from(missing(loc("body", "file"))).into_response()
}

/// Copies a file part to `path` as it arrives; its size and SHA-256, or the
/// answer to give instead (413 past the limit, 400 for a broken body).
async fn write_chunks(
    field: &mut axum::extract::multipart::Field<'_>,
    path: &std::path::Path,
) -> Result<(usize, String), Response> {
    let server_error = |err: std::io::Error| {
        eprintln!("cannot write {}: {err}", path.display());
        detail(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
    };
    let mut out = tokio::fs::File::create(path).await.map_err(server_error)?;
    let mut digest = Sha256::new();
    let mut size = 0;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(detail(StatusCode::PAYLOAD_TOO_LARGE, "File too large"));
            }
            Err(_) => return Err(bad_body("Invalid multipart data.")),
        };
        size += chunk.len();
        if size > MAX_UPLOAD_BYTES {
            return Err(detail(StatusCode::PAYLOAD_TOO_LARGE, "File too large"));
        }
        digest.update(&chunk);
        out.write_all(&chunk).await.map_err(server_error)?;
    }
    out.flush().await.map_err(server_error)?;
    Ok((size, format!("{:x}", digest.finalize())))
}

/// `GET /uploads/`: `{"filenames": [...]}`, sorted; files still arriving
/// (hidden `.part` files) are not listed.
pub async fn list_uploads(State(store): State<Store>) -> Json<serde_json::Value> {
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(&store.dir).await {
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') {
                names.push(name);
            }
        }
    }
    names.sort();
    Json(json!({ "filenames": names }))
}

/// `GET /uploads/{filename}`: the file's bytes, streamed from disk. A name
/// that is not one the store could have made (`..`, `a/b`, anything
/// `safe_name` would change) is never looked up: 404, as for no file.
pub async fn download_upload(State(store): State<Store>, Path(filename): Path<String>) -> Response {
    let not_found = || detail(StatusCode::NOT_FOUND, "File not found");
    if safe_name(&filename) != filename {
        return not_found();
    }
    let Ok(file) = tokio::fs::File::open(store.dir.join(&filename)).await else {
        return not_found();
    };
    (
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from_stream(ReaderStream::new(file)),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_name;

    #[test]
    fn a_safe_name_keeps_only_the_last_segment_and_plain_characters() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(safe_name("ünï cödé.txt"), "_n__c_d_.txt");
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name(".."), "");
        assert_eq!(safe_name("report-2024_v1.pdf"), "report-2024_v1.pdf");
    }
}
