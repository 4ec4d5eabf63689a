//! `rounds-server`: parses the command line and runs the library.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use rounds_server::admin::AdminError;
use rounds_server::config::{
    AccountCommand, Cli, Command, DbArgs, ServeArgs, TeamCommand, UserCommand,
};
use rounds_server::storage::{SqliteStore, Store};
use rounds_server::{AppState, admin, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("ROUNDS_LOG").unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => run_serve(args).await,
        Command::User(cmd) => blocking(move || user(cmd)).await,
        Command::Team(cmd) => blocking(move || team(cmd)).await,
        Command::Account(cmd) => blocking(move || account(cmd)).await,
        Command::Reproject { db } => blocking(move || reproject(&db)).await,
        Command::Demo { seed, db } => blocking(move || demo(&db, seed)).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("rounds-server: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command that works on the database off the async runtime.
async fn blocking(
    f: impl FnOnce() -> Result<(), AdminError> + Send + 'static,
) -> Result<(), String> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

fn demo(db: &DbArgs, seed: u64) -> Result<(), AdminError> {
    let store = open(db)?;
    let now = rounds_shared::time::Timestamp(rounds_server::state::now_ms());
    let users = rounds_server::demo::generate(&store, rounds_server::demo::Scale::DEMO, seed, now)?;
    println!(
        "demo organisation created; every user's password is `{}`:",
        rounds_server::demo::DEMO_PASSWORD
    );
    for u in users {
        println!("  {:<12} {} ({})", u.username, u.display_name, u.role.key());
    }
    Ok(())
}

fn reproject(db: &DbArgs) -> Result<(), AdminError> {
    let (accounts, issues) = admin::reproject(&open(db)?)?;
    println!("reprojected {accounts} accounts; {issues} values left out (listed in p_issues)");
    Ok(())
}

fn open(db: &DbArgs) -> Result<SqliteStore, String> {
    SqliteStore::open(&db.path)
        .map_err(|e| format!("cannot open database {}: {e}", db.path.display()))
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<String, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn user(cmd: UserCommand) -> Result<(), AdminError> {
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
            let u = admin::add_user(&store, &username, &name, &role, team.as_deref(), &password)?;
            println!("added {} ({}) {}", u.username, u.role.key(), u.id);
        }
        UserCommand::List { db } => {
            let store = open(&db)?;
            let teams = store.teams().map_err(|e| e.to_string())?;
            for u in store.users().map_err(|e| e.to_string())? {
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
            admin::set_password(&store, &username, &password)?;
            println!("password of {username} changed; their sessions have ended");
        }
    }
    Ok(())
}

fn team(cmd: TeamCommand) -> Result<(), AdminError> {
    match cmd {
        TeamCommand::Add { name, db } => {
            admin::add_team(&open(&db)?, &name)?;
            println!("added team {name}");
        }
        TeamCommand::List { db } => {
            let store = open(&db)?;
            let users = store.users().map_err(|e| e.to_string())?;
            for t in store.teams().map_err(|e| e.to_string())? {
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
            admin::manage_team(&open(&db)?, &team, &manager)?;
            println!("{manager} now manages {team}");
        }
    }
    Ok(())
}

fn account(cmd: AccountCommand) -> Result<(), AdminError> {
    match cmd {
        AccountCommand::Add {
            name,
            owner,
            level,
            region,
            db,
        } => {
            let id = admin::add_account(&open(&db)?, &name, &owner, &level, &region)?;
            println!("{id}");
        }
        AccountCommand::Assign { account, owner, db } => {
            admin::assign_account(&open(&db)?, &account, &owner)?;
            println!("account {account} now belongs to {owner}");
        }
        AccountCommand::List { db } => {
            let store = open(&db)?;
            let users = store.users().map_err(|e| e.to_string())?;
            for a in store.accounts().map_err(|e| e.to_string())? {
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

async fn run_serve(args: ServeArgs) -> Result<(), String> {
    let db = args.db.clone();
    let store = tokio::task::spawn_blocking(move || open(&db))
        .await
        .map_err(|e| e.to_string())??;
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
    let state = AppState::new(Arc::new(store), args.config(static_dir));
    serve(listener, state).await.map_err(|e| e.to_string())
}
