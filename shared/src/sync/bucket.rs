//! A token bucket: how many messages a connection may still send right now.

/// Refills `rate` tokens a second up to `capacity`. Time is milliseconds on any monotonic
/// clock the caller keeps.
#[derive(Debug, Clone)]
pub(crate) struct Bucket {
    capacity: f64,
    rate: f64,
    tokens: f64,
    last_ms: u64,
}

impl Bucket {
    pub(crate) fn new(rate: u32, capacity: u32, now_ms: u64) -> Self {
        let capacity = f64::from(capacity.max(1));
        Self {
            capacity,
            rate: f64::from(rate),
            tokens: capacity,
            last_ms: now_ms,
        }
    }

    /// Takes a token if there is one.
    pub(crate) fn take(&mut self, now_ms: u64) -> bool {
        let elapsed = now_ms.saturating_sub(self.last_ms) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.last_ms = self.last_ms.max(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate() {
        let mut b = Bucket::new(10, 5, 1_000);
        assert!((0..5).all(|_| b.take(1_000)));
        assert!(!b.take(1_000));
        assert!(b.take(1_100));
        assert!(!b.take(1_100));
        // A clock that steps back takes nothing and gives nothing.
        assert!(!b.take(900));
    }
}
