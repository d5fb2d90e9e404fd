//! Chapter 05's worked example: a product search whose values are held to
//! FastAPI-style constraints with the `fastapi-errors` crate.
//!
//! ```text
//! GET /products/?product-code=AB-1234      {"products":["kettle","toaster"],"code":"AB-1234"}
//! GET /products/?product-code=ab           422 string_too_short ["query","product-code"]
//! GET /products/7?qty=2&weight=0.5         {"product_id":7,"qty":2,"weight":0.5}
//! GET /products/0?qty=100&weight=30        422 greater_than_equal, less_than_equal, less_than
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::{
    Json, Router,
    extract::{Path, Query},
    routing::get,
};
use fastapi_errors::{
    Bound, ErrorItem, ValidationErrors, bound, loc, max_length, min_length, missing, parse_float,
    parse_int, pattern,
};
use regex::Regex;
use serde::Serialize;

// ANCHOR: code
/// Two capitals, a dash, four digits; compiled once, on first use. The
/// anchors matter: a pattern is a *search*.
static PRODUCT_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[A-Z]{2}-[0-9]{4}$").expect("the pattern compiles"));

/// `code: Annotated[str | None, Query(alias="product-code", min_length=7,
/// max_length=7, pattern=...)]`. Pydantic checks the rules in this order
/// and stops at the first broken one, as the `?`s do.
fn product_code(text: &str) -> Result<String, ErrorItem> {
    let here = loc("query", "product-code");
    min_length(here.clone(), text, 7)?;
    max_length(here.clone(), text, 7)?;
    pattern(here, text, &PRODUCT_CODE)?;
    Ok(text.to_owned())
}

#[derive(Serialize)]
struct Found {
    products: [&'static str; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

/// `GET /products/?product-code=..`: the URL key is the alias; a `?code=`
/// is a key nobody asked for.
async fn search_products(
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Found>, ValidationErrors> {
    let code = match raw.get("product-code") {
        Some(text) => Some(product_code(text)?),
        None => None,
    };
    let products = ["kettle", "toaster"];
    Ok(Json(Found { products, code }))
}
// ANCHOR_END: code

// ANCHOR: bounds
/// `qty: Annotated[int, Query(ge=1, le=99)]`: parse, then the bounds, each
/// error quoting the text from the URL.
fn quantity(text: &str) -> Result<i64, ErrorItem> {
    let number = parse_int(loc("query", "qty"), text)?;
    bound(loc("query", "qty"), text, number, Bound::Ge(1))?;
    bound(loc("query", "qty"), text, number, Bound::Le(99))?;
    Ok(number)
}

/// `weight: Annotated[float, Query(gt=0, lt=25)]`: `gt`/`lt` exclude their
/// limit, `ge`/`le` include it.
fn weight(text: &str) -> Result<f64, ErrorItem> {
    let kilos = parse_float(loc("query", "weight"), text)?;
    bound(loc("query", "weight"), text, kilos, Bound::Gt(0.0))?;
    bound(loc("query", "weight"), text, kilos, Bound::Lt(25.0))?;
    Ok(kilos)
}
// ANCHOR_END: bounds

// ANCHOR: together
#[derive(Serialize)]
struct Line {
    product_id: i64,
    qty: i64,
    weight: f64,
}

/// `GET /products/{product_id}?qty=..&weight=..`: every value's first
/// broken rule, path first, then the query values in declared order.
async fn order_line(
    Path(raw_id): Path<String>,
    Query(raw): Query<HashMap<String, String>>,
) -> Result<Json<Line>, ValidationErrors> {
    let mut problems = ValidationErrors::default();
    let product_id = problems.take(
        parse_int(loc("path", "product_id"), &raw_id).and_then(|id| {
            bound(loc("path", "product_id"), &raw_id, id, Bound::Gt(0))?;
            Ok(id)
        }),
    );
    let qty = problems.take(match raw.get("qty") {
        Some(text) => quantity(text),
        None => Err(missing(loc("query", "qty"))),
    });
    let weight = problems.take(match raw.get("weight") {
        Some(text) => weight(text),
        None => Err(missing(loc("query", "weight"))),
    });
    let (Some(product_id), Some(qty), Some(weight)) = (product_id, qty, weight) else {
        return Err(problems);
    };
    Ok(Json(Line {
        product_id,
        qty,
        weight,
    }))
}
// ANCHOR_END: together

/// The example app.
pub fn app() -> Router {
    Router::new()
        .route("/products/", get(search_products))
        .route("/products/{product_id}", get(order_line))
}
