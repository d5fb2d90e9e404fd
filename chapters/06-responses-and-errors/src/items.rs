//! The item routes: one catalogue, several views of it, and the errors.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, Query},
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{ApiError, Result};
use fastapi_errors::ErrorItem;

/// An item, with every field filled in.
// TODO(ch06): GET /items/{item_id} must answer only the fields that were
// set (FastAPI's `response_model_exclude_unset=True`): `foo` sets only name
// and price, `baz` sets a description of null. Store "never set" as `None`,
// "set to null" as `Some(None)`, and skip `None` when serialising.
// Book: 06 · Responses and errors › "Only the fields that were set"
#[derive(Clone, Serialize)]
pub struct Item {
    name: &'static str,
    description: Option<&'static str>,
    price: f64,
    tax: f64,
    tags: &'static [&'static str],
}

/// FastAPI's example catalogue.
const ITEMS: [(&str, Item); 3] = [
    (
        "foo",
        Item {
            name: "Foo",
            description: None,
            price: 50.2,
            tax: 10.5,
            tags: &[],
        },
    ),
    (
        "bar",
        Item {
            name: "Bar",
            description: Some("The bartenders"),
            price: 62.0,
            tax: 20.2,
            tags: &[],
        },
    ),
    (
        "baz",
        Item {
            name: "Baz",
            description: None,
            price: 50.2,
            tax: 10.5,
            tags: &[],
        },
    ),
];

/// The item called `item_id`, or a 404.
fn find_item(item_id: &str) -> Result<Item> {
    ITEMS
        .iter()
        .find(|(id, _)| *id == item_id)
        .map(|(_, item)| item.clone())
        .ok_or(ApiError::NotFound)
}

/// `GET /items/{item_id}`
pub async fn read_item(Path(item_id): Path<String>) -> Result<Json<Item>> {
    Ok(Json(find_item(&item_id)?))
}

// TODO(ch06): these two views answer the whole item. FastAPI's
// `response_model_include={"name", "description"}` answers only those two
// fields; `response_model_exclude={"tax"}` answers name, description and
// price. Give each view its own `Serialize` struct.
// Book: 06 · Responses and errors › "One type per view"

/// `GET /items/{item_id}/name`
pub async fn read_item_name(Path(item_id): Path<String>) -> Result<Json<Item>> {
    Ok(Json(find_item(&item_id)?))
}

/// `GET /items/{item_id}/public`
pub async fn read_item_public(Path(item_id): Path<String>) -> Result<Json<Item>> {
    Ok(Json(find_item(&item_id)?))
}

#[derive(Serialize)]
pub struct CreatedItem {
    name: String,
}

/// `POST /items/?name=...`
// TODO(ch06): a creation answers 201 Created, not 200.
// Book: 06 · Responses and errors › "Choosing the status code"
pub async fn create_item(
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<CreatedItem>> {
    let name = query
        .get("name")
        .cloned()
        .ok_or_else(|| ErrorItem::missing(vec![json!("query"), json!("name")], Value::Null))?;
    Ok(Json(CreatedItem { name }))
}

#[derive(Serialize)]
pub struct ItemText {
    item: &'static str,
}

/// `GET /items-header/{item_id}`: the error-handling tutorial's own one-item store.
pub async fn read_item_header(Path(item_id): Path<String>) -> Result<Json<ItemText>> {
    match item_id.as_str() {
        "foo" => Ok(Json(ItemText {
            item: "The Foo Wrestlers",
        })),
        // TODO(ch06): this 404 must say {"detail": "Item not found"} and
        // carry the header `x-error: There goes my error`.
        // Book: 06 · Responses and errors › "Errors with headers"
        _ => Err(ApiError::NotFound),
    }
}
