//! Chapter 07's worked example: a warehouse whose dependencies are
//! extractors — shared paging, a value with a fallback, guards that read the
//! app's state, and a lease released when the handler is done.
//!
//! ```text
//! GET /shelves/?size=5            {"after":null,"size":5}      (x-client and x-version sent)
//! GET /shelves/?size=x&after=     422 int_parsing ["query","size"]
//! GET /theme   (cookie theme=dark) {"theme":"dark"}
//! GET /crates/c1                  {"crate_id":"c1","holder":"Ada"}
//! GET /crates/c2                  409 {"detail":"Lease conflict: Ada"}
//! GET /nowhere                    404, no headers asked for
//! ```

use std::convert::Infallible;

use axum::{
    Json, Router,
    extract::{FromRef, FromRequestParts, Path, State},
    http::{StatusCode, request::Parts},
    middleware::from_extractor_with_state,
    response::{IntoResponse, Response},
    routing::get,
};
use axum_extra::extract::{Cached, CookieJar};
use fastapi_errors::{ErrorItem, ValidationErrors, loc, missing, parse_int, query_map};
use serde::Serialize;
use serde_json::json;

/// The warehouse's one error type: FastAPI's `HTTPException` and its 422.
#[derive(Debug)]
pub enum WarehouseError {
    Http { code: StatusCode, detail: String },
    Invalid(ValidationErrors),
}

impl IntoResponse for WarehouseError {
    fn into_response(self) -> Response {
        match self {
            WarehouseError::Http { code, detail } => {
                (code, Json(json!({ "detail": detail }))).into_response()
            }
            WarehouseError::Invalid(problems) => problems.into_response(),
        }
    }
}

impl From<ErrorItem> for WarehouseError {
    fn from(item: ErrorItem) -> Self {
        WarehouseError::Invalid(item.into())
    }
}

// ANCHOR: paging
/// `after` and `size`, shared by every listing (a FastAPI dependency
/// function with two query parameters). As an extractor, it is asked for
/// by type; its rejection is the whole 422 list.
#[derive(Debug, Serialize)]
pub struct Paging {
    after: Option<String>,
    size: i64,
}

impl<S: Send + Sync> FromRequestParts<S> for Paging {
    type Rejection = ValidationErrors;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let mut values = query_map(&parts.uri);
        let mut problems = ValidationErrors::default();
        let size = problems.take(match values.get("size") {
            None => Ok(20),
            Some(text) => parse_int(loc("query", "size"), text),
        });
        match size {
            Some(size) => Ok(Paging {
                after: values.remove("after").filter(|after| !after.is_empty()),
                size,
            }),
            None => Err(problems),
        }
    }
}

/// The handler names the dependency in its signature, like `Depends(...)`.
async fn list_shelves(paging: Paging) -> Json<Paging> {
    Json(paging)
}
// ANCHOR_END: paging

// ANCHOR: fallback
/// The `x-theme` header on its own. `Clone` because `Cached` hands out
/// copies of the value it keeps for the rest of the request.
#[derive(Debug, Clone)]
pub struct ThemeHeader(Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ThemeHeader {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get("x-theme");
        let theme = header
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        Ok(ThemeHeader(theme))
    }
}

/// A dependency with a dependency: the header, or else the `theme` cookie.
#[derive(Debug, Serialize)]
pub struct Theme {
    theme: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Theme {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // `Cached`: however many extractors ask, the header is read once.
        let Cached(ThemeHeader(header)) = Cached::from_request_parts(parts, state).await?;
        let jar = CookieJar::from_request_parts(parts, state).await?;
        let theme = header
            .filter(|name| !name.is_empty())
            .or_else(|| jar.get("theme").map(|cookie| cookie.value().to_owned()));
        Ok(Theme { theme })
    }
}

async fn show_theme(theme: Theme) -> Json<Theme> {
    Json(theme)
}
// ANCHOR_END: fallback

// ANCHOR: guards
/// What the guards compare with: in the state, so a test can change it.
#[derive(Debug, Clone)]
pub struct Expected {
    pub client: String,
    pub version: String,
}

impl Default for Expected {
    fn default() -> Self {
        Expected {
            client: "warehouse-app".into(),
            version: "2".into(),
        }
    }
}

/// A header that must be there (else 422) and right (else 400 `detail`).
fn check_header(parts: &Parts, header: &str, want: &str) -> Result<(), WarehouseError> {
    let Some(sent) = parts.headers.get(header) else {
        return Err(missing(loc("header", header)).into());
    };
    if sent.as_bytes() == want.as_bytes() {
        return Ok(());
    }
    Err(WarehouseError::Http {
        code: StatusCode::BAD_REQUEST,
        detail: format!("{header} is not accepted"),
    })
}

/// A check with no data: it only rejects. `Expected: FromRef<S>` reads
/// "any state that `Expected` can be taken out of".
pub struct ClientGuard;

impl<S> FromRequestParts<S> for ClientGuard
where
    Expected: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WarehouseError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        check_header(parts, "x-client", &Expected::from_ref(state).client)?;
        Ok(ClientGuard)
    }
}

pub struct VersionGuard;

impl<S> FromRequestParts<S> for VersionGuard
where
    Expected: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WarehouseError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        check_header(parts, "x-version", &Expected::from_ref(state).version)?;
        Ok(VersionGuard)
    }
}
// ANCHOR_END: guards

// ANCHOR: lease
/// A dependency with clean-up (FastAPI's `yield`): set up in
/// `from_request_parts`, cleaned up in `Drop`, on every way out.
#[derive(Debug)]
pub struct Lease {
    holder: &'static str,
}

impl<S: Send + Sync> FromRequestParts<S> for Lease {
    type Rejection = Infallible;

    async fn from_request_parts(_: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lease { holder: "Ada" })
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        println!("lease released by {}", self.holder);
    }
}

/// FastAPI's `except` around the `yield`: an error the handler raises, and
/// what it becomes. `?` converts it.
pub struct LeaseConflict(&'static str);

impl From<LeaseConflict> for WarehouseError {
    fn from(LeaseConflict(holder): LeaseConflict) -> Self {
        WarehouseError::Http {
            code: StatusCode::CONFLICT,
            detail: format!("Lease conflict: {holder}"),
        }
    }
}

#[derive(Serialize)]
struct Crate {
    crate_id: String,
    holder: &'static str,
}

/// `c2` is held by someone else. The lease is dropped when this returns.
async fn open_crate(
    Path(crate_id): Path<String>,
    lease: Lease,
) -> Result<Json<Crate>, WarehouseError> {
    if crate_id == "c2" {
        return Err(LeaseConflict(lease.holder).into());
    }
    let holder = lease.holder;
    Ok(Json(Crate { crate_id, holder }))
}
// ANCHOR_END: lease

// ANCHOR: app
/// The app's state; `FromRef` lets each extractor take only its part.
#[derive(Debug, Clone, Default, FromRef)]
pub struct Depot {
    pub expected: Expected,
    pub opened_at: Opened,
}

/// Another part of the state, read with `State<Opened>`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opened(pub u32);

async fn opening_hour(State(Opened(hour)): State<Opened>) -> Json<u32> {
    Json(hour)
}

/// JSON answers for unknown paths and methods, from the one error type.
async fn no_route() -> WarehouseError {
    let detail = "Not Found".to_string();
    WarehouseError::Http {
        code: StatusCode::NOT_FOUND,
        detail,
    }
}

async fn no_method() -> WarehouseError {
    let detail = "Method Not Allowed".to_string();
    WarehouseError::Http {
        code: StatusCode::METHOD_NOT_ALLOWED,
        detail,
    }
}

/// Both guards on every route (`FastAPI(dependencies=[...])`). The layer is
/// a `route_layer`, so unknown paths answer 404 without asking for headers;
/// the 405 fallback comes after it, so a wrong method is not asked either.
pub fn app(depot: Depot) -> Router {
    let guards = from_extractor_with_state::<(ClientGuard, VersionGuard), _>(depot.clone());
    Router::new()
        .route("/shelves/", get(list_shelves))
        .route("/theme", get(show_theme))
        .route("/crates/{crate_id}", get(open_crate))
        .route("/opened", get(opening_hour))
        .route_layer(guards)
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .with_state(depot)
}
// ANCHOR_END: app
