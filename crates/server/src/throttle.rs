//! Counting requests per key in a sliding window, in memory (held by `AppState`): the password
//! reset requests per client address and per identifier typed, and the confirmation links sent
//! again per account. Keys are hashed by the caller when they are typed text.
//!
//! May import: nothing of this crate.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// At most `limit` requests per key in any `window`.
#[derive(Debug)]
pub struct Throttle {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `key` at `now`: `Ok` if allowed, else how long until the next one is.
    /// A refused request is not counted. Keys with no request in the window are forgotten.
    pub fn hit(&self, key: &str, now: Instant) -> Result<(), Duration> {
        self.count(key, now, true)
    }

    /// Whether a request of `key` would be allowed at `now` (as [`Throttle::hit`], counting nothing).
    pub fn check(&self, key: &str, now: Instant) -> Result<(), Duration> {
        self.count(key, now, false)
    }

    fn count(&self, key: &str, now: Instant, record: bool) -> Result<(), Duration> {
        let mut hits = self.hits.lock().unwrap_or_else(PoisonError::into_inner);
        let window = self.window;
        hits.retain(|_, times| {
            times.retain(|t| now.saturating_duration_since(*t) < window);
            !times.is_empty()
        });
        let times = hits.entry(key.to_owned()).or_default();
        if times.len() >= self.limit {
            let oldest = times.first().copied().unwrap_or(now);
            return Err(window.saturating_sub(now.saturating_duration_since(oldest)));
        }
        if record {
            times.push(now);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_per_window() {
        let throttle = Throttle::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert!(throttle.hit("a", start).is_ok());
        assert!(throttle.hit("a", start + Duration::from_secs(1)).is_ok());
        let wait = throttle
            .hit("a", start + Duration::from_secs(2))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(58));
        assert!(throttle.hit("b", start + Duration::from_secs(2)).is_ok());
        assert!(throttle.hit("a", start + Duration::from_secs(60)).is_ok());
    }
}
