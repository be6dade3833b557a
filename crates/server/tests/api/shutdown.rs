//! The built binary: starts on a free port, logs where, shuts down cleanly on SIGTERM, and never
//! logs query strings or bodies.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

#[tokio::test]
async fn sigterm_shuts_the_binary_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db_file = dir.path().join("nested").join("portal.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--database-url")
        .arg(format!("sqlite:{}", db_file.display()))
        .arg("--dist")
        .arg(dir.path().join("dist"))
        .env("RUST_LOG", "info,sqlx=warn")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");

    // Every output line, from both streams, through one channel.
    let (lines_tx, lines_rx) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = lines_tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    drop(lines_tx);

    let mut output = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let address = loop {
        let line = lines_rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no `listening on` line; output so far: {output:#?}"));
        output.push(line.clone());
        if let Some((_, rest)) = line.split_once("listening on http://") {
            let address = rest.split_whitespace().next().unwrap().to_owned();
            break format!("http://{address}");
        }
    };
    assert!(
        !address.ends_with(":0"),
        "the real bound port is logged: {address}"
    );

    let client = reqwest::Client::new();
    let health: serde_json::Value = client
        .get(format!("{address}/api/health"))
        .send()
        .await
        .expect("health answers")
        .json()
        .await
        .unwrap();
    assert_eq!(
        health,
        json!({"status": "ok", "database": "sqlite", "migrations": "current"})
    );

    // Requests carrying would-be protected health information in the query and the body.
    let response = client
        .get(format!(
            "{address}/api/calendar/holidays?year=2026&patient=SECRETQUERY"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let response = client
        .post(format!("{address}/api/eligibility"))
        .body(r#"{"member": "SECRETBODY", "mco_received_on": "2026-09-15"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    // The app is not built in this folder.
    assert_eq!(
        client
            .get(format!("{address}/"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        503
    );

    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(killed.success());

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("the server did not stop within 10 s of SIGTERM; output: {output:#?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    output.extend(lines_rx.iter());
    assert!(
        status.success(),
        "exit status {status}; output: {output:#?}"
    );
    assert!(db_file.exists(), "the database file was created");

    let log = output.join("\n");
    assert!(log.contains("shut down"), "{log}");
    assert!(
        log.contains("/api/calendar/holidays"),
        "requests are logged by path: {log}"
    );
    assert!(
        !log.contains("SECRET"),
        "query strings and bodies never reach the log: {log}"
    );
    assert!(!log.contains("year=2026"), "{log}");
}
