//! PostgreSQL for the tests: a fresh database per test in the throwaway cluster the test
//! command starts (`scripts/lib/postgres.sh` exports `ROUNDS_TEST_POSTGRES`).

use crate::HarnessError;

/// The variable naming the test cluster.
pub const CLUSTER: &str = "ROUNDS_TEST_POSTGRES";

/// A new, empty database in the test cluster, as a URL; `None` when no cluster is given
/// (the test says so and does nothing: the README's test command always gives one).
pub async fn fresh_database() -> Result<Option<String>, HarnessError> {
    let Ok(cluster) = std::env::var(CLUSTER) else {
        eprintln!("no {CLUSTER}: skipped (the README's test command starts a cluster)");
        return Ok(None);
    };
    let (client, connection) = tokio_postgres::connect(&cluster, tokio_postgres::NoTls)
        .await
        .map_err(|e| HarnessError(format!("connecting to the test cluster: {e}")))?;
    let task = tokio::spawn(connection);
    // A v7 UUID: unique, and its hex digits make a valid name.
    let id = rounds_shared::ids::UserId::generate().to_string();
    let name = format!("rounds_test_{}", id.replace('-', ""));
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .map_err(|e| HarnessError(format!("creating {name}: {e}")))?;
    drop(client);
    task.abort();
    let base = cluster
        .rsplit_once('/')
        .map_or(cluster.as_str(), |(base, _)| base);
    Ok(Some(format!("{base}/{name}")))
}
