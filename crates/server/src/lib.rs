//! The Provider Resolution Portal's API server.
//!
//! It answers the portal's API under `/api` (the public rule endpoints and the accounts, tickets
//! and claims of `docs/`), keeps its data in SQLite, and serves the single-page app that Trunk
//! builds into `dist/`.
//!
//! The modules, from the bottom up; each imports only modules on the lines above it (checked by
//! `cargo xtask lint layers`, which also refuses any import cycle):
//! 1. [`time`], [`error`], [`db`], [`settings`] (HFS's settings), [`mail`] (the mail settings and the SMTP relay), [`config`],
//!    [`spa`], [`locks`], [`throttle`], [`limits`] (timeout, concurrency, body and per-user limits):
//!    no module of this crate but `mail` (for `config`);
//! 2. [`calendar_store`] (HFS's calendar changes and the calendar they make), [`outbox`] (queued
//!    emails), [`users`] (the accounts store), [`sender`] (the background sender that drains the
//!    outbox), [`audit`] (the audit trail);
//! 3. [`state`] (what every handler can reach);
//! 4. [`auth`] (sessions and the signed-in user, passwords, two-step sign-in, the request guard), then
//!    [`email_tokens`] (the single-use tokens of email links);
//! 5. [`attachments`], then [`claims`], then [`tickets`] (the stores of tickets, their files and
//!    their claims);
//! 6. [`notices`] (the words of every email);
//! 7. [`actions`] (what happens to a ticket: a party's step, a closing by rule, a fine), then
//!    [`reminders`] (the reminders before due dates), then [`clocks`] (the background run that
//!    finds closings, fines and reminders due);
//! 8. [`api`] (the handlers), [`demo`] (the demo accounts and tickets), [`cli`] (the commands),
//!    [`fallback`] (what no route takes): nothing imports them but this file;
//! 9. this file: [`build_app`] (the whole router with its layers), [`serve`] and [`run`].

pub mod actions;
pub mod api;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod calendar_store;
pub mod claims;
pub mod cli;
pub mod clocks;
pub mod config;
pub mod db;
pub mod demo;
pub mod drafts_expiry;
pub mod email_tokens;
pub mod error;
pub mod fallback;
pub mod limits;
pub mod locks;
pub mod mail;
pub mod notices;
pub mod outbox;
pub mod reminders;
pub mod sanctions;
pub mod search;
pub mod secret_box;
pub mod sender;
pub mod settings;
pub mod spa;
pub mod state;
pub mod statistics;
pub mod throttle;
pub mod tickets;
pub mod time;
pub mod users;

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::Config;
pub use error::ApiError;
pub use state::{AppState, Security};

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

    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(limits::MAX_CONCURRENT_REQUESTS));
    Router::new()
        .nest("/api", api::router(state.clone()))
        .fallback(fallback::fallback)
        .layer(
            ServiceBuilder::new()
                .layer(trace)
                // No client may slow the portal for everyone: at most so many requests at once
                // (the next is refused at once with 503), each answered within the timeout.
                .layer(axum::middleware::from_fn(move |request, next| {
                    limits::concurrency(permits.clone(), request, next)
                }))
                .layer(axum::middleware::from_fn(|request, next| {
                    limits::request_timeout(limits::REQUEST_TIMEOUT, request, next)
                }))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    with_client_address,
                ))
                .layer(CompressionLayer::new())
                .layer(axum::middleware::map_response_with_state(
                    state.clone(),
                    common_headers,
                )),
        )
        .with_state(state)
}

/// Works out the request's client address once (the peer, or the address a trusted proxy's
/// `X-Forwarded-For` names: `--trusted-proxy`), for the throttles (`auth::guard::ClientAddress`)
/// and every audit entry the request records (`audit::with_client`).
async fn with_client_address(
    State(state): State<AppState>,
    mut request: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let client = auth::guard::ClientAddress::of(
        request.extensions(),
        request.headers(),
        &state.security.trusted_proxies,
    );
    request.extensions_mut().insert(client.clone());
    audit::with_client(client.0, next.run(request)).await
}

/// Security headers on every response, and `no-store` wherever no handler chose a cache policy
/// (every `/api/` response, errors, the fallback page).
async fn common_headers(State(state): State<AppState>, mut response: Response) -> Response {
    let headers = response.headers_mut();
    // A page of the app sets its own (with its inline loader's hash).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, state.spa.csp());
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if state.security.hsts {
        // Two years; browsers then refuse plain HTTP to this host (`--secure-cookies`).
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Why the server could not start or stopped with an error.
#[derive(Debug)]
pub enum StartError {
    Database(db::DbError),
    /// A mail option is refused (`--smtp-url`, `--mail-from`, `--public-url`, `--hfs-mailbox`).
    Mail(String),
    /// The key of the sealed secrets cannot be read or made (`secret_box`).
    SecretKey(String),
    Demo(sqlx::Error),
    /// `--demo` on a database that holds accounts the demo loader did not make.
    DemoOnRealData(i64),
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
            StartError::Mail(why) => write!(f, "{why}"),
            StartError::SecretKey(why) => write!(f, "{why}"),
            StartError::Demo(e) => write!(f, "cannot load the demo accounts: {e}"),
            StartError::DemoOnRealData(n) => write!(
                f,
                "refusing to start with --demo: this database holds {n} account(s) the demo loader \
                 did not make (real users). Demo mode signs in with a published password; run it \
                 only on a database of its own (--database-url sqlite:data/demo.db)"
            ),
            StartError::DemoTickets(e) => write!(f, "cannot load the demo tickets: {e:?}"),
            StartError::Listen { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            StartError::Serve(e) => write!(f, "server error: {e}"),
        }
    }
}

impl StartError {
    /// The process's exit status: 2 for a start refused on purpose (demo mode on real data), 1
    /// for a failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            StartError::DemoOnRealData(_) => 2,
            _ => 1,
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Database(e) => Some(e),
            StartError::Demo(e) => Some(e),
            StartError::DemoTickets(_)
            | StartError::Mail(_)
            | StartError::SecretKey(_)
            | StartError::DemoOnRealData(_) => None,
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
    // The peer's address: the password reset requests are throttled per client address.
    let app = build_app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Opens and migrates the database, binds, serves until SIGTERM or Ctrl-C, closes the pool.
pub async fn run(config: Config) -> Result<(), StartError> {
    // Refused before anything else, with the reason (a mistyped relay must not go unnoticed).
    let mut mail = config.mail_settings().map_err(StartError::Mail)?;
    let relay = config.relay().map_err(StartError::Mail)?;
    mail.sending = relay.is_some();
    let pool = db::connect(&config.database_url)
        .await
        .map_err(StartError::Database)?;
    match db::migrations_state(&pool).await {
        Ok(migrations) => tracing::info!(
            database = db::kind(&pool).as_str(),
            migrations = migrations.as_str(),
            "database opened"
        ),
        Err(error) => tracing::warn!(%error, "database opened; its migrations could not be read"),
    }
    let key_file = config
        .secret_key_file
        .clone()
        .unwrap_or_else(|| secret_box::default_key_file(&config.database_url));
    let secrets = secret_box::SecretBox::load(
        std::env::var("PORTAL_SECRET_KEY").ok().as_deref(),
        &key_file,
    )
    .map_err(StartError::SecretKey)?;
    match secret_box::seal_plain_secrets(&pool, &secrets).await {
        Ok(0) => {}
        Ok(sealed) => tracing::info!(sealed, "authenticator secrets stored in plain text sealed"),
        Err(error) => {
            tracing::warn!(%error, "plain authenticator secrets not sealed yet (each is at its next use)")
        }
    }
    if config.demo {
        // Demo mode publishes a password: never on a database with real accounts.
        let real: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE demo = 0")
            .fetch_one(&pool)
            .await
            .map_err(StartError::Demo)?;
        if real > 0 {
            pool.close().await;
            return Err(StartError::DemoOnRealData(real));
        }
    }
    let state = AppState::new(pool.clone(), config.dist.clone())
        .with_secrets(secrets)
        .with_security(Security {
            secure_cookies: config.secure_cookies
                || !config::plain_http_loopback(&config.public_url),
            hsts: config.secure_cookies,
            registrations_per_address: usize::from(config.registrations_per_address),
            trusted_proxies: config.trusted_proxies.clone(),
            ..Security::default()
        })
        .with_demo(config.demo)
        .with_mail(mail.clone());
    // The dummy hash of unknown users' sign-ins, made now so the first one takes no longer.
    tokio::task::spawn_blocking(|| std::sync::LazyLock::force(&auth::password::DUMMY_HASH).len());
    if config.demo {
        tracing::warn!(
            "DEMO MODE (--demo): demo accounts sign in with a published password and without \
             two-step sign-in, and /api/demo/outbox shows every email. Never use this with real data."
        );
        demo::accounts::seed(&pool)
            .await
            .map_err(StartError::Demo)?;
        tracing::info!("demo accounts ready");
        let made = demo::tickets::seed(&state, time::today())
            .await
            .map_err(StartError::DemoTickets)?;
        tracing::info!(made, "demo tickets ready");
        let made = demo::sanctions::seed(&state, time::today())
            .await
            .map_err(StartError::DemoTickets)?;
        tracing::info!(made, "demo report tickets ready");
    } else {
        // Demo accounts (if a demo ever ran on this database) cannot sign in now; their sessions
        // end (each request checks it too).
        demo::accounts::end_sessions(&pool)
            .await
            .map_err(StartError::Demo)?;
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

    // The sender: only with a relay; without one the outbox keeps every message.
    let sender = match relay {
        Some(relay) => {
            tracing::info!(relay = %relay.shown, "mail: sending through the relay");
            Some(sender::Sender::spawn(pool.clone(), relay, mail))
        }
        None => {
            tracing::info!("mail: no --smtp-url, messages stay in the outbox");
            None
        }
    };

    let served = serve(listener, state, shutdown_signal()).await;
    clock_task.abort();
    if let Some(sender) = sender {
        sender.stop(Duration::from_secs(10)).await;
    }
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
