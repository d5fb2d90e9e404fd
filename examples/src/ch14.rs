//! Chapter 14's worked example: a planet catalogue that documents itself.
//!
//! ```text
//! GET  /planets/?limit=2            → [{"id":1,"name":"Mercury","moons":0}, …]
//! GET  /planets/?limit=99           → 422 {"detail":"limit must be 1 to 20","at":["query","limit"]}
//! POST /planets/ {"name":"Pluto"}   → 201 {"id":9,"name":"Pluto","moons":null}
//! GET  /planets/3                   → {"id":3,"name":"Earth","moons":1}
//! GET  /planets/42                  → 404 {"detail":"Planet not found","at":["path","planet_id"]}
//! GET  /openapi.json                → the OpenAPI 3.1 document of the routes above
//! GET  /docs                        → 303 to /docs/: Swagger UI, its files compiled in
//! ```

use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Path, Query, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use utoipa_swagger_ui::SwaggerUi;

type Catalogue = Arc<Mutex<Vec<Planet>>>;

// ANCHOR: schemas
/// A planet as the catalogue answers it.
#[derive(Clone, Serialize, ToSchema)]
pub struct Planet {
    id: i64,
    name: String,
    /// Unknown for a planet just added: `null`.
    moons: Option<i64>,
}

/// What a client sends to add a planet: `moons` may be left out.
#[derive(Deserialize, ToSchema)]
pub struct NewPlanet {
    name: String,
    moons: Option<i64>,
}
// ANCHOR_END: schemas

// ANCHOR: problem
/// Every error: what went wrong, and where.
#[derive(Serialize, ToSchema)]
#[schema(as = ProblemDetails)]
pub struct Problem {
    detail: String,
    /// Sent every time, but a client must not count on it: not required.
    #[schema(required = false)]
    at: Vec<Place>,
}

/// A place is a name (`"query"`, `"limit"`) or a position (`0`): serde's
/// `untagged` writes the value alone, and the schema says "string or integer".
#[derive(Serialize, ToSchema)]
#[serde(untagged)]
pub enum Place {
    Name(&'static str),
    #[allow(dead_code)] // a position: no route here reports one
    Index(i64),
}
// ANCHOR_END: problem

fn problem(status: StatusCode, detail: &str, at: [&'static str; 2]) -> (StatusCode, Json<Problem>) {
    let at = at.into_iter().map(Place::Name).collect();
    let detail = detail.to_string();
    (status, Json(Problem { detail, at }))
}

// ANCHOR: params
/// `?limit=8`: how many planets to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Listing {
    /// A field with a default is not required, though its type is no `Option`.
    #[param(required = false, default = 8, minimum = 1, maximum = 20)]
    #[serde(default = "eight")]
    limit: i64,
}
// ANCHOR_END: params

fn eight() -> i64 {
    8
}

// ANCHOR: list
/// List Planets
#[utoipa::path(
    get,
    path = "/planets/",
    params(Listing),
    responses(
        (status = 200, description = "The first planets", body = Vec<Planet>),
        (status = 422, description = "A limit out of bounds", body = Problem),
    ),
)]
async fn list_planets(
    State(catalogue): State<Catalogue>,
    Query(listing): Query<Listing>,
) -> Result<Json<Vec<Planet>>, (StatusCode, Json<Problem>)> {
    let Ok(limit @ 1..=20) = usize::try_from(listing.limit) else {
        let at = ["query", "limit"];
        return Err(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit must be 1 to 20",
            at,
        ));
    };
    let planets = catalogue.lock().unwrap();
    Ok(Json(planets.iter().take(limit).cloned().collect()))
}
// ANCHOR_END: list

// ANCHOR: create
/// Add Planet
#[utoipa::path(
    post,
    path = "/planets/",
    request_body = NewPlanet,
    responses((status = 201, description = "The planet, with its number", body = Planet)),
)]
async fn add_planet(
    State(catalogue): State<Catalogue>,
    Json(new): Json<NewPlanet>,
) -> (StatusCode, Json<Planet>) {
    let mut planets = catalogue.lock().unwrap();
    let id = planets.len() as i64 + 1;
    let planet = Planet {
        id,
        name: new.name,
        moons: new.moons,
    };
    planets.push(planet.clone());
    (StatusCode::CREATED, Json(planet))
}
// ANCHOR_END: create

// ANCHOR: read
/// Read Planet
#[utoipa::path(
    get,
    path = "/planets/{planet_id}",
    params(("planet_id" = i64, Path, description = "The planet's number, from 1")),
    responses(
        (status = 200, description = "The planet", body = Planet),
        (status = 404, description = "No planet has this number", body = Problem),
    ),
)]
async fn read_planet(
    State(catalogue): State<Catalogue>,
    Path(planet_id): Path<i64>,
) -> Result<Json<Planet>, (StatusCode, Json<Problem>)> {
    let planets = catalogue.lock().unwrap();
    match planets.iter().find(|planet| planet.id == planet_id) {
        Some(planet) => Ok(Json(planet.clone())),
        None => {
            let at = ["path", "planet_id"];
            Err(problem(StatusCode::NOT_FOUND, "Planet not found", at))
        }
    }
}
// ANCHOR_END: read

// ANCHOR: frame
/// The document's top; the routes add their paths, and the schemas their
/// operations name.
#[derive(OpenApi)]
#[openapi(info(title = "Planet catalogue", version = "1.0.0"))]
struct CatalogueDoc;
// ANCHOR_END: frame

// ANCHOR: app
/// The routes, their document, and Swagger UI to read it.
pub fn app() -> Router {
    let (router, document) = OpenApiRouter::with_openapi(CatalogueDoc::openapi())
        .routes(routes!(list_planets, add_planet))
        .routes(routes!(read_planet))
        .split_for_parts();
    let docs = SwaggerUi::new("/docs").url("/openapi.json", document);
    router.merge(docs).with_state(catalogue())
}
// ANCHOR_END: app

fn catalogue() -> Catalogue {
    let known = [
        ("Mercury", 0),
        ("Venus", 0),
        ("Earth", 1),
        ("Mars", 2),
        ("Jupiter", 95),
        ("Saturn", 146),
        ("Uranus", 28),
        ("Neptune", 16),
    ];
    let planets = (1..)
        .zip(known)
        .map(|(id, (name, moons))| Planet {
            id,
            name: name.to_string(),
            moons: Some(moons),
        })
        .collect();
    Arc::new(Mutex::new(planets))
}
