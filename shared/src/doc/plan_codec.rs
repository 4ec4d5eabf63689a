//! How plans are stored in personal documents.

use automerge::AutomergeError;

use super::codec::{Fields, MapCodec, Put};
use super::record_codec::{read_audit, write_audit};
use super::{PersonalCollection, PersonalRecord, Record, sealed};
use crate::ids::{AccountId, PlanId};
use crate::model::{
    DailyEntry, DailyList, DailyReview, PlanReview, PlannedVisit, QuarterlyPlan, RoutePlan,
    WeeklyPlan, Zone,
};
use crate::time::PeriodKey;
use uuid::Uuid;

const NO_PLAN: PlanId = PlanId::from_uuid(Uuid::nil());

impl MapCodec for PlannedVisit {
    fn read(f: &mut Fields<'_>) -> Self {
        PlannedVisit {
            account: f.required_or("account", AccountId::from_uuid(Uuid::nil())),
            day: f.required("day"),
            purpose: f.or_default("purpose"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("account", &self.account)?;
        p.scalar("day", &self.day)?;
        p.scalar("purpose", &self.purpose)
    }
}

impl MapCodec for WeeklyPlan {
    fn read(f: &mut Fields<'_>) -> Self {
        WeeklyPlan {
            id: NO_PLAN,
            week: f.required_or(
                "week",
                PeriodKey::Week {
                    year: 1970,
                    week: 1,
                },
            ),
            goals: f.text("goals"),
            visits: f.map_list("visits"),
            submitted_at: f.opt("submitted_at"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("week", &self.week)?;
        p.text("goals", &self.goals)?;
        p.map_list("visits", &self.visits)?;
        p.opt("submitted_at", self.submitted_at.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for QuarterlyPlan {
    fn read(f: &mut Fields<'_>) -> Self {
        QuarterlyPlan {
            id: NO_PLAN,
            quarter: f.required_or(
                "quarter",
                PeriodKey::Quarter {
                    year: 1970,
                    quarter: 1,
                },
            ),
            visit_frequency: f.map("visit_frequency"),
            focus: f.map("focus"),
            notes: f.text("notes"),
            submitted_at: f.opt("submitted_at"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("quarter", &self.quarter)?;
        p.map("visit_frequency", &self.visit_frequency)?;
        p.map("focus", &self.focus)?;
        p.text("notes", &self.notes)?;
        p.opt("submitted_at", self.submitted_at.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for RoutePlan {
    fn read(f: &mut Fields<'_>) -> Self {
        RoutePlan {
            id: NO_PLAN,
            name: f.or_default("name"),
            zone: f.required_or("zone", Zone::A),
            stops: f.scalar_list("stops"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("name", &self.name)?;
        p.scalar("zone", &self.zone)?;
        p.scalar_list("stops", &self.stops)?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for DailyEntry {
    fn read(f: &mut Fields<'_>) -> Self {
        DailyEntry {
            account: f.required_or("account", AccountId::from_uuid(Uuid::nil())),
            hospital: f.or_default("hospital"),
            visit: f.opt("visit"),
            purpose: f.or_default("purpose"),
            content: f.or_default("content"),
            problems: f.or_default("problems"),
            next_step: f.or_default("next_step"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("account", &self.account)?;
        p.scalar("hospital", &self.hospital)?;
        p.opt("visit", self.visit.as_ref())?;
        p.scalar("purpose", &self.purpose)?;
        p.scalar("content", &self.content)?;
        p.scalar("problems", &self.problems)?;
        p.scalar("next_step", &self.next_step)
    }
}

impl MapCodec for DailyList {
    fn read(f: &mut Fields<'_>) -> Self {
        DailyList {
            id: NO_PLAN,
            day: f.required_or("day", chrono::NaiveDate::MIN),
            entries: f.map_list("entries"),
            help_needed: f.text("help_needed"),
            tomorrow: f.map_list("tomorrow"),
            submitted_at: f.opt("submitted_at"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("day", &self.day)?;
        p.map_list("entries", &self.entries)?;
        p.text("help_needed", &self.help_needed)?;
        p.map_list("tomorrow", &self.tomorrow)?;
        p.opt("submitted_at", self.submitted_at.as_ref())?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for DailyReview {
    fn read(f: &mut Fields<'_>) -> Self {
        DailyReview {
            id: NO_PLAN,
            comment: f.text("comment"),
            reviewed: f.or_default("reviewed"),
            follow_up: f.or_default("follow_up"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.text("comment", &self.comment)?;
        p.scalar("reviewed", &self.reviewed)?;
        p.scalar("follow_up", &self.follow_up)?;
        write_audit(&self.audit, p)
    }
}

impl MapCodec for PlanReview {
    fn read(f: &mut Fields<'_>) -> Self {
        PlanReview {
            id: NO_PLAN,
            comment: f.text("comment"),
            approved: f.or_default("approved"),
            audit: read_audit(f),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.text("comment", &self.comment)?;
        p.scalar("approved", &self.approved)?;
        write_audit(&self.audit, p)
    }
}

macro_rules! personal_record {
    ($($t:ty => $collection:ident;)+) => {$(
        impl sealed::Sealed for $t {}
        impl Record for $t {
            type Id = PlanId;
            const COLLECTION: &'static str = PersonalCollection::$collection.key();
            fn id(&self) -> PlanId {
                self.id
            }
            fn set_id(&mut self, id: PlanId) {
                self.id = id;
            }
        }
        impl PersonalRecord for $t {
            const KIND: PersonalCollection = PersonalCollection::$collection;
        }
    )+};
}

personal_record! {
    WeeklyPlan => WeeklyPlans;
    QuarterlyPlan => QuarterlyPlans;
    RoutePlan => RoutePlans;
    DailyList => DailyLists;
    DailyReview => DailyReviews;
    PlanReview => PlanReviews;
}
