//! The hero routes of chapter 10, kept in memory, each with its
//! documentation beside it.
//!
//! Two things describe every route: the handler (what it does) and its
//! `#[utoipa::path]` (what the OpenAPI document says it does). They sit
//! together so a change to one is seen next to the other. The input types
//! derive `ToSchema` or `IntoParams` as well as being read by
//! `fastapi-errors`, so the document's schemas come from the same structs.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::{extract::State, http::StatusCode, response::IntoResponse};
use fastapi_errors::{
    BodyObject, Bound, FromBody, FromParams, Json, Params, Path, Query, ValidationErrors, bound,
};
use serde::Serialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::docs::{HttpValidationError, NotFound};

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
#[derive(ToSchema)]
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
/// change. `age` is `Option<Option<i64>>` (not sent, or sent as `null`),
/// which the document shows as what a client may send: an integer or null.
#[derive(ToSchema)]
pub struct HeroUpdate {
    name: Option<String>,
    #[schema(value_type = Option<i64>)]
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
/// `limit: Annotated[int, Query(le=100)] = 100`. The `#[param]`s say in
/// the document what `from_params` enforces: keep the two in step.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Page {
    #[param(required = false, default = 0)]
    offset: i64,
    #[param(required = false, default = 100, maximum = 100)]
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
#[derive(Debug, Serialize, ToSchema)]
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
#[utoipa::path(
    post,
    path = "/heroes/",
    request_body = HeroCreate,
    responses(
        (status = 200, description = "Successful Response", body = HeroPublic),
        (status = 422, description = "Validation Error", body = HttpValidationError),
    ),
)]
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
#[utoipa::path(
    get,
    path = "/heroes/",
    params(Page),
    responses(
        (status = 200, description = "Successful Response", body = Vec<HeroPublic>),
        (status = 422, description = "Validation Error", body = HttpValidationError),
    ),
)]
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
#[utoipa::path(
    get,
    path = "/heroes/{hero_id}",
    params(("hero_id" = i64, Path)),
    responses(
        (status = 200, description = "Successful Response", body = HeroPublic),
        (status = 404, description = "Hero not found", body = NotFound),
        (status = 422, description = "Validation Error", body = HttpValidationError),
    ),
)]
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
#[utoipa::path(
    patch,
    path = "/heroes/{hero_id}",
    params(("hero_id" = i64, Path)),
    request_body = HeroUpdate,
    responses(
        (status = 200, description = "Successful Response", body = HeroPublic),
        (status = 404, description = "Hero not found", body = NotFound),
        (status = 422, description = "Validation Error", body = HttpValidationError),
    ),
)]
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
#[utoipa::path(
    delete,
    path = "/heroes/{hero_id}",
    params(("hero_id" = i64, Path)),
    responses(
        (status = 200, description = "Successful Response", body = serde_json::Value),
        (status = 404, description = "Hero not found", body = NotFound),
        (status = 422, description = "Validation Error", body = HttpValidationError),
    ),
)]
async fn delete_hero(
    State(db): State<Db>,
    Path(HeroId(id)): Path<HeroId>,
) -> axum::response::Response {
    match lock(&db).rows.remove(&id) {
        Some(_) => Json(json!({"ok": true})).into_response(),
        None => not_found().into_response(),
    }
}

/// The hero routes, each registered with its documentation: `routes!`
/// takes the handlers of one path and adds their `#[utoipa::path]`s to the
/// document as it adds them to the router, so no route can be served and
/// left out of the document.
pub fn router() -> OpenApiRouter<Db> {
    OpenApiRouter::new()
        .routes(routes!(create_hero, read_heroes))
        .routes(routes!(read_hero, update_hero, delete_hero))
}
