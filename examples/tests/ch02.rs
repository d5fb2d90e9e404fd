//! Chapter 02's worked example does what the page says it does.

mod common;

use common::get;
use serde_json::json;
use worked_examples::ch02::app;

#[tokio::test]
async fn a_day_parses_or_is_refused_with_the_apis_own_error() {
    assert_eq!(get(app(), "/days/42").await, (200, json!({"day": 42})));
    assert_eq!(
        get(app(), "/days/soon").await,
        (
            400,
            json!({"errors": [{"field": "day", "problem": "not a whole number", "got": "soon"}]})
        )
    );
    assert_eq!(get(app(), "/days/400").await.0, 400);
}

#[tokio::test]
async fn a_fixed_segment_wins_over_a_parameter() {
    assert_eq!(
        get(app(), "/weeks/current").await,
        (200, json!({"week": "the current week"}))
    );
    assert_eq!(get(app(), "/weeks/17").await, (200, json!({"week": "17"})));
}

#[tokio::test]
async fn a_wildcard_takes_the_rest_of_the_path() {
    assert_eq!(
        get(app(), "/notes/2026/may.md").await,
        (200, json!({"note": "2026/may.md"}))
    );
    assert_eq!(
        get(app(), "/notes//etc/notes.md").await,
        (200, json!({"note": "/etc/notes.md"}))
    );
}

#[tokio::test]
async fn a_weekday_is_one_of_three_exactly() {
    assert_eq!(
        get(app(), "/weekdays/tue").await,
        (200, json!({"weekday": "tue", "busy": true}))
    );
    let (status, body) = get(app(), "/weekdays/Tue").await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["try_instead"], "mon, tue or wed");
}
