//! A loopback TCP proxy that misbehaves like a hospital's network: it refuses some
//! connections outright, delays every chunk by a random few milliseconds, and cuts others
//! after a random number of bytes, in either direction. Seeded, so a failing run repeats.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::HarnessError;

/// What the proxy did, for the test's report.
#[derive(Debug, Default)]
pub struct Mischief {
    /// Connections accepted.
    pub connections: AtomicU64,
    /// Connections refused at once.
    pub refused: AtomicU64,
    /// Connections cut part-way.
    pub cut: AtomicU64,
}

/// The proxy; it stops when dropped.
#[derive(Debug)]
pub struct ChaosProxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    /// What it did.
    pub mischief: Arc<Mischief>,
    task: JoinHandle<()>,
}

/// splitmix64: one seed per connection.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl ChaosProxy {
    /// A proxy in front of `upstream`, its randomness from `seed`.
    pub async fn start(upstream: SocketAddr, seed: u64) -> Result<Self, HarnessError> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mischief = Arc::new(Mischief::default());
        let stats = Arc::clone(&mischief);
        let task = tokio::spawn(async move {
            let mut n = 0u64;
            while let Ok((client, _)) = listener.accept().await {
                n += 1;
                let fate = mix(seed ^ n);
                stats.connections.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(relay(client, upstream, fate, Arc::clone(&stats)));
            }
        });
        Ok(Self {
            addr,
            mischief,
            task,
        })
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One connection's fate, drawn from `fate`: refused (1 in 8), cut after a random number
/// of bytes (1 in 2), or left whole; every chunk delayed 0–15 ms either way.
async fn relay(client: TcpStream, upstream: SocketAddr, fate: u64, stats: Arc<Mischief>) {
    if fate.is_multiple_of(8) {
        stats.refused.fetch_add(1, Ordering::Relaxed);
        return;
    }
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let budget = if (fate >> 3).is_multiple_of(2) {
        Some(50 + (fate >> 8) % 6_000)
    } else {
        None
    };
    let carried = Arc::new(AtomicU64::new(0));
    let (cr, cw) = client.into_split();
    let (sr, sw) = server.into_split();
    let up = pump(cr, sw, mix(fate), budget, Arc::clone(&carried));
    let down = pump(sr, cw, mix(fate ^ 1), budget, carried);
    // When either direction ends (or is cut), both ends close.
    tokio::select! {
        cut = up => if cut { stats.cut.fetch_add(1, Ordering::Relaxed); },
        cut = down => if cut { stats.cut.fetch_add(1, Ordering::Relaxed); },
    }
}

/// Copies `from` to `to` with delays until the end, or until the connection has carried
/// `budget` bytes in both directions together (then `true`: cut).
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut rng: u64,
    budget: Option<u64>,
    carried: Arc<AtomicU64>,
) -> bool {
    let mut buf = vec![0u8; 4096];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => n,
        };
        rng = mix(rng);
        tokio::time::sleep(Duration::from_millis(rng % 16)).await;
        let total = carried.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        let n = match budget {
            Some(b) if total >= b => {
                // Deliver part of this chunk, then cut.
                let keep = n.saturating_sub(usize::try_from(total - b).unwrap_or(n));
                let _ = to.write_all(&buf[..keep]).await;
                return true;
            }
            _ => n,
        };
        if to.write_all(&buf[..n]).await.is_err() {
            return false;
        }
    }
}
