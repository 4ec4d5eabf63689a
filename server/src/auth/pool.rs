//! Password hashing and checking on a few dedicated threads. An argon2 run takes 19 MiB;
//! run on whichever blocking thread is free, the allocator keeps that much per thread it
//! ever ran on (hundreds of MiB after a login flood). On `threads` threads of their own at
//! most `threads` such buffers ever exist, and logins beyond them queue, briefly.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

type Job = Box<dyn FnOnce() + Send>;

/// The password threads and their bounded queue.
#[derive(Debug)]
pub struct PasswordPool {
    jobs: mpsc::Sender<Job>,
    wait: Duration,
}

/// Why a job did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// The queue stayed full for the whole wait: the server is busy.
    Busy(Duration),
    /// The job panicked, or the pool is gone.
    Failed,
}

impl PasswordPool {
    /// `threads` threads; a job waits at most `wait` for a place in the queue.
    pub fn new(threads: usize, wait: Duration) -> Self {
        let threads = threads.max(1);
        let (jobs, queue) = mpsc::channel::<Job>(threads * 4);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name(format!("password-{n}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(mut q) => q.blocking_recv(),
                            Err(_) => None,
                        };
                        let Some(job) = job else { break };
                        // A panic drops the job's answer channel: its caller sees `Failed`.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password thread");
            }
        }
        Self { jobs, wait }
    }

    /// Runs `f` on a password thread and returns what it returns.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(f());
        });
        match tokio::time::timeout(self.wait, self.jobs.send(job)).await {
            Err(_) => return Err(PoolError::Busy(self.wait)),
            Ok(Err(_)) => return Err(PoolError::Failed),
            Ok(Ok(())) => {}
        }
        answered.await.map_err(|_| PoolError::Failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_and_a_panic_fails_only_its_own_job() {
        let pool = PasswordPool::new(1, Duration::from_secs(5));
        assert_eq!(pool.run(|| 2 + 2).await, Ok(4));
        #[allow(clippy::panic)]
        let failed = pool.run(|| panic!("boom")).await;
        assert_eq!(failed, Err::<(), _>(PoolError::Failed));
        assert_eq!(pool.run(|| "still here").await, Ok("still here"));
    }

    #[tokio::test]
    async fn a_full_queue_answers_busy() {
        let pool = Arc::new(PasswordPool::new(1, Duration::from_millis(50)));
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = Arc::new(Mutex::new(released));
        // One job runs and four wait in the queue, all until released.
        let held: Vec<_> = (0..5)
            .map(|_| {
                let (pool, released) = (Arc::clone(&pool), Arc::clone(&released));
                tokio::spawn(async move {
                    pool.run(move || {
                        let _ = released.lock().map(|r| r.recv());
                    })
                    .await
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(
            pool.run(|| ()).await,
            Err(PoolError::Busy(Duration::from_millis(50)))
        );
        for _ in 0..5 {
            let _ = release.send(());
        }
        for h in held {
            assert_eq!(h.await.unwrap(), Ok(()));
        }
    }
}
