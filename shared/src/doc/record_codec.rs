//! How each account-document record maps to Automerge fields. Field names are the struct
//! field names; the current stage is stored as `stage`.

use automerge::AutomergeError;
use uuid::Uuid;

use super::codec::{Fields, MapCodec, Put, key_scalar, text_scalar};
use super::{AccountCollection, AccountRecord, Record, sealed};
use crate::ids::{
    AccountId, CoVisitId, CommentId, ContactId, NoticeEventId, NoticeId, OpportunityId, PlanId,
    ReceiptId, ReviewId, StageEventId, TeamId, UserId, VisitId,
};
use crate::model::{
    Account, AccountAttitude, AccountClass, AccountReview, AccountValue, Attitude, Audit,
    BuyingRole, CheckIn, CoVisit, CoVisitKind, Contact, Department, GeoPoint, HospitalLevel,
    KeyAccountTier, LostInfo, NoticeEventKind, NoticeKind, Opportunity, PaymentRecord, PhotoKind,
    PhotoRef, ReceiptOutcome, RelationshipStage, StageEvent, StandardMetric, TargetSubject,
    TrustLevel, UserRole, Visit, VisitComment, Zone,
};
use crate::model::{AnswerState, OrgChangeKind, ProcurementStep, Qualifier};
use crate::stage::{Position, StageKey};
use crate::time::{PeriodKey, Timestamp};

text_scalar!(
    AccountId => "an account id", ContactId => "a contact id",
    OpportunityId => "an opportunity id", StageEventId => "a stage event id",
    VisitId => "a visit id", CoVisitId => "a co-visit id", NoticeId => "a notice id",
    ReceiptId => "a receipt id", NoticeEventId => "a notice step id",
    CommentId => "a comment id", ReviewId => "a review id",
    UserId => "a user id", TeamId => "a team id", PlanId => "a plan id",
    StageKey => "a stage key", Position => "a stage, `lost` or `dropped`",
    PeriodKey => "a period such as 2026-Q4", TargetSubject => "org, team:<id> or rep:<id>",
);

key_scalar!(
    HospitalLevel,
    RelationshipStage,
    KeyAccountTier,
    PaymentRecord,
    AccountAttitude,
    BuyingRole,
    Attitude,
    TrustLevel,
    AccountClass,
    CoVisitKind,
    Department,
    UserRole,
    ReceiptOutcome,
    NoticeKind,
    NoticeEventKind,
    PhotoKind,
    Zone,
    AccountValue,
    StandardMetric,
    ProcurementStep,
    Qualifier,
    AnswerState,
    OrgChangeKind,
);

/// Stands in for a user id that is missing from a record.
pub(crate) const NOBODY: UserId = UserId::NOBODY;

fn unknown_stage() -> Position {
    Position::Stage(StageKey::literal("unknown"))
}

pub(crate) fn read_audit(f: &mut Fields<'_>) -> Audit {
    Audit {
        created_at: f.required("created_at"),
        created_by: f.required_or("created_by", NOBODY),
        updated_at: f.required("updated_at"),
        updated_by: f.required_or("updated_by", NOBODY),
    }
}

pub(crate) fn write_audit(a: &Audit, p: &mut Put<'_>) -> Result<(), AutomergeError> {
    p.scalar("created_at", &a.created_at)?;
    p.scalar("created_by", &a.created_by)?;
    p.scalar("updated_at", &a.updated_at)?;
    p.scalar("updated_by", &a.updated_by)
}

impl MapCodec for GeoPoint {
    fn read(f: &mut Fields<'_>) -> Self {
        GeoPoint {
            lat: f.required("lat"),
            lng: f.required("lng"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("lat", &self.lat)?;
        p.scalar("lng", &self.lng)
    }
}

impl MapCodec for Account {
    fn read(f: &mut Fields<'_>) -> Self {
        Account {
            id: f.required_or("id", AccountId::from_uuid(Uuid::nil())),
            name: f.required("name"),
            level: f.opt("level").unwrap_or(HospitalLevel::Ungraded),
            region: f.or_default("region"),
            zone: f.opt("zone"),
            address: f.or_default("address"),
            location: f.child("location"),
            departments: f.set("departments"),
            annual_sample_volume: f.opt("annual_sample_volume"),
            payment_record: f.opt("payment_record"),
            owner: f.required_or("owner", NOBODY),
            class: f.opt("class"),
            attitude: f.opt("attitude"),
            relationship: f.opt("relationship"),
            relationship_stage: f.opt("relationship_stage"),
            tier: f.opt("tier"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("id", &self.id)?;
        p.scalar("name", &self.name)?;
        p.scalar("level", &self.level)?;
        p.scalar("region", &self.region)?;
        p.opt("zone", self.zone.as_ref())?;
        p.scalar("address", &self.address)?;
        p.child("location", self.location.as_ref())?;
        p.set("departments", &self.departments)?;
        p.opt("annual_sample_volume", self.annual_sample_volume.as_ref())?;
        p.opt("payment_record", self.payment_record.as_ref())?;
        p.scalar("owner", &self.owner)?;
        p.opt("class", self.class.as_ref())?;
        p.opt("attitude", self.attitude.as_ref())?;
        p.opt("relationship", self.relationship.as_ref())?;
        p.opt("relationship_stage", self.relationship_stage.as_ref())?;
        p.opt("tier", self.tier.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for Contact {
    fn read(f: &mut Fields<'_>) -> Self {
        Contact {
            id: ContactId::from_uuid(Uuid::nil()),
            name: f.required("name"),
            department: f.or_default("department"),
            title: f.or_default("title"),
            phone: f.or_default("phone"),
            roles: f.set("roles"),
            attitude: f.opt("attitude"),
            trust: f.opt("trust"),
            notes: f.text("notes"),
            reports_to: f.opt("reports_to"),
            org_change: f.child("org_change"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("name", &self.name)?;
        p.scalar("department", &self.department)?;
        p.scalar("title", &self.title)?;
        p.scalar("phone", &self.phone)?;
        p.set("roles", &self.roles)?;
        p.opt("attitude", self.attitude.as_ref())?;
        p.opt("trust", self.trust.as_ref())?;
        p.text("notes", &self.notes)?;
        p.opt("reports_to", self.reports_to.as_ref())?;
        p.child("org_change", self.org_change.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for StageEvent {
    fn read(f: &mut Fields<'_>) -> Self {
        StageEvent {
            id: f.required_or("id", StageEventId::from_uuid(Uuid::nil())),
            from: f.opt("from"),
            to: f.required_or("to", unknown_stage()),
            at: f.required("at"),
            by: f.required_or("by", NOBODY),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("id", &self.id)?;
        p.opt("from", self.from.as_ref())?;
        p.scalar("to", &self.to)?;
        p.scalar("at", &self.at)?;
        p.scalar("by", &self.by)
    }
}

impl MapCodec for LostInfo {
    fn read(f: &mut Fields<'_>) -> Self {
        LostInfo {
            reason: f.or_default("reason"),
            competitor: f.opt("competitor"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("reason", &self.reason)?;
        p.opt("competitor", self.competitor.as_ref())
    }
}

impl MapCodec for Opportunity {
    fn read(f: &mut Fields<'_>) -> Self {
        let amount: crate::money::Money = f.required("amount");
        if amount.is_negative() {
            f.invalid("amount", "an opportunity amount cannot be negative");
        }
        let mut history: Vec<StageEvent> = f.map_list("history");
        history.sort_by_key(|e| (e.at, e.id));
        history.dedup_by_key(|e| e.id);
        // The history decides where it is (see `Opportunity::current`); the `stage` field
        // is a copy for older readers, used only when the history is empty.
        let stored: Position = f.required_or("stage", unknown_stage());
        let position = Opportunity::current(&history).cloned().unwrap_or(stored);
        Opportunity {
            id: OpportunityId::from_uuid(Uuid::nil()),
            title: f.required("title"),
            product_line: f.or_default("product_line"),
            amount,
            position,
            expected_close: f.opt("expected_close"),
            competitors: f.set("competitors"),
            next_step: f.or_default("next_step"),
            next_step_due: f.opt("next_step_due"),
            checked: f.set("checked"),
            lost: f.child("lost"),
            owner: f.required_or("owner", NOBODY),
            stakeholders: f.keyed("stakeholders"),
            mancoht: f.keyed("mancoht"),
            procurement: f.opt("procurement"),
            history,
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("title", &self.title)?;
        p.scalar("product_line", &self.product_line)?;
        p.scalar("amount", &self.amount)?;
        p.scalar("stage", &self.position)?;
        p.opt("expected_close", self.expected_close.as_ref())?;
        p.set("competitors", &self.competitors)?;
        p.scalar("next_step", &self.next_step)?;
        p.opt("next_step_due", self.next_step_due.as_ref())?;
        p.set("checked", &self.checked)?;
        p.child("lost", self.lost.as_ref())?;
        p.scalar("owner", &self.owner)?;
        p.keyed("stakeholders", &self.stakeholders)?;
        p.keyed("mancoht", &self.mancoht)?;
        p.opt("procurement", self.procurement.as_ref())?;
        let stored: Vec<StageEventId> = p
            .read_list::<StageEvent>("history")
            .iter()
            .map(|e| e.id)
            .collect();
        p.append("history", &self.history, |e| !stored.contains(&e.id))?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for CheckIn {
    fn read(f: &mut Fields<'_>) -> Self {
        CheckIn {
            at: f.required("at"),
            location: f.child("location"),
            photo: f.opt("photo"),
            photo_ref: f.child("photo_ref"),
            accuracy_m: f.opt("accuracy_m"),
            left_at: f.opt("left_at"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("at", &self.at)?;
        p.child("location", self.location.as_ref())?;
        p.opt("photo", self.photo.as_ref())?;
        p.child("photo_ref", self.photo_ref.as_ref())?;
        p.opt("accuracy_m", self.accuracy_m.as_ref())?;
        p.opt("left_at", self.left_at.as_ref())
    }
}

impl MapCodec for PhotoRef {
    fn read(f: &mut Fields<'_>) -> Self {
        PhotoRef {
            hash: f.or_default("hash"),
            size: f.or_default("size"),
            kind: f.required_or("kind", PhotoKind::Jpeg),
            width: f.or_default("width"),
            height: f.or_default("height"),
            taken_at: f.required_or("taken_at", Timestamp(0)),
            by: f.required_or("by", UserId::from_uuid(Uuid::nil())),
            thumb: f.opt("thumb"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("hash", &self.hash)?;
        p.scalar("size", &self.size)?;
        p.scalar("kind", &self.kind)?;
        p.scalar("width", &self.width)?;
        p.scalar("height", &self.height)?;
        p.scalar("taken_at", &self.taken_at)?;
        p.scalar("by", &self.by)?;
        p.opt("thumb", self.thumb.as_ref())
    }
}

impl MapCodec for Visit {
    fn read(f: &mut Fields<'_>) -> Self {
        Visit {
            id: VisitId::from_uuid(Uuid::nil()),
            at: f.required::<Timestamp>("at"),
            contacts: f.set("contacts"),
            purpose: f.or_default("purpose"),
            content: f.text("content"),
            problems: f.text("problems"),
            next_step: f.text("next_step"),
            opportunity: f.opt("opportunity"),
            check_in: f.child("check_in"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("at", &self.at)?;
        p.set("contacts", &self.contacts)?;
        p.scalar("purpose", &self.purpose)?;
        p.text("content", &self.content)?;
        p.text("problems", &self.problems)?;
        p.text("next_step", &self.next_step)?;
        p.opt("opportunity", self.opportunity.as_ref())?;
        p.child("check_in", self.check_in.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for CoVisit {
    fn read(f: &mut Fields<'_>) -> Self {
        CoVisit {
            id: CoVisitId::from_uuid(Uuid::nil()),
            manager: f.required_or("manager", NOBODY),
            rep: f.required_or("rep", NOBODY),
            visit: f.opt("visit"),
            at: f.required("at"),
            kind: f.required_or("kind", CoVisitKind::Joint),
            observations: f.text("observations"),
            coaching_points: f.text("coaching_points"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("manager", &self.manager)?;
        p.scalar("rep", &self.rep)?;
        p.opt("visit", self.visit.as_ref())?;
        p.scalar("at", &self.at)?;
        p.scalar("kind", &self.kind)?;
        p.text("observations", &self.observations)?;
        p.text("coaching_points", &self.coaching_points)?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for VisitComment {
    fn read(f: &mut Fields<'_>) -> Self {
        VisitComment {
            id: CommentId::from_uuid(Uuid::nil()),
            visit: f.required_or("visit", VisitId::from_uuid(Uuid::nil())),
            text: f.text("text"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("visit", &self.visit)?;
        p.text("text", &self.text)?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for AccountReview {
    fn read(f: &mut Fields<'_>) -> Self {
        AccountReview {
            id: ReviewId::from_uuid(Uuid::nil()),
            rep: f.required_or("rep", NOBODY),
            note: f.text("note"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("rep", &self.rep)?;
        p.text("note", &self.note)?;
        write_audit(&self.audit, p)
    }
}

/// Declares a type as a record of a collection in the account document.
macro_rules! account_record {
    ($($t:ty => $id:ty, $collection:ident;)+) => {$(
        impl sealed::Sealed for $t {}
        impl Record for $t {
            type Id = $id;
            const COLLECTION: &'static str = AccountCollection::$collection.key();
            fn id(&self) -> $id {
                self.id
            }
            fn set_id(&mut self, id: $id) {
                self.id = id;
            }
        }
        impl AccountRecord for $t {
            const KIND: AccountCollection = AccountCollection::$collection;
        }
    )+};
}

account_record! {
    Contact => ContactId, Contacts;
    Opportunity => OpportunityId, Opportunities;
    Visit => VisitId, Visits;
    CoVisit => CoVisitId, CoVisits;
    VisitComment => CommentId, Comments;
    AccountReview => ReviewId, Reviews;
}
