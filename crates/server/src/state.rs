//! What every handler can reach ([`AppState`]: the pool, the app's files, the calendar, the
//! security settings) and the settings of sessions and sign-in ([`Security`]).
//!
//! May import: `error`, `spa`, `calendar_store`, `locks`, `throttle`, `mail`, `audit`,
//! `secret_box`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;

use crate::audit;
use crate::calendar_store::{CalendarCache, CurrentCalendar};
use crate::error::ApiError;
use crate::locks::KeyedLocks;
use crate::mail::MailSettings;
use crate::secret_box::SecretBox;
use crate::spa;
use crate::throttle::Throttle;

/// The security settings of sessions and sign-in (`docs/accounts.md`, "Security rules").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Security {
    /// A session with no authenticated request for this long ends (15 minutes).
    pub session_idle: Duration,
    /// A session ends this long after it started, whatever the activity (12 hours).
    pub session_max: Duration,
    /// The unit of the wait after repeated sign-in failures: 1, 2, 4, ... units from the 3rd (1 s).
    pub sign_in_delay: Duration,
    /// How long a username stays locked after 10 failures (15 minutes); each further lock within
    /// [`Security::failure_memory`] lasts twice the one before.
    pub lockout: Duration,
    /// How long failed sign-ins are remembered after the last one (24 hours).
    pub failure_memory: Duration,
    /// `Secure` on the session cookie (named `__Host-portal_session`) even without
    /// `X-Forwarded-Proto: https`: on unless the portal's public address is plain
    /// `http://127.0.0.1` (or `localhost`).
    pub secure_cookies: bool,
    /// `Strict-Transport-Security` on every response (`--secure-cookies`).
    pub hsts: bool,
    /// Sign-in failures per client address from which each attempt from it must wait (20), and
    /// failures of all sign-ins within [`Security::spray_window`] from which every sign-in is slowed
    /// by [`Security::sign_in_delay`] (100).
    pub address_delay_from: i64,
    pub spray_limit: i64,
    pub spray_window: Duration,
    /// Registrations allowed per client address in [`Security::reset_window`] (10).
    pub registrations_per_address: usize,
    /// How long a password reset link works (1 hour).
    pub reset_link_validity: Duration,
    /// How long an address confirmation link works (24 hours).
    pub confirm_link_validity: Duration,
    /// Password reset requests allowed per identifier typed, and per client address, in
    /// [`Security::reset_window`] (3 and 10).
    pub resets_per_identifier: usize,
    pub resets_per_address: usize,
    /// The window of the password reset and confirmation-resend throttles (15 minutes).
    pub reset_window: Duration,
    /// Confirmation links sent again per account in [`Security::reset_window`] (3).
    pub confirmations_per_account: usize,
    /// Password checks that may wait for their turn; past this the routes that check a password
    /// answer 503 at once (64: a second or two of work at most).
    pub hashing_queue: usize,
    /// The drafts a provider may keep at once (`limits::MAX_DRAFTS_PER_USER`).
    pub drafts_per_user: i64,
    /// The bytes of files one user may have stored (`limits::MAX_STORED_BYTES_PER_USER`).
    pub stored_bytes_per_user: i64,
    /// The load balancers and proxies in front of the server (`--trusted-proxy`): a request from
    /// one of them is counted, throttled and audited under the client address its
    /// `X-Forwarded-For` names ([`crate::auth::guard::client_ip`]); none by default.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Default for Security {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(15 * 60),
            session_max: Duration::from_secs(12 * 60 * 60),
            sign_in_delay: Duration::from_secs(1),
            lockout: Duration::from_secs(15 * 60),
            failure_memory: Duration::from_secs(24 * 60 * 60),
            secure_cookies: false,
            hsts: false,
            address_delay_from: 20,
            spray_limit: 100,
            spray_window: Duration::from_secs(15 * 60),
            registrations_per_address: 10,
            reset_link_validity: Duration::from_secs(60 * 60),
            confirm_link_validity: Duration::from_secs(24 * 60 * 60),
            resets_per_identifier: 3,
            resets_per_address: 10,
            reset_window: Duration::from_secs(15 * 60),
            confirmations_per_account: 3,
            hashing_queue: 64,
            drafts_per_user: crate::limits::MAX_DRAFTS_PER_USER,
            stored_bytes_per_user: crate::limits::MAX_STORED_BYTES_PER_USER,
            trusted_proxies: Vec::new(),
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: AnyPool,
    pub spa: Arc<spa::Spa>,
    /// The State calendar with HFS's changes, rebuilt only when the changes do.
    pub calendar_cache: Arc<CalendarCache>,
    /// Sessions and sign-in throttling.
    pub security: Arc<Security>,
    /// Demo mode (`--demo`): demo accounts loaded, `/api/demo/outbox` answers.
    pub demo: bool,
    /// The sender, the public address links start with, the HFS mailbox (`--mail-from`,
    /// `--public-url`, `--hfs-mailbox`).
    pub mail: Arc<MailSettings>,
    /// One sign-in at a time per username (so parallel attempts cannot slip past the throttle).
    pub(crate) sign_in_locks: Arc<KeyedLocks>,
    /// The throttles of the email links (made from [`Security`]).
    pub(crate) throttles: Arc<Throttles>,
    /// During a password spray, failed sign-ins are answered one at a time through this.
    pub(crate) spray_lock: Arc<tokio::sync::Mutex<()>>,
    /// The audit entries of reads, committed together (group commit) before each read is answered.
    pub audit: audit::Writer,
    /// Seals the authenticator secrets in the database (`secret_box`).
    pub secrets: Arc<SecretBox>,
}

/// The throttles of password reset requests and of confirmation links sent again.
#[derive(Debug)]
pub(crate) struct Throttles {
    pub reset_by_identifier: Throttle,
    pub reset_by_address: Throttle,
    pub confirm_by_account: Throttle,
    pub registration_by_address: Throttle,
}

impl Throttles {
    fn new(security: &Security) -> Self {
        Self {
            reset_by_identifier: Throttle::new(
                security.resets_per_identifier,
                security.reset_window,
            ),
            reset_by_address: Throttle::new(security.resets_per_address, security.reset_window),
            confirm_by_account: Throttle::new(
                security.confirmations_per_account,
                security.reset_window,
            ),
            registration_by_address: Throttle::new(
                security.registrations_per_address,
                security.reset_window,
            ),
        }
    }
}

impl AppState {
    /// Builds the state; reads `dist/index.html` once now (for the CSP hashes) and again only
    /// when that file changes on disk.
    pub fn new(pool: AnyPool, dist: impl Into<PathBuf>) -> Self {
        Self {
            audit: audit::Writer::new(pool.clone()),
            pool,
            spa: Arc::new(spa::Spa::load(dist.into())),
            calendar_cache: Arc::new(CalendarCache::new()),
            security: Arc::new(Security::default()),
            demo: false,
            mail: Arc::new(MailSettings::default()),
            sign_in_locks: Arc::new(KeyedLocks::default()),
            throttles: Arc::new(Throttles::new(&Security::default())),
            spray_lock: Arc::new(tokio::sync::Mutex::new(())),
            secrets: Arc::new(SecretBox::ephemeral()),
        }
    }

    /// The same state with the key the secrets are sealed with (the server's, from
    /// [`SecretBox::load`]; by default a key held only in memory).
    pub fn with_secrets(mut self, secrets: SecretBox) -> Self {
        self.secrets = Arc::new(secrets);
        self
    }

    /// The same state with other security settings (tests shorten the delays).
    pub fn with_security(mut self, security: Security) -> Self {
        self.throttles = Arc::new(Throttles::new(&security));
        self.security = Arc::new(security);
        self
    }

    /// The same state in demo mode or not (this does not load the demo accounts:
    /// [`crate::demo::accounts::seed`]).
    pub fn with_demo(mut self, demo: bool) -> Self {
        self.demo = demo;
        self
    }

    /// The same state with other mail settings.
    pub fn with_mail(mut self, mail: MailSettings) -> Self {
        self.mail = Arc::new(mail);
        self
    }

    /// The State calendar as the `calendar_changes` table stands now (every rule endpoint uses it).
    pub async fn calendar(&self) -> Result<Arc<CurrentCalendar>, ApiError> {
        Ok(self.calendar_cache.current(&self.pool).await?)
    }
}
