//! The command line's commands (`serve`, `user`, `team`, `account`, `reproject`, `demo`):
//! each runs the library and prints what it did; `main.rs` only parses and reports.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::admin::{self, Actor, AdminError};
pub use crate::config::Cli;
use crate::config::{AccountCommand, Command, DbArgs, ServeArgs, TeamCommand, UserCommand};
use crate::storage::{SqliteStore, Store, StoreError};
use crate::{AppState, serve};

/// Why a command failed; its text is printed for the operator.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The database could not be opened.
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        source: StoreError,
    },
    /// The command was refused or failed.
    #[error(transparent)]
    Admin(#[from] AdminError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Standard input could not be read.
    #[error("cannot read the password: {0}")]
    Password(std::io::Error),
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The server stopped with an error.
    #[error("server: {0}")]
    Serve(std::io::Error),
    /// A background task failed.
    #[error("task failed: {0}")]
    Task(String),
}

/// Runs the command `cli` names.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Serve(args) => run_serve(args).await,
        Command::User(cmd) => blocking(move || user(cmd)).await,
        Command::Team(cmd) => blocking(move || team(cmd)).await,
        Command::Account(cmd) => blocking(move || account(cmd)).await,
        Command::Reproject { db } => blocking(move || reproject(&db)).await,
        Command::Migrate { db, database } => migrate(db, database).await,
        Command::PhotosGc { db, grace_days } => blocking(move || photos_gc(&db, grace_days)).await,
        Command::Demo { seed, db } => blocking(move || demo(&db, seed)).await,
    }
}

/// Runs a command that works on the database off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CliError> + Send + 'static,
) -> Result<T, CliError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CliError::Task(e.to_string()))?
}

fn demo(db: &DbArgs, seed: u64) -> Result<(), CliError> {
    let store = open(db)?;
    let now = rounds_shared::time::Timestamp(crate::state::now_ms());
    let users = crate::demo::generate(&store, crate::demo::Scale::DEMO, seed, now)?;
    println!(
        "demo organisation created; every user's password is `{}`:",
        crate::demo::DEMO_PASSWORD
    );
    for u in users {
        println!("  {:<12} {} ({})", u.username, u.display_name, u.role.key());
    }
    Ok(())
}

async fn migrate(db: DbArgs, database: Option<String>) -> Result<(), CliError> {
    let version = match database {
        Some(url) => {
            let store = crate::storage::postgres::PgStore::connect(
                &url,
                crate::storage::postgres::DEFAULT_POOL_SIZE,
            )
            .await?;
            store.schema_version().await?
        }
        None => blocking(move || Ok(open(&db)?.schema_version()?)).await?,
    };
    println!("the database is at schema version {version}");
    Ok(())
}

fn reproject(db: &DbArgs) -> Result<(), CliError> {
    let (accounts, issues) = admin::reproject(&open(db)?, Actor::Cli)?;
    println!("reprojected {accounts} accounts; {issues} values left out (listed in p_issues)");
    Ok(())
}

fn photos_gc(db: &DbArgs, grace_days: u32) -> Result<(), CliError> {
    let store = open(db)?;
    let referenced = store.photo_hashes()?;
    let blobs = crate::blobs::FsBlobStore::open(&crate::blobs::FsBlobStore::beside(&db.path))
        .map_err(|e| CliError::Task(e.to_string()))?;
    let grace = i64::from(grace_days) * 86_400_000;
    let deleted =
        crate::blobs::collect_unreferenced(&blobs, &referenced, crate::state::now_ms(), grace)
            .map_err(|e| CliError::Task(e.to_string()))?;
    println!("deleted {deleted} photos no visit refers to, stored more than {grace_days} days ago");
    Ok(())
}

fn open(db: &DbArgs) -> Result<SqliteStore, CliError> {
    SqliteStore::open(&db.path).map_err(|source| CliError::Open {
        path: db.path.clone(),
        source,
    })
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<String, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(CliError::Password)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn user(cmd: UserCommand) -> Result<(), CliError> {
    match cmd {
        UserCommand::Add {
            username,
            name,
            role,
            team,
            db,
        } => {
            let store = open(&db)?;
            let password = read_password()?;
            let u = admin::add_user(
                &store,
                Actor::Cli,
                &username,
                &name,
                &role,
                team.as_deref(),
                &password,
            )?;
            println!("added {} ({}) {}", u.username, u.role.key(), u.id);
        }
        UserCommand::List { db } => {
            let store = open(&db)?;
            let teams = store.teams()?;
            for u in store.users()? {
                let team = u
                    .team
                    .and_then(|t| teams.iter().find(|x| x.id == t))
                    .map_or("-", |t| t.name.as_str());
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.username,
                    u.display_name,
                    u.role.key(),
                    team,
                    u.id
                );
            }
        }
        UserCommand::Passwd { username, db } => {
            let store = open(&db)?;
            let password = read_password()?;
            admin::set_password(&store, Actor::Cli, &username, &password)?;
            println!("password of {username} changed; their sessions have ended");
        }
    }
    Ok(())
}

fn team(cmd: TeamCommand) -> Result<(), CliError> {
    match cmd {
        TeamCommand::Add { name, db } => {
            admin::add_team(&open(&db)?, Actor::Cli, &name)?;
            println!("added team {name}");
        }
        TeamCommand::List { db } => {
            let store = open(&db)?;
            let users = store.users()?;
            for t in store.teams()? {
                let managers: Vec<&str> = t
                    .managers
                    .iter()
                    .filter_map(|m| {
                        users
                            .iter()
                            .find(|u| u.id == *m)
                            .map(|u| u.username.as_str())
                    })
                    .collect();
                println!("{}\t{}\t{}", t.name, managers.join(","), t.id);
            }
        }
        TeamCommand::Manage { team, manager, db } => {
            admin::manage_team(&open(&db)?, Actor::Cli, &team, &manager)?;
            println!("{manager} now manages {team}");
        }
    }
    Ok(())
}

fn account(cmd: AccountCommand) -> Result<(), CliError> {
    match cmd {
        AccountCommand::Add {
            name,
            owner,
            level,
            region,
            db,
        } => {
            let id = admin::add_account(&open(&db)?, Actor::Cli, &name, &owner, &level, &region)?;
            println!("{id}");
        }
        AccountCommand::Assign { account, owner, db } => {
            admin::assign_account(&open(&db)?, Actor::Cli, &account, &owner)?;
            println!("account {account} now belongs to {owner}");
        }
        AccountCommand::List { db } => {
            let store = open(&db)?;
            let users = store.users()?;
            for a in store.accounts()? {
                let owner = users
                    .iter()
                    .find(|u| u.id == a.owner)
                    .map_or("-", |u| u.username.as_str());
                println!("{}\t{}\t{}", a.id, a.name, owner);
            }
        }
    }
    Ok(())
}

async fn run_serve(args: ServeArgs) -> Result<(), CliError> {
    let db = args.db.clone();
    let store = tokio::task::spawn_blocking(move || open(&db))
        .await
        .map_err(|e| CliError::Task(e.to_string()))??;
    let static_dir = if args.static_dir.join("index.html").is_file() {
        Some(args.static_dir.clone())
    } else {
        tracing::warn!(dir = %args.static_dir.display(), "no built web app there; serving the API only");
        None
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|source| CliError::Listen {
            addr: args.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(CliError::Serve)?;
    println!(
        "Rounds is running at http://{addr}/ (database {})",
        args.db.path.display()
    );
    let mut config = args.config(static_dir);
    // Photos live in a folder beside the database file (back it up with it).
    config.blob_dir = Some(crate::blobs::FsBlobStore::beside(&args.db.path));
    let state = AppState::new(Arc::new(store), config);
    serve(listener, state).await.map_err(CliError::Serve)
}
