//! The crate's answers, compared with the bodies FastAPI 0.165.0 returns for
//! the same requests (`shared/fastapi-contract.md`, measured on the oracle).

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header::CONTENT_TYPE},
    routing::{get, post},
};
use fastapi_errors::{
    BodyObject, Bound, Form, FromBody, FromParams, Json, Params, Path, Query, ValidationErrors,
    bound, loc, max_length, min_length, not_one_of, parse_bool, parse_float, parse_int, pattern,
};
use http_body_util::BodyExt;
use regex::Regex;
use serde::Serialize;
use serde_json::{Value, json};
use tower::ServiceExt;

fn detail(item: fastapi_errors::ErrorItem) -> Value {
    serde_json::to_value(item).unwrap()
}

#[test]
fn int_parsing_matches_fastapi() {
    let item = parse_int(loc("path", "item_id"), "item1").unwrap_err();
    assert_eq!(
        detail(item),
        json!({"type":"int_parsing","loc":["path","item_id"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"item1"})
    );
}

#[test]
fn integers_accept_a_sign_and_nothing_else_loose() {
    let at = || loc("query", "n");
    assert_eq!(parse_int(at(), "+5"), Ok(5));
    assert_eq!(parse_int(at(), "-5"), Ok(-5));
    for bad in ["", " 7", "4.0", "1e3", "seven"] {
        assert!(parse_int(at(), bad).is_err(), "{bad:?} parsed");
    }
}

#[test]
fn float_parsing_matches_fastapi() {
    let item = parse_float(loc("body", "price"), "twenty").unwrap_err();
    assert_eq!(
        detail(item),
        json!({"type":"float_parsing","loc":["body","price"],"msg":"Input should be a valid number, unable to parse string as a number","input":"twenty"})
    );
}

#[test]
fn every_pydantic_bool_spelling_parses_and_others_do_not() {
    let at = || loc("query", "short");
    for yes in ["1", "true", "True", "TRUE", "yes", "on", "t", "T", "y", "Y"] {
        assert_eq!(parse_bool(at(), yes), Ok(true), "{yes}");
    }
    for no in ["0", "false", "False", "no", "off", "f", "F", "n", "N"] {
        assert_eq!(parse_bool(at(), no), Ok(false), "{no}");
    }
    let item = parse_bool(at(), "maybe").unwrap_err();
    assert_eq!(
        detail(item),
        json!({"type":"bool_parsing","loc":["query","short"],"msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"})
    );
    for bad in ["", " true", "2", "yess"] {
        assert!(parse_bool(at(), bad).is_err(), "{bad:?} parsed");
    }
}

#[test]
fn enum_error_matches_fastapi() {
    let item = not_one_of(
        loc("path", "model_name"),
        "foo",
        &["alexnet", "resnet", "lenet"],
    );
    assert_eq!(
        detail(item),
        json!({"type":"enum","loc":["path","model_name"],"msg":"Input should be 'alexnet', 'resnet' or 'lenet'","input":"foo","ctx":{"expected":"'alexnet', 'resnet' or 'lenet'"}})
    );
}

#[test]
fn string_constraints_match_fastapi() {
    let at = || loc("query", "q");
    assert_eq!(
        detail(min_length(at(), "qu", 3).unwrap_err()),
        json!({"type":"string_too_short","loc":["query","q"],"msg":"String should have at least 3 characters","input":"qu","ctx":{"min_length":3}})
    );
    let long = "a".repeat(51);
    let item = max_length(at(), &long, 50).unwrap_err();
    assert_eq!(
        (item.kind, item.msg.as_str(), item.ctx),
        (
            "string_too_long",
            "String should have at most 50 characters",
            Some(json!({"max_length": 50}))
        )
    );
    let fixed = Regex::new("^fixedquery$").unwrap();
    assert_eq!(
        detail(pattern(at(), "nonfixedquery", &fixed).unwrap_err()),
        json!({"type":"string_pattern_mismatch","loc":["query","q"],"msg":"String should match pattern '^fixedquery$'","input":"nonfixedquery","ctx":{"pattern":"^fixedquery$"}})
    );
    assert_eq!(
        min_length(at(), "", 1).unwrap_err().msg,
        "String should have at least 1 character"
    );
}

#[test]
fn lengths_count_characters_and_bounds_are_exact() {
    let at = || loc("query", "q");
    assert!(min_length(at(), "éé", 2).is_ok());
    assert!(max_length(at(), "ééé", 3).is_ok());
    assert!(max_length(at(), &"a".repeat(50), 50).is_ok());
    assert!(min_length(at(), "abc", 3).is_ok());

    let id = || loc("path", "item_id");
    assert!(bound(id(), "0", 0, Bound::Ge(0)).is_ok());
    assert!(bound(id(), "1000", 1000, Bound::Le(1000)).is_ok());
    assert_eq!(
        detail(bound(id(), "1001", 1001, Bound::Le(1000)).unwrap_err()),
        json!({"type":"less_than_equal","loc":["path","item_id"],"msg":"Input should be less than or equal to 1000","input":"1001","ctx":{"le":1000}})
    );
    assert_eq!(
        detail(bound(id(), "-1", -1, Bound::Ge(0)).unwrap_err()),
        json!({"type":"greater_than_equal","loc":["path","item_id"],"msg":"Input should be greater than or equal to 0","input":"-1","ctx":{"ge":0}})
    );
    let size = || loc("query", "size");
    assert_eq!(
        bound(size(), "0", 0.0, Bound::Gt(0.0)).unwrap_err().msg,
        "Input should be greater than 0"
    );
    assert_eq!(
        detail(bound(size(), "10.5", 10.5, Bound::Lt(10.5)).unwrap_err()),
        json!({"type":"less_than","loc":["query","size"],"msg":"Input should be less than 10.5","input":"10.5","ctx":{"lt":10.5}})
    );
}

#[test]
fn a_missing_body_field_quotes_the_whole_body() {
    let body = json!({"name": "Foo"});
    let object = BodyObject::new(Some(&body)).unwrap();
    assert_eq!(
        detail(object.float("price").unwrap_err()),
        json!({"type":"missing","loc":["body","price"],"msg":"Field required","input":{"name":"Foo"}})
    );
    assert_eq!(
        object.string("name").unwrap(),
        "Foo",
        "a present field reads"
    );
    let number = json!({"name": 3});
    let object = BodyObject::new(Some(&number)).unwrap();
    assert_eq!(
        detail(object.string("name").unwrap_err()),
        json!({"type":"string_type","loc":["body","name"],"msg":"Input should be a valid string","input":3})
    );
}

#[test]
fn explicit_null_is_absent_only_for_optional_fields() {
    let body = json!({"name": null, "tax": null});
    let object = BodyObject::new(Some(&body)).unwrap();
    assert_eq!(object.optional_float("tax"), Ok(None));
    assert_eq!(object.string("name").unwrap_err().kind, "string_type");
}

// ---- The extractors, over HTTP -------------------------------------------

#[derive(Serialize)]
struct Filter {
    q: Option<String>,
    skip: i64,
    short: bool,
}

impl FromParams for Filter {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let q = errors.take(params.optional_string("q"));
        let skip = errors.take(params.optional_int("skip"));
        let short = errors.take(params.bool("short"));
        Some(Filter {
            q: q?,
            skip: skip?.unwrap_or(0),
            short: short?,
        })
    }
}

#[derive(Serialize)]
struct ItemPath {
    item_id: i64,
}

impl FromParams for ItemPath {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let item_id = errors.take(params.int("item_id"))?;
        Some(ItemPath { item_id })
    }
}

#[derive(Serialize)]
struct Item {
    name: String,
    price: f64,
    tax: Option<f64>,
}

impl FromBody for Item {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let name = errors.take(body.string("name"));
        let price = errors.take(body.float("price"));
        let tax = errors.take(body.optional_float("tax"));
        Some(Item {
            name: name?,
            price: price?,
            tax: tax?,
        })
    }
}

/// `username: str = Form()`, `remember: bool = Form(False)`.
#[derive(Serialize)]
struct Login {
    username: String,
    remember: bool,
}

impl FromParams for Login {
    fn from_params(form: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let username = errors.take(form.string("username"));
        let password = errors.take(form.string("password"));
        let remember = errors.take(form.optional_bool("remember"));
        password?;
        Some(Login {
            username: username?,
            remember: remember?.unwrap_or(false),
        })
    }
}

fn app() -> Router {
    Router::new()
        .route(
            "/login",
            post(|Form(login): Form<Login>| async { Json(login) }),
        )
        .route(
            "/filter",
            get(|Query(filter): Query<Filter>| async { Json(filter) }),
        )
        .route(
            "/items/{item_id}",
            get(|Path(path): Path<ItemPath>| async { Json(path) }),
        )
        .route(
            "/items/",
            post(|Json(item): Json<Item>| async { Json(item) }),
        )
}

async fn send(request: Request<Body>) -> (StatusCode, Value) {
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn get_json(uri: &str) -> (StatusCode, Value) {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post_body(content_type: Option<&str>, body: &'static str) -> (StatusCode, Value) {
    let mut request = Request::post("/items/");
    if let Some(content_type) = content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    send(request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn query_extractor_reads_good_values() {
    let (status, body) = get_json("/filter?q=a+b&skip=%2B5&short=Y").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"q": "a b", "skip": 5, "short": true}));
}

#[tokio::test]
async fn query_extractor_lists_every_error_in_order() {
    let (status, body) = get_json("/filter?skip=x").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"detail": [
            {"type":"int_parsing","loc":["query","skip"],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"},
            {"type":"missing","loc":["query","short"],"msg":"Field required","input":null},
        ]})
    );
}

#[tokio::test]
async fn path_extractor_answers_422_not_400() {
    let (status, body) = get_json("/items/item1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"][0]["loc"], json!(["path", "item_id"]));
    assert_eq!(get_json("/items/42").await.1, json!({"item_id": 42}));
}

#[tokio::test]
async fn json_extractor_reads_json_with_charset_and_lists_every_field() {
    let ok = post_body(
        Some("application/json; charset=utf-8"),
        r#"{"name":"Foo","price":"50.5"}"#,
    )
    .await;
    assert_eq!(
        ok,
        (
            StatusCode::OK,
            json!({"name":"Foo","price":50.5,"tax":null})
        )
    );

    let (status, body) = post_body(Some("application/json"), r#"{"tax": 1}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing: Vec<&Value> = body["detail"].as_array().unwrap().iter().collect();
    assert_eq!(missing.len(), 2);
    assert_eq!(missing[0]["loc"], json!(["body", "name"]));
    assert_eq!(missing[1]["input"], json!({"tax": 1}));
}

#[tokio::test]
async fn json_extractor_follows_fastapi_on_malformed_or_unlabelled_bodies() {
    let (status, body) = post_body(Some("application/json"), "{,").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let item = &body["detail"][0];
    assert_eq!(item["type"], "json_invalid");
    assert_eq!(item["msg"], "JSON decode error");
    assert_eq!(item["loc"][0], "body");
    assert!(item["loc"][1].is_u64());

    // Without a JSON content type FastAPI does not parse the body at all.
    let (_, body) = post_body(Some("text/plain"), r#"{"name":"Foo","price":1}"#).await;
    assert_eq!(body["detail"][0]["type"], "model_attributes_type");

    // No body: the body itself is missing.
    let (_, body) = post_body(Some("application/json"), "").await;
    assert_eq!(
        body,
        json!({"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]})
    );
}

async fn post_login(content_type: &str, body: &'static str) -> (StatusCode, Value) {
    let request = Request::post("/login").header(CONTENT_TYPE, content_type);
    send(request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn form_extractor_reads_a_form_the_last_value_winning() {
    let form = "application/x-www-form-urlencoded";
    let ok = post_login(form, "username=a&username=ann+b&password=x&remember=on").await;
    assert_eq!(
        ok,
        (
            StatusCode::OK,
            json!({"username": "ann b", "remember": true})
        )
    );
}

#[tokio::test]
async fn form_extractor_counts_empty_fields_and_other_bodies_as_missing() {
    let missing = |name: &str| json!({"type":"missing","loc":["body",name],"msg":"Field required","input":null});
    let form = "application/x-www-form-urlencoded";
    let (status, body) = post_login(form, "username=&password=x").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body, json!({"detail": [missing("username")]}));
    // FastAPI finds no form fields in JSON: each is missing, not a 415.
    let (status, body) = post_login("application/json", r#"{"username":"a"}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"detail": [missing("username"), missing("password")]})
    );
    let (_, body) = post_login(form, "username=a&password=b&remember=maybe").await;
    assert_eq!(body["detail"][0]["loc"], json!(["body", "remember"]));
    assert_eq!(body["detail"][0]["type"], "bool_parsing");
}
