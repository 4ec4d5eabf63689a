//! The command line. Each setting comes from its default, then a `ROUNDS_*` environment
//! variable, then a flag, the last one given winning. Passwords are read from standard
//! input, never from flags (which other users can see in the process list).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::auth::LoginLimits;
use crate::state::{ServerConfig, ServerLimits, SessionLimits, SyncLimits};

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
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Manage hospital accounts.
    #[command(subcommand)]
    Account(AccountCommand),
    /// Fill an empty database with a demo organisation (password `rounds-demo` for all).
    Demo {
        /// Seed: the same seed gives the same organisation.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Rebuild the read model (funnel tables) from the stored documents.
    Reproject {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Bring the database's schema up to this build's, and say which version it is at
    /// (the SQLite file, or a PostgreSQL database with `--database`).
    Migrate {
        #[command(flatten)]
        db: DbArgs,
        /// A PostgreSQL database (`postgres://user:password@host:port/name`) instead of the
        /// SQLite file.
        #[arg(long, env = "ROUNDS_DATABASE", hide_env_values = true)]
        database: Option<String>,
    },
    /// Delete stored photos no visit refers to, once older than the grace period.
    PhotosGc {
        #[command(flatten)]
        db: DbArgs,
        /// Keep unreferenced photos stored less than this many days ago.
        #[arg(long, env = "ROUNDS_PHOTO_GRACE_DAYS", default_value_t = 7)]
        grace_days: u32,
    },
}

/// Where the database is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// SQLite database file, created if missing.
    #[arg(
        long = "db",
        env = "ROUNDS_DB",
        default_value = "data/rounds.db",
        global = true
    )]
    pub path: PathBuf,
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
    /// Largest sync message accepted, in bytes.
    #[arg(long, env = "ROUNDS_MAX_MESSAGE_BYTES", default_value_t = SessionLimits::default().max_message_bytes)]
    pub max_message_bytes: usize,
    /// Largest a synced document may grow, in bytes.
    #[arg(long, env = "ROUNDS_MAX_DOCUMENT_BYTES", default_value_t = SessionLimits::default().max_document_bytes)]
    pub max_document_bytes: usize,
    /// Sustained sync messages a second per connection.
    #[arg(long, env = "ROUNDS_MESSAGES_PER_SECOND", default_value_t = SessionLimits::default().messages_per_second)]
    pub messages_per_second: u32,
    /// Sync messages per connection allowed in a burst.
    #[arg(long, env = "ROUNDS_MESSAGE_BURST", default_value_t = SessionLimits::default().message_burst)]
    pub message_burst: u32,
    /// Bytes (inflated) of changes one connection may have waiting for the changes they
    /// depend on.
    #[arg(long, env = "ROUNDS_MAX_WAITING_BYTES", default_value_t = SessionLimits::default().max_waiting_bytes)]
    pub max_waiting_bytes: usize,
    /// Documents the server keeps in memory before dropping idle ones.
    #[arg(long, env = "ROUNDS_MAX_LIVE_DOCUMENTS", default_value_t = ServerLimits::default().max_live_documents)]
    pub max_live_documents: usize,
    /// Seconds between pings (and session checks) on an open sync connection.
    #[arg(long, env = "ROUNDS_PING_SECONDS", default_value_t = ServerLimits::default().ping_every.as_secs())]
    pub ping_seconds: u64,
    /// Seconds of silence after which a sync connection is closed.
    #[arg(long, env = "ROUNDS_IDLE_SECONDS", default_value_t = ServerLimits::default().idle_after.as_secs())]
    pub idle_seconds: u64,
    /// Days a login lasts.
    #[arg(long, env = "ROUNDS_SESSION_DAYS", default_value_t = 30)]
    pub session_days: u64,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long, env = "ROUNDS_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Failed logins from one address (any usernames) in 5 minutes before it is refused.
    #[arg(long, env = "ROUNDS_LOGIN_PER_ADDRESS", default_value_t = LoginLimits::default().per_address)]
    pub login_per_address: usize,
    /// Failed logins for one username from one address in 5 minutes before refusal.
    #[arg(long, env = "ROUNDS_LOGIN_PER_USER_ADDRESS", default_value_t = LoginLimits::default().per_pair)]
    pub login_per_user_address: usize,
    /// Failed logins for one username (from anywhere) in 5 minutes before each further
    /// attempt for it is slowed down (never refused: nobody can lock a colleague out).
    #[arg(long, env = "ROUNDS_LOGIN_PER_USER", default_value_t = LoginLimits::default().per_user)]
    pub login_per_user: usize,
    /// Password checks (argon2, 19 MiB each) run at once; more logins wait, then get 503.
    #[arg(long, env = "ROUNDS_PASSWORD_CHECKS", default_value_t = ServerConfig::default().password_checks)]
    pub password_checks: usize,
    /// A reverse proxy's address whose `X-Forwarded-For` is believed (repeat, or separate
    /// with commas in the environment variable).
    #[arg(
        long = "trusted-proxy",
        env = "ROUNDS_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Seconds an HTTP client has to send a request's headers.
    #[arg(long, env = "ROUNDS_HEADER_TIMEOUT_SECONDS", default_value_t = ServerConfig::default().header_timeout.as_secs())]
    pub header_timeout_seconds: u64,
    /// Seconds within which a request (its body included) must be answered.
    #[arg(long, env = "ROUNDS_REQUEST_TIMEOUT_SECONDS", default_value_t = ServerConfig::default().request_timeout.as_secs())]
    pub request_timeout_seconds: u64,
}

impl ServeArgs {
    /// The server settings these arguments give.
    pub fn config(&self, static_dir: Option<PathBuf>) -> ServerConfig {
        ServerConfig {
            static_dir,
            limits: SyncLimits {
                session: SessionLimits {
                    max_message_bytes: self.max_message_bytes,
                    max_document_bytes: self.max_document_bytes,
                    messages_per_second: self.messages_per_second,
                    message_burst: self.message_burst,
                    max_waiting_bytes: self.max_waiting_bytes,
                },
                server: ServerLimits {
                    max_live_documents: self.max_live_documents.max(1),
                    ping_every: Duration::from_secs(self.ping_seconds.max(1)),
                    idle_after: Duration::from_secs(self.idle_seconds.max(2)),
                },
            },
            session_lifetime: Duration::from_secs(self.session_days.max(1) * 24 * 3600),
            secure_cookies: self.secure_cookies,
            login: LoginLimits {
                per_address: self.login_per_address.max(1),
                per_pair: self.login_per_user_address.max(1),
                per_user: self.login_per_user.max(1),
                ..LoginLimits::default()
            },
            password_checks: self.password_checks.max(1),
            trusted_proxies: self.trusted_proxies.clone(),
            header_timeout: Duration::from_secs(self.header_timeout_seconds.max(1)),
            request_timeout: Duration::from_secs(self.request_timeout_seconds.max(1)),
            ..ServerConfig::default()
        }
    }
}

/// `rounds-server user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        /// Login name.
        username: String,
        /// Name shown to others.
        #[arg(long)]
        name: String,
        /// rep, manager, admin, product_manager, inside_sales, warehouse, finance or service_engineer.
        #[arg(long, default_value = "rep")]
        role: String,
        /// Team name (reps belong to one).
        #[arg(long)]
        team: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List users.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Set a user's password (read from standard input); ends their sessions.
    Passwd {
        /// Login name.
        username: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `rounds-server team …`
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team.
    Add {
        /// Team name.
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List teams with their managers.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Make a manager a manager of a team.
    Manage {
        /// Team name.
        team: String,
        /// The manager's login name.
        manager: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `rounds-server account …`
#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add a hospital account owned by a rep (creates its document).
    Add {
        /// Hospital name.
        name: String,
        /// The owning rep's login name.
        #[arg(long)]
        owner: String,
        /// Hospital grade key (3a, 3b, 2a, …).
        #[arg(long, default_value = "3a")]
        level: String,
        /// Region or territory.
        #[arg(long, default_value = "")]
        region: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Give an account to another rep.
    Assign {
        /// Account id.
        account: String,
        /// The new owner's login name.
        #[arg(long)]
        owner: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List accounts.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}
