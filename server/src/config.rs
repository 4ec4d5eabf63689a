//! The command line. Each setting comes from its default, then a `ROUNDS_*` environment
//! variable, then a flag, the last one given winning.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Rounds sync server and funnel API.
#[derive(Debug, Parser)]
#[command(name = "rounds-server", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The server's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the sync endpoint, the API and the web app.
    Serve(ServeArgs),
}

/// Settings for `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ROUNDS_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
    /// Folder of the built web app (trunk's output); not served when absent.
    #[arg(long, env = "ROUNDS_STATIC_DIR", default_value = "client/dist")]
    pub static_dir: PathBuf,
}

/// Where the database is.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// SQLite database file, created if missing.
    #[arg(long = "db", env = "ROUNDS_DB", default_value = "data/rounds.db")]
    pub path: PathBuf,
}
