//! The document schema: how records live in Automerge documents (DESIGN.md, "Documents").
//!
//! - [`AccountDoc`]: one per hospital, holding the account profile and maps keyed by id of
//!   contacts, opportunities (with their appended stage history), visits, co-visits, comments
//!   and reviews.
//! - [`IndexDoc`]: one per user, written by the server: the accounts the user may sync and
//!   the organisation's configuration.
//! - [`PersonalDoc`]: one per user for plans, written by its user.
//! - [`NoticeDoc`]: one per hand-off notice, written by its issuer, answered by the
//!   receiving department.
//!
//! Reading never fails on content: a value that cannot be read becomes its default and an
//! [`Issue`] in the returned [`Decoded`]. Writing touches only fields whose value changed,
//! and never fields this version does not know, so old and new apps share documents safely.
//!
//! ```
//! use rounds_shared::doc::AccountDoc;
//! use rounds_shared::ids::{AccountId, ContactId, UserId};
//! use rounds_shared::model::{Account, Audit, Contact, HospitalLevel};
//! use rounds_shared::time::Timestamp;
//!
//! let rep = UserId::generate();
//! let audit = Audit::new(Timestamp(1_700_000_000_000), rep);
//! let account = Account::new(
//!     AccountId::generate(), "华山医院", HospitalLevel::Grade3A, "上海", rep, audit.created_at,
//! );
//! let mut doc = AccountDoc::create(&account).unwrap();
//! let contact = Contact {
//!     id: ContactId::generate(), name: "王主任".into(), department: "检验科".into(),
//!     title: "科主任".into(), phone: String::new(), roles: Default::default(),
//!     attitude: None, trust: None, notes: String::new(), reports_to: None, org_change: None,
//!     audit,
//! };
//! doc.put(&contact).unwrap();
//!
//! let mut copy = AccountDoc::load(&doc.save()).unwrap();
//! let read = copy.get::<Contact>(contact.id).unwrap();
//! assert_eq!(read.value, contact);
//! assert!(read.issues.is_empty());
//! ```

mod account_doc;
mod actor;
mod buying_codec;
pub(crate) mod codec;
mod collection;
mod conflict;
mod contents;
mod guard;
mod index_doc;
mod notice_codec;
mod notice_doc;
mod org_codec;
mod personal_doc;
mod plan_codec;
mod record_codec;

use std::fmt;

pub use account_doc::AccountDoc;
pub use actor::{actor_for, user_of};
pub use conflict::{Conflict, ConflictValue};
pub use contents::{AccountCollection, AccountContents, AccountRecords, ReadOne};
pub use guard::{
    Desk, Refusal, Writer, check_change, check_handover, check_new_account, check_new_notice,
    check_notice,
};
pub use index_doc::{IndexDoc, IndexEntry};
pub use notice_doc::{NoticeCollection, NoticeDoc, NoticeView};
pub use personal_doc::{PersonalCollection, PersonalDoc};

/// The schema version written into new documents. Readers accept any version: changes are
/// additive, so fields a reader does not know are preserved and missing ones default.
pub const SCHEMA_VERSION: u64 = 1;

/// What could not be read at one place in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where, e.g. `opportunities/0190…/amount`.
    pub path: String,
    /// What was wrong.
    pub problem: Problem,
}

/// The kinds of unreadable content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field every record has is absent.
    Missing,
    /// A value of the wrong type, or an enum value this version does not know.
    WrongType {
        /// What was expected.
        expected: &'static str,
        /// What was found.
        found: String,
    },
    /// A value of the right type that the domain does not allow (e.g. a negative amount).
    Invalid(String),
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Missing => write!(f, "{}: missing", self.path),
            Problem::WrongType { expected, found } => {
                write!(f, "{}: expected {expected}, found {found}", self.path)
            }
            Problem::Invalid(why) => write!(f, "{}: {why}", self.path),
        }
    }
}

/// A value read from a document, with whatever could not be read on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    /// The value, with defaults standing in for unreadable fields.
    pub value: T,
    /// Empty when everything was read as stored.
    pub issues: Vec<Issue>,
}

/// A document failed to load or to change.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The bytes are not an Automerge document.
    #[error("not a readable Automerge document: {0}")]
    Load(Box<automerge::AutomergeError>),
    /// Automerge refused an operation.
    #[error("document operation failed: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    /// The document has no account profile.
    #[error("the document has no account profile")]
    NoAccount,
    /// A record's own map is not a map.
    #[error("record `{0}` is not stored as a map")]
    NotAMap(String),
}

impl From<automerge::AutomergeError> for DocError {
    fn from(e: automerge::AutomergeError) -> Self {
        DocError::Automerge(Box::new(e))
    }
}

/// A record kept in a collection map keyed by its id. Sealed: implemented for the record
/// types of [`crate::model`] only.
pub trait Record: codec::MapCodec + sealed::Sealed {
    /// The id type.
    type Id: codec::Scalar + Copy + Ord + fmt::Display + std::str::FromStr;
    /// The collection's key at the document root, e.g. `visits`.
    const COLLECTION: &'static str;
    /// This record's id.
    fn id(&self) -> Self::Id;
    /// Sets the id read from the collection's key.
    fn set_id(&mut self, id: Self::Id);
}

/// A record that lives in an account document.
pub trait AccountRecord: Record {
    /// Its collection.
    const KIND: AccountCollection;
}

/// A record that lives in a notice document.
pub trait NoticeRecord: Record {
    /// Its collection.
    const KIND: NoticeCollection;
}

/// A record that lives in a personal document.
pub trait PersonalRecord: Record {
    /// Its collection.
    const KIND: PersonalCollection;
}

/// The methods every document wrapper has: load, save, fork, merge, schema version.
macro_rules! wrapper_methods {
    ($t:ident) => {
        impl $t {
            /// Loads a document from any Automerge encoding of it.
            pub fn load(bytes: &[u8]) -> Result<Self, $crate::doc::DocError> {
                ::automerge::AutoCommit::load(bytes)
                    .map(Self::from_automerge)
                    .map_err(|e| $crate::doc::DocError::Load(Box::new(e)))
            }
            /// Wraps a document received by sync.
            pub fn from_automerge(doc: ::automerge::AutoCommit) -> Self {
                Self { doc }
            }
            /// The underlying Automerge document (for sync and storage).
            pub fn automerge(&mut self) -> &mut ::automerge::AutoCommit {
                &mut self.doc
            }
            /// Runs `f` on a document held elsewhere (by the sync engine, say) as this kind
            /// of document; the document stays where it is, with `f`'s changes.
            pub fn with<T>(doc: &mut ::automerge::AutoCommit, f: impl FnOnce(&mut Self) -> T) -> T {
                let mut this = Self::from_automerge(::std::mem::take(doc));
                let out = f(&mut this);
                *doc = this.doc;
                out
            }
            /// The whole document, compacted.
            pub fn save(&mut self) -> Vec<u8> {
                self.doc.save()
            }
            /// A copy with a new actor id, as another device would hold after syncing.
            pub fn fork(&mut self) -> Self {
                Self {
                    doc: self.doc.fork(),
                }
            }
            /// Merges another copy's changes into this one.
            pub fn merge(&mut self, other: &mut Self) -> Result<(), $crate::doc::DocError> {
                self.doc.merge(&mut other.doc)?;
                Ok(())
            }
            /// The schema version the document was created with.
            pub fn schema_version(&self) -> Option<u64> {
                $crate::doc::collection::schema_version(&self.doc)
            }
        }
    };
}
use wrapper_methods;

mod sealed {
    #[allow(unreachable_pub)] // sealed: the trait is public, its module is not
    pub trait Sealed {}
}
