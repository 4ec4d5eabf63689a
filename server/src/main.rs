//! `rounds-server`: parses the command line, runs the command, reports a failure.

use std::process::ExitCode;

use clap::Parser;
use rounds_server::cli::{self, Cli};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("ROUNDS_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli::run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rounds-server: {e}");
            ExitCode::FAILURE
        }
    }
}
