//! Operations on the database: `portal-server backup --to FILE` copies it consistently while the
//! server runs and writes; a database URL of a kind the server does not open is refused at start;
//! the log names the database kind and whether its migrations are this server's.

use std::process::Command;

use crate::helpers::tickets::{insert_ticket, world};

#[tokio::test]
async fn a_backup_taken_while_the_server_writes_is_a_consistent_copy() {
    let w = world().await;
    if w.app.on_postgres() {
        // `backup` copies a SQLite file; PostgreSQL is backed up with pg_dump (README).
        return;
    }
    for _ in 0..5 {
        insert_ticket(&w, "submitted", &[]).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("backups").join("portal-copy.db");

    // The binary, against the running server's file, while requests keep writing.
    let url = format!("sqlite:{}", w.app.db_file.display());
    let writer = {
        let pool = w.app.pool.clone();
        tokio::spawn(async move {
            for n in 0..200 {
                sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ('x@example.com', $1, 'b', 0)")
                    .bind(format!("write {n}"))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
        })
    };
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--database-url", &url, "backup", "--to"])
        .arg(&to)
        .output()
        .expect("the binary runs");
    writer.await.unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("backed up the database to"), "{said}");

    // The copy opens, is whole, and holds the tickets.
    let copy = portal_server::db::open(&format!("sqlite:{}", to.display()))
        .await
        .unwrap();
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let tickets: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE status = 'submitted'")
            .fetch_one(&copy)
            .await
            .unwrap();
    assert_eq!(tickets, 5);
    assert_eq!(
        portal_server::db::migrations_state(&copy).await.unwrap(),
        portal_server::db::Migrations::Current
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the copy is readable by its owner only");
    }

    // A second backup to the same file is refused: a backup never overwrites.
    let again = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .args(["--database-url", &url, "backup", "--to"])
        .arg(&to)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[tokio::test]
async fn a_database_url_of_another_kind_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .current_dir(dir.path())
        .args([
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "mysql://portal:s3cret@127.0.0.1:3306/portal",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("mysql://…"), "{said}");
    assert!(
        said.contains("sqlite:PATH") && said.contains("postgres://USER"),
        "{said}"
    );
    assert!(
        !said.contains("s3cret"),
        "no password in the message: {said}"
    );
    assert!(
        !dir.path().join("mysql:").exists(),
        "no SQLite file made in a folder named after the URL"
    );
}
