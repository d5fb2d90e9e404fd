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
    BodyObject, Bound, FromBody, FromParams, Json, Params, Path, Query, ValidationErrors, bound,
};
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::AnyPool;

use crate::error::{ApiError, Result};

const NOT_FOUND: ApiError = ApiError::NotFound("Hero not found");

/// `HeroCreate`: what a client sends to create a hero. An `id` in the body
/// is ignored: the database picks it.
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
pub struct Page {
    offset: i64,
    limit: i64,
}

impl FromParams for Page {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let offset = errors.take(params.optional_int("offset"));
        let limit = errors.take(params.optional_int("limit").and_then(|limit| {
            if let (Some(value), Some(raw)) = (limit, params.raw("limit")) {
                bound(params.loc("limit"), raw, value, Bound::Le(100))?;
            }
            Ok(limit)
        }));
        Some(Page {
            offset: offset?.unwrap_or(0),
            limit: limit?.unwrap_or(100),
        })
    }
}

/// The `{hero_id}` of a path: an integer, or FastAPI's `int_parsing`.
pub struct HeroId(i64);

impl FromParams for HeroId {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        errors.take(params.int("hero_id")).map(HeroId)
    }
}

/// `HeroPublic`: what every route answers. It has no `secret_name`, and
/// the queries below do not even select it, so it cannot leak.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct HeroPublic {
    id: i64,
    name: String,
    age: Option<i64>,
}

/// `POST /heroes/`: one `INSERT`; `RETURNING` answers the stored row,
/// with the id the database chose, in the same round trip.
async fn create_hero(
    State(pool): State<AnyPool>,
    Json(hero): Json<HeroCreate>,
) -> Result<Json<HeroPublic>> {
    let created = sqlx::query_as::<_, HeroPublic>(
        "INSERT INTO hero (name, age, secret_name) VALUES ($1, $2, $3) \
         RETURNING id, name, age",
    )
    .bind(hero.name)
    .bind(hero.age)
    .bind(hero.secret_name)
    .fetch_one(&pool)
    .await?;
    Ok(Json(created))
}

/// `GET /heroes/?offset=..&limit=..`: one page, in id order. Without
/// `ORDER BY` the order is whatever the database finds fastest, and
/// pages may overlap.
async fn read_heroes(
    State(pool): State<AnyPool>,
    Query(page): Query<Page>,
) -> Result<Json<Vec<HeroPublic>>> {
    let heroes = sqlx::query_as::<_, HeroPublic>(
        "SELECT id, name, age FROM hero ORDER BY id LIMIT $1 OFFSET $2",
    )
    .bind(page.limit)
    .bind(page.offset)
    .fetch_all(&pool)
    .await?;
    Ok(Json(heroes))
}

/// `GET /heroes/{hero_id}`: `fetch_optional` says "no such row" with `None`.
async fn read_hero(
    State(pool): State<AnyPool>,
    Path(HeroId(id)): Path<HeroId>,
) -> Result<Json<HeroPublic>> {
    sqlx::query_as::<_, HeroPublic>("SELECT id, name, age FROM hero WHERE id = $1")
        .bind(id)
        .fetch_optional(&pool)
        .await?
        .map(Json)
        .ok_or(NOT_FOUND)
}

/// `PATCH /heroes/{hero_id}`: only the fields sent change. One `UPDATE`
/// does it: `COALESCE($1, name)` keeps the name when `$1` is NULL (not
/// sent), and `age` changes only when the request sent one, even `null`.
/// A single statement needs no transaction: no other request can change
/// the row between a read and a write.
async fn update_hero(
    State(pool): State<AnyPool>,
    Path(HeroId(id)): Path<HeroId>,
    Json(hero): Json<HeroUpdate>,
) -> Result<Json<HeroPublic>> {
    sqlx::query_as::<_, HeroPublic>(
        "UPDATE hero SET \
             name = COALESCE($1, name), \
             age = CASE WHEN $2 THEN $3 ELSE age END, \
             secret_name = COALESCE($4, secret_name) \
         WHERE id = $5 \
         RETURNING id, name, age",
    )
    .bind(hero.name)
    .bind(hero.age.is_some())
    .bind(hero.age.flatten())
    .bind(hero.secret_name)
    .bind(id)
    .fetch_optional(&pool)
    .await?
    .map(Json)
    .ok_or(NOT_FOUND)
}

/// `DELETE /heroes/{hero_id}`: the number of rows deleted says whether
/// there was a hero to delete.
async fn delete_hero(
    State(pool): State<AnyPool>,
    Path(HeroId(id)): Path<HeroId>,
) -> Result<Json<Value>> {
    let deleted = sqlx::query("DELETE FROM hero WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(NOT_FOUND);
    }
    Ok(Json(json!({ "ok": true })))
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
