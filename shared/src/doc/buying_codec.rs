//! How the buying centre's nested values map to Automerge fields: a stakeholder of an
//! opportunity, a MANCOHT answer, and a contact's organisation change.

use automerge::AutomergeError;

use super::codec::{Fields, MapCodec, Put};
use crate::model::{AnswerState, OrgChange, OrgChangeKind, Qualification, Stakeholder};

impl MapCodec for Stakeholder {
    fn read(f: &mut Fields<'_>) -> Self {
        Stakeholder {
            roles: f.set("roles"),
            attitude: f.opt("attitude"),
            trust: f.opt("trust"),
            plan: f.or_default("plan"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.set("roles", &self.roles)?;
        p.opt("attitude", self.attitude.as_ref())?;
        p.opt("trust", self.trust.as_ref())?;
        p.scalar("plan", &self.plan)
    }
}

impl MapCodec for Qualification {
    fn read(f: &mut Fields<'_>) -> Self {
        Qualification {
            state: f.required_or("state", AnswerState::Unknown),
            note: f.or_default("note"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("state", &self.state)?;
        p.scalar("note", &self.note)
    }
}

impl MapCodec for OrgChange {
    fn read(f: &mut Fields<'_>) -> Self {
        OrgChange {
            kind: f.required_or("kind", OrgChangeKind::NewRole),
            at: f.required("at"),
        }
    }
    fn write(&self, p: &mut Put<'_>) -> Result<(), AutomergeError> {
        p.scalar("kind", &self.kind)?;
        p.scalar("at", &self.at)
    }
}
