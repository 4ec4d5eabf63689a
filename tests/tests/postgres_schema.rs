//! The PostgreSQL backend's foundation against a real server of the test command's
//! throwaway cluster: connecting migrates a new database, again changes nothing, servers
//! starting together migrate it once, a database from a newer build is refused, and the
//! schema has exactly the SQLite backend's tables and columns (besides its own blobs table and chunk hashes).
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a failed unwrap is a failed test

use rounds_server::storage::StoreError;
use rounds_server::storage::postgres::{OWN_COLUMNS, OWN_TABLES, PgStore, SCHEMA_VERSION};
use rounds_tests::postgres::fresh_database;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_migrates_once_even_when_servers_start_together() {
    let Some(url) = fresh_database().await.unwrap() else {
        return;
    };
    // Eight servers start at once on the new database.
    let starts = (0..8).map(|_| {
        let url = url.clone();
        tokio::spawn(async move { PgStore::connect(&url, 2).await })
    });
    for start in futures_util::future::join_all(starts).await {
        let store = start.unwrap().unwrap();
        assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    }
    // A restart finds it done.
    let store = PgStore::connect(&url, 2).await.unwrap();
    store.ping().await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);

    // A database a newer build migrated is refused, not written.
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .execute("UPDATE rounds_schema SET version = 999", &[])
        .await
        .unwrap();
    match PgStore::connect(&url, 2).await {
        Err(StoreError::TooNew { found: 999, known }) => assert_eq!(known, SCHEMA_VERSION),
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schema_has_the_sqlite_backends_tables_and_columns() {
    let Some(url) = fresh_database().await.unwrap() else {
        return;
    };
    let mut pg = PgStore::connect(&url, 2)
        .await
        .unwrap()
        .columns()
        .await
        .unwrap();
    pg.retain(|(table, _)| !OWN_TABLES.contains(&table.as_str()));
    for (table, columns) in &mut pg {
        columns.retain(|c| !OWN_COLUMNS.contains(&(table.as_str(), c.as_str())));
    }

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rounds.db");
    drop(rounds_server::storage::SqliteStore::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let sqlite: Vec<(String, Vec<String>)> = tables
        .into_iter()
        .map(|t| {
            let mut columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            columns.sort();
            (t, columns)
        })
        .collect();
    assert_eq!(
        pg, sqlite,
        "a SQLite migration without its PostgreSQL twin (or the other way round)"
    );
}
