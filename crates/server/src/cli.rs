//! The command line: `portal-server [--listen ..] [--database-url ..] [--dist ..]` serves;
//! `portal-server calendar add|remove|list` changes the State calendar in the database (until HFS
//! has admin screens). A running server sees a change at its next request: no restart.

use chrono::NaiveDate;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use rules::calendar::{Calendar, CalendarChange};

use crate::api::fields::{date_message, parse_date};
use crate::calendar_store::{self, Added, ChangeError, Removed};
use crate::{db, Config};

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
            for (id, flag) in [("listen", "--listen"), ("dist", "--dist")] {
                if matches.value_source(id) == Some(ValueSource::CommandLine) {
                    return Err(Cli::command().error(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "{flag} is for serving; calendar commands take only --database-url"
                        ),
                    ));
                }
            }
        }
        Ok(cli)
    }
}

/// Why a calendar command failed.
#[derive(Debug)]
pub enum CommandError {
    Database(db::DbError),
    Change(ChangeError),
}

impl CommandError {
    /// 2 when the input was refused (as for a usage mistake), 1 when the database failed.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Change(ChangeError::Database(_)) | CommandError::Database(_) => 1,
            CommandError::Change(_) => 2,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Database(e) => write!(f, "{e}"),
            CommandError::Change(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CommandError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CommandError::Database(e) => Some(e),
            CommandError::Change(e) => Some(e),
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
    pool: &sqlx::SqlitePool,
    command: &CalendarCommand,
) -> Result<String, CommandError> {
    let day = |date: &NaiveDate| rules::dates::long_date(*date);
    Ok(match command {
        CalendarCommand::Add { date, name } => {
            match calendar_store::add_closure(pool, *date, name).await? {
                Added::Added => format!("State offices are now closed on {} ({name}).", day(date)),
                Added::Renamed { previous } => format!(
                    "{} was already a closure day, named \"{previous}\"; it is now named \"{name}\".",
                    day(date)
                ),
                Added::Unchanged => format!(
                    "{} is already a closure day ({name}): nothing changed.",
                    day(date)
                ),
                Added::Restored { name } => format!(
                    "{} is a State holiday again ({name}): the earlier removal is undone.",
                    day(date)
                ),
            }
        }
        CalendarCommand::Remove { date } => {
            match calendar_store::remove_closure(pool, *date).await? {
                Removed::HolidayRemoved { name } => format!(
                    "State offices are now open on {} ({name} removed).",
                    day(date)
                ),
                Removed::AdditionWithdrawn { name } => format!(
                    "State offices are now open on {} (the closure \"{name}\" is withdrawn).",
                    day(date)
                ),
                Removed::Unchanged => format!(
                    "{} was already removed: State offices are open that day; nothing changed.",
                    day(date)
                ),
            }
        }
        CalendarCommand::List => list(&calendar_store::load_changes(pool).await?),
    })
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
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
