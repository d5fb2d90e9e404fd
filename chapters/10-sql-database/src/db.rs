//! The database: which one, the pool, and the migrations that shape it.
//!
//! One `AnyPool` serves SQLite and PostgreSQL: the URL's scheme picks the
//! driver when the pool connects, so every query can be written once, with
//! `$1` placeholders both databases understand.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

/// A file in the working directory, created on first start (`mode=rwc`:
/// read, write, create), as FastAPI's `sqlite:///database.db` is.
pub const DEFAULT_URL: &str = "sqlite://database.db?mode=rwc";

/// Opens a pool for `url`.
pub async fn connect(url: &str) -> Result<AnyPool, sqlx::Error> {
    // `AnyPool` finds its drivers at run time; this registers the ones
    // compiled in (the `sqlite` and `postgres` features).
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(10)
        // A database that does not answer is reported after 5 s, not 30.
        .acquire_timeout(Duration::from_secs(5))
        .connect(url)
        .await?;
    // TODO(ch10): bring the schema up to date before the server answers.
    // Embed each folder of `migrations/` with `sqlx::migrate!` (one `static`
    // `Migrator` per database), and run the one that fits `url` on the pool.
    // Book: 10 · SQL database › "Migrations, embedded"
    Ok(pool)
}
