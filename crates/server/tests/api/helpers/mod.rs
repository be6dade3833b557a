//! `spawn_app()`: the real router on `127.0.0.1:0`, a real SQLite file and a built-looking
//! `dist/` in a temporary folder. `spawn_app_with(|state| ...)` changes the state first (shorter
//! security delays, demo mode). Accounts: `create_user`, `add_facility`, `sign_in` (a client with
//! its own cookie store), and `post_app`/`put_app`/`delete_app`, which send the app's header.
//! The one [`today`] and the one test [`RIN`] of every test are here; [`accounts`] makes
//! registrants, HFS staff and facility requests, [`tickets`] makes tickets and the users around
//! them.

pub mod accounts;
pub mod mail;
pub mod tickets;

use std::path::PathBuf;
use std::sync::LazyLock;

use base64::Engine as _;
use chrono::{Duration, NaiveDate};
use portal_server::AppState;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
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
    pub pool: AnyPool,
    pub db_file: PathBuf,
    /// The database's URL (SQLite's file, or a database of `PORTAL_TEST_POSTGRES`).
    pub database_url: String,
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

/// The password of the demo accounts and of every user `create_user` makes.
pub const DEMO_PASSWORD: &str = "Demo-Portal-2026!";

/// The header (and value) the app sends with every state-changing request.
pub const APP_HEADER: (&str, &str) = ("x-requested-with", "portal-app");

/// `DEMO_PASSWORD` hashed once for every test of the binary.
static DEMO_HASH: LazyLock<String> =
    LazyLock::new(|| portal_server::auth::hash_password(DEMO_PASSWORD));

pub async fn spawn_app() -> TestApp {
    spawn(true, |state| state).await
}

/// The app with its state changed first, e.g. `spawn_app_with(|state| state.with_security(Security
/// { session_idle: Duration::from_secs(1), ..Security::default() }))` or `|state| state.with_demo(true)`.
pub async fn spawn_app_with(configure: impl FnOnce(AppState) -> AppState) -> TestApp {
    spawn(true, configure).await
}

/// The app before `trunk build`: no `dist/index.html`.
pub async fn spawn_app_without_index() -> TestApp {
    spawn(false, |state| state).await
}

/// The stand-in body of the precompressed wasm (the server must send it as it is).
pub const PRECOMPRESSED_BR: &[u8] = b"brotli bytes made at build time";

async fn spawn(with_index: bool, configure: impl FnOnce(AppState) -> AppState) -> TestApp {
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
    let database_url = match postgres_server() {
        Some(server) => new_postgres_database(&server).await,
        None => format!("sqlite:{}", db_file.display()),
    };
    let pool = portal_server::db::connect(&database_url)
        .await
        .expect("database opens and migrates");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = configure(AppState::new(pool.clone(), dist.clone()).with_secrets(test_secrets()));
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
        database_url,
        dist,
        index_html,
        js,
        _dir: dir,
    }
}

/// `PORTAL_TEST_POSTGRES` (`postgres://USER@HOST:PORT`, a server without a database name): the
/// tests run on PostgreSQL, each on a new database of that server (`cargo xtask test pg` starts a
/// throwaway cluster and sets it). Unset: each test has its own SQLite file.
pub fn postgres_server() -> Option<String> {
    std::env::var("PORTAL_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// `"sqlite"` or `"postgresql"`: the database the tests run on, as `/api/health` names it.
pub fn database_kind() -> &'static str {
    if postgres_server().is_some() {
        "postgresql"
    } else {
        "sqlite"
    }
}

/// Makes a new, empty database on `server` and gives its URL.
pub async fn new_postgres_database(server: &str) -> String {
    use sqlx::Connection as _;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("portal_{}_{n}", std::process::id());
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("the test PostgreSQL server answers");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a test database");
    let _ = admin.close().await;
    format!("{server}/{name}")
}

impl TestApp {
    /// A second server on this one's database (its own pool and port, state changed by
    /// `configure` like [`spawn_app_with`]'s): two instances behind one load balancer.
    pub async fn another_instance(&self, configure: impl FnOnce(AppState) -> AppState) -> TestApp {
        let pool = portal_server::db::connect(&self.database_url)
            .await
            .expect("the second instance opens the database");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a free port");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let state =
            configure(AppState::new(pool.clone(), self.dist.clone()).with_secrets(test_secrets()));
        tokio::spawn(portal_server::serve(
            listener,
            state,
            std::future::pending::<()>(),
        ));
        TestApp {
            address,
            client: reqwest::Client::new(),
            pool,
            db_file: self.db_file.clone(),
            database_url: self.database_url.clone(),
            dist: self.dist.clone(),
            index_html: self.index_html.clone(),
            js: self.js.clone(),
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Whether this server runs on PostgreSQL (`PORTAL_TEST_POSTGRES`).
    pub fn on_postgres(&self) -> bool {
        postgres_server().is_some()
    }

    /// The state of this server's database, for running the clocks and jobs directly.
    pub fn state(&self) -> AppState {
        AppState::new(self.pool.clone(), self.dist.clone()).with_secrets(test_secrets())
    }

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

    /// A client with its own cookie store (a browser of its own).
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("a client")
    }

    /// A new client signed in as `username` (asserts 204), in two steps when the account has
    /// two-step sign-in (the code computed from [`TEST_MFA_SECRET`]; the account's last used step
    /// is forgotten first, so a test may sign the same user in twice within 30 seconds).
    pub async fn sign_in(&self, username: &str, password: &str) -> reqwest::Client {
        let client = self.new_client();
        let (status, body) = self
            .post_app(
                &client,
                "/api/session",
                &serde_json::json!({"username": username, "password": password}),
            )
            .await;
        if status == 202 {
            assert_eq!(body, serde_json::json!({"mfa_required": true}));
            let (user_id, stored): (i64, String) =
                sqlx::query_as("SELECT id, mfa_secret FROM users WHERE username = $1")
                    .bind(username)
                    .fetch_one(&self.pool)
                    .await
                    .expect("an enrolled user");
            let secret = test_secrets()
                .open(user_id, &stored)
                .expect("sealed with the tests' key");
            self.forget_used_codes(username).await;
            let (status, body) = self
                .post_app(
                    &client,
                    "/api/session/mfa",
                    &serde_json::json!({"code": totp_now(&secret)}),
                )
                .await;
            assert_eq!(status, 204, "second step as {username}: {body}");
            return client;
        }
        assert_eq!(status, 204, "sign in as {username}: {body}");
        client
    }

    /// Forgets the last time step a code of `username` was accepted for (a test signing in again
    /// within the same 30 seconds).
    pub async fn forget_used_codes(&self, username: &str) {
        sqlx::query("UPDATE users SET mfa_last_step = NULL WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await
            .expect("step forgotten");
    }

    /// [`TestApp::create_user`] without two-step sign-in, whatever the role (an HFS or MCO account
    /// that must still enrol).
    pub async fn create_user_without_mfa(
        &self,
        username: &str,
        role: &str,
        status: &str,
        mco_id: Option<i64>,
    ) -> i64 {
        let id = self.create_user(username, role, status, mco_id).await;
        sqlx::query("UPDATE users SET mfa_secret = NULL, mfa_enrolled_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .expect("MFA removed");
        id
    }

    /// A user made directly in the database, password `DEMO_PASSWORD`; `role` and `status` as
    /// stored (`"provider"`, `"approved"`, ...); `mco_id` for an MCO user. HFS and MCO accounts
    /// are enrolled in two-step sign-in with [`TEST_MFA_SECRET`] ([`TestApp::sign_in`] does the
    /// second step). Returns its id.
    pub async fn create_user(
        &self,
        username: &str,
        role: &str,
        status: &str,
        mco_id: Option<i64>,
    ) -> i64 {
        let hash = DEMO_HASH.clone();
        let secret = (role != "provider").then_some(TEST_MFA_SECRET);
        sqlx::query_scalar(
            "INSERT INTO users (username, email, password_hash, role, status, mco_id, created_at, \
               email_confirmed_at, contact_email_confirmed_at, mfa_secret, mfa_enrolled_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, $7, CASE WHEN $7 IS NULL THEN NULL ELSE 0 END) \
             RETURNING id",
        )
        .bind(username)
        .bind(format!("{username}@example.com"))
        .bind(hash)
        .bind(role)
        .bind(status)
        .bind(mco_id)
        .bind(secret)
        .fetch_one(&self.pool)
        .await
        .expect("user inserted")
    }

    /// A facility named `name` attached to `user_id` (NPI 1234567893, Medicaid ID 123456789).
    /// Returns its id.
    pub async fn add_facility(&self, user_id: i64, name: &str) -> i64 {
        let facility_id: i64 = sqlx::query_scalar(
            "INSERT INTO facilities (name, facility_type, medicaid_id, npi, contact_email, \
               contact_phone, created_at) \
             VALUES ($1, 'Clinic', '123456789', '1234567893', 'clinic@example.com', '(217) 555-0100', 0) \
             RETURNING id",
        )
        .bind(name)
        .fetch_one(&self.pool)
        .await
        .expect("facility inserted");
        sqlx::query(
            "INSERT INTO user_facilities (user_id, facility_id, added_at) \
             VALUES ($1, $2, (SELECT COUNT(*) FROM user_facilities WHERE user_id = $3))",
        )
        .bind(user_id)
        .bind(facility_id)
        .bind(user_id)
        .execute(&self.pool)
        .await
        .expect("facility attached");
        facility_id
    }

    /// The id of the MCO named `name` (the migration loads five).
    pub async fn mco_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM mcos WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await
            .expect("an MCO of that name")
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.pool)
            .await
            .expect("rows counted")
    }

    /// Loads the demo accounts into this app's database.
    pub async fn seed_demo(&self) {
        portal_server::demo::accounts::seed(&self.pool)
            .await
            .expect("demo accounts load");
    }

    /// GET with `client`: (status, JSON body or `Value::Null` when the body is not JSON).
    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> (u16, Value) {
        let response = client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent");
        status_and_json(response).await
    }

    /// POST `body` as JSON with the app's header.
    pub async fn post_app(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        self.send_app(client.post(self.url(path)).json(body)).await
    }

    /// PUT `body` as JSON with the app's header.
    pub async fn put_app(
        &self,
        client: &reqwest::Client,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        self.send_app(client.put(self.url(path)).json(body)).await
    }

    /// `POST /api/hfs/{queue}/{id}/approve` with `staff` (`queue`: `registrations` or
    /// `facility-requests`).
    pub async fn approve(&self, staff: &reqwest::Client, queue: &str, id: i64) -> (u16, Value) {
        let path = format!("/api/hfs/{queue}/{id}/approve");
        self.post_app(staff, &path, &serde_json::json!({})).await
    }

    /// `POST /api/hfs/{queue}/{id}/deny` with `staff` and `{"reason": reason}`.
    pub async fn deny(
        &self,
        staff: &reqwest::Client,
        queue: &str,
        id: i64,
        reason: &str,
    ) -> (u16, Value) {
        let path = format!("/api/hfs/{queue}/{id}/deny");
        self.post_app(staff, &path, &serde_json::json!({ "reason": reason }))
            .await
    }

    /// DELETE with the app's header.
    pub async fn delete_app(&self, client: &reqwest::Client, path: &str) -> (u16, Value) {
        self.send_app(client.delete(self.url(path))).await
    }

    /// Sends `request` with the app's header: (status, JSON body).
    pub async fn send_app(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request
            .header(APP_HEADER.0, APP_HEADER.1)
            .send()
            .await
            .expect("request sent");
        status_and_json(response).await
    }
}

/// (status, JSON body); `Value::Null` for an empty or non-JSON body (a 204).
pub async fn status_and_json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The one `Set-Cookie` of a response.
pub fn set_cookie(response: &reqwest::Response) -> String {
    let values: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
    assert_eq!(values.len(), 1, "one Set-Cookie");
    values[0].to_str().unwrap().to_owned()
}

/// The authenticator secret (base32, 160 bits) of the HFS and MCO accounts `create_user` makes.
/// The key the test servers seal authenticator secrets with (so a test can open them again).
pub const TEST_SECRET_KEY: [u8; 32] = [42; 32];

/// A box with [`TEST_SECRET_KEY`].
pub fn test_secrets() -> portal_server::secret_box::SecretBox {
    portal_server::secret_box::SecretBox::new(&TEST_SECRET_KEY)
}

pub const TEST_MFA_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// The RFC 6238 code (6 digits, 30 s, SHA-1) of `secret` (base32) at `unix_secs`.
pub fn totp_at(secret: &str, unix_secs: u64) -> String {
    let bytes = totp_rs::Secret::try_from_base32(secret.replace(' ', "")).expect("a base32 secret");
    totp_rs::Builder::new()
        .with_secret(bytes)
        .build()
        .expect("a TOTP")
        .generate(unix_secs)
        .to_string()
}

/// The code of `secret` now.
pub fn totp_now(secret: &str) -> String {
    totp_at(secret, now_secs())
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The session token a `Set-Cookie` value carries.
pub fn cookie_token(cookie: &str) -> String {
    cookie
        .strip_prefix("portal_session=")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A sign-in attempt from a new client without cookies (`url`: the app's `/api/session`): the status.
pub async fn sign_in_status(url: String, username: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(url)
        .header(APP_HEADER.0, APP_HEADER.1)
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The Illinois date today, as the server counts it.
pub fn today() -> NaiveDate {
    portal_server::time::today()
}

/// The date `n` days before [`today`].
pub fn days_ago(n: i64) -> NaiveDate {
    today() - Duration::days(n)
}

/// `YYYY-MM-DD`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The member's full RIN of every ticket the tests make (it must never appear in a list, a log
/// line or an email).
pub const RIN: &str = "900000118";

/// Every queued email: (to, subject, body), oldest first.
pub async fn emails(app: &TestApp) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT to_address, subject, body FROM outbox ORDER BY id")
        .fetch_all(&app.pool)
        .await
        .unwrap()
}

/// The token of the newest email link to `to` (`...#token=TOKEN`), if any.
pub async fn link_token(app: &TestApp, to: &str) -> Option<String> {
    emails(app)
        .await
        .into_iter()
        .rev()
        .find_map(|(address, _, body)| {
            if !address.eq_ignore_ascii_case(to) {
                return None;
            }
            let start = body.find("#token=")? + "#token=".len();
            let token: String = body[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            Some(token)
        })
}

/// Opens the newest confirmation link emailed to `to` (204 expected).
pub async fn confirm_address(app: &TestApp, to: &str) {
    let token = link_token(app, to)
        .await
        .unwrap_or_else(|| panic!("a confirmation link was emailed to {to}"));
    let (status, body) = app
        .post_app(
            &app.new_client(),
            "/api/email-confirmation",
            &serde_json::json!({ "token": token }),
        )
        .await;
    assert_eq!(status, 204, "confirm {to}: {body}");
}

/// The id of the user named `username`.
pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.pool)
        .await
        .expect("a user of that name")
}

/// No email of `mail` (to, subject, body) holds the test ticket's member name or RIN.
pub fn assert_no_phi(mail: &[(String, String, String)]) {
    for (_, subject, body) in mail {
        for secret in [tickets::MEMBER_LAST_NAME, "Tamsin", RIN] {
            assert!(
                !subject.contains(secret) && !body.contains(secret),
                "{body}"
            );
        }
    }
}
