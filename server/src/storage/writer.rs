//! The document writer: one thread that owns a write connection and commits every pending
//! write in one transaction (group commit). A caller returns only after its operations are
//! committed, so many clients syncing at once share fsyncs instead of queueing for them.

use std::sync::mpsc;
use std::thread;

use rusqlite::{Connection, Transaction, params};

use super::types::WriteOp;
use super::{StoreError, sqlite_projection};

/// The most jobs one transaction takes.
const MAX_BATCH: usize = 512;

struct Job {
    ops: Vec<WriteOp>,
    done: mpsc::SyncSender<Result<(), StoreError>>,
}

/// Handle to the writer thread; dropping the last handle stops it.
#[derive(Debug)]
pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({} ops)", self.ops.len())
    }
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub(crate) fn start(conn: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("rounds-db-writer".into())
            .spawn(move || run(conn, queue))
            .map_err(|e| StoreError::Task(format!("cannot start the database writer: {e}")))?;
        Ok(Self { jobs })
    }

    /// Applies `ops` in a transaction and waits until it is committed.
    pub(crate) fn write(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        let (done, result) = mpsc::sync_channel(1);
        self.jobs
            .send(Job { ops, done })
            .map_err(|_| StoreError::Task("the database writer has stopped".into()))?;
        result
            .recv()
            .map_err(|_| StoreError::Task("the database writer has stopped".into()))?
    }
}

fn run(mut conn: Connection, queue: mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let results = commit_batch(&mut conn, &batch);
        for (job, result) in batch.into_iter().zip(results) {
            let _ = job.done.send(result);
        }
    }
}

/// One transaction for the batch; each job in its own savepoint, so one job's failure
/// (e.g. a duplicate account) does not undo the others.
fn commit_batch(conn: &mut Connection, batch: &[Job]) -> Vec<Result<(), StoreError>> {
    let mut tx = match conn.transaction() {
        Ok(tx) => tx,
        Err(e) => {
            return batch
                .iter()
                .map(|_| Err(StoreError::Task(format!("cannot begin: {e}"))))
                .collect();
        }
    };
    let mut results = Vec::with_capacity(batch.len());
    for job in batch {
        results.push(apply_job(&mut tx, &job.ops));
    }
    match tx.commit() {
        Ok(()) => results,
        Err(e) => {
            tracing::error!(error = %e, "commit of a write batch failed");
            batch
                .iter()
                .map(|_| Err(StoreError::Task(format!("commit failed: {e}"))))
                .collect()
        }
    }
}

fn apply_job(tx: &mut Transaction<'_>, ops: &[WriteOp]) -> Result<(), StoreError> {
    let sp = tx.savepoint()?;
    for op in ops {
        apply(&sp, op)?;
    }
    sp.commit()?;
    Ok(())
}

fn next_seq(conn: &Connection, id: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM doc_chunks WHERE doc_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

fn apply(conn: &Connection, op: &WriteOp) -> Result<(), StoreError> {
    match op {
        WriteOp::CreateDocument { id, kind, now } => {
            let (kind, ref_id) = kind.columns();
            conn.execute(
                "INSERT INTO documents (doc_id, kind, ref_id, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![id.to_string(), kind, ref_id, now.0],
            )
            .map_err(|e| unique(e, format!("document {id}")))?;
        }
        WriteOp::AppendChunk { id, data, now } => {
            let id = id.to_string();
            let seq = next_seq(conn, &id)?;
            conn.execute(
                "INSERT INTO doc_chunks (doc_id, seq, kind, data, received_at) VALUES (?1, ?2, 'incremental', ?3, ?4)",
                params![id, seq, data, now.0],
            )?;
        }
        WriteOp::Compact { id, snapshot, now } => {
            let id = id.to_string();
            let seq = next_seq(conn, &id)?;
            conn.execute("DELETE FROM doc_chunks WHERE doc_id = ?1", [&id])?;
            conn.execute(
                "INSERT INTO doc_chunks (doc_id, seq, kind, data, received_at) VALUES (?1, ?2, 'snapshot', ?3, ?4)",
                params![id, seq, snapshot, now.0],
            )?;
        }
        WriteOp::Project(p) => sqlite_projection::apply(conn, p)?,
        WriteOp::ClearReadModel => sqlite_projection::clear(conn)?,
        WriteOp::ProjectPlans {
            user,
            plans,
            daily,
            quarterly,
        } => {
            sqlite_projection::plans(conn, *user, plans)?;
            super::sqlite_daily::project(conn, *user, daily)?;
            super::sqlite_quarterly::project(conn, *user, quarterly)?;
        }
        WriteOp::ProjectNotice(view) => super::sqlite_notices::project(conn, view)?,
        WriteOp::AssignAccount { id, owner, now } => {
            super::sqlite_docs::assign_account(conn, *id, *owner, *now)?;
        }
        WriteOp::Org(op) => super::sqlite_admin::apply(conn, op)?,
        WriteOp::Audit(record) => super::sqlite_admin::record(conn, record)?,
        WriteOp::CreateAccount {
            id,
            name,
            owner,
            now,
        } => {
            let doc = rounds_shared::sync::DocumentId::from(*id);
            conn.execute(
                "INSERT INTO accounts (id, doc_id, name, owner_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id.to_string(), doc.to_string(), name, owner.to_string(), now.0],
            )
            .map_err(|e| unique(e, format!("account {id}")))?;
        }
    }
    Ok(())
}

/// Turns a uniqueness violation into [`StoreError::Duplicate`].
pub(crate) fn unique(e: rusqlite::Error, what: String) -> StoreError {
    match e {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY
        rusqlite::Error::SqliteFailure(f, _) if matches!(f.extended_code, 2067 | 1555) => {
            StoreError::Duplicate(what)
        }
        other => StoreError::Sqlite(other),
    }
}
