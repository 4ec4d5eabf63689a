//! Authentication: argon2id password hashes, random session tokens stored only as hashes,
//! the [`AuthUser`] extractor, and a login rate limiter.

mod extractor;
mod limiter;
mod password;
mod pool;
mod token;

pub use extractor::{AuthUser, SESSION_COOKIE, SyncUser};
pub use limiter::{Attempt, LoginLimiter, LoginLimits};
pub use password::{hash_password, verify_password};
pub use pool::{PasswordPool, PoolError};
pub use token::{hash_token, is_token, new_token};
