//! Rows and operations of the storage trait.

use rounds_shared::doc::{AccountCollection, AccountRecords, Issue};
use rounds_shared::ids::{AccountId, TeamId, UserId};
use rounds_shared::model::{Account, UserRole};
use rounds_shared::sync::DocumentId;

pub use super::admin_types::{AccountProfile, AuditQuery, AuditRecord, OrgOp};
use rounds_shared::time::Timestamp;

use super::StoreError;

/// A user of Rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Login name (unique, case-insensitive).
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// What they may do.
    pub role: UserRole,
    /// The team they belong to (reps), if any.
    pub team: Option<TeamId>,
    /// Their index document.
    pub index_doc: DocumentId,
    /// Their personal document.
    pub personal_doc: DocumentId,
    /// A disabled user cannot log in or sync.
    pub disabled: bool,
    /// Signed in with a one-time password: may do nothing but choose their own.
    pub must_change_password: bool,
    /// Their territory, or empty.
    pub region: String,
}

impl User {
    /// Whether hospitals may be given to them: an enabled rep or manager.
    pub fn may_own_accounts(&self) -> bool {
        !self.disabled && matches!(self.role, UserRole::Rep | UserRole::Manager)
    }
}

/// A session to store: only hashes of its secrets.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of the cookie (or bearer) token.
    pub token_hash: Vec<u8>,
    /// SHA-256 of the device credential, when the app asked for one.
    pub device_hash: Option<Vec<u8>>,
    /// Whose session it is.
    pub user: UserId,
    /// When it starts.
    pub now: Timestamp,
    /// When it ends.
    pub expires: Timestamp,
}

/// A sales team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Id.
    pub id: TeamId,
    /// Name, unique.
    pub name: String,
    /// Its managers.
    pub managers: Vec<UserId>,
}

/// An account as access control sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Id (also its document's id).
    pub id: AccountId,
    /// Hospital name.
    pub name: String,
    /// The rep who owns it.
    pub owner: UserId,
    /// The owner's team.
    pub owner_team: Option<TeamId>,
}

/// What a synced document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A hospital account's document.
    Account(AccountId),
    /// A user's index (server-written).
    Index(UserId),
    /// A user's plans.
    Personal(UserId),
    /// A hand-off notice.
    Notice(rounds_shared::ids::NoticeId),
}

impl DocKind {
    /// How `documents` stores it: its `kind` and `ref_id` columns.
    pub fn columns(self) -> (&'static str, String) {
        match self {
            DocKind::Account(a) => ("account", a.to_string()),
            DocKind::Index(u) => ("index", u.to_string()),
            DocKind::Personal(u) => ("personal", u.to_string()),
            DocKind::Notice(n) => ("notice", n.to_string()),
        }
    }

    /// The kind stored as `kind` and `ref_id`.
    pub fn from_columns(kind: &str, ref_id: &str) -> Result<DocKind, StoreError> {
        let id = |what: &str| StoreError::Corrupt(format!("document {what} id `{ref_id}`"));
        Ok(match kind {
            "account" => DocKind::Account(ref_id.parse().map_err(|_| id("account"))?),
            "index" => DocKind::Index(ref_id.parse().map_err(|_| id("user"))?),
            "personal" => DocKind::Personal(ref_id.parse().map_err(|_| id("user"))?),
            "notice" => DocKind::Notice(ref_id.parse().map_err(|_| id("notice"))?),
            other => return Err(StoreError::Corrupt(format!("document kind `{other}`"))),
        })
    }
}

/// Who a notice concerns, as access control needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeMeta {
    /// Who issued it.
    pub issuer: UserId,
    /// The issuer's team.
    pub issuer_team: Option<TeamId>,
    /// The receiving department.
    pub department: rounds_shared::model::Department,
    /// The person it is addressed to instead, if any.
    pub to: Option<UserId>,
    /// Their team.
    pub to_team: Option<TeamId>,
}

/// Whose notices a query reads: those issued by (or addressed to) anyone in `issuers`, and
/// those sent to `department`; open ones, and done ones only since `done_since` if given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeScope {
    /// Issuers, as the accounts rule says whose accounts one sees.
    pub issuers: AccountScope,
    /// A department the reader answers for.
    pub department: Option<rounds_shared::model::Department>,
    /// Leave out notices done before this.
    pub done_since: Option<Timestamp>,
}

/// A document as stored: its chunks concatenate to a loadable Automerge document.
#[derive(Debug, Clone)]
pub struct StoredDoc {
    /// What it is.
    pub kind: DocKind,
    /// Snapshot and incremental chunks, oldest first.
    pub chunks: Vec<Vec<u8>>,
    /// How many of the chunks are incremental.
    pub incremental: usize,
}

/// One change to storage, applied with others in a single transaction.
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Registers a new document.
    CreateDocument {
        /// Its id.
        id: DocumentId,
        /// What it is.
        kind: DocKind,
        /// When.
        now: Timestamp,
    },
    /// Adds a chunk of changes to a document.
    AppendChunk {
        /// The document.
        id: DocumentId,
        /// Automerge bytes (`save_after` output).
        data: Vec<u8>,
        /// When received.
        now: Timestamp,
    },
    /// Replaces every chunk of a document with one snapshot holding them all.
    Compact {
        /// The document.
        id: DocumentId,
        /// Automerge bytes (`save` output).
        snapshot: Vec<u8>,
        /// When.
        now: Timestamp,
    },
    /// Empties the read model (before a rebuild).
    ClearReadModel,
    /// Updates the read model of an account.
    Project(Box<Projection>),
    /// Updates the read model of a notice.
    ProjectNotice(Box<rounds_shared::doc::NoticeView>),
    /// Replaces the projected weekly plans of a user.
    ProjectPlans {
        /// Whose.
        user: UserId,
        /// Their daily lists, each with its review if written.
        daily: Vec<(
            rounds_shared::model::DailyList,
            Option<rounds_shared::model::DailyReview>,
        )>,
        /// Their quarterly plans, each with its review if written.
        quarterly: Vec<(
            rounds_shared::model::QuarterlyPlan,
            Option<rounds_shared::model::PlanReview>,
        )>,
        /// (plan id, ISO week, submitted at, the visits it plans).
        plans: Vec<(
            rounds_shared::ids::PlanId,
            rounds_shared::time::PeriodKey,
            Option<Timestamp>,
            Vec<rounds_shared::model::PlannedVisit>,
        )>,
    },
    /// Registers a new account.
    CreateAccount {
        /// Its id.
        id: AccountId,
        /// Hospital name.
        name: String,
        /// Owner.
        owner: UserId,
        /// When.
        now: Timestamp,
    },
    /// Gives an account to a new owner and records the hand-over from the former one.
    AssignAccount {
        /// The account.
        id: AccountId,
        /// The new owner.
        owner: UserId,
        /// When.
        now: Timestamp,
    },
    /// A change to people, teams or the organisation's settings.
    Org(OrgOp),
    /// An entry of the audit log, in the same transaction as the change it records.
    Audit(Box<AuditRecord>),
}

/// Whose hospital accounts a user sees, as a query: [`crate::sync::account_scope`] decides
/// it from the user's role; the index query and the dashboard's scope read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountScope {
    /// Every account.
    All,
    /// Accounts owned by `owner` or by a member of one of `teams`.
    Owners {
        /// The user themself.
        owner: UserId,
        /// Teams whose members' accounts are included too.
        teams: Vec<TeamId>,
    },
    /// No account.
    Nothing,
}

impl AccountScope {
    /// Does the scope include an account owned by `owner` of team `owner_team`?
    pub fn includes(&self, owner: UserId, owner_team: Option<TeamId>) -> bool {
        match self {
            AccountScope::All => true,
            AccountScope::Owners { owner: me, teams } => {
                owner == *me || owner_team.is_some_and(|t| teams.contains(&t))
            }
            AccountScope::Nothing => false,
        }
    }
}

/// Which opportunities a read-model query covers.
#[derive(Debug, Clone, Default)]
pub struct OppQuery {
    /// Only accounts owned by these reps (`None`: every account).
    pub owners: Option<Vec<UserId>>,
    /// Only accounts in this region.
    pub region: Option<String>,
    /// Only accounts of this grade.
    pub level: Option<rounds_shared::model::HospitalLevel>,
    /// Only this product line.
    pub product_line: Option<String>,
}

impl OppQuery {
    /// The rows for `accounts`, in their order, from each account's opportunities, keeping
    /// only the product line asked for.
    pub fn rows<'a>(
        &self,
        accounts: &[AccountRef],
        opportunities_of: impl Fn(
            AccountId,
        )
            -> Option<&'a [std::sync::Arc<rounds_shared::model::Opportunity>]>,
    ) -> Vec<OppRow> {
        let mut rows = Vec::new();
        for a in accounts {
            for o in opportunities_of(a.id).unwrap_or_default() {
                if self
                    .product_line
                    .as_ref()
                    .is_some_and(|p| *p != o.product_line)
                {
                    continue;
                }
                rows.push(OppRow {
                    account: a.id,
                    account_name: a.name.clone(),
                    owner: a.owner,
                    opportunity: std::sync::Arc::clone(o),
                });
            }
        }
        rows
    }
}

/// An opportunity of the read model with what filters and drill-downs show of its account.
#[derive(Debug, Clone)]
pub struct OppRow {
    /// The account.
    pub account: AccountId,
    /// The account's name.
    pub account_name: String,
    /// The rep who owns the account.
    pub owner: UserId,
    /// The opportunity with its stage history (shared with the read cache).
    pub opportunity: std::sync::Arc<rounds_shared::model::Opportunity>,
}

/// An account a read-model query covers.
#[derive(Debug, Clone)]
pub struct AccountRef {
    /// The account.
    pub id: AccountId,
    /// Its name.
    pub name: String,
    /// The rep who owns it.
    pub owner: UserId,
}

/// What the activity rules ([`rounds_shared::activity`]) read for one rep, from the read
/// model: the rep's visits and reviews in a period and weekly plans for a week.
#[derive(Debug, Clone, Default)]
pub struct ActivityFacts {
    /// Visits the rep wrote.
    pub visits: Vec<rounds_shared::activity::VisitFact>,
    /// Reviews naming the rep.
    pub reviews: Vec<rounds_shared::activity::ReviewFact>,
    /// The rep's weekly plans for the week.
    pub plans: Vec<rounds_shared::activity::PlanFact>,
    /// The rep's daily lists of the week's days.
    pub daily: Vec<rounds_shared::activity::DailyFact>,
}

/// What the deal warnings read about a hospital besides its opportunities.
#[derive(Debug, Clone, Default)]
pub struct BuyingFacts {
    /// The hospital's contacts (without their notes).
    pub contacts: Vec<rounds_shared::model::Contact>,
    /// Its visits, summed up.
    pub visits: rounds_shared::deal::VisitSummary,
}

/// An account with what classification needs.
#[derive(Debug, Clone)]
pub struct AccountFacts {
    /// The account.
    pub id: AccountId,
    /// Its name.
    pub name: String,
    /// Owner.
    pub owner: UserId,
    /// Attitude toward us, if recorded.
    pub attitude: Option<rounds_shared::model::AccountAttitude>,
    /// Grade.
    pub level: String,
}

impl WriteOp {
    /// The document bytes it stores (its chunk or snapshot; 0 for the others).
    pub fn stored_bytes(&self) -> usize {
        match self {
            WriteOp::AppendChunk { data, .. } => data.len(),
            WriteOp::Compact { snapshot, .. } => snapshot.len(),
            WriteOp::CreateDocument { .. }
            | WriteOp::ClearReadModel
            | WriteOp::Project(_)
            | WriteOp::ProjectPlans { .. }
            | WriteOp::ProjectNotice(_)
            | WriteOp::CreateAccount { .. }
            | WriteOp::AssignAccount { .. }
            | WriteOp::Org(_)
            | WriteOp::Audit(_) => 0,
        }
    }
}

/// A visit report of the read model: the feed's item, with what its flags are worked out
/// from (the API works them out, with [`rounds_shared::evidence`]).
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    /// The feed's item, without what the check-in and the hospital give it (the API adds
    /// those).
    pub item: rounds_shared::api::VisitItem,
    /// The check-in as the phone reported it.
    pub check_in: Option<rounds_shared::model::CheckIn>,
    /// When the phone says the report was written first and last.
    pub created_at: Timestamp,
    /// (See `created_at`.)
    pub updated_at: Timestamp,
    /// The hospital's location, when known.
    pub hospital: Option<rounds_shared::model::GeoPoint>,
    /// When the live sync received the visit, if it did (visits made on the server or
    /// before schema 19 have no receipt).
    pub received: Option<rounds_shared::evidence::Received>,
}

/// A co-visit report of the read model.
pub type CoVisitRow = rounds_shared::api::CoVisitItem;

/// A part of an account document whose read-model rows (and recorded issues) a projection
/// replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The account profile.
    Profile,
    /// One record: its collection and id (as text, as the document keys it).
    Record(AccountCollection, String),
}

impl Part {
    /// The document path of the part, as issues name it (`account`, `visits/0190…`).
    pub fn path(&self) -> String {
        match self {
            Part::Profile => "account".to_owned(),
            Part::Record(c, id) => format!("{c}/{id}"),
        }
    }
}

/// What a change does to the read model of one account: plain data, written by the store.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    /// The account.
    pub account: Option<AccountId>,
    /// Replace every row of the account (rather than only the records listed).
    pub full: bool,
    /// The profile, when it changed.
    pub profile: Option<Account>,
    /// Changed or new records (opportunities with their whole stage history).
    pub records: AccountRecords,
    /// Records a change named that are no longer in the document.
    pub removed: Vec<(AccountCollection, String)>,
    /// Parts re-read, whose recorded issues are replaced.
    pub touched: Vec<Part>,
    /// What did not fit, for the parts re-read.
    pub issues: Vec<Issue>,
    /// When the live sync received the change, by the server's clock: its visits' receipts
    /// are recorded ([`rounds_shared::evidence::Received`]). `None` for rebuilds and
    /// administrative writes, which receive nothing from a phone.
    pub received: Option<Timestamp>,
}

impl Projection {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        !self.full && self.profile.is_none() && self.touched.is_empty() && self.removed.is_empty()
    }
}
