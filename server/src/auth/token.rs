//! Session tokens: 32 random bytes, hex-encoded for the client; only their SHA-256 is stored.

use sha2::{Digest, Sha256};

/// A fresh token and its hash.
pub fn new_token() -> Result<(String, Vec<u8>), String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    debug_assert!(is_token(&token));
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// The stored form of a token.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `text` has the form [`new_token`] gives (64 lowercase hex digits).
pub fn is_token(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
