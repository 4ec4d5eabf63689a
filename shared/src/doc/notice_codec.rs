//! How a hand-off notice (业务通知单), its receipts and its handling steps map to Automerge
//! fields.

use automerge::AutomergeError;
use uuid::Uuid;

use super::codec::{Fields, MapCodec, Put};
use super::record_codec::{read_audit, write_audit};
use super::{NoticeCollection, NoticeRecord, Record, sealed};
use crate::ids::{AccountId, NoticeEventId, NoticeId, ReceiptId};
use crate::model::{
    Department, Notice, NoticeEvent, NoticeEventKind, NoticeKind, Receipt, ReceiptOutcome,
};

impl MapCodec for Notice {
    fn read(f: &mut Fields<'_>) -> Self {
        Notice {
            id: f.required_or("id", NoticeId::from_uuid(Uuid::nil())),
            kind: f.required_or("kind", NoticeKind::Other),
            department: f.required_or("department", Department::InsideSales),
            handler: f.opt("handler"),
            to: f.opt("to"),
            account: f.required_or("account", AccountId::from_uuid(Uuid::nil())),
            hospital: f.or_default("hospital"),
            address: f.or_default("address"),
            contact: f.or_default("contact"),
            opportunity: f.opt("opportunity"),
            visit: f.opt("visit"),
            details: f.text("details"),
            due: f.opt("due"),
            delivery_method: f.or_default("delivery_method"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("id", &self.id)?;
        p.scalar("kind", &self.kind)?;
        p.scalar("department", &self.department)?;
        p.opt("handler", self.handler.as_ref())?;
        p.opt("to", self.to.as_ref())?;
        p.scalar("account", &self.account)?;
        p.scalar("hospital", &self.hospital)?;
        p.scalar("address", &self.address)?;
        p.scalar("contact", &self.contact)?;
        p.opt("opportunity", self.opportunity.as_ref())?;
        p.opt("visit", self.visit.as_ref())?;
        p.text("details", &self.details)?;
        p.opt("due", self.due.as_ref())?;
        p.scalar("delivery_method", &self.delivery_method)?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for Receipt {
    fn read(f: &mut Fields<'_>) -> Self {
        Receipt {
            id: ReceiptId::from_uuid(Uuid::nil()),
            outcome: f.required_or("outcome", ReceiptOutcome::CannotDo),
            reason: f.or_default("reason"),
            help_needed: f.or_default("help_needed"),
            new_due: f.opt("new_due"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("outcome", &self.outcome)?;
        p.scalar("reason", &self.reason)?;
        p.scalar("help_needed", &self.help_needed)?;
        p.opt("new_due", self.new_due.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for NoticeEvent {
    fn read(f: &mut Fields<'_>) -> Self {
        NoticeEvent {
            id: NoticeEventId::from_uuid(Uuid::nil()),
            kind: f.required_or("kind", NoticeEventKind::Received),
            to: f.opt("to"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("kind", &self.kind)?;
        p.opt("to", self.to.as_ref())?;
        write_audit(&self.audit, p)
    }
}

/// Declares a type as a record of a collection in the notice document.
macro_rules! notice_record {
    ($($t:ty => $id:ty, $collection:ident;)+) => {$(
        impl sealed::Sealed for $t {}
        impl Record for $t {
            type Id = $id;
            const COLLECTION: &'static str = NoticeCollection::$collection.key();
            fn id(&self) -> $id {
                self.id
            }
            fn set_id(&mut self, id: $id) {
                self.id = id;
            }
        }
        impl NoticeRecord for $t {
            const KIND: NoticeCollection = NoticeCollection::$collection;
        }
    )+};
}

notice_record! {
    Receipt => ReceiptId, Receipts;
    NoticeEvent => NoticeEventId, Events;
}
