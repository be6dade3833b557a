//! `portal-server`: parses the command line, sets up logging, then serves, or runs a command
//! (`portal-server calendar add|remove|list`, `portal-server create-admin`, `portal-server backup`,
//! `portal-server rotate-secret-key`)
//! and exits.
//!
//! May import: the library (`portal_server`) only.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use portal_server::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

const DEFAULT_LOG: &str = "info,sqlx=warn";

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse_args();

    // RUST_LOG when set and valid, else the default (an empty RUST_LOG would silence everything).
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|directives| !directives.trim().is_empty())
        .and_then(|directives| EnvFilter::try_new(directives).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_LOG));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stdout().is_terminal())
        .init();

    let database_url = &cli.config.database_url;
    let outcome = match &cli.command {
        Some(Command::Calendar(command)) => {
            Some(portal_server::cli::run_calendar(database_url, command).await)
        }
        Some(Command::CreateAdmin(command)) => match admin_password(&command.username) {
            Ok(password) => {
                Some(portal_server::cli::run_create_admin(database_url, command, &password).await)
            }
            Err(e) => {
                eprintln!("error: cannot read the password from standard input: {e}");
                return ExitCode::from(2);
            }
        },
        Some(Command::Backup(command)) => {
            Some(portal_server::cli::run_backup(database_url, command).await)
        }
        Some(Command::RotateSecretKey(command)) => {
            let key_file = cli
                .config
                .secret_key_file
                .clone()
                .unwrap_or_else(|| portal_server::secret_box::default_key_file(database_url));
            match portal_server::secret_box::SecretBox::load_existing(
                std::env::var("PORTAL_SECRET_KEY").ok().as_deref(),
                &key_file,
            ) {
                Ok(current) => Some(
                    portal_server::cli::run_rotate_secret_key(database_url, &current, command)
                        .await,
                ),
                Err(why) => {
                    eprintln!("error: {why}");
                    return ExitCode::from(2);
                }
            }
        }
        None => None,
    };
    if let Some(outcome) = outcome {
        return match outcome {
            Ok(report) => {
                println!("{report}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(e.exit_code())
            }
        };
    }

    match portal_server::run(cli.config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// The new administrator's password: `PORTAL_ADMIN_PASSWORD` when set, else one line of standard
/// input (its line ending removed). Never logged.
fn admin_password(username: &str) -> std::io::Result<String> {
    if let Ok(password) = std::env::var("PORTAL_ADMIN_PASSWORD") {
        if !password.is_empty() {
            return Ok(password);
        }
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password for {username} (shown as you type; or set PORTAL_ADMIN_PASSWORD): ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
}
