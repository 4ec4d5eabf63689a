//! Newtype identifiers. Every record id is a time-ordered UUIDv7, so ids sort by creation
//! time and two devices creating records offline never collide.
//!
//! ```
//! use rounds_shared::ids::VisitId;
//! let a = VisitId::generate();
//! let parsed: VisitId = a.to_string().parse().unwrap();
//! assert_eq!(a, parsed);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text given for an id was not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid id (expected a UUID such as 0190c0de-7a3b-7c00-8000-000000000000)")]
pub struct InvalidId(pub String);

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh time-ordered (v7) id.
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }
            /// Wraps an existing UUID.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.as_hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.as_hyphenated())
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::openapi::uuid(stringify!($name))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| InvalidId(s.to_owned()))
            }
        }
    };
}

id_type!(
    /// A hospital account; also names the account's Automerge document.
    AccountId
);
id_type!(
    /// A person at a hospital.
    ContactId
);
id_type!(
    /// A sales opportunity (销售机会).
    OpportunityId
);
id_type!(
    /// One stage move in an opportunity's history.
    StageEventId
);
id_type!(
    /// A visit report (拜访记录).
    VisitId
);
id_type!(
    /// A co-visit report (协访报告).
    CoVisitId
);
id_type!(
    /// A hand-off notice (业务通知单).
    NoticeId
);
id_type!(
    /// A department's receipt (回执) answering a hand-off notice.
    ReceiptId
);
id_type!(
    /// A step in a hand-off notice's handling: received, or passed to a colleague.
    NoticeEventId
);
id_type!(
    /// A manager's comment on a visit report (批注).
    CommentId
);
id_type!(
    /// A review of a key account by a manager with its rep (重点客户回顾).
    ReviewId
);
id_type!(
    /// A user of Rounds (rep, manager, admin or a department).
    UserId
);
impl UserId {
    /// Stands for nobody in a record's audit: what the server writes on its own (an
    /// administrator's command with no signed-in user), and what a missing author reads as.
    pub const NOBODY: Self = Self::from_uuid(Uuid::nil());
}

id_type!(
    /// A sales team.
    TeamId
);
id_type!(
    /// A weekly, quarterly or route plan in a user's personal document.
    PlanId
);
