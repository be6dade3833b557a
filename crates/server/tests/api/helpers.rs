//! `spawn_app()`: the real router on `127.0.0.1:0`, a real SQLite file and a built-looking
//! `dist/` in a temporary folder.

use std::path::PathBuf;

use base64::Engine as _;
use portal_server::AppState;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use tempfile::TempDir;

/// The inline module script Trunk puts in `index.html` (the CSP must carry its hash).
pub const INLINE_SCRIPT: &str =
    "\nimport init, * as bindings from '/portal-app-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: '/portal-app-0123456789abcdef_bg.wasm' });\n\
window.wasmBindings = bindings;\n\
dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";

pub const HASHED_JS: &str = "portal-app-0123456789abcdef.js";
pub const HASHED_WASM: &str = "portal-app-0123456789abcdef_bg.wasm";

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    pub pool: SqlitePool,
    pub db_file: PathBuf,
    pub dist: PathBuf,
    pub index_html: String,
    pub js: String,
    _dir: TempDir,
}

pub fn index_html() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Provider Resolution Portal</title>\n\
         <link rel=\"modulepreload\" href=\"/{HASHED_JS}\" crossorigin=\"anonymous\">\n\
         <link rel=\"stylesheet\" href=\"/input-0123456789abcdef.css\">\n\
         <script type=\"module\">{INLINE_SCRIPT}</script>\n</head>\n<body></body>\n</html>\n"
    )
}

/// `'sha256-...'` of the inline script, computed here independently of the server.
pub fn inline_script_hash() -> String {
    let digest = Sha256::digest(INLINE_SCRIPT.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

pub async fn spawn_app() -> TestApp {
    spawn(true).await
}

/// The app before `trunk build`: no `dist/index.html`.
pub async fn spawn_app_without_index() -> TestApp {
    spawn(false).await
}

/// The stand-in body of the precompressed wasm (the server must send it as it is).
pub const PRECOMPRESSED_BR: &[u8] = b"brotli bytes made at build time";

async fn spawn(with_index: bool) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();

    let index_html = index_html();
    // Big and repetitive enough to be worth compressing.
    let js: String = (0..400)
        .map(|i| {
            format!("export function handler_{i}(event) {{ return event.detail.value + {i}; }}\n")
        })
        .collect();
    if with_index {
        std::fs::write(dist.join("index.html"), &index_html).unwrap();
    }
    std::fs::write(dist.join(HASHED_JS), &js).unwrap();
    std::fs::write(dist.join(HASHED_WASM), b"\0asm\x01\0\0\0").unwrap();
    // What Trunk's post-build hook (xtask/precompress.mjs) writes beside each asset.
    std::fs::write(dist.join(format!("{HASHED_WASM}.br")), PRECOMPRESSED_BR).unwrap();
    std::fs::write(
        dist.join("input-0123456789abcdef.css"),
        "body { margin: 0; }\n",
    )
    .unwrap();
    std::fs::write(dist.join("robots.txt"), "User-agent: *\nDisallow:\n").unwrap();

    // A folder that does not exist yet: the server creates it.
    let db_file = dir.path().join("data").join("portal.db");
    let database_url = format!("sqlite:{}", db_file.display());
    let pool = portal_server::db::connect(&database_url)
        .await
        .expect("database opens and migrates");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = AppState::new(pool.clone(), dist.clone());
    tokio::spawn(portal_server::serve(
        listener,
        state,
        std::future::pending::<()>(),
    ));

    TestApp {
        address,
        client: reqwest::Client::new(),
        pool,
        db_file,
        dist,
        index_html,
        js,
        _dir: dir,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// GET, expecting JSON: (status, body).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// POST raw bytes: (status, JSON body).
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.post_raw(path, serde_json::to_vec(body).unwrap()).await
    }
}
