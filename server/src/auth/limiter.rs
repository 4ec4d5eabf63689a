//! Login rate limiting: after too many failed attempts for one username or from one address
//! within a window, further attempts are refused until the window has passed.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts failed logins per key (username, client address).
#[derive(Debug)]
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// At most `max_failures` failures per key within `window`.
    pub fn new(max_failures: usize, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Some(wait)` when any of `keys` is over the limit.
    pub fn check(&self, keys: &[&str], now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().ok()?;
        keys.iter()
            .filter_map(|k| {
                let q = map.get_mut(*k)?;
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= self.window)
                {
                    q.pop_front();
                }
                (q.len() >= self.max_failures).then(|| {
                    q.front().map_or(self.window, |t| {
                        self.window.saturating_sub(now.duration_since(*t))
                    })
                })
            })
            .max()
    }

    /// Records a failed attempt under each key.
    pub fn fail(&self, keys: &[&str], now: Instant) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.retain(|_, q| {
                    q.back()
                        .is_some_and(|t| now.duration_since(*t) < self.window)
                });
            }
            for k in keys {
                map.entry((*k).to_owned()).or_default().push_back(now);
            }
        }
    }

    /// Forgets the failures of `keys` after a successful login.
    pub fn succeed(&self, keys: &[&str]) {
        if let Ok(mut map) = self.failures.lock() {
            for k in keys {
                map.remove(*k);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_unlocks_after_the_window() {
        let l = LoginLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check(&["alice"], t0).is_none());
            l.fail(&["alice", "1.2.3.4"], t0);
        }
        assert!(l.check(&["alice"], t0).is_some());
        assert!(
            l.check(&["bob", "1.2.3.4"], t0).is_some(),
            "the address is limited too"
        );
        assert!(l.check(&["bob"], t0).is_none());
        assert!(l.check(&["alice"], t0 + Duration::from_secs(61)).is_none());
        l.succeed(&["alice"]);
        assert!(l.check(&["alice"], t0).is_none());
    }
}
