//! The upload tutorials' routes: FastAPI's `request_files` 001 and 002 and
//! `request_forms_and_files` 001. Each handler asks [`FormData`] for its
//! parameters in the order FastAPI declares them, keeping every error.

use axum::Json;
use fastapi_errors::ValidationErrors;
use serde_json::{Value, json};

use crate::form_data::FormData;

/// `POST /files/`: one file as bytes; answers its size.
pub async fn create_file(form: FormData) -> Result<Json<Value>, ValidationErrors> {
    let file = form.bytes("file")?;
    Ok(Json(json!({ "file_size": file.len() })))
}

/// `POST /uploadfile/`: one file as an `UploadFile`; answers its name,
/// exactly as the client sent it (nothing is stored, so nothing is unsafe).
pub async fn create_upload_file(form: FormData) -> Result<Json<Value>, ValidationErrors> {
    let file = form.upload("file")?;
    Ok(Json(json!({ "filename": file.filename })))
}

/// `POST /multi/files/`: several files under one name; their sizes, in order.
pub async fn create_files(form: FormData) -> Result<Json<Value>, ValidationErrors> {
    let files = form.all_bytes("files")?;
    let sizes: Vec<usize> = files.iter().map(|file| file.len()).collect();
    Ok(Json(json!({ "file_sizes": sizes })))
}

/// `POST /multi/uploadfiles/`: several `UploadFile`s; their names, in order.
pub async fn create_upload_files(form: FormData) -> Result<Json<Value>, ValidationErrors> {
    let files = form.uploads("files")?;
    let names: Vec<&str> = files.iter().map(|file| file.filename.as_str()).collect();
    Ok(Json(json!({ "filenames": names })))
}

/// `POST /forms-and-files/files/`: two files and a text field in one body.
pub async fn create_file_with_token(form: FormData) -> Result<Json<Value>, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let file = errors.take(form.bytes("file"));
    let fileb = errors.take(form.upload("fileb"));
    let token = errors.take(form.text("token"));
    let (Some(file), Some(fileb), Some(token)) = (file, fileb, token) else {
        return Err(errors);
    };
    Ok(Json(json!({
        "file_size": file.len(),
        "token": token,
        // What the client said the file is (null if it said nothing):
        // nobody looked inside.
        "fileb_content_type": fileb.content_type,
    })))
}
