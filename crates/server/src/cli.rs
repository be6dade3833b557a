//! The command line: `portal-server [--listen ..] [--database-url ..] [--dist ..] [--demo]
//! [--secure-cookies]` serves; `portal-server calendar add|remove|list` changes the State calendar
//! in the database (a running server sees a change at its next request: no restart);
//! `portal-server create-admin --username NAME --email EMAIL` creates an HFS administrator.
//!
//! `portal-server rotate-secret-key --new-key-file FILE` seals the two-step sign-in secrets again
//! with a new key.
//!
//! May import: `config`, `db`, `time`, `secret_box`, `calendar_store`, `users`, `auth::password`
//! (never `api`).

use chrono::NaiveDate;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use rules::calendar::{Calendar, CalendarChange};
use rules::wire::accounts::{NewStaffUser, Role};

use crate::auth::password;
use crate::calendar_store::{self, added_message, removed_message, ChangeError};
use crate::config::Config;
use crate::db;
use crate::secret_box::{self, SecretBox};
use crate::time::{date_message, parse_date};
use crate::users;

/// Everything the binary accepts.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "portal-server",
    version,
    about = "The Provider Resolution Portal's API server",
    after_help = "With no command, serves the API and the app."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Change the State calendar: closure days HFS adds (a Governor's proclamation) or removes
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Create an HFS administrator account; the password comes from the environment variable
    /// PORTAL_ADMIN_PASSWORD or, when it is not set, one line of standard input
    CreateAdmin(CreateAdmin),
    /// Copy the database to a new file, consistently, while the server runs (SQLite's
    /// `VACUUM INTO`); the copy is readable by its owner only
    Backup(Backup),
    /// Seal every stored two-step sign-in secret again with a new key, in one transaction (stop
    /// the server first, then start it with the new key); the current key is the server's
    /// (PORTAL_SECRET_KEY, --secret-key-file, or secret.key beside the SQLite database)
    RotateSecretKey(RotateSecretKey),
}

/// `portal-server rotate-secret-key --new-key-file FILE`.
#[derive(Debug, Clone, clap::Args)]
pub struct RotateSecretKey {
    /// The new key (base64 of 32 bytes); made with a new random key (0600) when it does not exist
    #[arg(long)]
    pub new_key_file: std::path::PathBuf,
}

/// `portal-server backup --to FILE`.
#[derive(Debug, Clone, clap::Args)]
pub struct Backup {
    /// The new file to write (it must not exist yet)
    #[arg(long)]
    pub to: std::path::PathBuf,
}

/// `portal-server create-admin --username NAME --email EMAIL`.
#[derive(Debug, Clone, clap::Args)]
pub struct CreateAdmin {
    /// The new administrator's username
    #[arg(long)]
    pub username: String,
    /// The new administrator's email address
    #[arg(long)]
    pub email: String,
    /// First name, shown in the portal
    #[arg(long, default_value = "HFS")]
    pub first_name: String,
    /// Last name, shown in the portal
    #[arg(long, default_value = "Administrator")]
    pub last_name: String,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum CalendarCommand {
    /// Close State offices on DATE (a weekday), or make a State holiday HFS removed one again
    Add {
        /// The day, YYYY-MM-DD
        #[arg(value_parser = cli_date)]
        date: NaiveDate,
        /// What closes the offices, shown to users, e.g. "Governor's proclamation"
        #[arg(value_parser = cli_name)]
        name: String,
    },
    /// Open State offices on DATE: remove a State holiday, or withdraw a closure day HFS added
    Remove {
        /// The day, YYYY-MM-DD
        #[arg(value_parser = cli_date)]
        date: NaiveDate,
    },
    /// List HFS's changes to the standard State holiday calendar
    List,
}

fn cli_date(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|problem| date_message("the date", problem))
}

fn cli_name(text: &str) -> Result<String, String> {
    calendar_store::closure_name(text).map_err(|e| e.to_string())
}

impl Cli {
    /// Parses the command line (and environment); on a mistake, prints why and exits with status 2.
    pub fn parse_args() -> Cli {
        Cli::try_parse_args_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// [`Cli::parse_args`] over given arguments (the first is the program's name).
    pub fn try_parse_args_from<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Cli::command().try_get_matches_from(args)?;
        let cli = Cli::from_arg_matches(&matches)?;
        if cli.command.is_some() {
            // Serving options given for a calendar command are a mistake, not something to ignore.
            for (id, flag) in [
                ("listen", "--listen"),
                ("dist", "--dist"),
                ("demo", "--demo"),
                ("secure_cookies", "--secure-cookies"),
            ] {
                if matches.value_source(id) == Some(ValueSource::CommandLine) {
                    return Err(Cli::command().error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!("{flag} is for serving; commands take only --database-url"),
                    ));
                }
            }
        }
        Ok(cli)
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum CommandError {
    Database(db::DbError),
    Backup(db::BackupError),
    Change(ChangeError),
    /// The input was refused: what to do about it.
    Refused(String),
}

impl CommandError {
    /// 2 when the input was refused (as for a usage mistake), 1 when the database failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Change(ChangeError::Database(_))
            | CommandError::Database(_)
            | CommandError::Backup(_) => 1,
            CommandError::Change(_) | CommandError::Refused(_) => 2,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Database(e) => write!(f, "{e}"),
            CommandError::Backup(e) => write!(f, "{e}"),
            CommandError::Change(e) => write!(f, "{e}"),
            CommandError::Refused(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for CommandError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CommandError::Database(e) => Some(e),
            CommandError::Backup(e) => Some(e),
            CommandError::Change(e) => Some(e),
            CommandError::Refused(_) => None,
        }
    }
}

impl From<ChangeError> for CommandError {
    fn from(error: ChangeError) -> Self {
        CommandError::Change(error)
    }
}

impl From<sqlx::Error> for CommandError {
    fn from(error: sqlx::Error) -> Self {
        CommandError::Change(ChangeError::Database(error))
    }
}

/// Runs a calendar command on the database at `database_url` (created and migrated if need be);
/// returns what to tell the user.
pub async fn run_calendar(
    database_url: &str,
    command: &CalendarCommand,
) -> Result<String, CommandError> {
    let pool = db::connect(database_url)
        .await
        .map_err(CommandError::Database)?;
    let result = calendar_command(&pool, command).await;
    pool.close().await;
    result
}

async fn calendar_command(
    pool: &sqlx::AnyPool,
    command: &CalendarCommand,
) -> Result<String, CommandError> {
    Ok(match command {
        CalendarCommand::Add { date, name } => {
            let added = calendar_store::add_closure(pool, *date, name).await?;
            added_message(*date, name, &added)
        }
        CalendarCommand::Remove { date } => {
            let removed = calendar_store::remove_closure(pool, *date).await?;
            removed_message(*date, &removed)
        }
        CalendarCommand::List => list(&calendar_store::load_changes(pool).await?),
    })
}

/// Copies the database at `database_url` to `command.to` (see [`db::backup`]); what to tell the
/// user. The database is opened as it is, not migrated.
pub async fn run_backup(database_url: &str, command: &Backup) -> Result<String, CommandError> {
    let pool = db::open(database_url)
        .await
        .map_err(CommandError::Database)?;
    let result = db::backup(&pool, &command.to).await;
    pool.close().await;
    let bytes = result.map_err(CommandError::Backup)?;
    Ok(format!(
        "backed up the database to {} ({bytes} bytes)",
        command.to.display()
    ))
}

/// Seals every stored authenticator secret of the database at `database_url` (opened as it is,
/// not migrated) again with the key of `command.new_key_file`, from the `current` key (see
/// [`secret_box::rotate`]); what to tell the user.
pub async fn run_rotate_secret_key(
    database_url: &str,
    current: &SecretBox,
    command: &RotateSecretKey,
) -> Result<String, CommandError> {
    let new = SecretBox::load(None, &command.new_key_file).map_err(CommandError::Refused)?;
    let pool = db::open(database_url)
        .await
        .map_err(CommandError::Database)?;
    let result = secret_box::rotate(&pool, current, &new).await;
    pool.close().await;
    match result {
        Ok(count) => Ok(format!(
            "sealed {count} two-step sign-in secret(s) again with the key in {}; start the server \
             with that key now (--secret-key-file, or move it to where the old one was), and keep \
             the old key until a backup taken after this rotation exists",
            command.new_key_file.display()
        )),
        Err(secret_box::RotateError::Database(e)) => {
            Err(CommandError::Change(ChangeError::Database(e)))
        }
        Err(refused) => Err(CommandError::Refused(refused.to_string())),
    }
}

/// Creates the HFS administrator `command` describes with `password`, in the database at
/// `database_url` (created and migrated if need be); returns what to tell the user.
pub async fn run_create_admin(
    database_url: &str,
    command: &CreateAdmin,
    password: &str,
) -> Result<String, CommandError> {
    let input = NewStaffUser {
        username: command.username.clone(),
        email: command.email.clone(),
        first_name: command.first_name.clone(),
        last_name: command.last_name.clone(),
        role: Role::HfsAdmin,
        mco_id: None,
        password: password.to_owned(),
    };
    let mut problems: Vec<String> = Vec::new();
    let checked = match rules::accounts::check_staff_user(&input) {
        Ok(checked) => Some(checked),
        Err(body) => {
            for (field, messages) in body.errors {
                problems.extend(messages.into_iter().map(|m| format!("{field}: {m}")));
            }
            None
        }
    };
    if let Err(why) = rules::accounts::check_password(password, &input.username, &input.email) {
        let line = format!("password: {why}");
        if !problems.contains(&line) {
            problems.push(line);
        }
    }
    let Some(checked) = checked.filter(|_| problems.is_empty()) else {
        return Err(CommandError::Refused(format!(
            "the administrator was not created:\n  {}",
            problems.join("\n  ")
        )));
    };

    let pool = db::connect(database_url)
        .await
        .map_err(CommandError::Database)?;
    let result = async {
        if users::username_taken(&pool, &checked.username).await? {
            return Err(CommandError::Refused(format!(
                "a user named {} already exists: choose another username",
                checked.username
            )));
        }
        let phc = password::hash_password_async(checked.password.clone()).await;
        users::insert_staff_user(&pool, &checked, &phc).await?;
        Ok(format!("created HFS admin {}", checked.username))
    }
    .await;
    pool.close().await;
    result
}

/// One line per change, in date order.
fn list(changes: &[CalendarChange]) -> String {
    if changes.is_empty() {
        return "No changes: the standard State holiday calendar applies.".to_owned();
    }
    let standard = Calendar::standard();
    let mut lines = vec![format!("{:<10}  {:<6}  {}", "date", "change", "day")];
    for change in changes {
        lines.push(match change {
            CalendarChange::Add { date, name } => {
                format!("{date}  {:<6}  closed: {name}", "add")
            }
            CalendarChange::Remove { date } => {
                let what = match standard.holiday_name(*date) {
                    Some(holiday) => format!("open: {holiday} removed"),
                    None => "no effect (not a State holiday)".to_owned(),
                };
                format!("{date}  {:<6}  {what}", "remove")
            }
        });
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_args_from(std::iter::once("portal-server").chain(args.iter().copied()))
    }

    #[test]
    fn serving_is_unchanged() {
        let cli = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "sqlite:x.db",
            "--dist",
            "d",
        ])
        .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.config.listen, "127.0.0.1:0");
        assert_eq!(cli.config.database_url, "sqlite:x.db");
        assert_eq!(cli.config.dist, std::path::PathBuf::from("d"));
    }

    #[test]
    fn create_admin_and_serving_flags() {
        let cli = parse(&[
            "create-admin",
            "--username",
            "ann",
            "--email",
            "ann@example.com",
        ])
        .unwrap();
        match cli.command {
            Some(Command::CreateAdmin(c)) => {
                assert_eq!(
                    (c.username.as_str(), c.email.as_str()),
                    ("ann", "ann@example.com")
                );
                assert_eq!(
                    (c.first_name.as_str(), c.last_name.as_str()),
                    ("HFS", "Administrator")
                );
            }
            other => panic!("{other:?}"),
        }
        let cli = parse(&["--demo", "--secure-cookies"]).unwrap();
        assert!(cli.config.demo && cli.config.secure_cookies);
        let cli = parse(&[]).unwrap();
        assert!(!cli.config.demo && !cli.config.secure_cookies);
        // Demo mode is a flag only: no environment variable turns it on.
        let command = Cli::command();
        let demo = command
            .get_arguments()
            .find(|arg| arg.get_id() == "demo")
            .unwrap();
        assert!(demo.get_env().is_none());
    }

    #[test]
    fn mail_options() {
        let cli = parse(&[]).unwrap();
        assert!(
            cli.config.relay().unwrap().is_none(),
            "no relay: nothing is sent"
        );
        let settings = cli.config.mail_settings().unwrap();
        assert_eq!(settings.ticket_link(5), "http://127.0.0.1:8080/tickets/5");
        assert_eq!(settings.message_id(5), "<outbox-5@localhost>");
        let cli = parse(&[
            "--smtp-url",
            "smtps://u:p@smtp.example.gov:465",
            "--public-url",
            "https://portal.example.gov",
            "--hfs-mailbox",
            "team@hfs.example.gov",
        ])
        .unwrap();
        assert!(cli.config.relay().unwrap().is_some());
        let settings = cli.config.mail_settings().unwrap();
        assert_eq!(
            settings.hfs_mailbox.as_deref(),
            Some("team@hfs.example.gov")
        );
        let why = parse(&["--smtp-url", "smtp//oops"])
            .unwrap()
            .config
            .relay()
            .unwrap_err();
        assert!(why.starts_with("--smtp-url is refused"), "{why}");
        assert!(parse(&["--mail-from", "nobody"])
            .unwrap()
            .config
            .mail_settings()
            .is_err());
    }

    #[test]
    fn calendar_commands() {
        let d = |text| rules::dates::parse_iso_date(text).unwrap();
        for args in [
            &[
                "calendar",
                "add",
                "2026-12-24",
                "Governor's proclamation",
                "--database-url",
                "sqlite:y.db",
            ][..],
            &[
                "--database-url",
                "sqlite:y.db",
                "calendar",
                "add",
                "2026-12-24",
                "Governor's proclamation",
            ],
        ] {
            let cli = parse(args).unwrap();
            assert_eq!(cli.config.database_url, "sqlite:y.db", "{args:?}");
            match cli.command {
                Some(Command::Calendar(CalendarCommand::Add { date, name })) => {
                    assert_eq!(date, d("2026-12-24"));
                    assert_eq!(name, "Governor's proclamation");
                }
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            parse(&["calendar", "remove", "2026-10-12"])
                .unwrap()
                .command,
            Some(Command::Calendar(CalendarCommand::Remove { .. }))
        ));
        assert!(matches!(
            parse(&["calendar", "list"]).unwrap().command,
            Some(Command::Calendar(CalendarCommand::List))
        ));
        for bad in [
            &["calendar", "add", "2026-02-30", "x"][..],
            &["calendar", "add", "2026-12-24"],
            &["calendar", "add", "2026-12-24", "  "],
            &["calendar", "add", "24/12/2026", "x"],
            &["calendar", "remove", "2101-01-01"],
            &["calendar", "remove"],
            &["calendar"],
            &["calendar", "list", "--listen", "127.0.0.1:0"],
            &["--listen", "127.0.0.1:0", "calendar", "list"],
            &["--dist", "dist", "calendar", "list"],
            &["--demo", "calendar", "list"],
            &["create-admin", "--username", "a"],
            &["create-admin", "--email", "a@example.com"],
            &[
                "--demo",
                "create-admin",
                "--username",
                "a",
                "--email",
                "a@example.com",
            ],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
