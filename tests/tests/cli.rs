//! The administration commands of the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use std::io::Write;
use std::process::{Command, Output, Stdio};

use rounds_server::storage::Store;
use rounds_tests::process::server_binary;

fn run(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(server_binary().unwrap())
        .args(args)
        .arg("--db")
        .arg(db)
        .env("ROUNDS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn users_teams_and_accounts_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    ok(&run(&db, &["team", "add", "华东一组"], ""));
    ok(&run(
        &db,
        &["user", "add", "li", "--name", "李经理", "--role", "manager"],
        "secret-password\n",
    ));
    ok(&run(
        &db,
        &[
            "user",
            "add",
            "zhang",
            "--name",
            "张伟",
            "--team",
            "华东一组",
        ],
        "secret-password\n",
    ));
    ok(&run(
        &db,
        &[
            "user",
            "add",
            "wang",
            "--name",
            "王芳",
            "--team",
            "华东一组",
        ],
        "secret-password\n",
    ));
    ok(&run(&db, &["team", "manage", "华东一组", "li"], ""));
    let id = ok(&run(
        &db,
        &["account", "add", "华山医院", "--owner", "zhang"],
        "",
    ))
    .trim()
    .to_owned();
    ok(&run(
        &db,
        &["account", "assign", &id, "--owner", "wang"],
        "",
    ));
    let users = ok(&run(&db, &["user", "list"], ""));
    assert!(users.contains("zhang\t张伟\trep\t华东一组"), "{users}");
    assert!(users.contains("li\t李经理\tmanager\t-"), "{users}");
    let teams = ok(&run(&db, &["team", "list"], ""));
    assert!(teams.contains("华东一组\tli"), "{teams}");
    let accounts = ok(&run(&db, &["account", "list"], ""));
    assert!(
        accounts.contains(&format!("{id}\t华山医院\twang")),
        "{accounts}"
    );
    ok(&run(
        &db,
        &["user", "passwd", "zhang"],
        "another-password\n",
    ));
}

#[test]
fn mistakes_get_a_clear_message_and_a_failure_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    ok(&run(
        &db,
        &["user", "add", "zhang", "--name", "张伟"],
        "secret-password\n",
    ));
    for (args, stdin, expected) in [
        (
            vec!["user", "add", "x", "--name", "X", "--role", "boss"],
            "secret-password\n",
            "unknown role `boss`",
        ),
        (
            vec!["user", "add", "y", "--name", "Y"],
            "short\n",
            "at least 8 characters",
        ),
        (
            vec!["user", "add", "zhang", "--name", "又一个"],
            "secret-password\n",
            "already exists",
        ),
        (
            vec!["user", "add", "z", "--name", "Z", "--team", "无此组"],
            "secret-password\n",
            "no team `无此组`",
        ),
        (
            vec!["account", "add", "医院", "--owner", "nobody"],
            "",
            "no user `nobody`",
        ),
        (
            vec!["account", "assign", "not-an-id", "--owner", "zhang"],
            "",
            "not a valid id",
        ),
        (
            vec!["user", "passwd", "nobody"],
            "secret-password\n",
            "no user `nobody`",
        ),
    ] {
        let out = run(&db, &args, stdin);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_brings_either_database_to_this_builds_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rounds.db");
    let sqlite = ok(&run(&db, &["migrate"], ""));
    let version = rounds_server::storage::SqliteStore::open(&db)
        .unwrap()
        .schema_version()
        .unwrap();
    assert_eq!(
        sqlite.trim(),
        format!("the database is at schema version {version}")
    );

    let Some(url) = rounds_tests::postgres::fresh_database().await.unwrap() else {
        return;
    };
    // The URL (which may hold a password) comes from the environment, as in production.
    let out = Command::new(server_binary().unwrap())
        .args(["migrate"])
        .env("ROUNDS_DATABASE", &url)
        .env("ROUNDS_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(
        ok(&out).trim(),
        format!(
            "the database is at schema version {}",
            rounds_server::storage::postgres::SCHEMA_VERSION
        )
    );
    let bad = Command::new(server_binary().unwrap())
        .args([
            "migrate",
            "--database",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .env("ROUNDS_LOG", "warn")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("database"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
