use automerge::AutoCommit;

use super::{Decoded, DocError, NoticeRecord, collection};
use crate::model::{Notice, NoticeEvent, Receipt};
use crate::notice::NoticeState;

/// The collections of a notice document: what its department writes beside the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeCollection {
    /// Answers ([`Receipt`]).
    Receipts,
    /// Received and passed-on steps ([`NoticeEvent`]).
    Events,
}

impl NoticeCollection {
    /// Every collection, in the order documents list them.
    pub const ALL: [NoticeCollection; 2] = [NoticeCollection::Receipts, NoticeCollection::Events];

    /// The collection's key at the document root.
    pub const fn key(self) -> &'static str {
        match self {
            NoticeCollection::Receipts => "receipts",
            NoticeCollection::Events => "events",
        }
    }
}

/// The root key of the notice itself.
pub(crate) const NOTICE: &str = "notice";

/// One hand-off notice's document: the issuer's notice, and the department's receipts and
/// steps, each in a map keyed by id so that two people answering at once both keep theirs.
///
/// Layout: `{ schema, notice: {…}, receipts: {id: {…}}, events: {id: {…}} }`.
///
/// ```
/// use rounds_shared::doc::NoticeDoc;
/// use rounds_shared::ids::{AccountId, NoticeEventId, UserId};
/// use rounds_shared::model::{Audit, NoticeEvent, NoticeEventKind, NoticeKind, NoticeStatus};
/// use rounds_shared::notice::template;
/// use rounds_shared::time::Timestamp;
///
/// let (rep, clerk) = (UserId::generate(), UserId::generate());
/// let notice = template(NoticeKind::Ship, AccountId::generate(), "双楠医院", rep, Timestamp(1));
/// let mut doc = NoticeDoc::create(&notice).unwrap();
/// let mut theirs = NoticeDoc::load(&doc.save()).unwrap();
/// theirs.put(&NoticeEvent { id: NoticeEventId::generate(), kind: NoticeEventKind::Received, to: None, audit: Audit::new(Timestamp(2), clerk) }).unwrap();
/// doc.merge(&mut theirs).unwrap();
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// assert_eq!(doc.view().unwrap().state(today).status, NoticeStatus::InProgress);
/// ```
#[derive(Debug)]
pub struct NoticeDoc {
    doc: AutoCommit,
}

super::wrapper_methods!(NoticeDoc);

impl NoticeDoc {
    /// A new document for `notice`, written by its issuer.
    pub fn create(notice: &Notice) -> Result<Self, DocError> {
        let mut doc = collection::init(
            &NoticeCollection::ALL.map(NoticeCollection::key),
            Some(notice.audit.created_by),
        )?;
        collection::write_root_map(&mut doc, NOTICE, notice)?;
        Ok(Self { doc })
    }

    /// The notice, if the document holds one.
    pub fn notice(&self) -> Option<Decoded<Notice>> {
        collection::read_root_map(&self.doc, NOTICE)
    }

    /// Writes the notice's changed fields and commits.
    pub fn set_notice(&mut self, notice: &Notice) -> Result<(), DocError> {
        collection::write_root_map(&mut self.doc, NOTICE, notice)
    }

    /// Every record of a collection, ordered by id.
    pub fn all<R: NoticeRecord>(&self) -> Decoded<Vec<R>> {
        collection::all(&self.doc)
    }

    /// Adds a record (receipts and steps are never edited) and commits.
    pub fn put<R: NoticeRecord>(&mut self, record: &R) -> Result<(), DocError> {
        collection::put(&mut self.doc, record)
    }

    /// Everything, decoded: the notice with its receipts and steps.
    pub fn view(&self) -> Option<NoticeView> {
        Some(NoticeView {
            notice: self.notice()?.value,
            receipts: self.all::<Receipt>().value,
            events: self.all::<NoticeEvent>().value,
        })
    }
}

/// A notice document decoded.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoticeView {
    /// The notice.
    pub notice: Notice,
    /// Its receipts, oldest first.
    pub receipts: Vec<Receipt>,
    /// Its handling steps, oldest first.
    pub events: Vec<NoticeEvent>,
}

impl NoticeView {
    /// Where it stands on `today`.
    pub fn state(&self, today: chrono::NaiveDate) -> NoticeState {
        NoticeState::of(&self.notice, &self.receipts, &self.events, today)
    }
}
