//! The two databases' schemas kept in step: after every migration, SQLite and PostgreSQL have the
//! same tables with the same columns (`crates/server/migrations` and its `postgres/` twin).
//! Needs PostgreSQL: it runs in the PostgreSQL pass (`cargo xtask test pg`).

use std::collections::BTreeMap;

use crate::helpers::{new_postgres_database, postgres_server};

type Schema = BTreeMap<String, Vec<String>>;

async fn sqlite_schema() -> Schema {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("schema.db").display());
    let pool = portal_server::db::connect(&url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations' \
         ORDER BY m.name, p.name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    group(rows)
}

async fn postgres_schema(server: &str) -> Schema {
    let url = new_postgres_database(server).await;
    let pool = portal_server::db::connect(&url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
         ORDER BY 1, 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    group(rows)
}

fn group(rows: Vec<(String, String)>) -> Schema {
    let mut schema = Schema::new();
    for (table, column) in rows {
        schema.entry(table).or_default().push(column);
    }
    schema
}

#[tokio::test]
async fn both_databases_have_the_same_tables_and_columns() {
    let Some(server) = postgres_server() else {
        eprintln!("the schema comparison needs PostgreSQL: it runs in `cargo xtask test pg`");
        return;
    };
    let sqlite = sqlite_schema().await;
    let postgres = postgres_schema(&server).await;
    assert!(sqlite.contains_key("tickets") && sqlite.contains_key("audit_log"));
    assert_eq!(sqlite, postgres);
}
