//! `portal-server`: parses the command line, sets up logging, then serves, or runs a calendar
//! command (`portal-server calendar add|remove|list`) and exits.

use std::io::IsTerminal;
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

    if let Some(Command::Calendar(command)) = &cli.command {
        return match portal_server::cli::run_calendar(&cli.config.database_url, command).await {
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
            ExitCode::FAILURE
        }
    }
}
