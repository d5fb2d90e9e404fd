//! A `multipart/form-data` body read into memory, the way FastAPI reads one
//! for `File()`, `UploadFile` and `Form()` parameters.
//!
//! axum's `Multipart` hands over the parts one at a time, in the order the
//! client sent them; FastAPI's parameters are found by name, in the order
//! the handler declares them. So the tutorial routes first collect every
//! part ([`FormData`]), then ask for theirs by name, keeping each error.

use axum::{
    Json,
    body::Bytes,
    extract::{FromRequest, Multipart, Request},
    http::{StatusCode, header::CONTENT_TYPE},
    response::{IntoResponse, Response},
};
use fastapi_errors::{ErrorItem, loc, missing, not_a_file};
use serde_json::{Value, json};

/// One part of the body.
pub struct Part {
    pub name: String,
    /// Set when the part is a file (its `content-disposition` names one,
    /// even an empty name); a plain field has none.
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

/// A file part, as FastAPI's `UploadFile` shows it (the tutorials read
/// only its name and content type).
pub struct UploadFile {
    pub filename: String,
    pub content_type: Option<String>,
}

/// Every part of a multipart body; empty when the body is not multipart
/// (JSON, plain text, nothing), so each required parameter is `missing`.
#[derive(Default)]
pub struct FormData(Vec<Part>);

/// FastAPI's answer to a body it cannot read as multipart: 400 with its
/// `detail`, before any parameter is looked at.
pub fn bad_body(detail: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "detail": detail }))).into_response()
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("multipart/form-data"));
        if !is_multipart {
            return Ok(FormData::default());
        }
        // The only way axum's `Multipart` refuses a multipart content type
        // is a missing boundary.
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|_| bad_body("Missing boundary in multipart."))?;
        let mut parts = Vec::new();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(err.into_response());
                }
                Err(_) => return Err(bad_body("Invalid multipart data.")),
            };
            let name = field.name().unwrap_or_default().to_string();
            let filename = field.file_name().map(str::to_string);
            let content_type = field.content_type().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|_| bad_body("Invalid multipart data."))?;
            parts.push(Part {
                name,
                filename,
                content_type,
                bytes,
            });
        }
        Ok(FormData(parts))
    }
}

impl FormData {
    /// Every part named `name`, in the order they came.
    fn named(&self, name: &str) -> Vec<&Part> {
        self.0.iter().filter(|part| part.name == name).collect()
    }

    /// The last part named `name`: FastAPI keeps the last of a repeated one.
    fn last(&self, name: &str) -> Option<&Part> {
        self.0.iter().rev().find(|part| part.name == name)
    }

    /// `name: bytes = File()`: the last part so named, file or text.
    pub fn bytes(&self, name: &str) -> Result<&[u8], ErrorItem> {
        self.last(name)
            .map(|part| &part.bytes[..])
            .ok_or_else(|| missing(loc("body", name)))
    }

    /// `name: list[bytes] = File()`: every part so named, at least one.
    pub fn all_bytes(&self, name: &str) -> Result<Vec<&[u8]>, ErrorItem> {
        let all: Vec<&[u8]> = self
            .named(name)
            .into_iter()
            .map(|part| &part.bytes[..])
            .collect();
        if all.is_empty() {
            return Err(missing(loc("body", name)));
        }
        Ok(all)
    }

    /// `name: UploadFile`: the last part so named, which must be a file.
    pub fn upload(&self, name: &str) -> Result<UploadFile, ErrorItem> {
        let part = self.last(name).ok_or_else(|| missing(loc("body", name)))?;
        as_upload(part, loc("body", name))
    }

    /// `name: list[UploadFile]`: every part so named, each a file; a text
    /// part is an error at its index (`["body", "files", 1]`).
    pub fn uploads(&self, name: &str) -> Result<Vec<UploadFile>, ErrorItem> {
        let parts = self.named(name);
        if parts.is_empty() {
            return Err(missing(loc("body", name)));
        }
        parts
            .into_iter()
            .enumerate()
            .map(|(index, part)| {
                let mut at = loc("body", name);
                at.push(json!(index));
                as_upload(part, at)
            })
            .collect()
    }

    /// `name: str = Form()`: the last text part so named; an empty one is
    /// missing, as FastAPI counts it.
    pub fn text(&self, name: &str) -> Result<String, ErrorItem> {
        let part = self
            .last(name)
            .filter(|part| !part.bytes.is_empty())
            .ok_or_else(|| missing(loc("body", name)))?;
        if part.filename.is_some() {
            // FastAPI quotes the whole UploadFile object here; a file is
            // not a string either way.
            return Err(ErrorItem::new(
                "string_type",
                loc("body", name),
                "Input should be a valid string",
                Value::Null,
            ));
        }
        Ok(String::from_utf8_lossy(&part.bytes).into_owned())
    }
}

fn as_upload(part: &Part, at: Vec<Value>) -> Result<UploadFile, ErrorItem> {
    match &part.filename {
        Some(filename) => Ok(UploadFile {
            filename: filename.clone(),
            content_type: part.content_type.clone(),
        }),
        None => Err(not_a_file(at, &String::from_utf8_lossy(&part.bytes))),
    }
}
