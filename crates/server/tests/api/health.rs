use serde_json::json;

use crate::helpers::{database_kind, spawn_app};

#[tokio::test]
async fn health_answers_ok_once_the_database_answers() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"status": "ok", "database": database_kind(), "migrations": "current"})
    );
    if !app.on_postgres() {
        assert!(
            app.db_file.exists(),
            "the database file and its folder were created"
        );
    }
}

#[tokio::test]
async fn health_answers_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.pool.close().await;
    let (status, body) = app.get_json("/api/health").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        json!({"status": "unavailable", "database": database_kind()})
    );
}
