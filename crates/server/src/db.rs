//! The database pool (SQLite or PostgreSQL, chosen by the URL) and the migrations in
//! `crates/server/migrations` (SQLite) and `crates/server/migrations/postgres` (PostgreSQL).
//!
//! One server, two databases: every query goes through sqlx's `Any` driver ([`Pool`]), written
//! once with `$1, $2, ...` placeholders (SQLite reads them as numbered parameters too). Where the
//! two databases' SQL differs, [`dialect`](crate::dialect) holds the one place that says how.
//! Integers are `INTEGER` in SQLite and `BIGINT` in PostgreSQL (decoded as `i64`), flags are
//! integers 0/1 on both, files are `BLOB` / `BYTEA`.
//!
//! The migrations are embedded in the binary (see [`MIGRATIONS`] and [`PG_MIGRATIONS`]) so the
//! server needs no files besides the database itself. They are run with sqlx's own migrator and
//! recorded in its `_sqlx_migrations` table exactly as `sqlx::migrate!()` would record them.
//!
//! May import: nothing of this crate.

use std::borrow::Cow;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{MigrateError, Migration, MigrationSource, MigrationType, Migrator};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::Executor as _;

/// The pool every query runs on, whichever database the URL named.
pub type Pool = sqlx::AnyPool;

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
    (10, "mfa", include_str!("../migrations/0010_mfa.sql")),
    (
        11,
        "audit trail",
        include_str!("../migrations/0011_audit_trail.sql"),
    ),
    (
        12,
        "one hfs mailbox",
        include_str!("../migrations/0012_one_hfs_mailbox.sql"),
    ),
    (
        13,
        "registration answers",
        include_str!("../migrations/0013_registration_answers.sql"),
    ),
];

/// The PostgreSQL migrations, version for version beside [`MIGRATIONS`] (a test compares the
/// two schemas' tables and columns).
pub const PG_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "calendar changes",
        include_str!("../migrations/postgres/0001_calendar_changes.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../migrations/postgres/0002_accounts.sql"),
    ),
    (
        3,
        "tickets",
        include_str!("../migrations/postgres/0003_tickets.sql"),
    ),
    (
        4,
        "claims",
        include_str!("../migrations/postgres/0004_claims.sql"),
    ),
    (
        5,
        "sanctions",
        include_str!("../migrations/postgres/0005_sanctions.sql"),
    ),
    (
        6,
        "mail",
        include_str!("../migrations/postgres/0006_mail.sql"),
    ),
    (
        7,
        "email tokens",
        include_str!("../migrations/postgres/0007_email_tokens.sql"),
    ),
    (
        8,
        "finding",
        include_str!("../migrations/postgres/0008_finding.sql"),
    ),
    (
        9,
        "workflow",
        include_str!("../migrations/postgres/0009_workflow.sql"),
    ),
    (
        10,
        "mfa",
        include_str!("../migrations/postgres/0010_mfa.sql"),
    ),
    (
        11,
        "audit trail",
        include_str!("../migrations/postgres/0011_audit_trail.sql"),
    ),
    (
        12,
        "one hfs mailbox",
        include_str!("../migrations/postgres/0012_one_hfs_mailbox.sql"),
    ),
    (
        13,
        "registration answers",
        include_str!("../migrations/postgres/0013_registration_answers.sql"),
    ),
];

/// A flag column (0/1) or a yes/no expression, read the same on both databases (SQLite answers
/// an integer, PostgreSQL a boolean for `x IS NULL`, `EXISTS (...)` and the like).
pub fn flag(row: &sqlx::any::AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row as _;
    match row.try_get::<i64, _>(column) {
        Ok(n) => Ok(n != 0),
        Err(_) => row.try_get::<bool, _>(column),
    }
}

/// [`flag`] of a column that may be NULL (an outer join's).
pub fn flag_opt(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<bool>, sqlx::Error> {
    use sqlx::Row as _;
    match row.try_get::<Option<i64>, _>(column) {
        Ok(n) => Ok(n.map(|n| n != 0)),
        Err(_) => row.try_get::<Option<bool>, _>(column),
    }
}

/// The one place the two databases spell a JSON aggregate differently: a scalar subquery
/// (`(SELECT ...) AS name`) giving the rows of `from` (tables and `WHERE`, which may name the
/// outer query's tables) as a JSON array of objects, `fields` (key, SQL expression) each, in the
/// order of `order_by`; `[]` without rows. A page's lists are read this way in the query of its
/// main row: one round trip for all of them instead of one each (and one message per row).
/// SQLite: `json_group_array(json_object(...) ORDER BY ...)` (SQLite 3.44 or later); PostgreSQL:
/// `json_agg(json_build_object(...) ORDER BY ...)` as text.
pub fn json_rows(
    kind: Kind,
    name: &str,
    fields: &[(&str, &str)],
    from: &str,
    order_by: &str,
) -> String {
    let pairs = fields
        .iter()
        .map(|(key, expr)| format!("'{key}', {expr}"))
        .collect::<Vec<_>>()
        .join(", ");
    let aggregate = match kind {
        Kind::Sqlite => format!("json_group_array(json_object({pairs}) ORDER BY {order_by})"),
        Kind::Postgres => {
            format!("CAST(json_agg(json_build_object({pairs}) ORDER BY {order_by}) AS TEXT)")
        }
    };
    format!("(SELECT COALESCE({aggregate}, '[]') FROM {from}) AS {name}")
}

/// The advisory lock keys of the work that runs once across instances ([`once_across_instances`]).
pub const LOCK_CLOCKS: i64 = 0x5052_5001;
pub const LOCK_OUTBOX: i64 = 0x5052_5002;

/// Runs `work` unless another instance on the same PostgreSQL database is running the work of
/// `key` right now (then `None`: that instance does it). Held as a PostgreSQL session advisory
/// lock on a connection of its own, released when `work` ends, or by PostgreSQL when the instance
/// dies. A SQLite file has one server: `work` just runs. What `work` writes must still be safe to
/// write twice (unique constraints), since a run may end half-way.
pub async fn once_across_instances<T>(
    pool: &Pool,
    key: i64,
    work: impl std::future::Future<Output = T>,
) -> Result<Option<T>, sqlx::Error> {
    if kind(pool) == Kind::Sqlite {
        return Ok(Some(work.await));
    }
    let mut conn = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *conn)
        .await?;
    if !locked {
        return Ok(None);
    }
    let done = work.await;
    let unlocked: Result<bool, sqlx::Error> = sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .fetch_one(&mut *conn)
        .await;
    if unlocked.is_err() {
        // The lock ends with its connection: never give this one back to the pool.
        conn.detach();
    }
    Ok(Some(done))
}

/// The kinds of database this server opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

impl Kind {
    /// As `/api/health` and the start-up log name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
        }
    }
}

/// The kind of the database behind `pool`.
pub fn kind(pool: &Pool) -> Kind {
    match pool.connect_options().database_url.scheme() {
        "postgres" | "postgresql" => Kind::Postgres,
        _ => Kind::Sqlite,
    }
}

/// The kind of the database a connection (one taken from the pool) is to.
pub fn kind_of_connection(conn: &sqlx::AnyConnection) -> Kind {
    if conn.backend_name() == "PostgreSQL" {
        Kind::Postgres
    } else {
        Kind::Sqlite
    }
}

/// The database URLs this server opens, in the words of the message that refuses another kind.
pub const KNOWN_KINDS: &str = "sqlite:PATH (for example sqlite:data/portal.db) and \
                               postgres://USER:PASSWORD@HOST:PORT/DATABASE";

/// Why the database could not be opened.
#[derive(Debug)]
pub enum DbError {
    /// A URL of a kind the server does not open (its scheme only: never the credentials).
    UnknownKind(String),
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
            DbError::UnknownKind(kind) => write!(
                f,
                "the database URL {kind} is of a kind this server does not open; it opens \
                 {KNOWN_KINDS}"
            ),
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
            DbError::UnknownKind(_) => None,
        }
    }
}

/// Opens the database at `url` (`sqlite:path/to/file.db`, creating the file and its folder if
/// missing, in WAL mode with a busy timeout; or `postgres://...`) and brings it up to the latest
/// migration (on PostgreSQL sqlx's migrator holds an advisory lock meanwhile, so instances
/// starting together migrate once).
pub async fn connect(url: &str) -> Result<Pool, DbError> {
    let pool = open(url).await?;
    migrator(kind(&pool))
        .await
        .map_err(DbError::Migrate)?
        .run(&pool)
        .await
        .map_err(DbError::Migrate)?;
    Ok(pool)
}

/// The kind a database URL names, as shown in a message: `postgres://…` (never what follows,
/// which may hold a password), or "without a kind" for a bare path.
fn kind_of(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once(':')?;
    let valid = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| {
        if rest.starts_with("//") {
            format!("{scheme}://…")
        } else {
            format!("{scheme}:…")
        }
    })
}

/// Refuses a URL of a kind this server does not open (a URL without `sqlite:` would otherwise be
/// read as a file name: `postgres://...` opened a SQLite file in a folder named `postgres:`).
pub fn check_kind(url: &str) -> Result<Kind, DbError> {
    match kind_of(url) {
        Some(kind) if kind == "sqlite:…" || kind == "sqlite://…" => Ok(Kind::Sqlite),
        Some(kind) if kind == "postgres://…" || kind == "postgresql://…" => Ok(Kind::Postgres),
        Some(kind) => Err(DbError::UnknownKind(kind)),
        None => Err(DbError::UnknownKind(
            "without a kind (a bare file name)".to_owned(),
        )),
    }
}

/// Opens the database at `url` like [`connect`], without running the migrations (a backup
/// copies the database as it is).
pub async fn open(url: &str) -> Result<Pool, DbError> {
    let kind = check_kind(url)?;
    sqlx::any::install_default_drivers();
    let url = url.trim();
    let options = AnyConnectOptions::from_str(url).map_err(DbError::Url)?;
    let pool = match kind {
        Kind::Sqlite => {
            // Read as SQLite reads it, for the file's name (its folder is made private first).
            let sqlite = SqliteConnectOptions::from_str(url).map_err(DbError::Url)?;
            let file = sqlite.get_filename().to_path_buf();
            if let Some(parent) = file.parent() {
                if !parent.as_os_str().is_empty() {
                    private_dir(parent).map_err(|source| DbError::CreateDir {
                        path: parent.to_path_buf(),
                        source,
                    })?;
                }
            }
            private_files(&file).map_err(|source| DbError::CreateDir {
                path: file.clone(),
                source,
            })?;
            // sqlx's SQLite defaults: foreign keys on, a busy timeout of 5 s; the journal and
            // synchronous settings are set on every new connection. A connection taken from the
            // pool is not pinged first (sqlx's default pings each one, a round trip to the
            // connection's worker thread per query): a connection to a file does not go away.
            AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .test_before_acquire(false)
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await
                .map_err(DbError::Connect)?
        }
        // A connection taken from the pool is pinged first (a round trip) only when it has been
        // idle for a second or more: one in steady use has just shown it works, and sqlx's
        // default (a ping before every checkout) doubled the round trips of every query.
        Kind::Postgres => AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(5))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= Duration::from_secs(1) {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(DbError::Connect)?,
    };
    Ok(pool)
}

/// Creates `dir` (and its parents) if missing; a folder it creates is the server's user's only
/// (0700 on Unix).
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The database file, created empty if missing, and its `-wal` and `-shm` files (SQLite gives
/// them the database file's permissions) readable and writable by the server's user only (0600 on
/// Unix): health data at rest is nobody else's to read (`docs/security.md`, V8).
fn private_files(file: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if file.as_os_str().is_empty() || file.to_str() == Some(":memory:") {
            return Ok(());
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(file)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = file.as_os_str().to_owned();
            name.push(suffix);
            let path = std::path::PathBuf::from(name);
            if let Ok(meta) = std::fs::metadata(&path) {
                if meta.permissions().mode() & 0o077 != 0 {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                    tracing::warn!(path = %path.display(), "database file made private (0600)");
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

/// Whether a database's migrations are this server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// Every migration of [`MIGRATIONS`] applied, and no other.
    Current,
    /// Some of [`MIGRATIONS`] not applied yet.
    Behind,
    /// Migrations applied that this server does not have (a newer server migrated it).
    Ahead,
}

impl Migrations {
    pub fn as_str(self) -> &'static str {
        match self {
            Migrations::Current => "current",
            Migrations::Behind => "behind",
            Migrations::Ahead => "ahead",
        }
    }
}

/// The state of the migrations of the database behind `pool` (a query: it also shows the database
/// answers).
pub async fn migrations_state(pool: &Pool) -> Result<Migrations, sqlx::Error> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?;
    let ours: Vec<i64> = migrations(kind(pool)).iter().map(|m| m.0).collect();
    Ok(if applied.iter().any(|v| !ours.contains(v)) {
        Migrations::Ahead
    } else if ours.iter().any(|v| !applied.contains(v)) {
        Migrations::Behind
    } else {
        Migrations::Current
    })
}

/// Why a backup could not be made.
#[derive(Debug)]
pub enum BackupError {
    /// PostgreSQL is backed up with its own tools (`pg_dump`, README).
    NotSqlite,
    Exists(PathBuf),
    CreateDir(PathBuf, std::io::Error),
    Copy(sqlx::Error),
    Permissions(PathBuf, std::io::Error),
}

impl std::fmt::Display for BackupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupError::NotSqlite => write!(
                f,
                "this command copies a SQLite database; back up PostgreSQL with pg_dump (README)"
            ),
            BackupError::Exists(path) => write!(
                f,
                "{} already exists: choose a new file name (a backup never overwrites a file)",
                path.display()
            ),
            BackupError::CreateDir(path, e) => {
                write!(f, "cannot create the folder {}: {e}", path.display())
            }
            BackupError::Copy(e) => write!(f, "the copy failed: {e}"),
            BackupError::Permissions(path, e) => write!(
                f,
                "the copy was made, but {} could not be made readable by its owner only: {e}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for BackupError {}

/// Copies the database behind `pool` to the new file `to`, consistently, while the server may be
/// writing (SQLite's `VACUUM INTO` reads one snapshot of the database in a read transaction); the
/// copy is readable by its owner only (it holds protected health information). The copy's size
/// in bytes.
pub async fn backup(pool: &Pool, to: &Path) -> Result<u64, BackupError> {
    if kind(pool) != Kind::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| BackupError::CreateDir(parent.to_path_buf(), e))?;
    }
    sqlx::query("VACUUM INTO $1")
        .bind(to.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .map_err(BackupError::Copy)?;
    owner_only(to).map_err(|e| BackupError::Permissions(to.to_path_buf(), e))?;
    Ok(std::fs::metadata(to).map(|m| m.len()).unwrap_or(0))
}

#[cfg(unix)]
fn owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn owner_only(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The migrations of a kind of database: [`MIGRATIONS`] or [`PG_MIGRATIONS`].
pub fn migrations(kind: Kind) -> &'static [(i64, &'static str, &'static str)] {
    match kind {
        Kind::Sqlite => MIGRATIONS,
        Kind::Postgres => PG_MIGRATIONS,
    }
}

/// The migrator over the embedded migrations of `kind`.
pub async fn migrator(kind: Kind) -> Result<Migrator, MigrateError> {
    Migrator::new(Embedded(migrations(kind))).await
}

#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

type BoxDynError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async move {
            Ok(self
                .0
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

    #[test]
    fn sqlite_and_postgres_urls_are_opened_and_no_password_is_shown() {
        assert_eq!(check_kind("sqlite:data/portal.db").unwrap(), Kind::Sqlite);
        assert_eq!(check_kind("sqlite://data/portal.db").unwrap(), Kind::Sqlite);
        assert_eq!(check_kind(" sqlite::memory:").unwrap(), Kind::Sqlite);
        assert_eq!(
            check_kind("postgres://portal:s3cret@db.example:5432/portal").unwrap(),
            Kind::Postgres
        );
        assert_eq!(
            check_kind("postgresql://db.example/portal").unwrap(),
            Kind::Postgres
        );
        let refused = check_kind("mysql://portal:s3cret@db.example/portal")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("mysql://…"), "{refused}");
        assert!(refused.contains("sqlite:PATH"), "{refused}");
        assert!(refused.contains("postgres://"), "{refused}");
        assert!(!refused.contains("s3cret"), "{refused}");
        let bare = check_kind("data/portal.db").unwrap_err().to_string();
        assert!(bare.contains("without a kind"), "{bare}");
    }

    /// The migration files of `dir` (its `.sql` files; sub-folders are another database's).
    fn folder(dir: &str) -> Vec<(i64, String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files: Vec<(i64, String, String)> = std::fs::read_dir(&dir)
            .expect("migrations folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.is_file())
            .map(|path| {
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
        files
    }

    fn embedded(list: &[(i64, &str, &str)]) -> Vec<(i64, String, String)> {
        list.iter()
            .map(|&(v, d, s)| (v, d.to_owned(), s.to_owned()))
            .collect()
    }

    /// The embedded lists match the migrations folders file for file, and PostgreSQL has a
    /// migration for each of SQLite's, with the same version and description.
    #[test]
    fn embedded_migrations_match_the_folders() {
        assert_eq!(embedded(MIGRATIONS), folder("migrations"));
        assert_eq!(embedded(PG_MIGRATIONS), folder("migrations/postgres"));
        let names = |list: &[(i64, &str, &str)]| -> Vec<(i64, String)> {
            list.iter().map(|&(v, d, _)| (v, d.to_owned())).collect()
        };
        assert_eq!(
            names(MIGRATIONS),
            names(PG_MIGRATIONS),
            "every SQLite migration has its PostgreSQL twin (migrations/postgres/)"
        );
    }
}
