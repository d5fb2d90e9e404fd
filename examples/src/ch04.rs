//! Chapter 04's worked example: recipes sent as JSON bodies, read field by
//! field so that every problem is reported at once.
//!
//! ```text
//! POST /recipes/      {"title":"Soup","serves":4}
//!                     → {"title":"Soup","notes":null,"serves":4.0,"minutes":null}
//! POST /recipes/      {"serves":"many"}
//!                     → 422 missing title, float_parsing serves
//! PUT  /recipes/x?tag=quick  {"title":"Soup"}
//!                     → 422 int_parsing ["path","recipe_id"], then missing serves
//! ```

use std::collections::HashMap;

use axum::{
    Router,
    body::Bytes,
    extract::{Path, Query},
    http::HeaderMap,
    routing::{post, put},
};
use fastapi_errors::{BodyObject, FromBody, Json, ValidationErrors, json_body, loc, parse_int};
use serde::Serialize;

// ANCHOR: model
/// The body model: `Option` for what may be absent. `Serialize` answers
/// `None` as `null`, as Pydantic does.
#[derive(Debug, Serialize)]
pub struct Recipe {
    title: String,
    notes: Option<String>,
    serves: f64,
    minutes: Option<f64>,
}

/// How a recipe is read from a JSON object: each field in the model's
/// order, every error kept, the recipe built only when all of them read.
impl FromBody for Recipe {
    fn from_body(fields: &BodyObject<'_>, problems: &mut ValidationErrors) -> Option<Self> {
        let title = problems.take(fields.string("title"));
        let notes = problems.take(fields.optional_string("notes"));
        let serves = problems.take(fields.float("serves"));
        let minutes = problems.take(fields.optional_float("minutes"));
        Some(Recipe {
            title: title?,
            notes: notes?,
            serves: serves?,
            minutes: minutes?,
        })
    }
}
// ANCHOR_END: model

// ANCHOR: create
/// `POST /recipes/`: the crate's `Json<T>` reads the body the FastAPI way
/// (JSON only under a JSON content type, every field's error in one 422),
/// and is axum's `Json` on the way out.
async fn add_recipe(Json(recipe): Json<Recipe>) -> Json<Recipe> {
    Json(recipe)
}
// ANCHOR_END: create

// ANCHOR: together
/// The answer to a replacement: the id beside the recipe's own fields.
#[derive(Serialize)]
struct Replaced {
    recipe_id: i64,
    #[serde(flatten)]
    recipe: Recipe,
    #[serde(skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
}

/// `PUT /recipes/{recipe_id}?tag=..`: a path error and the body's errors in
/// one answer. An extractor per input would answer alone at the first
/// failure, so every input is taken raw and read here, path first.
async fn replace_recipe(
    Path(raw_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<axum::Json<Replaced>, ValidationErrors> {
    // Broken JSON is answered alone: FastAPI decodes before it validates.
    let value = json_body(&headers, &bytes)?;
    let mut problems = ValidationErrors::default();
    let recipe_id = problems.take(parse_int(loc("path", "recipe_id"), &raw_id));
    let tag = query.get("tag").filter(|tag| !tag.is_empty()).cloned();
    let recipe = problems
        .take(BodyObject::new(value.as_ref()))
        .and_then(|fields| Recipe::from_body(&fields, &mut problems));
    match (recipe_id, recipe) {
        (Some(recipe_id), Some(recipe)) => Ok(axum::Json(Replaced {
            recipe_id,
            recipe,
            tag,
        })),
        _ => Err(problems),
    }
}
// ANCHOR_END: together

/// The example app.
pub fn app() -> Router {
    Router::new()
        .route("/recipes/", post(add_recipe))
        .route("/recipes/{recipe_id}", put(replace_recipe))
}
