//! The Provider Resolution Portal's API server.
//!
//! It answers the public rule endpoints of `shared/spec/api.md` under `/api`, keeps its data in
//! SQLite, and serves the single-page app that Trunk builds into `dist/`.
//!
//! The pieces: [`cli::Cli`] and [`Config`] (command line and environment), [`db`] (pool and
//! migrations), [`calendar_store`] (HFS's calendar changes and the calendar they make),
//! [`auth`] (sessions, roles, passwords, the request guard), [`demo`] (the demo accounts),
//! [`build_app`] (the whole router with its layers), [`serve`] and [`run`].

pub mod api;
pub mod auth;
pub mod calendar_store;
pub mod claims;
pub mod cli;
pub mod clocks;
pub mod db;
pub mod demo;
pub mod demo_tickets;
pub mod drafts_expiry;
pub mod error;
pub mod outbox;
pub mod search;
pub mod spa;
pub mod tickets;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use calendar_store::{CalendarCache, CurrentCalendar};
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::ApiError;

/// How the server is started. Every option can also come from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (the log line `listening on` tells which).
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// SQLite database; the file and its folder are created if missing, then migrated.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite:data/portal.db",
        global = true
    )]
    pub database_url: String,

    /// Folder holding the built single-page app (Trunk's output).
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Load the demo accounts (idempotent; password `Demo-Portal-2026!`) and show the outbox at
    /// `/api/demo/outbox`. Never on a server with real users.
    #[arg(long, env = "PORTAL_DEMO", value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Mark the session cookie `Secure` on every response (behind an HTTPS proxy that does not
    /// send `X-Forwarded-Proto`).
    #[arg(
        long,
        env = "PORTAL_SECURE_COOKIES",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub secure_cookies: bool,

    /// Seconds between two runs of the ticket clocks (closings by rule, fines); they also run
    /// once at start.
    #[arg(long, env = "PORTAL_CLOCK_INTERVAL", default_value_t = 60)]
    pub clock_interval_secs: u64,
}

/// The security settings of sessions and sign-in (`docs/accounts.md`, "Security rules").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// A session with no authenticated request for this long ends (15 minutes).
    pub session_idle: Duration,
    /// The unit of the wait after repeated sign-in failures: 1, 2, 4, ... units from the 3rd (1 s).
    pub sign_in_delay: Duration,
    /// How long a username stays locked after 10 failures (15 minutes).
    pub lockout: Duration,
    /// `Secure` on the session cookie even without `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
}

impl Default for Security {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(15 * 60),
            sign_in_delay: Duration::from_secs(1),
            lockout: Duration::from_secs(15 * 60),
            secure_cookies: false,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub spa: Arc<spa::Spa>,
    /// The State calendar with HFS's changes, rebuilt only when the changes do.
    pub calendar_cache: Arc<CalendarCache>,
    /// Sessions and sign-in throttling.
    pub security: Arc<Security>,
    /// Demo mode (`--demo`): demo accounts loaded, `/api/demo/outbox` answers.
    pub demo: bool,
    /// One sign-in at a time per username (so parallel attempts cannot slip past the throttle).
    pub(crate) sign_in_locks: Arc<auth::KeyedLocks>,
}

impl AppState {
    /// Builds the state; reads `dist/index.html` once now (for the CSP hashes) and again only
    /// when that file changes on disk.
    pub fn new(pool: SqlitePool, dist: impl Into<PathBuf>) -> Self {
        Self {
            pool,
            spa: Arc::new(spa::Spa::load(dist.into())),
            calendar_cache: Arc::new(CalendarCache::new()),
            security: Arc::new(Security::default()),
            demo: false,
            sign_in_locks: Arc::new(auth::KeyedLocks::default()),
        }
    }

    /// The same state with other security settings (tests shorten the delays).
    pub fn with_security(mut self, security: Security) -> Self {
        self.security = Arc::new(security);
        self
    }

    /// The same state in demo mode or not (this does not load the demo accounts: [`demo::seed`]).
    pub fn with_demo(mut self, demo: bool) -> Self {
        self.demo = demo;
        self
    }

    /// The State calendar as the `calendar_changes` table stands now (every rule endpoint uses it).
    pub async fn calendar(&self) -> Result<Arc<CurrentCalendar>, ApiError> {
        Ok(self.calendar_cache.current(&self.pool).await?)
    }
}

/// The whole application: `/api`, the single-page app, and the layers every response goes through.
pub fn build_app(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http()
        // Method and path only: query strings and bodies may carry protected health information.
        .make_span_with(|request: &Request<Body>| {
            tracing::info_span!(
                "request",
                method = %request.method(),
                path = %request.uri().path(),
            )
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO))
        // A 5xx is logged where it happens (database errors at ERROR with their cause); here a
        // warning is enough (a 503 page before the app is built is not an incident).
        .on_failure(DefaultOnFailure::new().level(Level::WARN));

    Router::new()
        .nest("/api", api::router())
        .fallback(spa::fallback)
        .layer(
            ServiceBuilder::new()
                .layer(trace)
                .layer(CompressionLayer::new())
                .layer(axum::middleware::map_response_with_state(
                    state.clone(),
                    common_headers,
                )),
        )
        .with_state(state)
}

/// Security headers on every response, and `no-store` wherever no handler chose a cache policy
/// (every `/api/` response, errors, the fallback page).
async fn common_headers(State(state): State<AppState>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, state.spa.csp());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Why the server could not start or stopped with an error.
#[derive(Debug)]
pub enum StartError {
    Database(db::DbError),
    Demo(sqlx::Error),
    DemoTickets(ApiError),
    Listen {
        addr: String,
        source: std::io::Error,
    },
    Serve(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Database(e) => write!(f, "{e}"),
            StartError::Demo(e) => write!(f, "cannot load the demo accounts: {e}"),
            StartError::DemoTickets(e) => write!(f, "cannot load the demo tickets: {e:?}"),
            StartError::Listen { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            StartError::Serve(e) => write!(f, "server error: {e}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Database(e) => Some(e),
            StartError::Demo(e) => Some(e),
            StartError::DemoTickets(_) => None,
            StartError::Listen { source, .. } => Some(source),
            StartError::Serve(e) => Some(e),
        }
    }
}

/// Serves the app on an already bound listener until `shutdown` completes, then lets open
/// requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, build_app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Opens and migrates the database, binds, serves until SIGTERM or Ctrl-C, closes the pool.
pub async fn run(config: Config) -> Result<(), StartError> {
    let pool = db::connect(&config.database_url)
        .await
        .map_err(StartError::Database)?;
    let state = AppState::new(pool.clone(), config.dist.clone())
        .with_security(Security {
            secure_cookies: config.secure_cookies,
            ..Security::default()
        })
        .with_demo(config.demo);
    // The dummy hash of unknown users' sign-ins, made now so the first one takes no longer.
    tokio::task::spawn_blocking(|| std::sync::LazyLock::force(&auth::DUMMY_HASH).len());
    if config.demo {
        demo::seed(&pool).await.map_err(StartError::Demo)?;
        tracing::info!("demo accounts ready");
        let made = demo_tickets::seed(&state, auth::today())
            .await
            .map_err(StartError::DemoTickets)?;
        tracing::info!(made, "demo tickets ready");
    } else {
        // Demo accounts (if a demo ever ran on this database) cannot sign in now; their sessions
        // end (each request checks it too).
        demo::end_sessions(&pool).await.map_err(StartError::Demo)?;
    }
    if !state.spa.has_index() {
        tracing::warn!(
            dist = %config.dist.display(),
            "index.html not found: app pages answer 503 until the app is built (run `cargo xtask serve`)"
        );
    }

    let listener =
        TcpListener::bind(&config.listen)
            .await
            .map_err(|source| StartError::Listen {
                addr: config.listen.clone(),
                source,
            })?;
    let addr: SocketAddr = listener.local_addr().map_err(StartError::Serve)?;
    tracing::info!("listening on http://{addr}");
    // The clocks: once now (catching up after downtime), then every interval.
    let clock_task = clocks::spawn(
        state.clone(),
        Duration::from_secs(config.clock_interval_secs),
    );

    let served = serve(listener, state, shutdown_signal()).await;
    clock_task.abort();
    pool.close().await;
    served.map_err(StartError::Serve)?;
    tracing::info!("shut down");
    Ok(())
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing open requests");
}
