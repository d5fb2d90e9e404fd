//! Chapter 03's worked example does what the page says it does.

mod common;

use common::get;
use serde_json::json;
use worked_examples::ch03::app;

#[tokio::test]
async fn songs_have_defaults_and_a_window_like_a_python_slice() {
    assert_eq!(
        get(app(), "/songs/").await,
        (200, json!(["Intro", "Verse"]))
    );
    assert_eq!(
        get(app(), "/songs/?count=3&offset=1").await,
        (200, json!(["Verse", "Bridge", "Outro"]))
    );
    assert_eq!(get(app(), "/songs/?offset=9").await, (200, json!([])));
}

#[tokio::test]
async fn two_bad_numbers_are_both_reported_in_the_routes_order() {
    let (status, body) = get(app(), "/songs/?count=b&offset=a").await;
    assert_eq!(status, 422);
    let locs: Vec<_> = body["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["loc"][1].clone())
        .collect();
    assert_eq!(locs, [json!("offset"), json!("count")]);
}

#[tokio::test]
async fn order_takes_either_spelling_in_any_case() {
    let (status, body) = get(app(), "/albums/7/songs?order=DESCending&search=").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"album_id": 7, "order": "desc", "songs": ["Outro", "Bridge", "Verse", "Intro"]})
    );
    let (_, body) = get(app(), "/albums/7/songs?search=bri").await;
    assert_eq!(
        (body["order"].clone(), body["search"].clone()),
        (json!("asc"), json!("bri"))
    );
}

#[tokio::test]
async fn a_bad_path_comes_before_a_bad_query_value() {
    let (status, body) = get(app(), "/albums/x/songs?order=up").await;
    assert_eq!(status, 422);
    assert_eq!(body["detail"][0]["type"], "int_parsing");
    assert_eq!(body["detail"][1]["type"], "enum");
    assert_eq!(body["detail"][1]["msg"], "Input should be 'asc' or 'desc'");
}

#[tokio::test]
async fn a_missing_lang_is_missing_with_input_null_and_verse_is_null_when_absent() {
    assert_eq!(
        get(app(), "/lyrics/Intro?lang=").await,
        (200, json!({"title": "Intro", "lang": "", "verse": null}))
    );
    let (status, body) = get(app(), "/lyrics/Intro?verse=two").await;
    assert_eq!(status, 422);
    assert_eq!(
        body["detail"],
        json!([
            {"type": "missing", "loc": ["query", "lang"], "msg": "Field required", "input": null},
            {"type": "int_parsing", "loc": ["query", "verse"],
             "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "two"},
        ])
    );
}
