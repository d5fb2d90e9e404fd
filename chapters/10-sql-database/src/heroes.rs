//! The hero routes: FastAPI's `sql_databases` tutorial 002 on sqlx.
//!
//! What goes in (`HeroCreate`, `HeroUpdate`, the page, the id) is read by
//! `fastapi-errors`, so bad input is FastAPI's 422 before any SQL runs.
//! What comes out is `HeroPublic`, a row type with no `secret_name`.

use axum::{
    Router,
    extract::State,
    routing::{get, post},
};
use fastapi_errors::{
    BodyObject, FromBody, FromParams, Json, Params, Path, Query, ValidationErrors,
};
use serde::Serialize;
use serde_json::Value;
use sqlx::AnyPool;

use crate::error::{ApiError, Result};

/// `HeroCreate`: what a client sends to create a hero. An `id` in the body
/// is ignored: the database picks it.
// `allow(dead_code)`: the handlers you write read these fields; until then
// the compiler would warn that nothing does. Remove it when you are done.
#[allow(dead_code)]
pub struct HeroCreate {
    name: String,
    age: Option<i64>,
    secret_name: String,
}

impl FromBody for HeroCreate {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let name = errors.take(body.string("name"));
        let age = errors.take(body.nullable_int("age"));
        let secret_name = errors.take(body.string("secret_name"));
        Some(HeroCreate {
            name: name?,
            age: age?.flatten(),
            secret_name: secret_name?,
        })
    }
}

/// `HeroUpdate`: every field may be left out, and only the fields sent
/// change. For `age`, "not sent" (`None`) and "sent as null"
/// (`Some(None)`, which clears it) are different requests.
#[allow(dead_code)]
pub struct HeroUpdate {
    name: Option<String>,
    age: Option<Option<i64>>,
    secret_name: Option<String>,
}

impl FromBody for HeroUpdate {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let name = errors.take(body.optional_string("name"));
        let age = errors.take(body.nullable_int("age"));
        let secret_name = errors.take(body.optional_string("secret_name"));
        Some(HeroUpdate {
            name: name?,
            age: age?,
            secret_name: secret_name?,
        })
    }
}

/// `?offset=0&limit=100`: FastAPI's `offset: int = 0` and
/// `limit: Annotated[int, Query(le=100)] = 100`.
// TODO(ch10): a `limit` over 100 must be FastAPI's 422 `less_than_equal`
// (`fastapi_errors::bound` with `Bound::Le(100)` makes the error item).
// Book: 10 · SQL database › "Pages"
#[allow(dead_code)]
pub struct Page {
    offset: i64,
    limit: i64,
}

impl FromParams for Page {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let offset = errors.take(params.optional_int("offset"));
        let limit = errors.take(params.optional_int("limit"));
        Some(Page {
            offset: offset?.unwrap_or(0),
            limit: limit?.unwrap_or(100),
        })
    }
}

/// The `{hero_id}` of a path: an integer, or FastAPI's `int_parsing`.
#[allow(dead_code)]
pub struct HeroId(i64);

impl FromParams for HeroId {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        errors.take(params.int("hero_id")).map(HeroId)
    }
}

/// `HeroPublic`: what every route answers: no `secret_name`.
// TODO(ch10): let sqlx build it from a row: derive `sqlx::FromRow`, and
// select only these three columns in every query.
// Book: 10 · SQL database › "Rows in, rows out"
#[allow(dead_code)]
#[derive(Debug, Serialize)]
pub struct HeroPublic {
    id: i64,
    name: String,
    age: Option<i64>,
}

// TODO(ch10): store the hero with one `INSERT ... RETURNING id, name, age`
// (`sqlx::query_as::<_, HeroPublic>`, a `.bind(..)` per `$n`) and answer it.
// Book: 10 · SQL database › "Rows in, rows out"
async fn create_hero(
    State(_pool): State<AnyPool>,
    Json(_hero): Json<HeroCreate>,
) -> Result<Json<HeroPublic>> {
    Err(ApiError::NotWritten("POST /heroes/"))
}

// TODO(ch10): one page of heroes, in id order, `offset` and `limit` bound.
// Book: 10 · SQL database › "Pages"
async fn read_heroes(
    State(_pool): State<AnyPool>,
    Query(_page): Query<Page>,
) -> Result<Json<Vec<HeroPublic>>> {
    Err(ApiError::NotWritten("GET /heroes/"))
}

// TODO(ch10): the hero with this id, or 404 "Hero not found".
// Book: 10 · SQL database › "One row, or none"
async fn read_hero(
    State(_pool): State<AnyPool>,
    Path(_id): Path<HeroId>,
) -> Result<Json<HeroPublic>> {
    Err(ApiError::NotWritten("GET /heroes/{hero_id}"))
}

// TODO(ch10): change only the fields the request sent (an `age` sent as
// null clears it), in one `UPDATE ... RETURNING`; 404 if there is no hero.
// Book: 10 · SQL database › "Changing only the fields sent"
async fn update_hero(
    State(_pool): State<AnyPool>,
    Path(_id): Path<HeroId>,
    Json(_hero): Json<HeroUpdate>,
) -> Result<Json<HeroPublic>> {
    Err(ApiError::NotWritten("PATCH /heroes/{hero_id}"))
}

// TODO(ch10): delete the hero and answer `{"ok": true}`; 404 if there was
// none to delete.
// Book: 10 · SQL database › "One row, or none"
async fn delete_hero(State(_pool): State<AnyPool>, Path(_id): Path<HeroId>) -> Result<Json<Value>> {
    Err(ApiError::NotWritten("DELETE /heroes/{hero_id}"))
}

/// The hero routes; the pool is the state they share.
pub fn router() -> Router<AnyPool> {
    Router::new()
        .route("/heroes/", post(create_hero).get(read_heroes))
        .route(
            "/heroes/{hero_id}",
            get(read_hero).patch(update_hero).delete(delete_hero),
        )
}
