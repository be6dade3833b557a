//! The SQLite pool and the migrations in `crates/server/migrations`.
//!
//! The migrations are embedded in the binary (see [`MIGRATIONS`]) so the server needs no files
//! besides the database itself. They are run with sqlx's own migrator and recorded in its
//! `_sqlx_migrations` table exactly as `sqlx::migrate!()` would record them.
//!
//! May import: nothing of this crate.

use std::borrow::Cow;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{MigrateError, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// Every migration, in order: (version, description, SQL). The version and description are the
/// file name's (`0001_calendar_changes.sql`); a test checks this list against the folder.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "calendar changes",
        include_str!("../migrations/0001_calendar_changes.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../migrations/0002_accounts.sql"),
    ),
    (3, "tickets", include_str!("../migrations/0003_tickets.sql")),
    (4, "claims", include_str!("../migrations/0004_claims.sql")),
    (
        5,
        "sanctions",
        include_str!("../migrations/0005_sanctions.sql"),
    ),
    (6, "mail", include_str!("../migrations/0006_mail.sql")),
    (
        7,
        "email tokens",
        include_str!("../migrations/0007_email_tokens.sql"),
    ),
    (8, "finding", include_str!("../migrations/0008_finding.sql")),
    (
        9,
        "workflow",
        include_str!("../migrations/0009_workflow.sql"),
    ),
];

/// Why the database could not be opened.
#[derive(Debug)]
pub enum DbError {
    Url(sqlx::Error),
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    Connect(sqlx::Error),
    Migrate(MigrateError),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Url(e) => write!(f, "invalid database URL: {e}"),
            DbError::CreateDir { path, source } => {
                write!(
                    f,
                    "cannot create the database folder {}: {source}",
                    path.display()
                )
            }
            DbError::Connect(e) => write!(f, "cannot open the database: {e}"),
            DbError::Migrate(e) => write!(f, "cannot migrate the database: {e}"),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::Url(e) | DbError::Connect(e) => Some(e),
            DbError::CreateDir { source, .. } => Some(source),
            DbError::Migrate(e) => Some(e),
        }
    }
}

/// Opens the database at `url` (`sqlite:path/to/file.db`), creating the file and its folder if
/// missing, in WAL mode with a busy timeout, and brings it up to the latest migration.
pub async fn connect(url: &str) -> Result<SqlitePool, DbError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(DbError::Url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);

    if let Some(parent) = options.get_filename().parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|source| DbError::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }

    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;

    migrator()
        .await
        .map_err(DbError::Migrate)?
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    Ok(pool)
}

/// The migrator over the embedded [`MIGRATIONS`].
pub async fn migrator() -> Result<Migrator, MigrateError> {
    Migrator::new(Embedded).await
}

#[derive(Debug)]
struct Embedded;

type BoxDynError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async {
            Ok(MIGRATIONS
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded list matches the migrations folder file for file.
    #[test]
    fn embedded_migrations_match_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<(i64, String, String)> = std::fs::read_dir(&dir)
            .expect("migrations folder")
            .map(|entry| {
                let path = entry.expect("entry").path();
                let name = path.file_name().unwrap().to_str().unwrap().to_owned();
                let stem = name
                    .strip_suffix(".sql")
                    .expect("only .sql files in migrations/");
                let (version, description) = stem.split_once('_').expect("VERSION_DESCRIPTION.sql");
                (
                    version.parse().expect("numeric version"),
                    description.replace('_', " "),
                    std::fs::read_to_string(&path).unwrap(),
                )
            })
            .collect();
        files.sort();
        let embedded: Vec<(i64, String, String)> = MIGRATIONS
            .iter()
            .map(|&(v, d, s)| (v, d.to_owned(), s.to_owned()))
            .collect();
        assert_eq!(embedded, files);
    }
}
