//! How email leaves the server (`docs/email.md`): the settings every message needs ([`MailSettings`]:
//! the sender, the public address links start with, the HFS mailbox, the retry policy), the SMTP
//! relay of `--smtp-url` ([`Relay::parse`]), and one message as it goes on the wire
//! ([`wire_message`]: `Message-ID`, `Date`, `From`, `To`, `Subject`, a plain-text body).
//!
//! May import: nothing of this crate.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, Tokio1Executor};

/// The sender when `--mail-from` is not given.
pub const DEFAULT_MAIL_FROM: &str = "HFS Provider Resolution Portal <no-reply@localhost>";
/// The start of every link in an email when `--public-url` is not given.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// When a message that could not be sent is tried again, and when the sender gives up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; it doubles with each further one.
    pub first_wait: Duration,
    /// The longest wait between two attempts.
    pub longest_wait: Duration,
    /// After this many attempts a message is marked failed.
    pub max_attempts: u32,
    /// How often the sender looks for messages due.
    pub poll: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            first_wait: Duration::from_secs(30),
            longest_wait: Duration::from_secs(60 * 60),
            max_attempts: 10,
            poll: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt (1, 2, ...): `first_wait`, doubled each time,
    /// at most `longest_wait`.
    pub fn wait_after(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(20);
        self.first_wait
            .saturating_mul(1u32 << doublings)
            .min(self.longest_wait)
    }
}

/// What every email needs, whether or not it is sent.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `From`, e.g. `HFS Provider Resolution Portal <no-reply@localhost>`.
    pub from: Mailbox,
    /// Where links in emails start, without a trailing `/`.
    pub public_url: String,
    /// The Portal Team's address for HFS notices (none: HFS is not emailed).
    pub hfs_mailbox: Option<String>,
    pub retry: RetryPolicy,
    /// Whether a relay is configured and the sender runs (else the outbox keeps every message).
    pub sending: bool,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: DEFAULT_MAIL_FROM
                .parse()
                .expect("the default sender is an address"),
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
            hfs_mailbox: None,
            retry: RetryPolicy::default(),
            sending: false,
        }
    }
}

impl MailSettings {
    /// The settings of `--mail-from`, `--public-url` and `--hfs-mailbox`, or why one is refused.
    pub fn new(
        from: &str,
        public_url: &str,
        hfs_mailbox: Option<&str>,
    ) -> Result<MailSettings, String> {
        let from: Mailbox = from.trim().parse().map_err(|e| {
            format!("--mail-from {from:?} is not an email address (Name <address@domain>): {e}")
        })?;
        let public = url::Url::parse(public_url.trim())
            .map_err(|e| format!("--public-url {public_url:?} is not a URL: {e}"))?;
        if !matches!(public.scheme(), "http" | "https") || public.host().is_none() {
            return Err(format!(
                "--public-url {public_url:?} must start with http:// or https:// and name a host"
            ));
        }
        let hfs_mailbox = match hfs_mailbox.map(str::trim).filter(|m| !m.is_empty()) {
            Some(mailbox) => {
                mailbox.parse::<Mailbox>().map_err(|e| {
                    format!("--hfs-mailbox {mailbox:?} is not an email address: {e}")
                })?;
                Some(mailbox.to_owned())
            }
            None => None,
        };
        Ok(MailSettings {
            from,
            public_url: public_url.trim().trim_end_matches('/').to_owned(),
            hfs_mailbox,
            retry: RetryPolicy::default(),
            sending: false,
        })
    }

    /// `{public-url}{path}`; `path` starts with `/`.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// The link to ticket `id`: `{public-url}/tickets/{id}`.
    pub fn ticket_link(&self, id: i64) -> String {
        self.link(&format!("/tickets/{id}"))
    }

    /// The domain of the sender's address (the right side of every `Message-ID`).
    pub fn domain(&self) -> &str {
        self.from.email.domain()
    }

    /// The stable `Message-ID` of outbox row `id`: `<outbox-{id}@{domain}>`.
    pub fn message_id(&self, id: i64) -> String {
        format!("<outbox-{id}@{}>", self.domain())
    }
}

/// The SMTP relay of `--smtp-url`.
#[derive(Clone)]
pub struct Relay {
    pub transport: AsyncSmtpTransport<Tokio1Executor>,
    /// The URL without its password, for the log.
    pub shown: String,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Relay({})", self.shown)
    }
}

impl Relay {
    /// `smtp://host[:port]` (no encryption, a local relay; port 25), `smtp+starttls://user:pass@host[:port]`
    /// (STARTTLS required; port 587), `smtps://user:pass@host[:port]` (TLS from the start; port
    /// 465). User and password are percent-decoded. Or why the URL is refused.
    pub fn parse(text: &str, timeout: Duration) -> Result<Relay, String> {
        let refuse = |why: &str| {
            format!(
                "--smtp-url is refused: {why}; expected smtp://host:port, \
                 smtp+starttls://user:password@host:587 or smtps://user:password@host:465"
            )
        };
        let url = url::Url::parse(text.trim()).map_err(|e| refuse(&e.to_string()))?;
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| refuse("it names no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if url.path() != "" && url.path() != "/"
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(refuse("it has a path, query or fragment"));
        }
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned()).map_err(|e| refuse(&format!("TLS: {e}")))
        };
        let (mut builder, default_port) = match url.scheme() {
            "smtp" => (
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host),
                25,
            ),
            "smtp+starttls" => (
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
                    .tls(Tls::Required(tls(&host)?)),
                587,
            ),
            "smtps" => (
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
                    .tls(Tls::Wrapper(tls(&host)?)),
                465,
            ),
            other => return Err(refuse(&format!("unknown scheme {other:?}"))),
        };
        builder = builder
            .port(url.port().unwrap_or(default_port))
            .timeout(Some(timeout));
        let user = percent_decode(url.username());
        if !user.is_empty() {
            if url.scheme() == "smtp" {
                return Err(refuse(
                    "credentials would be sent unencrypted over smtp://; use smtp+starttls:// or smtps://",
                ));
            }
            let password = percent_decode(url.password().unwrap_or(""));
            builder = builder.credentials(Credentials::new(user, password));
        }
        let mut shown = url.clone();
        if url.password().is_some() {
            let _ = shown.set_password(Some("***"));
        }
        Ok(Relay {
            transport: builder.build(),
            shown: shown.to_string(),
        })
    }
}

/// Percent-decoding of a URL's user or password (`%40` is `@`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One queued message as it goes to the relay, or why it cannot be made (a bad address: it will
/// never be sent).
pub fn wire_message(
    settings: &MailSettings,
    id: i64,
    to: &str,
    subject: &str,
    body: &str,
    created_at_ms: i64,
) -> Result<lettre::Message, String> {
    let to: Mailbox = to
        .trim()
        .parse()
        .map_err(|e| format!("the address {to:?} is not valid: {e}"))?;
    let date = UNIX_EPOCH + Duration::from_millis(u64::try_from(created_at_ms).unwrap_or(0));
    lettre::Message::builder()
        .message_id(Some(settings.message_id(id)))
        .date(date.min(SystemTime::now()))
        .from(settings.from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| format!("the message cannot be built: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = Duration::from_secs(5);
        assert!(Relay::parse("smtp://127.0.0.1:2525", t).is_ok());
        assert!(Relay::parse("smtp://localhost", t).is_ok());
        let relay = Relay::parse("smtp+starttls://ann%40x:p%2Fw@mail.example.com:587", t).unwrap();
        assert_eq!(
            relay.shown,
            "smtp+starttls://ann%40x:***@mail.example.com:587"
        );
        assert!(Relay::parse("smtps://u:p@mail.example.com", t).is_ok());
        for bad in [
            "",
            "mail.example.com",
            "http://mail.example.com",
            "smtp://",
            "smtp://u:p@mail.example.com",
            "smtp://mail.example.com/x",
        ] {
            let why = Relay::parse(bad, t).unwrap_err();
            assert!(why.starts_with("--smtp-url is refused"), "{bad}: {why}");
        }
        assert_eq!(percent_decode("a%40b%2"), "a@b%2");
    }

    #[test]
    fn settings_and_ids() {
        let settings = MailSettings::default();
        assert_eq!(settings.message_id(7), "<outbox-7@localhost>");
        assert_eq!(settings.ticket_link(3), "http://127.0.0.1:8080/tickets/3");
        let settings = MailSettings::new(
            "Portal <portal@hfs.example>",
            "https://portal.example/",
            None,
        )
        .unwrap();
        assert_eq!(settings.ticket_link(3), "https://portal.example/tickets/3");
        assert_eq!(settings.domain(), "hfs.example");
        assert!(MailSettings::new("nobody", DEFAULT_PUBLIC_URL, None).is_err());
        assert!(MailSettings::new(DEFAULT_MAIL_FROM, "ftp://x", None).is_err());
        assert!(MailSettings::new(DEFAULT_MAIL_FROM, DEFAULT_PUBLIC_URL, Some("x")).is_err());
    }

    #[test]
    fn backoff_doubles_up_to_the_longest_wait() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.wait_after(1), Duration::from_secs(30));
        assert_eq!(policy.wait_after(2), Duration::from_secs(60));
        assert_eq!(policy.wait_after(30), Duration::from_secs(3600));
    }
}
