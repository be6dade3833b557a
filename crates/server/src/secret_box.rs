//! Secrets kept encrypted in the database (`docs/security.md`, V6): the authenticator secrets of
//! two-step sign-in are sealed with XChaCha20-Poly1305 (`chacha20poly1305`, an AEAD: a changed
//! byte is refused, not read as another secret) under a 256-bit key the server is given, bound to
//! the user they belong to (a sealed secret copied to another user's row does not open).
//!
//! The key: `PORTAL_SECRET_KEY` (base64 of 32 bytes, from the environment only), else the file
//! `--secret-key-file` (`PORTAL_SECRET_KEY_FILE`; by default `secret.key` beside the SQLite
//! database), which is made with a new random key, readable by the server's user only (0600), when
//! it does not exist. Losing the key loses every enrolment (each user then sets up two-step sign-in
//! again after an administrator's reset); the key is backed up apart from the database.
//!
//! The key is changed with `portal-server rotate-secret-key --new-key-file FILE` ([`rotate`]),
//! the server stopped: every stored secret is opened with the current key and sealed again with
//! the new one, in one transaction (all or nothing); then the server starts with the new key.
//!
//! A sealed value is `enc1:` + base64 (24-byte random nonce, then the ciphertext and tag). A value
//! without that prefix is a secret stored before encryption (base32): it is read as it is and
//! sealed at start ([`seal_plain_secrets`]) or at its next use.
//!
//! May import: nothing of the crate.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

/// The prefix of a sealed value.
pub const SEALED_PREFIX: &str = "enc1:";

/// Bytes of the key.
pub const KEY_BYTES: usize = 32;

const NONCE_BYTES: usize = 24;

/// Seals and opens the secrets of users with one key.
#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.write_str("SecretBox")
    }
}

impl SecretBox {
    /// A box with this key.
    pub fn new(key: &[u8; KEY_BYTES]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(&Key::from(*key)),
        }
    }

    /// A box with a new random key held only in memory (a server whose secrets need not outlive
    /// it: tests).
    pub fn ephemeral() -> Self {
        Self::new(&random_key())
    }

    /// The key of `PORTAL_SECRET_KEY` (`env_key`, base64) when given, else the one in `file`, made
    /// (0600, its folder 0700) with a new random key when the file does not exist. A key that is
    /// not 32 bytes of base64 is refused, with the reason.
    pub fn load(env_key: Option<&str>, file: &Path) -> Result<Self, String> {
        if let Some(text) = env_key.filter(|text| !text.trim().is_empty()) {
            return Ok(Self::new(
                &decode_key(text).map_err(|why| format!("PORTAL_SECRET_KEY {why}"))?,
            ));
        }
        match std::fs::read_to_string(file) {
            Ok(text) => Ok(Self::new(&decode_key(&text).map_err(|why| {
                format!("the secret key file {} {why}", file.display())
            })?)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = random_key();
                write_key_file(file, &key).map_err(|error| {
                    format!(
                        "the secret key file {} cannot be made: {error}",
                        file.display()
                    )
                })?;
                tracing::warn!(
                    file = %file.display(),
                    "a new secret key was made (back it up apart from the database)"
                );
                Ok(Self::new(&key))
            }
            Err(error) => Err(format!(
                "the secret key file {} cannot be read: {error}",
                file.display()
            )),
        }
    }

    /// The key of `PORTAL_SECRET_KEY` when given, else the one in `file`, which must exist (a
    /// rotation never makes the key it starts from).
    pub fn load_existing(env_key: Option<&str>, file: &Path) -> Result<Self, String> {
        if env_key.is_none_or(|text| text.trim().is_empty()) && !file.exists() {
            return Err(format!(
                "the secret key file {} does not exist (give the current key with \
                 --secret-key-file or PORTAL_SECRET_KEY)",
                file.display()
            ));
        }
        Self::load(env_key, file)
    }

    /// `secret` sealed for `user_id`.
    pub fn seal(&self, user_id: i64, secret: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        getrandom::getrandom(&mut nonce).expect("the operating system's random number generator");
        let aad = associated(user_id);
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: &aad,
                },
            )
            .expect("a short secret always seals");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes))
    }

    /// The secret `stored` holds for `user_id`: opened when sealed, as it is when stored before
    /// encryption; `None` when it was sealed with another key, for another user, or altered.
    pub fn open(&self, user_id: i64, stored: &str) -> Option<String> {
        let Some(sealed) = stored.strip_prefix(SEALED_PREFIX) else {
            return Some(stored.to_owned());
        };
        let bytes = STANDARD.decode(sealed).ok()?;
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().ok()?;
        let aad = associated(user_id);
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

/// Whether `stored` is sealed (not a secret stored before encryption).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

/// What a sealed secret is bound to: its user.
fn associated(user_id: i64) -> Vec<u8> {
    format!("portal mfa secret of user {user_id}").into_bytes()
}

fn random_key() -> [u8; KEY_BYTES] {
    let mut key = [0u8; KEY_BYTES];
    getrandom::getrandom(&mut key).expect("the operating system's random number generator");
    key
}

fn decode_key(text: &str) -> Result<[u8; KEY_BYTES], &'static str> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| "is not base64")?;
    bytes
        .try_into()
        .map_err(|_| "must hold 32 bytes (44 characters of base64)")
}

/// Writes a new key file readable by the server's user only; never replaces one.
fn write_key_file(file: &Path, key: &[u8; KEY_BYTES]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut handle = options.open(file)?;
    handle.write_all(STANDARD.encode(key).as_bytes())?;
    handle.write_all(b"\n")?;
    handle.sync_all()
}

/// The default key file: `secret.key` in the folder of the SQLite database of `database_url`
/// (`data/` when the address names no file).
pub fn default_key_file(database_url: &str) -> PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(""))
        .filter(|path| !path.is_empty() && *path != ":memory:")
        .map(PathBuf::from);
    match path.as_deref().and_then(Path::parent) {
        Some(folder) if !folder.as_os_str().is_empty() => folder.join("secret.key"),
        Some(_) => PathBuf::from("secret.key"),
        None => PathBuf::from("data").join("secret.key"),
    }
}

/// Seals every authenticator secret still stored as it was before encryption (at start). Returns
/// how many were sealed.
pub async fn seal_plain_secrets(
    pool: &sqlx::AnyPool,
    secrets: &SecretBox,
) -> Result<u64, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, mfa_secret, mfa_pending_secret FROM users \
         WHERE (mfa_secret IS NOT NULL AND mfa_secret NOT LIKE 'enc1:%') \
            OR (mfa_pending_secret IS NOT NULL AND mfa_pending_secret NOT LIKE 'enc1:%')",
    )
    .fetch_all(pool)
    .await?;
    let mut sealed = 0;
    for (id, secret, pending) in rows {
        for (column, value) in [("mfa_secret", secret), ("mfa_pending_secret", pending)] {
            let Some(value) = value.filter(|v| !is_sealed(v)) else {
                continue;
            };
            // Only if it is still the plain value (a sign-in may have sealed it meanwhile).
            sealed += sqlx::query(&format!(
                "UPDATE users SET {column} = $1 WHERE id = $2 AND {column} = $3"
            ))
            .bind(secrets.seal(id, &value))
            .bind(id)
            .bind(&value)
            .execute(pool)
            .await?
            .rows_affected();
        }
    }
    Ok(sealed)
}

/// Why a key rotation changed nothing.
#[derive(Debug)]
pub enum RotateError {
    /// The secrets of these users do not open with the current key (not the key they were sealed
    /// with, or altered): nothing was changed.
    WrongKey(Vec<i64>),
    /// A secret changed while the rotation ran (a server still running on the database): nothing
    /// was changed.
    Changed,
    Database(sqlx::Error),
}

impl std::fmt::Display for RotateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RotateError::WrongKey(ids) => {
                write!(
                f,
                "the secrets of {} user(s) (ids {}) do not open with the current key: give the \
                 key they were sealed with (--secret-key-file or PORTAL_SECRET_KEY); nothing was \
                 changed",
                ids.len(),
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            )
            }
            RotateError::Changed => f.write_str(
                "a secret changed during the rotation: stop the server, then run it again; \
                 nothing was changed",
            ),
            RotateError::Database(e) => write!(f, "the database failed: {e}"),
        }
    }
}

impl std::error::Error for RotateError {}

impl From<sqlx::Error> for RotateError {
    fn from(error: sqlx::Error) -> Self {
        RotateError::Database(error)
    }
}

/// Seals every stored authenticator secret (enrolled and pending) again, from the `current` key
/// to the `new` one, in one transaction: every secret or none. A secret stored before encryption
/// is sealed with the new key too. A secret that does not open with `current` stops the rotation
/// before anything is written ([`RotateError::WrongKey`]); a secret changed meanwhile rolls it
/// back ([`RotateError::Changed`]). Returns how many values were sealed again.
///
/// The same statements run on SQLite and PostgreSQL (`db::Pool`).
pub async fn rotate(
    pool: &sqlx::AnyPool,
    current: &SecretBox,
    new: &SecretBox,
) -> Result<u64, RotateError> {
    let mut tx = pool.begin().await?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, mfa_secret, mfa_pending_secret FROM users \
         WHERE mfa_secret IS NOT NULL OR mfa_pending_secret IS NOT NULL ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut unreadable = Vec::new();
    let mut updates = Vec::new();
    for (id, secret, pending) in rows {
        for (column, value) in [("mfa_secret", secret), ("mfa_pending_secret", pending)] {
            let Some(value) = value else {
                continue;
            };
            match current.open(id, &value) {
                Some(plain) => {
                    let sealed = new.seal(id, &plain);
                    updates.push((column, id, value, sealed));
                }
                None => unreadable.push(id),
            }
        }
    }
    if !unreadable.is_empty() {
        unreadable.dedup();
        // Dropping the transaction rolls it back (nothing was written).
        return Err(RotateError::WrongKey(unreadable));
    }
    let mut count = 0;
    for (column, id, old, sealed) in updates {
        let changed = sqlx::query(&format!(
            "UPDATE users SET {column} = $1 WHERE id = $2 AND {column} = $3"
        ))
        .bind(&sealed)
        .bind(id)
        .bind(&old)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Err(RotateError::Changed);
        }
        count += 1;
    }
    tx.commit().await?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_user_and_key() {
        let secrets = SecretBox::new(&[7; KEY_BYTES]);
        let sealed = secrets.seal(5, "JBSWY3DPEHPK3PXP");
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            sealed,
            secrets.seal(5, "JBSWY3DPEHPK3PXP"),
            "a new nonce each time"
        );
        assert_eq!(
            secrets.open(5, &sealed).as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
        assert_eq!(secrets.open(6, &sealed), None, "another user's row");
        assert_eq!(
            SecretBox::new(&[8; KEY_BYTES]).open(5, &sealed),
            None,
            "another key"
        );
        let mut altered = sealed.clone().into_bytes();
        let last = altered.len() - 3;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(secrets.open(5, &String::from_utf8(altered).unwrap()), None);
        assert_eq!(
            secrets.open(5, "JBSWY3DPEHPK3PXP").as_deref(),
            Some("JBSWY3DPEHPK3PXP")
        );
    }

    #[test]
    fn key_file_is_made_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!("portal-key-{}", std::process::id()));
        let file = dir.join("sub").join("secret.key");
        let _ = std::fs::remove_dir_all(&dir);
        let first = SecretBox::load(None, &file).unwrap();
        let sealed = first.seal(1, "ABC");
        let again = SecretBox::load(None, &file).unwrap();
        assert_eq!(again.open(1, &sealed).as_deref(), Some("ABC"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&file, "c2hvcnQ=").unwrap();
        assert!(SecretBox::load(None, &file)
            .unwrap_err()
            .contains("32 bytes"));
        let env = STANDARD.encode([3u8; KEY_BYTES]);
        let from_env = SecretBox::load(Some(&env), &file).unwrap();
        assert_eq!(
            from_env
                .open(2, &SecretBox::new(&[3; KEY_BYTES]).seal(2, "X"))
                .as_deref(),
            Some("X")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn default_key_file_sits_beside_the_database() {
        assert_eq!(
            default_key_file("sqlite:data/portal.db"),
            PathBuf::from("data/secret.key")
        );
        assert_eq!(
            default_key_file("sqlite:///var/lib/portal/p.db?mode=rwc"),
            PathBuf::from("/var/lib/portal/secret.key")
        );
        assert_eq!(
            default_key_file("sqlite:portal.db"),
            PathBuf::from("secret.key")
        );
        assert_eq!(
            default_key_file("postgres://x/y"),
            PathBuf::from("data/secret.key")
        );
    }
}
