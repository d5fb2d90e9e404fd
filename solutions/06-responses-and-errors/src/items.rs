//! The item routes: one catalogue, several views of it, and the errors.
//!
//! FastAPI shapes an answer with `response_model_exclude_unset`,
//! `response_model_include` and `response_model_exclude`. In Rust each view
//! is its own `Serialize` type: what it has no field for cannot go out.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, Query},
    http::StatusCode,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{ApiError, Result};
use fastapi_errors::ErrorItem;

// ANCHOR: item
/// An item as the catalogue stores it. `None` means "never set", and a
/// description explicitly set to null is `Some(None)`. Serialising skips
/// what was never set: FastAPI's `response_model_exclude_unset=True`.
#[derive(Clone, Serialize)]
pub struct Item {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Option<&'static str>>,
    price: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    tax: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<&'static [&'static str]>,
}

/// FastAPI's example catalogue: `foo` sets two fields, `bar` four, `baz` all.
const ITEMS: [(&str, Item); 3] = [
    (
        "foo",
        Item {
            name: "Foo",
            description: None,
            price: 50.2,
            tax: None,
            tags: None,
        },
    ),
    (
        "bar",
        Item {
            name: "Bar",
            description: Some(Some("The bartenders")),
            price: 62.0,
            tax: Some(20.2),
            tags: None,
        },
    ),
    (
        "baz",
        Item {
            name: "Baz",
            description: Some(None),
            price: 50.2,
            tax: Some(10.5),
            tags: Some(&[]),
        },
    ),
];

/// The item called `item_id`, or FastAPI's `HTTPException(404)`.
fn find_item(item_id: &str) -> Result<Item> {
    ITEMS
        .iter()
        .find(|(id, _)| *id == item_id)
        .map(|(_, item)| item.clone())
        .ok_or(ApiError::not_found("Item not found"))
}

/// `GET /items/{item_id}`: only the fields that were set.
pub async fn read_item(Path(item_id): Path<String>) -> Result<Json<Item>> {
    Ok(Json(find_item(&item_id)?))
}
// ANCHOR_END: item

// ANCHOR: views
/// `response_model_include={"name", "description"}`: a type with two fields.
/// A description never set reads as `null`, the model's default.
#[derive(Serialize)]
pub struct ItemName {
    name: &'static str,
    description: Option<&'static str>,
}

/// `response_model_exclude={"tax"}`: everything public, and no `tax` field.
#[derive(Serialize)]
pub struct ItemPublic {
    name: &'static str,
    description: Option<&'static str>,
    price: f64,
}

/// `GET /items/{item_id}/name`
pub async fn read_item_name(Path(item_id): Path<String>) -> Result<Json<ItemName>> {
    let item = find_item(&item_id)?;
    Ok(Json(ItemName {
        name: item.name,
        description: item.description.flatten(),
    }))
}

/// `GET /items/{item_id}/public`
pub async fn read_item_public(Path(item_id): Path<String>) -> Result<Json<ItemPublic>> {
    let item = find_item(&item_id)?;
    Ok(Json(ItemPublic {
        name: item.name,
        description: item.description.flatten(),
        price: item.price,
    }))
}
// ANCHOR_END: views

// ANCHOR: create_item
#[derive(Serialize)]
pub struct CreatedItem {
    name: String,
}

/// `POST /items/?name=...`: a creation answers 201 Created, not 200. The
/// status is part of the return type, next to the body.
pub async fn create_item(
    Query(query): Query<HashMap<String, String>>,
) -> Result<(StatusCode, Json<CreatedItem>)> {
    let name = query
        .get("name")
        .cloned()
        .ok_or_else(|| ErrorItem::missing(vec![json!("query"), json!("name")], Value::Null))?;
    Ok((StatusCode::CREATED, Json(CreatedItem { name })))
}
// ANCHOR_END: create_item

// ANCHOR: read_item_header
#[derive(Serialize)]
pub struct ItemText {
    item: &'static str,
}

/// `GET /items-header/{item_id}`: the error-handling tutorial's own one-item
/// store, and a 404 that carries an extra header.
pub async fn read_item_header(Path(item_id): Path<String>) -> Result<Json<ItemText>> {
    match item_id.as_str() {
        "foo" => Ok(Json(ItemText {
            item: "The Foo Wrestlers",
        })),
        _ => Err(ApiError::Http {
            status: StatusCode::NOT_FOUND,
            detail: "Item not found",
            headers: vec![("x-error", "There goes my error")],
        }),
    }
}
// ANCHOR_END: read_item_header
