//! How the server is started: the options of the command line and the environment.
//!
//! May import: `mail`.

use std::net::IpAddr;
use std::path::PathBuf;

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

    /// The file holding the key the authenticator secrets are sealed with (base64 of 32 bytes); by
    /// default `secret.key` beside the SQLite database. Made (0600) with a new random key when it
    /// does not exist. `PORTAL_SECRET_KEY` (the key itself, base64, environment only) takes its
    /// place when set. Back it up apart from the database: without it every enrolment is lost.
    #[arg(long, env = "PORTAL_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,

    /// Folder holding the built single-page app (Trunk's output).
    #[arg(long, env = "PORTAL_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Load the demo accounts (idempotent; password `Demo-Portal-2026!`; they sign in without
    /// two-step sign-in) and show the outbox at `/api/demo/outbox`. Only as this flag, never from
    /// the environment; the server refuses to start with it on a database holding any account the
    /// demo loader did not make (exit status 2).
    #[arg(long)]
    pub demo: bool,

    /// Mark the session cookie `Secure` on every response and send `Strict-Transport-Security`
    /// (behind an HTTPS proxy). Without it the cookie is still `Secure` unless --public-url is
    /// plain `http://127.0.0.1` or `http://localhost` (a developer's machine).
    #[arg(
        long,
        env = "PORTAL_SECURE_COOKIES",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub secure_cookies: bool,

    /// Registrations accepted from one client address in 15 minutes (10). An office whose staff
    /// all reach the portal through one address (a hospital's or a State building's network) may
    /// need more; the end-to-end tests, which register from one address all along, use 100.
    #[arg(
        long,
        env = "PORTAL_REGISTRATIONS_PER_ADDRESS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    pub registrations_per_address: u16,

    /// A load balancer or proxy in front of the server, by address or range (`10.0.0.0/8`); may be
    /// given more than once (or comma-separated in the variable). A request from one of them is
    /// throttled and audited under the client address its `X-Forwarded-For` names (the right-most
    /// address that is not itself a trusted proxy). Without it the header is ignored: any client
    /// could write it.
    #[arg(
        long = "trusted-proxy",
        env = "PORTAL_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_trusted_proxy
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Seconds between two runs of the ticket clocks (closings by rule, fines); they also run
    /// once at start.
    #[arg(long, env = "PORTAL_CLOCK_INTERVAL", default_value_t = 60)]
    pub clock_interval_secs: u64,

    /// The SMTP relay emails go through: `smtp://host:port` (a local relay, no encryption),
    /// `smtp+starttls://user:password@host:587` or `smtps://user:password@host:465`. Without it
    /// nothing is sent: the outbox keeps every message.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of every email.
    #[arg(long, env = "PORTAL_MAIL_FROM", default_value = crate::mail::DEFAULT_MAIL_FROM)]
    pub mail_from: String,

    /// Where links in emails start (the portal's address as users reach it).
    #[arg(long, env = "PORTAL_PUBLIC_URL", default_value = crate::mail::DEFAULT_PUBLIC_URL)]
    pub public_url: String,

    /// The Portal Team's address for HFS notices (new tickets, extensions and reviews asked,
    /// overdue MCO responses); without it HFS is not emailed.
    #[arg(long, env = "PORTAL_HFS_MAILBOX")]
    pub hfs_mailbox: Option<String>,

    /// Milliseconds between two looks at the outbox (tests and development).
    #[arg(long, env = "PORTAL_MAIL_POLL_MS", default_value_t = 2000, hide = true)]
    pub mail_poll_ms: u64,

    /// Milliseconds before the first retry of a message not sent; it doubles each time.
    #[arg(
        long,
        env = "PORTAL_MAIL_RETRY_MS",
        default_value_t = 30_000,
        hide = true
    )]
    pub mail_retry_ms: u64,

    /// Attempts before a message is marked failed.
    #[arg(
        long,
        env = "PORTAL_MAIL_MAX_ATTEMPTS",
        default_value_t = 10,
        hide = true
    )]
    pub mail_max_attempts: u32,
}

/// Whether `public_url` is plain HTTP on this machine's loopback address (`http://127.0.0.1`,
/// `http://localhost`, `http://[::1]`, any port): the one case the session cookie is not `Secure`.
pub fn plain_http_loopback(public_url: &str) -> bool {
    let Ok(url) = url::Url::parse(public_url.trim()) else {
        return false;
    };
    url.scheme() == "http"
        && match url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        }
}

/// Reads a `--trusted-proxy` value: an address (`10.0.0.5`, `::1`) or a range (`10.0.0.0/8`).
pub fn parse_trusted_proxy(text: &str) -> Result<ipnet::IpNet, String> {
    let text = text.trim();
    if let Ok(net) = text.parse::<ipnet::IpNet>() {
        return Ok(net);
    }
    text.parse::<IpAddr>().map(ipnet::IpNet::from).map_err(|_| {
        format!("{text:?} is not an IP address or range: write one like 10.0.0.5 or 10.0.0.0/8")
    })
}

impl Config {
    /// The mail settings of these options, or why one is refused.
    pub fn mail_settings(&self) -> Result<crate::mail::MailSettings, String> {
        let mut settings = crate::mail::MailSettings::new(
            &self.mail_from,
            &self.public_url,
            self.hfs_mailbox.as_deref(),
        )?;
        let first_wait = std::time::Duration::from_millis(self.mail_retry_ms.max(1));
        settings.retry = crate::mail::RetryPolicy {
            first_wait,
            longest_wait: first_wait
                .saturating_mul(120)
                .min(std::time::Duration::from_secs(3600))
                .max(first_wait),
            max_attempts: self.mail_max_attempts.max(1),
            poll: std::time::Duration::from_millis(self.mail_poll_ms.max(10)),
        };
        Ok(settings)
    }

    /// The relay of `--smtp-url`, if given, or why it is refused.
    pub fn relay(&self) -> Result<Option<crate::mail::Relay>, String> {
        match self
            .smtp_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            Some(url) => {
                crate::mail::Relay::parse(url, std::time::Duration::from_secs(30)).map(Some)
            }
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_trusted_proxy;

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        assert_eq!(
            parse_trusted_proxy(" 10.0.0.5 ").unwrap().to_string(),
            "10.0.0.5/32"
        );
        assert_eq!(parse_trusted_proxy("::1").unwrap().to_string(), "::1/128");
        assert_eq!(
            parse_trusted_proxy("10.0.0.0/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
        assert!(parse_trusted_proxy("10.0.0.0/33").is_err());
        assert!(parse_trusted_proxy("load-balancer")
            .unwrap_err()
            .contains("10.0.0.0/8"));
    }

    #[test]
    fn only_plain_http_loopback_turns_secure_cookies_off() {
        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:8080",
        ] {
            assert!(super::plain_http_loopback(url), "{url}");
        }
        for url in [
            "https://127.0.0.1:8080",
            "http://portal.example.gov",
            "https://portal.example.gov",
            "http://10.0.0.5:8080",
            "not a url",
        ] {
            assert!(!super::plain_http_loopback(url), "{url}");
        }
    }
}
