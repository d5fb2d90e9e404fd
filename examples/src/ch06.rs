//! Chapter 06's worked example: a lending library whose types decide what
//! goes out, and whose errors all become responses in one place.
//!
//! ```text
//! POST /members/  {"handle":"ann","pin":"1234","phone":"+44 20 7946 0000"}
//!                 → {"handle":"ann","phone":"+442079460000"}    (no pin)
//! GET  /books/dune          → only the fields that were set
//! GET  /books/dune/card     → {"title":"Dune","pages":412}
//! POST /books/?title=Emma   → 201 {"title":"Emma"}
//! GET  /loans/7             → 410 {"detail":"Loan returned"}, x-shelf: B4
//! GET  /loans/13            → 402 {"fine":"Loan 13 is 3 days late"}
//! ```

use std::collections::HashMap;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Query},
    http::{HeaderMap, StatusCode},
    response::{AppendHeaders, IntoResponse, Response},
    routing::{get, post},
};
use fastapi_errors::{BodyObject, ErrorItem, ValidationErrors, json_body, loc};
use serde::Serialize;
use serde_json::json;

// ANCHOR: error
/// Every way a library request can fail.
#[derive(Debug)]
pub enum LibraryError {
    /// FastAPI's `HTTPException`: a status, a `detail`, extra headers.
    Http {
        code: StatusCode,
        detail: &'static str,
        extra: Vec<(&'static str, &'static str)>,
    },
    /// Input that does not fit: FastAPI's 422 list.
    Invalid(ValidationErrors),
    /// A custom error with a body of its own (an `exception_handler`).
    LateFine { loan: u32, days: u32 },
}

impl IntoResponse for LibraryError {
    fn into_response(self) -> Response {
        match self {
            LibraryError::Http {
                code,
                detail,
                extra,
            } => {
                let body = Json(json!({ "detail": detail }));
                (code, AppendHeaders(extra), body).into_response()
            }
            LibraryError::Invalid(problems) => problems.into_response(),
            LibraryError::LateFine { loan, days } => {
                let fine = format!("Loan {loan} is {days} days late");
                (StatusCode::PAYMENT_REQUIRED, Json(json!({ "fine": fine }))).into_response()
            }
        }
    }
}

/// `?` on one 422 item.
impl From<ErrorItem> for LibraryError {
    fn from(item: ErrorItem) -> Self {
        LibraryError::Invalid(item.into())
    }
}
// ANCHOR_END: error

// ANCHOR: members
/// What a new member sends. No `Serialize`: it can never be answered.
pub struct MemberIn {
    pub handle: String,
    pub pin: String,
    pub phone: Phone,
}

/// What the library answers about a member: there is no field for the pin.
#[derive(Serialize)]
pub struct MemberOut {
    pub handle: String,
    pub phone: Phone,
}

impl From<MemberIn> for MemberOut {
    fn from(member: MemberIn) -> Self {
        // Every field named: a new one in `MemberIn` stops the compiler here.
        let MemberIn {
            handle,
            pin: _,
            phone,
        } = member;
        MemberOut { handle, phone }
    }
}

/// `POST /members/`: read the body, then answer the member without the pin.
async fn join(headers: HeaderMap, body: Bytes) -> Result<Json<MemberOut>, LibraryError> {
    let value = json_body(&headers, &body)?;
    let fields = BodyObject::new(value.as_ref())?;
    let mut problems = ValidationErrors::default();
    let handle = problems.take(fields.string("handle"));
    let pin = problems.take(fields.string("pin"));
    let phone = problems.take(fields.string("phone").and_then(Phone::parse));
    let (Some(handle), Some(pin), Some(phone)) = (handle, pin, phone) else {
        return Err(LibraryError::Invalid(problems));
    };
    let member = MemberIn { handle, pin, phone };
    Ok(Json(member.into()))
}
// ANCHOR_END: members

// ANCHOR: phone
/// A phone number that passed the checks: "parse, don't validate". Its
/// only constructor is `Phone::parse`, so holding one proves it is valid.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Digits, spaces allowed and dropped, an optional leading `+`; at least
    /// six digits. A wrong one is a `value_error` saying why.
    fn parse(raw: String) -> Result<Phone, ErrorItem> {
        let digits: String = raw.chars().filter(|c| *c != ' ').collect();
        let number = digits.strip_prefix('+').unwrap_or(&digits);
        let why = if !number.chars().all(|c| c.is_ascii_digit()) {
            "A phone number has only digits."
        } else if number.len() < 6 {
            "A phone number has at least six digits."
        } else {
            return Ok(Phone(digits));
        };
        let msg = format!("value is not a valid phone number: {why}");
        Err(
            ErrorItem::new("value_error", loc("body", "phone"), msg, raw)
                .with_ctx(json!({ "reason": why })),
        )
    }
}
// ANCHOR_END: phone

// ANCHOR: set_fields
/// A book as stored: `None` is "never set", `Some(None)` is "set to null".
/// Serialising skips what was never set (`response_model_exclude_unset`).
#[derive(Clone, Serialize)]
pub struct Book {
    title: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<Option<&'static str>>,
    pages: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    series: Option<&'static str>,
}

const SHELF: [(&str, Book); 2] = [
    (
        "dune",
        Book {
            title: "Dune",
            subtitle: None,
            pages: 412,
            series: Some("Dune"),
        },
    ),
    (
        "emma",
        Book {
            title: "Emma",
            subtitle: Some(None),
            pages: 474,
            series: None,
        },
    ),
];

fn find_book(slug: &str) -> Result<Book, LibraryError> {
    let found = SHELF.iter().find(|(key, _)| *key == slug);
    found
        .map(|(_, book)| book.clone())
        .ok_or(LibraryError::Http {
            code: StatusCode::NOT_FOUND,
            detail: "Book not found",
            extra: Vec::new(),
        })
}

async fn show_book(Path(slug): Path<String>) -> Result<Json<Book>, LibraryError> {
    Ok(Json(find_book(&slug)?))
}
// ANCHOR_END: set_fields

// ANCHOR: view
/// One view of a book (`response_model_include={"title", "pages"}`): a
/// struct with only those fields cannot answer any other.
#[derive(Serialize)]
struct Card {
    title: &'static str,
    pages: u32,
}

async fn show_card(Path(slug): Path<String>) -> Result<Json<Card>, LibraryError> {
    let book = find_book(&slug)?;
    let card = Card {
        title: book.title,
        pages: book.pages,
    };
    Ok(Json(card))
}
// ANCHOR_END: view

// ANCHOR: created
#[derive(Serialize)]
struct Added {
    title: String,
}

/// `POST /books/?title=..`: 201 Created, as `status_code=201` would say.
async fn add_book(
    Query(query): Query<HashMap<String, String>>,
) -> Result<(StatusCode, Json<Added>), LibraryError> {
    let Some(title) = query.get("title").cloned() else {
        return Err(ErrorItem::missing(loc("query", "title"), serde_json::Value::Null).into());
    };
    Ok((StatusCode::CREATED, Json(Added { title })))
}
// ANCHOR_END: created

// ANCHOR: raise
/// `GET /loans/{loan}`: each handler only says *what* went wrong; how it
/// answers is decided once, in `into_response`.
async fn show_loan(Path(loan): Path<u32>) -> Result<Json<serde_json::Value>, LibraryError> {
    match loan {
        7 => Err(LibraryError::Http {
            code: StatusCode::GONE,
            detail: "Loan returned",
            extra: vec![("x-shelf", "B4")],
        }),
        13 => Err(LibraryError::LateFine { loan, days: 3 }),
        _ => Ok(Json(json!({ "loan": loan }))),
    }
}
// ANCHOR_END: raise

/// The example app.
pub fn app() -> Router {
    Router::new()
        .route("/members/", post(join))
        .route("/books/", post(add_book))
        .route("/books/{slug}", get(show_book))
        .route("/books/{slug}/card", get(show_card))
        .route("/loans/{loan}", get(show_loan))
}
