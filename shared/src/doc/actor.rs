//! Automerge actor ids that say which user made a change: the user's 16-byte id followed by
//! 8 random bytes for the device. Any change's author can then be named, which is how the
//! app shows who set the value that won a conflict.
//!
//! ```
//! use rounds_shared::doc::{actor_for, user_of};
//! use rounds_shared::ids::UserId;
//! let me = UserId::generate();
//! let phone = actor_for(me);
//! let laptop = actor_for(me);
//! assert_ne!(phone, laptop); // two devices, two actors
//! assert_eq!(user_of(&phone), Some(me));
//! assert_eq!(user_of(&automerge::ActorId::random()), None);
//! ```

use automerge::ActorId;
use uuid::Uuid;

use crate::ids::UserId;

const USER_BYTES: usize = 16;
const DEVICE_BYTES: usize = 8;

/// A fresh actor id for `user` on this device.
pub fn actor_for(user: UserId) -> ActorId {
    let mut bytes = Vec::with_capacity(USER_BYTES + DEVICE_BYTES);
    bytes.extend_from_slice(user.as_uuid().as_bytes());
    // The last 8 bytes of a UUIDv7 are random.
    bytes.extend_from_slice(&Uuid::now_v7().as_bytes()[USER_BYTES - DEVICE_BYTES..]);
    ActorId::from(bytes)
}

/// The user an actor id made by [`actor_for`] belongs to; `None` for any other actor.
pub fn user_of(actor: &ActorId) -> Option<UserId> {
    let bytes = actor.to_bytes();
    if bytes.len() != USER_BYTES + DEVICE_BYTES {
        return None;
    }
    let uuid = Uuid::from_slice(&bytes[..USER_BYTES]).ok()?;
    (uuid.get_version_num() == 7).then(|| UserId::from_uuid(uuid))
}
