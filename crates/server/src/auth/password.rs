//! Passwords: argon2id PHC strings, checked off the async threads and at most
//! [`hashing_limit`] at once, and the dummy hash an unknown user's sign-in is checked against.
//!
//! May import: nothing of this crate.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The PHC string (argon2id, the crate's default parameters, a random salt) of `password`.
/// Slow on purpose: in a handler, call [`hash_password_async`].
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).expect("the operating system's random number generator");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the PHC string `phc` (false for a PHC string that cannot be read).
pub fn verify_password(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// At most this many password hashes or verifications run at once (twice the processors, at
/// least 2): each argon2 run takes ~19 MiB and a processor for a while, so a flood of sign-ins
/// waits its turn instead of exhausting memory and the blocking threads.
pub fn hashing_limit() -> usize {
    static LIMIT: LazyLock<usize> = LazyLock::new(|| {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .saturating_mul(2)
            .max(2)
    });
    *LIMIT
}

static HASHING: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(hashing_limit()));

/// How many hashes run now, and the most that ever ran at once (tests check the limit holds).
static HASHING_NOW: AtomicUsize = AtomicUsize::new(0);
static HASHING_PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most password hashes and verifications that ran at once since the process started.
pub fn hashing_peak() -> usize {
    HASHING_PEAK.load(Ordering::SeqCst)
}

/// How many hashes wait for a permit now.
static HASHING_WAITING: AtomicUsize = AtomicUsize::new(0);

/// Whether `queue` or more hashes wait for a permit: the routes that hash a password then answer
/// 503 at once (`api::hashing_admission`) instead of making the client wait behind a flood.
pub fn hashing_queue_full(queue: usize) -> bool {
    HASHING_WAITING.load(Ordering::SeqCst) >= queue
}

/// Runs `work` (a hash or a verification) on a blocking thread once one of [`hashing_limit`]
/// permits is free.
async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    HASHING_WAITING.fetch_add(1, Ordering::SeqCst);
    let permit = HASHING.acquire().await;
    HASHING_WAITING.fetch_sub(1, Ordering::SeqCst);
    let permit = permit.expect("the hashing semaphore is never closed");
    let result = tokio::task::spawn_blocking(move || {
        let running = HASHING_NOW.fetch_add(1, Ordering::SeqCst) + 1;
        HASHING_PEAK.fetch_max(running, Ordering::SeqCst);
        let result = work();
        HASHING_NOW.fetch_sub(1, Ordering::SeqCst);
        result
    })
    .await
    .expect("password hashing does not panic");
    drop(permit);
    result
}

/// [`hash_password`] off the async threads, at most [`hashing_limit`] at once.
pub async fn hash_password_async(password: String) -> String {
    hashing(move || hash_password(&password)).await
}

/// [`verify_password`] off the async threads, at most [`hashing_limit`] at once.
pub async fn verify_password_async(phc: String, password: String) -> bool {
    hashing(move || verify_password(&phc, &password)).await
}

/// Checks `password` against [`DUMMY_HASH`] (an unknown user's sign-in) as long as a real check
/// takes; always false.
pub async fn verify_dummy_async(password: String) -> bool {
    hashing(move || verify_password(&DUMMY_HASH, &password)).await
}

/// A hash no password matches in practice: an unknown user's sign-in is checked against it, so it
/// takes as long as a known user's.
pub(crate) static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("no account has this password: it only spends time"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let phc = hash_password("correct horse battery staple");
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(verify_password(&phc, "correct horse battery staple"));
        assert!(!verify_password(&phc, "correct horse battery stapl"));
        assert!(!verify_password("not a phc string", "x"));
        assert_ne!(phc, hash_password("correct horse battery staple"), "salted");
    }
}
