//! The sync endpoint's logic: access control, live documents, and one task per connection.

mod access;
mod bucket;
mod connection;
mod hub;

pub use access::{Access, Target, account_scope, decide};
pub use connection::run;
pub use hub::{Change, Hub, Slot};
