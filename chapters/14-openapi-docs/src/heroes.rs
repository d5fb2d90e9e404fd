//! The hero routes of chapter 10, kept in memory. They work: what they
//! lack is their documentation.
//!
//! Each handler gets a `#[utoipa::path]` beside it (what the OpenAPI
//! document says it does), and each type it reads or answers derives
//! `ToSchema` or `IntoParams`, so the document comes from the same code.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::IntoResponse,
    routing::{get, post},
};
use fastapi_errors::{
    BodyObject, Bound, FromBody, FromParams, Json, Params, Path, Query, ValidationErrors, bound,
};
use serde::Serialize;
use serde_json::json;

/// The heroes, by id, and the next id to hand out. Ids are never reused,
/// as a database's autoincrement would not reuse them.
#[derive(Default)]
pub struct Heroes {
    rows: BTreeMap<i64, Hero>,
    last_id: i64,
}

pub type Db = Arc<Mutex<Heroes>>;

/// A stored hero, secret included.
struct Hero {
    name: String,
    age: Option<i64>,
    secret_name: String,
}

impl Hero {
    fn public(&self, id: i64) -> HeroPublic {
        HeroPublic {
            id,
            name: self.name.clone(),
            age: self.age,
        }
    }
}

/// `HeroCreate`: what a client sends to create a hero. An `id` in the body
/// is ignored: the server picks it.
// TODO(ch14): describe this type in the document: derive `utoipa::ToSchema`.
// Book: 14 · OpenAPI docs › "Schemas from your types"
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
/// change. `age` is `Option<Option<i64>>`: not sent, or sent as `null`.
// TODO(ch14): describe this type too. The document shows what a client may
// send for `age` (an integer, or null), not how the server holds it.
// Book: 14 · OpenAPI docs › "Schemas from your types"
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
// TODO(ch14): describe these two query parameters as FastAPI does: neither
// is required, each has its default, and `limit` its upper bound.
// Book: 14 · OpenAPI docs › "Parameters"
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

/// `HeroPublic`: what every route answers. It has no `secret_name`.
// TODO(ch14): describe it, as the answer of every route but DELETE.
// Book: 14 · OpenAPI docs › "Schemas from your types"
#[derive(Debug, Serialize)]
pub struct HeroPublic {
    id: i64,
    name: String,
    age: Option<i64>,
}

/// FastAPI's `HTTPException(status_code=404, detail="Hero not found")`.
fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"detail": "Hero not found"})),
    )
}

/// A poisoned lock means a handler panicked while holding it; the map
/// itself is still whole (every change is one `insert` or `remove`).
fn lock(db: &Db) -> std::sync::MutexGuard<'_, Heroes> {
    db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Create Hero
// TODO(ch14): document each handler with `#[utoipa::path(...)]`: its method,
// path, request body, and every answer it gives (200 and 422 here).
// Book: 14 · OpenAPI docs › "One macro per route", "Responses"
async fn create_hero(State(db): State<Db>, Json(hero): Json<HeroCreate>) -> Json<HeroPublic> {
    let mut heroes = lock(&db);
    heroes.last_id += 1;
    let id = heroes.last_id;
    let stored = Hero {
        name: hero.name,
        age: hero.age,
        secret_name: hero.secret_name,
    };
    let public = stored.public(id);
    heroes.rows.insert(id, stored);
    Json(public)
}

/// Read Heroes
// TODO(ch14): document it; its query parameters are `Page`'s.
// Book: 14 · OpenAPI docs › "Parameters"
async fn read_heroes(State(db): State<Db>, Query(page): Query<Page>) -> Json<Vec<HeroPublic>> {
    // SQLite reads a negative OFFSET as 0 and a negative LIMIT as "no
    // limit"; the document sets no minimum, so do the same.
    let skip = usize::try_from(page.offset).unwrap_or(0);
    let take = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let heroes = lock(&db);
    let page = heroes.rows.iter().skip(skip).take(take);
    Json(page.map(|(id, hero)| hero.public(*id)).collect())
}

/// Read Hero
// TODO(ch14): document it, the `hero_id` path parameter and the 404 included.
// Book: 14 · OpenAPI docs › "Parameters", "Responses"
async fn read_hero(
    State(db): State<Db>,
    Path(HeroId(id)): Path<HeroId>,
) -> axum::response::Response {
    match lock(&db).rows.get(&id) {
        Some(hero) => Json(hero.public(id)).into_response(),
        None => not_found().into_response(),
    }
}

/// Update Hero
// TODO(ch14): document it.
// Book: 14 · OpenAPI docs › "Responses"
async fn update_hero(
    State(db): State<Db>,
    Path(HeroId(id)): Path<HeroId>,
    Json(update): Json<HeroUpdate>,
) -> axum::response::Response {
    let mut heroes = lock(&db);
    let Some(hero) = heroes.rows.get_mut(&id) else {
        return not_found().into_response();
    };
    if let Some(name) = update.name {
        hero.name = name;
    }
    if let Some(age) = update.age {
        hero.age = age;
    }
    if let Some(secret_name) = update.secret_name {
        hero.secret_name = secret_name;
    }
    Json(hero.public(id)).into_response()
}

/// Delete Hero
// TODO(ch14): document it: its 200 is any JSON, as FastAPI documents it.
// Book: 14 · OpenAPI docs › "Responses"
async fn delete_hero(
    State(db): State<Db>,
    Path(HeroId(id)): Path<HeroId>,
) -> axum::response::Response {
    match lock(&db).rows.remove(&id) {
        Some(_) => Json(json!({"ok": true})).into_response(),
        None => not_found().into_response(),
    }
}

/// The hero routes.
// TODO(ch14): register each route with its documentation: an
// `utoipa_axum::router::OpenApiRouter` whose `.routes(routes!(...))` adds a
// path's handlers to the router and their `#[utoipa::path]`s to the document.
// Book: 14 · OpenAPI docs › "One macro per route"
pub fn router() -> Router<Db> {
    Router::new()
        .route("/heroes/", post(create_hero).get(read_heroes))
        .route(
            "/heroes/{hero_id}",
            get(read_hero).patch(update_hero).delete(delete_hero),
        )
}
