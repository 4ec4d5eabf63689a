//! The sync endpoint's logic: access control, live documents, and one task per connection.

mod access;
mod assign;
mod connection;
mod hub;
mod profiles;
mod slot;

pub use access::{
    HANDOVER_DELIVERY_DAYS, Target, account_scope, decide, handover_delivery, notice_scope,
    org_for, sees_target,
};
pub use assign::{Assignment, assign_accounts, write_owner};
pub use connection::run;
pub use hub::{Change, Hub, Pending, Slot};
pub use profiles::{write_profile, write_profiles};
pub use rounds_shared::sync::Access;

use rounds_shared::sync::DocumentId;

use crate::storage::StoreError;

/// A failure of the sync layer (the live documents and what they store). Never the
/// client's fault: a connection that meets one is closed with "try again", and an HTTP
/// handler answers 500.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored document no longer loads.
    #[error("stored document {0} does not load: {1}")]
    Corrupt(DocumentId, String),
    /// A document the server writes could not be built.
    #[error("server-written document: {0}")]
    Document(#[from] rounds_shared::doc::DocError),
    /// A lock was poisoned by a panic elsewhere.
    #[error("a sync lock was poisoned")]
    Poisoned,
}
