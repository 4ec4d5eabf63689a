//! How a hand-off notice (业务通知单) and its receipt map to Automerge fields.

use automerge::AutomergeError;
use uuid::Uuid;

use super::codec::{Fields, MapCodec, Put};
use super::record_codec::{NOBODY, read_audit, write_audit};
use crate::ids::NoticeId;
use crate::model::{Department, Notice, Receipt, ReceiptOutcome};

impl MapCodec for Receipt {
    fn read(f: &mut Fields<'_>) -> Self {
        Receipt {
            outcome: f.required_or("outcome", ReceiptOutcome::CannotDo),
            reason: f.or_default("reason"),
            help_needed: f.or_default("help_needed"),
            new_due: f.opt("new_due"),
            at: f.required("at"),
            by: f.required_or("by", NOBODY),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("outcome", &self.outcome)?;
        p.scalar("reason", &self.reason)?;
        p.scalar("help_needed", &self.help_needed)?;
        p.opt("new_due", self.new_due.as_ref())?;
        p.scalar("at", &self.at)?;
        p.scalar("by", &self.by)
    }
}

impl MapCodec for Notice {
    fn read(f: &mut Fields<'_>) -> Self {
        Notice {
            id: NoticeId::from_uuid(Uuid::nil()),
            department: f.required_or("department", Department::InsideSales),
            handler: f.opt("handler"),
            details: f.text("details"),
            due: f.opt("due"),
            delivery_method: f.or_default("delivery_method"),
            receipt: f.child("receipt"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("department", &self.department)?;
        p.opt("handler", self.handler.as_ref())?;
        p.text("details", &self.details)?;
        p.opt("due", self.due.as_ref())?;
        p.scalar("delivery_method", &self.delivery_method)?;
        p.child("receipt", self.receipt.as_ref())?;
        write_audit(&self.audit, p)
    }
}
