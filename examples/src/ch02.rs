//! Chapter 02's worked example: a calendar whose path parameters are parsed
//! by hand, so that bad input answers this API's own JSON error.
//!
//! ```text
//! GET /days/42            {"day":42}
//! GET /days/soon          400 {"errors":[{"field":"day","problem":"not a whole number","got":"soon"}]}
//! GET /weeks/current      {"week":"the current week"}
//! GET /weeks/17           {"week":"17"}
//! GET /notes/2026/may.md  {"note":"2026/may.md"}
//! GET /weekdays/tue       {"weekday":"tue","busy":true}
//! ```
//!
//! Its error shape is not FastAPI's (that one is your exercise): it is an
//! example of the technique, on another API's contract.

use axum::{
    Json, Router,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;

// ANCHOR: error_shape
/// One complaint about the input. Field names are this API's own.
#[derive(Debug, Serialize)]
pub struct Complaint {
    field: &'static str,
    problem: String,
    got: String,
    /// Only some complaints have a suggestion; none means no key at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    try_instead: Option<String>,
}

/// Every complaint about one request; answers 400 `{"errors": [...]}`.
#[derive(Debug)]
pub struct Rejected(Vec<Complaint>);

/// One complaint is a whole answer, so `?` works on `Result<T, Complaint>`.
impl From<Complaint> for Rejected {
    fn from(complaint: Complaint) -> Self {
        Rejected(vec![complaint])
    }
}

/// How the list goes out: a status and a JSON body.
impl IntoResponse for Rejected {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body {
            errors: Vec<Complaint>,
        }
        (StatusCode::BAD_REQUEST, Json(Body { errors: self.0 })).into_response()
    }
}
// ANCHOR_END: error_shape

// ANCHOR: parse
/// Text to a day of the year, or a complaint ready to send: after this
/// call the handler holds a `u16`, never a string to check again.
fn day_of_year(text: &str) -> Result<u16, Complaint> {
    let complaint = |problem: &str| Complaint {
        field: "day",
        problem: problem.to_string(),
        got: text.to_string(),
        try_instead: None,
    };
    let day: u16 = text.parse().map_err(|_| complaint("not a whole number"))?;
    if !(1..=366).contains(&day) {
        return Err(complaint("not a day of the year"));
    }
    Ok(day)
}

#[derive(Serialize)]
struct Day {
    day: u16,
}

/// `GET /days/{day}`: `Path<String>` cannot fail, so the parser decides.
async fn show_day(Path(text): Path<String>) -> Result<Json<Day>, Rejected> {
    let day = day_of_year(&text)?;
    Ok(Json(Day { day }))
}
// ANCHOR_END: parse

// ANCHOR: fixed
#[derive(Serialize)]
struct Week {
    week: String,
}

/// `/weeks/current` is its own route: a fixed segment beats `{week}`,
/// whichever is declared first.
async fn current_week() -> Json<Week> {
    let week = "the current week".to_string();
    Json(Week { week })
}

async fn show_week(Path(week): Path<String>) -> Json<Week> {
    Json(Week { week })
}
// ANCHOR_END: fixed

// ANCHOR: wildcard
#[derive(Serialize)]
struct Note {
    note: String,
}

/// `/notes/{*path}` takes the rest of the path, slashes and all.
async fn show_note(Path(note): Path<String>) -> Json<Note> {
    Json(Note { note })
}
// ANCHOR_END: wildcard

// ANCHOR: choices
/// Three days the example knows; any other text is a complaint that lists them.
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
enum Weekday {
    Mon,
    Tue,
    Wed,
}

impl Weekday {
    const NAMES: [(&'static str, Weekday); 3] = [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
    ];

    /// An exact match, or a complaint naming every choice: "mon, tue or wed".
    fn from_text(text: &str) -> Result<Weekday, Complaint> {
        if let Some((_, day)) = Self::NAMES.iter().find(|(name, _)| *name == text) {
            return Ok(*day);
        }
        let names: Vec<&str> = Self::NAMES.iter().map(|(name, _)| *name).collect();
        let (last, others) = names.split_last().expect("three names");
        Err(Complaint {
            field: "weekday",
            problem: "not a weekday this calendar knows".to_string(),
            got: text.to_string(),
            try_instead: Some(format!("{} or {last}", others.join(", "))),
        })
    }
}

#[derive(Serialize)]
struct Agenda {
    weekday: Weekday,
    busy: bool,
}

/// A `match` on the enum must name every day: add one and the compiler
/// points here.
async fn show_weekday(Path(text): Path<String>) -> Result<Json<Agenda>, Rejected> {
    let weekday = Weekday::from_text(&text)?;
    let busy = match weekday {
        Weekday::Mon | Weekday::Wed => false,
        Weekday::Tue => true,
    };
    Ok(Json(Agenda { weekday, busy }))
}
// ANCHOR_END: choices

// ANCHOR: app
/// The example app.
pub fn app() -> Router {
    Router::new()
        .route("/days/{day}", get(show_day))
        .route("/weeks/{week}", get(show_week))
        .route("/weeks/current", get(current_week))
        .route("/notes/{*path}", get(show_note))
        .route("/weekdays/{weekday}", get(show_weekday))
}
// ANCHOR_END: app
