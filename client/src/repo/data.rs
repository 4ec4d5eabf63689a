//! What the screens read: every local document decoded into plain records, rebuilt for one
//! document whenever that document changes (a local edit or a merge from the server).

use std::collections::BTreeMap;

use automerge::AutoCommit;
use rounds_shared::doc::{
    AccountContents, AccountDoc, AccountRecords, Conflict, IndexDoc, IndexEntry, NoticeDoc,
    NoticeView, PersonalDoc,
};
use rounds_shared::ids::{AccountId, NoticeId, OpportunityId, UserId};
use rounds_shared::model::{
    Account, Contact, DailyList, DailyReview, Opportunity, OrgConfig, PlanReview, QuarterlyPlan,
    Visit, WeeklyPlan,
};
use rounds_shared::sync::DocumentId;
use rounds_shared::time::{PeriodKey, Timestamp};

/// One hospital account with everything in its document, as the screens show it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AccountView {
    /// The profile.
    pub account: Account,
    /// Every record; visits oldest visit first, comments and reviews oldest first. (Not
    /// `#[serde(flatten)]`: serde's flattening buffers every field and cost 47 KB of
    /// WebAssembly; a view cached in the older, flat shape is simply decoded again.)
    pub records: AccountRecords,
    /// Fields set concurrently by two people, per record id.
    pub conflicts: BTreeMap<String, Vec<Conflict>>,
    /// Values in the document this version of the app could not read.
    pub issues: usize,
}

impl AccountView {
    /// Decodes an account document; `None` when it has no account profile yet.
    pub fn decode(doc: &mut AutoCommit) -> Option<AccountView> {
        AccountDoc::with(doc, |d| {
            let read = AccountContents::read(d).ok()?;
            let AccountContents {
                account,
                mut records,
            } = read.value;
            records.visits.sort_by_key(|v| (v.at, v.id));
            records.comments.sort_by_key(|c| (c.audit.created_at, c.id));
            records.reviews.sort_by_key(|r| (r.audit.created_at, r.id));
            let mut conflicts = BTreeMap::new();
            for o in &records.opportunities {
                let c = d.conflicts::<Opportunity>(o.id);
                if !c.is_empty() {
                    conflicts.insert(o.id.to_string(), c);
                }
            }
            for c in &records.contacts {
                let found = d.conflicts::<Contact>(c.id);
                if !found.is_empty() {
                    conflicts.insert(c.id.to_string(), found);
                }
            }
            Some(AccountView {
                account,
                records,
                conflicts,
                issues: read.issues.len(),
            })
        })
    }

    /// An opportunity of this account.
    pub fn opportunity(&self, id: OpportunityId) -> Option<&Opportunity> {
        self.records.opportunities.iter().find(|o| o.id == id)
    }
}

/// A document's decoded content as cached on the device, with the heads it was read at.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct CachedView {
    /// The document's heads (hex) when decoded.
    pub heads: Vec<String>,
    /// What was decoded.
    pub content: Cached,
}

/// What the index document's cached view holds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct IndexCache {
    /// The org configuration.
    org: OrgConfig,
    /// The accounts listed.
    listed: BTreeMap<AccountId, IndexEntry>,
    /// Colleagues' names.
    people: BTreeMap<UserId, String>,
    /// The notices listed (added later: older caches have none).
    #[serde(default)]
    notices: BTreeMap<NoticeId, IndexEntry>,
    /// A department user's colleagues.
    #[serde(default)]
    colleagues: BTreeMap<UserId, String>,
}

/// The decoded content of one document.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub enum Cached {
    /// An account document.
    Account(Box<AccountView>),
    /// The index document (boxed: the largest; cached in the same shape as when it was a
    /// struct variant).
    Index(Box<IndexCache>),
    /// The personal document.
    Personal {
        /// Weekly plans.
        weekly_plans: Vec<WeeklyPlan>,
        /// Daily lists (added later: older caches have none).
        #[serde(default)]
        daily_lists: Vec<DailyList>,
        /// The manager's reviews of them.
        #[serde(default)]
        daily_reviews: Vec<DailyReview>,
        /// Quarterly plans (added later).
        #[serde(default)]
        quarterly_plans: Vec<QuarterlyPlan>,
        /// The manager's reviews of them.
        #[serde(default)]
        plan_reviews: Vec<PlanReview>,
    },
    /// A hand-off notice's document.
    Notice(Box<NoticeView>),
}

/// What a document on the device is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The user's index.
    Index,
    /// The user's plans.
    Personal,
    /// A hospital account.
    Account(AccountId),
    /// A hand-off notice.
    Notice(NoticeId),
}

/// Heads as hex strings, for the cache.
pub(super) fn heads_hex(heads: &[automerge::ChangeHash]) -> Vec<String> {
    heads.iter().map(|h| h.to_string()).collect()
}

/// Everything on the device, decoded.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// The signed-in user.
    pub me: Option<UserId>,
    /// The organisation's stages, standards and targets (from the index).
    pub org: OrgConfig,
    /// Whether the index has arrived at least once.
    pub has_index: bool,
    /// The accounts the user may sync, by the index (names even before the documents).
    pub listed: BTreeMap<AccountId, IndexEntry>,
    /// The hand-off notices the user may sync, by the index.
    pub listed_notices: BTreeMap<NoticeId, IndexEntry>,
    /// The notice documents on the device (issued here, or received).
    pub notices: BTreeMap<NoticeId, NoticeView>,
    /// A department user's colleagues (from the index), to pass notices on to.
    pub colleagues: BTreeMap<UserId, String>,
    /// The account documents on the device.
    pub accounts: BTreeMap<AccountId, AccountView>,
    /// The user's weekly plans.
    pub weekly_plans: Vec<WeeklyPlan>,
    /// The user's daily lists (日清单).
    pub daily_lists: Vec<DailyList>,
    /// The manager's reviews of them.
    pub daily_reviews: Vec<DailyReview>,
    /// The user's quarterly plans (季计划).
    pub quarterly_plans: Vec<QuarterlyPlan>,
    /// The manager's reviews of them.
    pub plan_reviews: Vec<PlanReview>,
    /// Names of the people whose edits the user sees (from the index).
    pub people: BTreeMap<UserId, String>,
    /// A rep works their own accounts; a manager's device holds the team's and shows them all.
    pub mine_only: bool,
}

impl Data {
    /// Takes document `doc`'s content from the cache.
    pub fn apply(&mut self, doc: DocumentId, content: Cached) {
        match content {
            Cached::Account(view) => {
                self.accounts
                    .insert(AccountId::from_uuid(doc.as_uuid()), *view);
            }
            Cached::Index(index) => {
                let IndexCache {
                    org,
                    listed,
                    people,
                    notices,
                    colleagues,
                } = *index;
                self.org = org;
                self.listed = listed;
                self.people = people;
                self.listed_notices = notices;
                self.colleagues = colleagues;
                self.has_index = true;
            }
            Cached::Personal {
                weekly_plans,
                daily_lists,
                daily_reviews,
                quarterly_plans,
                plan_reviews,
            } => {
                self.weekly_plans = weekly_plans;
                self.daily_lists = daily_lists;
                self.daily_reviews = daily_reviews;
                self.quarterly_plans = quarterly_plans;
                self.plan_reviews = plan_reviews;
            }
            Cached::Notice(view) => {
                self.notices
                    .insert(NoticeId::from_uuid(doc.as_uuid()), *view);
            }
        }
    }

    /// What to cache for a document.
    pub fn cached(&self, role: Role) -> Option<Cached> {
        match role {
            Role::Account(id) => self
                .accounts
                .get(&id)
                .map(|v| Cached::Account(Box::new(v.clone()))),
            Role::Index => self.has_index.then(|| {
                Cached::Index(Box::new(IndexCache {
                    org: self.org.clone(),
                    listed: self.listed.clone(),
                    people: self.people.clone(),
                    notices: self.listed_notices.clone(),
                    colleagues: self.colleagues.clone(),
                }))
            }),
            Role::Personal => Some(Cached::Personal {
                weekly_plans: self.weekly_plans.clone(),
                daily_lists: self.daily_lists.clone(),
                daily_reviews: self.daily_reviews.clone(),
                quarterly_plans: self.quarterly_plans.clone(),
                plan_reviews: self.plan_reviews.clone(),
            }),
            Role::Notice(id) => self
                .notices
                .get(&id)
                .map(|v| Cached::Notice(Box::new(v.clone()))),
        }
    }

    /// Re-reads a notice document.
    pub fn set_notice(&mut self, id: NoticeId, doc: &mut AutoCommit) {
        if let Some(view) = NoticeDoc::with(doc, |d| d.view()) {
            self.notices.insert(id, view);
        }
    }

    /// Re-reads the index document.
    pub fn set_index(&mut self, doc: &mut AutoCommit) {
        IndexDoc::with(doc, |d| {
            let accounts = d.accounts().value;
            if accounts.is_empty() && d.user().is_none() {
                return;
            }
            self.listed = accounts;
            self.listed_notices = d.notices().value;
            self.colleagues = d.colleagues();
            self.org = d.org().value;
            self.people = d.people();
            self.has_index = true;
        });
    }

    /// Re-reads the personal document.
    pub fn set_personal(&mut self, doc: &mut AutoCommit) {
        PersonalDoc::with(doc, |d| {
            self.weekly_plans = d.all::<WeeklyPlan>().value;
            self.daily_lists = d.all::<DailyList>().value;
            self.daily_reviews = d.all::<DailyReview>().value;
            self.quarterly_plans = d.all::<QuarterlyPlan>().value;
            self.plan_reviews = d.all::<PlanReview>().value;
        });
    }

    /// Re-reads one account document.
    pub fn set_account(&mut self, id: AccountId, doc: &mut AutoCommit) {
        match AccountView::decode(doc) {
            Some(view) => {
                self.accounts.insert(id, view);
            }
            None => {
                self.accounts.remove(&id);
            }
        }
    }

    /// Forgets an account that left this device.
    pub fn remove_account(&mut self, id: AccountId) {
        self.accounts.remove(&id);
    }

    /// Id and name of each of [`Data::my_accounts`], for a hospital picker.
    pub fn my_account_names(&self) -> Vec<(AccountId, String)> {
        self.my_accounts()
            .iter()
            .map(|a| (a.account.id, a.account.name.clone()))
            .collect()
    }

    /// The accounts this user works, by name: a rep's own, or all a manager's device holds.
    pub fn my_accounts(&self) -> Vec<&AccountView> {
        let mut out: Vec<&AccountView> = self
            .accounts
            .values()
            .filter(|a| !self.mine_only || self.me.is_none_or(|me| a.account.owner == me))
            .collect();
        out.sort_by(|a, b| a.account.name.cmp(&b.account.name));
        out
    }

    /// Every opportunity of the user's accounts, with its account.
    pub fn my_opportunities(&self) -> impl Iterator<Item = (&AccountView, &Opportunity)> {
        self.my_accounts()
            .into_iter()
            .flat_map(|a| a.records.opportunities.iter().map(move |o| (a, o)))
    }

    /// Every visit `by` wrote at the user's accounts, with its account.
    pub fn visits_by(&self, by: UserId) -> impl Iterator<Item = (&AccountView, &Visit)> {
        self.my_accounts().into_iter().flat_map(move |a| {
            a.records
                .visits
                .iter()
                .filter(move |v| v.audit.created_by == by)
                .map(move |v| (a, v))
        })
    }

    /// The plan for `week`, if written.
    pub fn weekly_plan(&self, week: PeriodKey) -> Option<&WeeklyPlan> {
        self.weekly_plans.iter().find(|p| p.week == week)
    }

    /// The plan for `quarter` (the one last changed, should two devices have made one each),
    /// with the manager's review if written.
    pub fn quarterly_plan(
        &self,
        quarter: PeriodKey,
    ) -> Option<(&QuarterlyPlan, Option<&PlanReview>)> {
        let plan = self
            .quarterly_plans
            .iter()
            .filter(|p| p.quarter == quarter)
            .max_by_key(|p| p.audit.updated_at)?;
        Some((plan, self.plan_reviews.iter().find(|r| r.id == plan.id)))
    }

    /// The newest visit of any of the user's accounts at or before `t`, to prefill forms.
    pub fn last_visited(&self, before: Timestamp) -> Option<AccountId> {
        self.my_accounts()
            .into_iter()
            .filter_map(|a| {
                a.records
                    .visits
                    .iter()
                    .rev()
                    .find(|v| v.at <= before)
                    .map(|v| (v.at, a.account.id))
            })
            .max()
            .map(|(_, id)| id)
    }
}
