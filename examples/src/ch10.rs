//! Chapter 10's worked example: football teams kept in a database with
//! sqlx, SQLite or PostgreSQL through one `AnyPool`.
//!
//! ```text
//! POST   /teams/  {"name":"Rovers","city":"Leeds","motto":"Onwards","sponsor":"Acme"}
//!                 → {"id":1,"name":"Rovers","city":"Leeds","motto":"Onwards"}   (no sponsor)
//! GET    /teams/?page=2&per_page=10   → teams 11 to 20, in id order
//! GET    /teams/1                     → the team, or 404 {"detail":"Team not found"}
//! PATCH  /teams/1  {"motto":null}     → only the motto changes (to null)
//! DELETE /teams/1                     → 204, or 404
//! ```

use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use fastapi_errors::{
    BodyObject, Bound, ErrorItem, FromBody, FromParams, Json, Params, Path, Query,
    ValidationErrors, bound,
};
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

// ANCHOR: connect
/// One folder of migrations per database: the SQL differs (`INTEGER
/// PRIMARY KEY` on SQLite, an identity column on PostgreSQL). `migrate!`
/// reads them when the crate compiles and embeds them in the binary.
static ON_SQLITE: Migrator = sqlx::migrate!("migrations/ch10/sqlite");
static ON_POSTGRES: Migrator = sqlx::migrate!("migrations/ch10/postgres");

/// A pool for `database_url`, with the schema brought up to date.
pub async fn open(database_url: &str) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let db = AnyPoolOptions::new().connect(database_url).await?;
    let migrations = match database_url.split(':').next() {
        Some("postgres" | "postgresql") => &ON_POSTGRES,
        _ => &ON_SQLITE,
    };
    // Applied migrations are recorded in `_sqlx_migrations`: a second start
    // runs nothing, a new file runs once.
    migrations.run(&db).await?;
    Ok(db)
}
// ANCHOR_END: connect

// ANCHOR: error
/// What a team route answers instead of success.
#[derive(Debug)]
pub enum TeamError {
    Missing,
    Database(sqlx::Error),
}

impl From<sqlx::Error> for TeamError {
    fn from(err: sqlx::Error) -> Self {
        TeamError::Database(err)
    }
}

impl IntoResponse for TeamError {
    fn into_response(self) -> Response {
        match self {
            TeamError::Missing => {
                let body = axum::Json(json!({"detail": "Team not found"}));
                (StatusCode::NOT_FOUND, body).into_response()
            }
            TeamError::Database(err) => {
                // Logged, not answered: the message may show SQL and data.
                eprintln!("team database error: {err}");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}
// ANCHOR_END: error

/// What a client sends to found a team.
pub struct NewTeam {
    name: String,
    city: String,
    motto: Option<String>,
    sponsor: String,
}

impl FromBody for NewTeam {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let name = errors.take(body.string("name"));
        let city = errors.take(body.string("city"));
        let motto = errors.take(body.optional_string("motto"));
        let sponsor = errors.take(body.string("sponsor"));
        Some(NewTeam {
            name: name?,
            city: city?,
            motto: motto?,
            sponsor: sponsor?,
        })
    }
}

// ANCHOR: team_change
/// A PATCH body. `motto` has three states: not sent (`None`, keep it),
/// sent as `null` (`Some(None)`, clear it), sent as text (`Some(Some(..))`).
pub struct TeamChange {
    city: Option<String>,
    motto: Option<Option<String>>,
}

impl FromBody for TeamChange {
    fn from_body(body: &BodyObject<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let city = errors.take(body.optional_string("city"));
        let motto = match body.get("motto") {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(_) => body.optional_string("motto").map(Some),
        };
        let motto = errors.take(motto);
        Some(TeamChange {
            city: city?,
            motto: motto?,
        })
    }
}
// ANCHOR_END: team_change

// ANCHOR: paging
/// `?page=1&per_page=20`, at most 50 a page.
pub struct Paging {
    page: i64,
    per_page: i64,
}

impl FromParams for Paging {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        let page = errors.take(at_least_one(params, "page"));
        let per_page = errors.take(at_least_one(params, "per_page").and_then(|n| {
            let raw = params.raw("per_page").unwrap_or_default();
            bound(params.loc("per_page"), raw, n, Bound::Le(50)).map(|()| n)
        }));
        Some(Paging {
            page: page?,
            per_page: per_page?,
        })
    }
}

/// An optional positive integer, 1 when absent (`Query(ge=1)`).
fn at_least_one(params: &Params<'_>, name: &str) -> Result<i64, ErrorItem> {
    match params.raw(name) {
        None => Ok(1),
        Some(raw) => {
            let n = params.int(name)?;
            bound(params.loc(name), raw, n, Bound::Ge(1))?;
            Ok(n)
        }
    }
}
// ANCHOR_END: paging

/// `{team_id}`.
pub struct TeamId(i64);

impl FromParams for TeamId {
    fn from_params(params: &Params<'_>, errors: &mut ValidationErrors) -> Option<Self> {
        errors.take(params.int("team_id")).map(TeamId)
    }
}

// ANCHOR: row
/// A team as the API shows it. `FromRow` matches columns to fields by
/// name; `sponsor` is not a field, and no query selects it.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Team {
    id: i64,
    name: String,
    city: String,
    motto: Option<String>,
}
// ANCHOR_END: row

// ANCHOR: found_team
/// `POST /teams/`. `RETURNING` hands back the row as stored, id included.
async fn found_team(
    State(db): State<AnyPool>,
    Json(new): Json<NewTeam>,
) -> Result<Json<Team>, TeamError> {
    let sql = "INSERT INTO team (name, city, motto, sponsor) VALUES ($1, $2, $3, $4) \
               RETURNING id, name, city, motto";
    let team: Team = sqlx::query_as(sql)
        .bind(new.name)
        .bind(new.city)
        .bind(new.motto)
        .bind(new.sponsor)
        .fetch_one(&db)
        .await?;
    Ok(Json(team))
}
// ANCHOR_END: found_team

// ANCHOR: list_teams
/// `GET /teams/`: `ORDER BY` makes pages stable; `LIMIT`/`OFFSET` cut them.
async fn list_teams(
    State(db): State<AnyPool>,
    Query(paging): Query<Paging>,
) -> Result<Json<Vec<Team>>, TeamError> {
    let skipped = (paging.page - 1) * paging.per_page;
    let sql = "SELECT id, name, city, motto FROM team ORDER BY id LIMIT $1 OFFSET $2";
    let teams: Vec<Team> = sqlx::query_as(sql)
        .bind(paging.per_page)
        .bind(skipped)
        .fetch_all(&db)
        .await?;
    Ok(Json(teams))
}
// ANCHOR_END: list_teams

// ANCHOR: show_team
/// `GET /teams/{team_id}`: `fetch_optional` is `Ok(None)` when no row matched.
async fn show_team(
    State(db): State<AnyPool>,
    Path(TeamId(team)): Path<TeamId>,
) -> Result<Json<Team>, TeamError> {
    let sql = "SELECT id, name, city, motto FROM team WHERE id = $1";
    let found: Option<Team> = sqlx::query_as(sql).bind(team).fetch_optional(&db).await?;
    found.map(Json).ok_or(TeamError::Missing)
}
// ANCHOR_END: show_team

// ANCHOR: change_team
/// `PATCH /teams/{team_id}`, in one statement. `COALESCE($1, city)` is the
/// new city if one was sent, else the old one; the motto needs a flag,
/// because "set it to NULL" and "leave it" both bind a NULL.
async fn change_team(
    State(db): State<AnyPool>,
    Path(TeamId(team)): Path<TeamId>,
    Json(change): Json<TeamChange>,
) -> Result<Json<Team>, TeamError> {
    let sql = "UPDATE team \
               SET city = COALESCE($1, city), \
                   motto = CASE WHEN $2 THEN $3 ELSE motto END \
               WHERE id = $4 \
               RETURNING id, name, city, motto";
    let motto_sent = change.motto.is_some();
    let changed: Option<Team> = sqlx::query_as(sql)
        .bind(change.city)
        .bind(motto_sent)
        .bind(change.motto.flatten())
        .bind(team)
        .fetch_optional(&db)
        .await?;
    changed.map(Json).ok_or(TeamError::Missing)
}
// ANCHOR_END: change_team

// ANCHOR: disband_team
/// `DELETE /teams/{team_id}`: no row to read back, so the count of rows
/// the statement touched tells found from not found.
async fn disband_team(
    State(db): State<AnyPool>,
    Path(TeamId(team)): Path<TeamId>,
) -> Result<StatusCode, TeamError> {
    let done = sqlx::query("DELETE FROM team WHERE id = $1")
        .bind(team)
        .execute(&db)
        .await?;
    match done.rows_affected() {
        0 => Err(TeamError::Missing),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}
// ANCHOR_END: disband_team

// ANCHOR: app
/// The team routes, sharing one pool: `AnyPool` is a cheap handle (an
/// `Arc` inside), cloned into every request.
pub fn app(db: AnyPool) -> Router {
    Router::new()
        .route("/teams/", get(list_teams).post(found_team))
        .route(
            "/teams/{team_id}",
            get(show_team).patch(change_team).delete(disband_team),
        )
        .with_state(db)
}
// ANCHOR_END: app
