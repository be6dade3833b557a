//! What every handler can reach ([`AppState`]: the pool, the app's files, the calendar, the
//! security settings) and the settings of sessions and sign-in ([`Security`]).
//!
//! May import: `error`, `spa`, `calendar_store`, `locks`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;

use crate::calendar_store::{CalendarCache, CurrentCalendar};
use crate::error::ApiError;
use crate::locks::KeyedLocks;
use crate::spa;

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
    pub(crate) sign_in_locks: Arc<KeyedLocks>,
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
            sign_in_locks: Arc::new(KeyedLocks::default()),
        }
    }

    /// The same state with other security settings (tests shorten the delays).
    pub fn with_security(mut self, security: Security) -> Self {
        self.security = Arc::new(security);
        self
    }

    /// The same state in demo mode or not (this does not load the demo accounts:
    /// [`crate::demo::accounts::seed`]).
    pub fn with_demo(mut self, demo: bool) -> Self {
        self.demo = demo;
        self
    }

    /// The State calendar as the `calendar_changes` table stands now (every rule endpoint uses it).
    pub async fn calendar(&self) -> Result<Arc<CurrentCalendar>, ApiError> {
        Ok(self.calendar_cache.current(&self.pool).await?)
    }
}
