//! Login rate limiting. An attempt is counted **before** the password is checked, so a flood
//! of concurrent guesses cannot slip past the limit while the slow hash runs. Three counts
//! are kept per window:
//!
//! - per client address: refuses a guesser trying many usernames;
//! - per address and username: refuses a guesser trying many passwords for one user;
//! - per username, from any address: **slows** attempts down rather than refusing them, so
//!   that nobody can lock a colleague out by failing on purpose from somewhere else.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use rounds_server::auth::{LoginLimiter, LoginLimits};
//! let limits = LoginLimits { per_pair: 2, ..LoginLimits::default() };
//! let l = LoginLimiter::new(limits);
//! let now = Instant::now();
//! assert!(l.begin("10.0.0.1", "wang", now).is_ok());
//! assert!(l.begin("10.0.0.1", "wang", now).is_ok());
//! assert!(l.begin("10.0.0.1", "wang", now).is_err(), "third guess from there: refused");
//! assert!(l.begin("10.0.0.2", "wang", now).is_ok(), "wang from elsewhere still may");
//! ```

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many attempts are allowed, and what happens beyond them.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    /// Failed attempts per client address within `window` before it is refused.
    pub per_address: usize,
    /// Failed attempts per address and username within `window` before refusal.
    pub per_pair: usize,
    /// Failed attempts per username (from anywhere) within `window` before every further
    /// attempt for that username waits `slow_down` first.
    pub per_user: usize,
    /// The counting window.
    pub window: Duration,
    /// The wait added to each attempt for a username over `per_user`.
    pub slow_down: Duration,
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self {
            // An office or hospital Wi-Fi behind one NAT signs in at once.
            per_address: 100,
            per_pair: 10,
            per_user: 10,
            window: Duration::from_secs(300),
            slow_down: Duration::from_secs(2),
        }
    }
}

/// An attempt that may go ahead, after `wait`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// How long to wait before checking the password (the per-user slow-down).
    pub wait: Duration,
}

/// Counts login attempts per address, per address and username, and per username.
#[derive(Debug)]
pub struct LoginLimiter {
    limits: LoginLimits,
    counts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// The three keys of one attempt.
fn keys(addr: &str, user: &str) -> [String; 3] {
    [
        format!("a:{addr}"),
        format!("p:{addr}\u{0}{user}"),
        format!("u:{user}"),
    ]
}

impl LoginLimiter {
    /// A limiter with `limits`.
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            limits,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt by `addr` for `user`, or refuses it with how long to wait. The
    /// attempt counts as failed until [`succeed`](Self::succeed) says otherwise.
    pub fn begin(&self, addr: &str, user: &str, now: Instant) -> Result<Attempt, Duration> {
        let Ok(mut map) = self.counts.lock() else {
            return Err(self.limits.window);
        };
        let window = self.limits.window;
        if map.len() > 100_000 {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let [address, pair, username] = keys(addr, user);
        let mut over = |key: &str, limit: usize| -> Option<Duration> {
            let q = map.get_mut(key)?;
            while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
                q.pop_front();
            }
            (q.len() >= limit).then(|| {
                q.front()
                    .map_or(window, |t| window.saturating_sub(now.duration_since(*t)))
            })
        };
        let refused = [
            over(&address, self.limits.per_address),
            over(&pair, self.limits.per_pair),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = refused {
            return Err(wait);
        }
        let slow = over(&username, self.limits.per_user).is_some();
        for key in [address, pair, username] {
            map.entry(key).or_default().push_back(now);
        }
        Ok(Attempt {
            wait: if slow {
                self.limits.slow_down
            } else {
                Duration::ZERO
            },
        })
    }

    /// The attempt by `addr` for `user` succeeded: the username's counts are forgotten and
    /// the address's count loses this attempt.
    pub fn succeed(&self, addr: &str, user: &str) {
        if let Ok(mut map) = self.counts.lock() {
            let [address, pair, username] = keys(addr, user);
            map.remove(&pair);
            map.remove(&username);
            if let Some(q) = map.get_mut(&address) {
                q.pop_back();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(LoginLimits {
            per_address: 5,
            per_pair: 3,
            per_user: 4,
            window: Duration::from_secs(60),
            slow_down: Duration::from_secs(2),
        })
    }

    #[test]
    fn a_pair_is_refused_after_its_limit_and_free_after_the_window() {
        let l = limiter();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(
                l.begin("1.2.3.4", "alice", t0).unwrap().wait,
                Duration::ZERO
            );
        }
        assert!(l.begin("1.2.3.4", "alice", t0).is_err());
        assert!(
            l.begin("1.2.3.4", "alice", t0 + Duration::from_secs(61))
                .is_ok()
        );
    }

    #[test]
    fn an_address_is_refused_across_usernames() {
        let l = limiter();
        let t0 = Instant::now();
        for name in ["a", "b", "c", "d", "e"] {
            assert!(l.begin("1.2.3.4", name, t0).is_ok());
        }
        assert!(l.begin("1.2.3.4", "f", t0).is_err());
        assert!(l.begin("5.6.7.8", "f", t0).is_ok());
    }

    #[test]
    fn failures_elsewhere_slow_a_user_down_but_never_lock_them_out() {
        let l = limiter();
        let t0 = Instant::now();
        for addr in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"] {
            assert!(l.begin(addr, "alice", t0).is_ok());
        }
        let at_home = l.begin("9.9.9.9", "alice", t0).unwrap();
        assert_eq!(at_home.wait, Duration::from_secs(2));
        l.succeed("9.9.9.9", "alice");
        assert_eq!(
            l.begin("9.9.9.9", "alice", t0).unwrap().wait,
            Duration::ZERO
        );
    }
}
