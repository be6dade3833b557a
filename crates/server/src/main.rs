//! `portal-server`: parses the configuration, sets up logging, runs the server.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use portal_server::Config;
use tracing_subscriber::EnvFilter;

const DEFAULT_LOG: &str = "info,sqlx=warn";

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();

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

    match portal_server::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}
