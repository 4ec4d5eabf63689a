//! `rounds-server`: parses the command line and runs the library.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use rounds_server::config::{Cli, Command, ServeArgs};
use rounds_server::storage::SqliteStore;
use rounds_server::{AppState, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("ROUNDS_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => run_serve(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("rounds-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run_serve(args: ServeArgs) -> Result<(), String> {
    let path = args.db.path.clone();
    let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot open database {}: {e}", args.db.path.display()))?;
    let static_dir = if args.static_dir.join("index.html").is_file() {
        Some(args.static_dir.clone())
    } else {
        tracing::warn!(dir = %args.static_dir.display(), "no built web app there; serving the API only");
        None
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Rounds is running at http://{addr}/ (database {})",
        args.db.path.display()
    );
    serve(listener, AppState::new(Arc::new(store), static_dir))
        .await
        .map_err(|e| e.to_string())
}
