//! Chapter 05's worked example does what the page says it does.

mod common;

use common::{get, kinds};
use serde_json::json;
use worked_examples::ch05::app;

#[tokio::test]
async fn a_code_passes_its_rules_or_names_the_first_broken_one() {
    assert_eq!(
        get(app(), "/products/?product-code=AB-1234&code=x").await,
        (
            200,
            json!({"products": ["kettle", "toaster"], "code": "AB-1234"})
        )
    );
    let (status, body) = get(app(), "/products/?product-code=ab").await;
    assert_eq!(
        (status, kinds(&body)),
        (422, vec!["string_too_short".to_string()])
    );
    let (_, body) = get(app(), "/products/?product-code=AB-12345").await;
    assert_eq!(kinds(&body), ["string_too_long"]);
    let (_, body) = get(app(), "/products/?product-code=ab-1234").await;
    assert_eq!(kinds(&body), ["string_pattern_mismatch"]);
}

#[tokio::test]
async fn bounds_include_or_exclude_their_limits() {
    assert_eq!(
        get(app(), "/products/7?qty=99&weight=24.9").await,
        (200, json!({"product_id": 7, "qty": 99, "weight": 24.9}))
    );
    let (status, body) = get(app(), "/products/0?qty=100&weight=25").await;
    assert_eq!(status, 422);
    assert_eq!(
        kinds(&body),
        ["greater_than", "less_than_equal", "less_than"]
    );
    assert_eq!(body["detail"][1]["input"], "100");
}

#[tokio::test]
async fn missing_values_are_listed_after_the_path() {
    let (_, body) = get(app(), "/products/x").await;
    assert_eq!(kinds(&body), ["int_parsing", "missing", "missing"]);
}
