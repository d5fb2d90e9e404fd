//! The database: which one, the pool, and the migrations that shape it.
//!
//! One `AnyPool` serves SQLite and PostgreSQL: the URL's scheme picks the
//! driver when the pool connects, and every query in `heroes.rs` is written
//! once, with `$1` placeholders both databases understand.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

/// A file in the working directory, created on first start (`mode=rwc`:
/// read, write, create), as FastAPI's `sqlite:///database.db` is.
pub const DEFAULT_URL: &str = "sqlite://database.db?mode=rwc";

/// Each database has its own folder: their SQL dialects differ, and
/// `migrate!` embeds both in the binary at compile time.
static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// Opens a pool for `url` and brings the schema up to date. Running the
/// migrations at start is safe to repeat: sqlx records the ones it applied
/// in a table of its own (`_sqlx_migrations`) and skips them.
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
    let migrator = if url.starts_with("postgres") {
        &POSTGRES
    } else {
        &SQLITE
    };
    migrator.run(&pool).await?;
    Ok(pool)
}
