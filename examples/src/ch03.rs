//! Chapter 03's worked example: a song list read from the query string.
//!
//! ```text
//! GET /songs/?offset=1&count=2           ["Verse","Bridge"]
//! GET /albums/7/songs?order=DESC         {"album_id":7,"order":"desc","songs":[...]}
//! GET /lyrics/Intro                      422 missing ["query","lang"]
//! ```

use std::collections::HashMap;

use axum::{
    Json, Router,
    extract::{Path, Query},
    routing::get,
};
use fastapi_errors::{ErrorItem, ValidationErrors, loc, not_one_of, parse_int};
use serde::Serialize;
use serde_json::Value;

const SONGS: [&str; 4] = ["Intro", "Verse", "Bridge", "Outro"];

/// Every query parameter as text: extracting this never fails, so each
/// value reaches a parser of our own.
type RawQuery = HashMap<String, String>;

// ANCHOR: defaults
/// A query integer with a default (`count: int = 2`): absent is the default,
/// present must parse.
fn int_or(raw: &RawQuery, name: &str, default: i64) -> Result<i64, ErrorItem> {
    match raw.get(name) {
        None => Ok(default),
        Some(text) => parse_int(loc("query", name), text),
    }
}

/// `GET /songs/?offset=..&count=..`. Both values are parsed before either
/// error is answered, so `?offset=a&count=b` hears about both.
async fn list_songs(
    Query(raw): Query<RawQuery>,
) -> Result<Json<Vec<&'static str>>, ValidationErrors> {
    let mut problems = ValidationErrors::default();
    let offset = problems.take(int_or(&raw, "offset", 0));
    let count = problems.take(int_or(&raw, "count", 2));
    // A `None` left its error in `problems`: the list is never empty here.
    let (Some(offset), Some(count)) = (offset, count) else {
        return Err(problems);
    };
    // Like a Python slice, a window past the end is just shorter.
    let first = usize::try_from(offset).unwrap_or(0).min(SONGS.len());
    let last = usize::try_from(offset.saturating_add(count))
        .unwrap_or(0)
        .clamp(first, SONGS.len());
    Ok(Json(SONGS[first..last].to_vec()))
}
// ANCHOR_END: defaults

// ANCHOR: spellings
/// Which way round to list an album.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Asc,
    Desc,
}

/// `order` in any case, two spellings each way; anything else is an `enum`
/// error naming the choices. Lower-case once, then one `match` says it all.
fn parse_order(at: Vec<Value>, text: &str) -> Result<Order, ErrorItem> {
    match text.to_ascii_lowercase().as_str() {
        "asc" | "ascending" => Ok(Order::Asc),
        "desc" | "descending" => Ok(Order::Desc),
        _ => Err(not_one_of(at, text, &["asc", "desc"])),
    }
}
// ANCHOR_END: spellings

// ANCHOR: optional
#[derive(Serialize)]
struct AlbumSongs {
    album_id: i64,
    order: Order,
    /// Left out of the JSON when there is none, as FastAPI's dict leaves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    search: Option<String>,
    songs: Vec<&'static str>,
}

/// `GET /albums/{album_id}/songs?order=..&search=..`: a path value and two
/// optional query values. A bad path and a bad query value are one answer,
/// the path's error first, because it is taken first.
async fn album_songs(
    Path(album): Path<String>,
    Query(raw): Query<RawQuery>,
) -> Result<Json<AlbumSongs>, ValidationErrors> {
    let mut problems = ValidationErrors::default();
    let album_id = problems.take(parse_int(loc("path", "album_id"), &album));
    let order = problems.take(match raw.get("order") {
        None => Ok(Order::Asc),
        Some(text) => parse_order(loc("query", "order"), text),
    });
    let (Some(album_id), Some(order)) = (album_id, order) else {
        return Err(problems);
    };
    // An empty `?search=` counts as none, like Python's `if search:`.
    let search = raw.get("search").filter(|text| !text.is_empty()).cloned();
    let mut songs = SONGS.to_vec();
    if order == Order::Desc {
        songs.reverse();
    }
    Ok(Json(AlbumSongs {
        album_id,
        order,
        search,
        songs,
    }))
}
// ANCHOR_END: optional

// ANCHOR: required
#[derive(Serialize)]
struct Lyrics {
    title: String,
    lang: String,
    /// `verse: int | None = None`: always sent, `null` when not given.
    verse: Option<i64>,
}

/// `GET /lyrics/{title}?lang=..&verse=..`: `lang` has no default, so its
/// absence is FastAPI's `missing` error, with `input` null.
async fn read_lyrics(
    Path(title): Path<String>,
    Query(raw): Query<RawQuery>,
) -> Result<Json<Lyrics>, ValidationErrors> {
    let mut problems = ValidationErrors::default();
    let lang = problems.take(
        raw.get("lang")
            .cloned()
            .ok_or_else(|| ErrorItem::missing(loc("query", "lang"), Value::Null)),
    );
    let verse = problems.take(
        raw.get("verse")
            .map(|text| parse_int(loc("query", "verse"), text))
            .transpose(),
    );
    let (Some(lang), Some(verse)) = (lang, verse) else {
        return Err(problems);
    };
    Ok(Json(Lyrics { title, lang, verse }))
}
// ANCHOR_END: required

/// The example app.
pub fn app() -> Router {
    Router::new()
        .route("/songs/", get(list_songs))
        .route("/albums/{album_id}/songs", get(album_songs))
        .route("/lyrics/{title}", get(read_lyrics))
}
